//! Employee sign-in by OpenID Connect.
//!
//! Against a real provider, `tests/oidc/provider.mjs` (npm oidc-provider, installed by
//! `scripts/install-test-deps`), whose dev login is driven by hand the way a browser would:
//! people are signed in with the claims' name, e-mail and unit, a second sign-in finds the same
//! person, a local account with the same verified address is linked, an unverified address
//! or someone who is not an employee is refused, and a replayed callback is refused.
//!
//! Against a fake provider run here (discovery, keys, token endpoint; ID tokens signed by the
//! test): forged tokens — bad signature, wrong audience, wrong issuer, expired, wrong nonce,
//! wrong access-token hash — are each refused with their own message and create nobody; an
//! unknown, expired or other browser's state is refused; a provider that is down answers 502.

use crate::helpers::{backends, spawn_with, TestApp, AUTHOR, PASSWORD};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use lykta_web::OidcProvider;
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    AccessToken, Audience, EmptyAdditionalClaims, EndUserEmail, EndUserName, IssuerUrl,
    JsonWebKeyId, Nonce, PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, StandardClaims,
    SubjectIdentifier,
};
use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use url::Url;

const PROVIDER_PEM: &str = include_str!("oidc_keys/provider.pem");
const FORGER_PEM: &str = include_str!("oidc_keys/forger.pem");
const CLIENT_ID: &str = "lykta";
const CLIENT_SECRET: &str = "lykta-test-secret";

/// A browser of its own: a cookie jar, redirects followed by hand.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .unwrap_or_else(|| panic!("no Location on {}", r.status()))
        .to_str()
        .expect("location")
        .to_owned()
}

/// The text of an error page in the site's language: its title and message.
async fn message(app: &TestApp, key: &str) -> (String, String) {
    let lang = app
        .state
        .organisation()
        .await
        .expect("org")
        .default_language;
    (
        app.state.cat.get(lang, &format!("{key}-title"), &[]),
        app.state.cat.get(lang, key, &[]),
    )
}

async fn assert_refused(app: &TestApp, r: reqwest::Response, status: u16, key: &str, what: &str) {
    assert_eq!(r.status().as_u16(), status, "{what} ({:?})", app.backend);
    assert!(
        r.headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|c| !c.starts_with("lykta_session=")),
        "{what}: no session may be started"
    );
    let body = r.text().await.expect("body");
    let (title, text) = message(app, key).await;
    assert!(
        body.contains(&title) && body.contains(&text),
        "{what}: the page should say {title:?} / {text:?}:\n{body}"
    );
}

async fn user_count(app: &TestApp) -> usize {
    app.state.store.users().await.expect("users").len()
}

// ---------------------------------------------------------------- the real provider

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// tests/oidc with provider.mjs and oidc-provider installed, and node; or why not.
/// Beside `LYKTA_TEST_NODE_DIR` (tests/browser) when that is set, else in the repository.
fn provider_tools() -> Result<PathBuf, String> {
    let dir = std::env::var_os("LYKTA_TEST_NODE_DIR")
        .map(|d| PathBuf::from(d).join("../oidc"))
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| repo_root().join("tests/oidc"));
    let script = dir.join("provider.mjs");
    if !script.is_file() {
        return Err(format!("{} not found", script.display()));
    }
    if !dir
        .join("node_modules/oidc-provider/package.json")
        .is_file()
    {
        return Err(format!("oidc-provider not installed in {}", dir.display()));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node not found on PATH".into());
    }
    Ok(script)
}

/// The node process; ended when dropped (it also ends when its stdin closes).
struct ProviderProcess(Child);

impl Drop for ProviderProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start provider.mjs for `redirect_uri`; returns it and its issuer.
async fn start_provider(script: PathBuf, redirect_uri: String) -> (ProviderProcess, String) {
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new("node")
            .arg(&script)
            .arg(&redirect_uri)
            .arg(CLIENT_ID)
            .arg(CLIENT_SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node provider.mjs");
        let stdout = child.stdout.take().expect("stdout");
        let process = ProviderProcess(child);
        let mut lines = std::io::BufReader::new(stdout).lines();
        let issuer = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.starts_with("http://"))
            .expect("provider.mjs printed no issuer");
        // Keep reading, so the provider never writes into a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        (process, issuer)
    })
    .await
    .expect("join")
}

/// A loopback port nobody listens on (just now).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// The fields of the page's form, with `login` filled in (any password), and its action.
fn form_of(html: &str, login: &str) -> (String, Vec<(String, String)>) {
    let doc = scraper::Html::parse_document(html);
    let form_sel = scraper::Selector::parse("form").expect("selector");
    let input_sel = scraper::Selector::parse("input[name]").expect("selector");
    let form = doc
        .select(&form_sel)
        .next()
        .unwrap_or_else(|| panic!("no form on the provider's page:\n{html}"));
    let action = form.value().attr("action").unwrap_or("").to_owned();
    let fields = form
        .select(&input_sel)
        .map(|i| {
            let name = i.value().attr("name").unwrap_or_default().to_owned();
            let value = match name.as_str() {
                "login" => login.to_owned(),
                "password" => "any password".to_owned(),
                _ => i.value().attr("value").unwrap_or_default().to_owned(),
            };
            (name, value)
        })
        .collect();
    (action, fields)
}

/// Start at Lykta's button, log in and consent at the provider; returns the callback URL the
/// provider sends the browser to (not yet visited).
async fn through_provider(app: &TestApp, b: &reqwest::Client, login: &str) -> String {
    let callback = format!("{}/sign-in/oidc/alvdal/callback", app.address);
    let mut url = format!(
        "{}/sign-in/oidc/alvdal?next=%2Fadmin%2Fprofile",
        app.address
    );
    let mut r = b.get(&url).send().await.expect("GET");
    for _ in 0..20 {
        if r.status().is_redirection() {
            let next = Url::parse(&url)
                .and_then(|u| u.join(&location(&r)))
                .expect("url")
                .to_string();
            if next.starts_with(&callback) {
                return next;
            }
            url = next;
            r = b.get(&url).send().await.expect("GET");
            continue;
        }
        let status = r.status();
        let html = r.text().await.expect("body");
        assert_eq!(status, 200, "{url}:\n{html}");
        let (action, fields) = form_of(&html, login);
        url = Url::parse(&url)
            .and_then(|u| u.join(&action))
            .expect("action")
            .to_string();
        r = b.post(&url).form(&fields).send().await.expect("POST");
    }
    panic!("the provider never sent {login} back to Lykta");
}

/// Sign in as `login` at the provider with a new browser; returns the browser and Lykta's answer
/// to the callback.
async fn sign_in_as(app: &TestApp, login: &str) -> (reqwest::Client, reqwest::Response, String) {
    let b = browser();
    let callback = through_provider(app, &b, login).await;
    let q: HashMap<String, String> = Url::parse(&callback)
        .expect("callback")
        .query_pairs()
        .into_owned()
        .collect();
    assert!(
        q.contains_key("code") && q.contains_key("state"),
        "{callback}"
    );
    let r = b.get(&callback).send().await.expect("callback");
    (b, r, callback)
}

#[tokio::test]
async fn employees_sign_in_with_the_organisations_provider() {
    let script = match provider_tools() {
        Ok(s) => s,
        Err(why) if std::env::var("LYKTA_TEST_REQUIRE_TOOLS").as_deref() == Ok("1") => {
            panic!("OpenID Connect provider: {why} (LYKTA_TEST_REQUIRE_TOOLS=1; run scripts/install-test-deps)")
        }
        Err(why) => {
            println!("skipped: OpenID Connect provider: {why} (run scripts/install-test-deps)");
            return;
        }
    };
    for backend in backends() {
        let port = free_port();
        let (_provider, issuer) = start_provider(
            script.clone(),
            format!("http://127.0.0.1:{port}/sign-in/oidc/alvdal/callback"),
        )
        .await;
        let app = spawn_with(backend, |s| {
            s.listen = format!("127.0.0.1:{port}");
            let mut p = OidcProvider::new(
                "alvdal",
                "Region Älvdal (test)",
                &issuer,
                CLIENT_ID,
                CLIENT_SECRET,
            );
            p.scopes.push("work".into());
            p.unit_claim = Some("unit".into());
            p.employee_claim = Some("employee".into());
            s.oidc_providers = vec![p];
        })
        .await;

        // The sign-in page offers the provider beside the password form.
        let (status, html) = app.text("/sign-in?next=/admin/posts").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("href=\"&#x2f;sign-in&#x2f;oidc&#x2f;alvdal?next=%2Fadmin%2Fposts\"")
                || html.contains("href=\"/sign-in/oidc/alvdal?next=%2Fadmin%2Fposts\""),
            "{html}"
        );
        assert!(html.contains("Region Älvdal (test)"), "{html}");
        assert!(html.contains("name=\"password\""), "local sign-in stays");

        // Lena has no account: she gets one, with what the provider says about her.
        let before = user_count(&app).await;
        let (lena, r, callback) = sign_in_as(&app, "lena").await;
        assert_eq!(r.status(), 303, "{:?}", r.text().await);
        assert_eq!(location(&r), "/admin/profile", "back where she was going");
        let admin = lena
            .get(format!("{}/admin", app.address))
            .send()
            .await
            .expect("GET");
        assert_eq!(admin.status(), 200, "signed in");
        assert!(admin
            .text()
            .await
            .expect("body")
            .contains("Lena Medarbetare"));
        assert_eq!(user_count(&app).await, before + 1);
        // As herself, she comments on the director's internal blog.
        let post = format!(
            "{}/regiondirektoren/budgeten-pa-vanlig-svenska",
            app.address
        );
        let page = lena
            .get(&post)
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a comment form with a CSRF token")
            .to_owned();
        let r = lena
            .post(format!("{post}/comments"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("comment", "Hur påverkar budgeten röntgen?"),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 303);
        let page = lena
            .get(&post)
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        assert!(
            page.contains("Hur påverkar budgeten röntgen?") && page.contains("Lena Medarbetare")
        );
        let user = app
            .state
            .store
            .user_by_identity("alvdal", "lena")
            .await
            .expect("db")
            .expect("linked");
        assert_eq!(user.name, "Lena Medarbetare");
        assert_eq!(user.email, "lena@alvdal.example");
        assert_eq!(user.role, lykta_domain::Role::Employee);
        assert_eq!(user.slug, "lena-medarbetare");
        let unit = app
            .state
            .store
            .unit_by_slug("rontgen")
            .await
            .expect("the unit from the claim");
        assert_eq!(user.unit_id, Some(unit.id));

        // The same callback again (same state, same code): refused, nobody new.
        let again = lena.get(&callback).send().await.expect("replay");
        assert_refused(&app, again, 400, "error-oidc-state", "replayed callback").await;
        // And from a browser without the attempt's cookie.
        let other = browser().get(&callback).send().await.expect("replay");
        assert_refused(&app, other, 400, "error-oidc-state", "replay elsewhere").await;

        // A second sign-in finds her again.
        let (_, r, _) = sign_in_as(&app, "lena").await;
        assert_eq!(r.status(), 303);
        assert_eq!(user_count(&app).await, before + 1);
        let ids = app.state.store.identities(user.id).await.expect("db");
        assert_eq!(ids.len(), 1);
        assert_eq!(
            (ids[0].provider.as_str(), ids[0].subject.as_str()),
            ("alvdal", "lena")
        );

        // Karin has a local account with the same (verified) address: it is linked, not doubled.
        let karin = app
            .state
            .store
            .user_by_email(&lykta_domain::Email::parse(AUTHOR).expect("email"))
            .await
            .expect("db")
            .expect("demo account");
        let (kb, r, _) = sign_in_as(&app, "karin").await;
        assert_eq!(r.status(), 303);
        assert_eq!(user_count(&app).await, before + 1);
        let linked = app
            .state
            .store
            .user_by_identity("alvdal", "karin")
            .await
            .expect("db")
            .expect("linked");
        assert_eq!(linked.id, karin.id);
        assert_eq!(linked.role, karin.role, "the role she had stays");
        assert_eq!(
            linked.name, "Karin från Entra",
            "the name follows the provider"
        );
        let admin = kb
            .get(format!("{}/admin", app.address))
            .send()
            .await
            .expect("GET");
        assert_eq!(admin.status(), 200);
        // Her password still works too.
        let r = app
            .post(
                "/sign-in",
                &[
                    ("email", AUTHOR),
                    ("password", PASSWORD),
                    ("next", "/admin"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);

        // Johan's address is not verified by the provider: not linked to his local account.
        let (_, r, _) = sign_in_as(&app, "johan").await;
        assert_refused(&app, r, 409, "error-oidc-email-taken", "unverified address").await;
        assert!(app
            .state
            .store
            .user_by_identity("alvdal", "johan")
            .await
            .expect("db")
            .is_none());

        // Not an employee: refused, nothing created.
        let (_, r, _) = sign_in_as(&app, "konsult").await;
        assert_refused(&app, r, 403, "error-oidc-not-employee", "not an employee").await;
        assert_eq!(user_count(&app).await, before + 1);
        assert!(app
            .state
            .store
            .user_by_email(&lykta_domain::Email::parse("klas@konsult.example").expect("email"))
            .await
            .expect("db")
            .is_none());
    }
}

// ---------------------------------------------------------------- a fake provider

/// A provider run by the test: discovery, keys and a token endpoint that hands out whatever
/// ID token the test put in `next_token`.
struct Fake {
    issuer: String,
    next_token: Mutex<Option<String>>,
    /// What the token endpoint was last sent: the Authorization header and the form.
    last_request: Mutex<Option<(String, HashMap<String, String>)>>,
    jwks: serde_json::Value,
}

async fn start_fake() -> Arc<Fake> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let issuer = format!("http://{}", listener.local_addr().expect("addr"));
    let key = signing_key(PROVIDER_PEM);
    let fake = Arc::new(Fake {
        issuer,
        next_token: Mutex::new(None),
        last_request: Mutex::new(None),
        jwks: serde_json::json!({ "keys": [key.as_verification_key()] }),
    });
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route(
            "/jwks",
            get(|State(f): State<Arc<Fake>>| async move { Json(f.jwks.clone()) }),
        )
        .route("/token", post(token))
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    fake
}

async fn discovery(State(f): State<Arc<Fake>>) -> Json<serde_json::Value> {
    let i = &f.issuer;
    Json(serde_json::json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/auth"),
        "token_endpoint": format!("{i}/token"),
        "jwks_uri": format!("{i}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn token(
    State(f): State<Arc<Fake>>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    *f.last_request.lock().expect("lock") = Some((auth, form));
    match f.next_token.lock().expect("lock").take() {
        Some(id_token) => Json(serde_json::json!({
            "access_token": "fake-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }))
        .into_response(),
        None => (
            axum::http::StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": "invalid_grant" })),
        )
            .into_response(),
    }
}

fn signing_key(pem: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new("key-1".into())))
        .expect("test key")
}

/// What to put in an ID token; `good` is what the fake provider would honestly say.
#[derive(Clone)]
struct Claims {
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
    nonce: String,
    sub: String,
    email: String,
    access_token: String,
    pem: &'static str,
}

impl Claims {
    fn good(fake: &Fake, now: i64, nonce: &str, sub: &str) -> Claims {
        Claims {
            iss: fake.issuer.clone(),
            aud: CLIENT_ID.into(),
            iat: now,
            exp: now + 300,
            nonce: nonce.into(),
            sub: sub.into(),
            email: format!("{sub}@alvdal.example"),
            access_token: "fake-access-token".into(),
            pem: PROVIDER_PEM,
        }
    }

    fn sign(&self) -> String {
        let at = |t: i64| chrono::DateTime::from_timestamp(t, 0).expect("time");
        let claims = CoreIdTokenClaims::new(
            IssuerUrl::new(self.iss.clone()).expect("issuer"),
            vec![Audience::new(self.aud.clone())],
            at(self.exp),
            at(self.iat),
            StandardClaims::new(SubjectIdentifier::new(self.sub.clone()))
                .set_email(Some(EndUserEmail::new(self.email.clone())))
                .set_email_verified(Some(true))
                .set_name(Some(
                    EndUserName::new(format!("Person {}", self.sub)).into(),
                )),
            EmptyAdditionalClaims {},
        )
        .set_nonce(Some(Nonce::new(self.nonce.clone())));
        CoreIdToken::new(
            claims,
            &signing_key(self.pem),
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            Some(&AccessToken::new(self.access_token.clone())),
            None,
        )
        .expect("sign")
        .to_string()
    }
}

/// Press the button for `provider` in browser `b`; returns the query of the authorization
/// request Lykta sent the browser to.
async fn begin(app: &TestApp, b: &reqwest::Client, provider: &str) -> HashMap<String, String> {
    let r = b
        .get(format!(
            "{}/sign-in/oidc/{provider}?next=%2Fadmin",
            app.address
        ))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 303, "{:?}", r.text().await);
    Url::parse(&location(&r))
        .expect("authorization URL")
        .query_pairs()
        .into_owned()
        .collect()
}

async fn finish(app: &TestApp, b: &reqwest::Client, state: &str) -> reqwest::Response {
    b.get(format!(
        "{}/sign-in/oidc/fake/callback?code=the-code&state={state}",
        app.address
    ))
    .send()
    .await
    .expect("callback")
}

#[tokio::test]
async fn forged_or_unsuitable_id_tokens_are_refused() {
    for backend in backends() {
        let fake = start_fake().await;
        let down = format!("http://127.0.0.1:{}", free_port());
        let issuer = fake.issuer.clone();
        let app = spawn_with(backend, |s| {
            s.oidc_providers = vec![
                OidcProvider::new("fake", "Fake", &issuer, CLIENT_ID, CLIENT_SECRET),
                OidcProvider::new("nere", "Nere", &down, CLIENT_ID, CLIENT_SECRET),
            ];
        })
        .await;
        let before = user_count(&app).await;

        // The authorization request: code flow, PKCE S256, state, nonce, our callback.
        let b = browser();
        let q = begin(&app, &b, "fake").await;
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], CLIENT_ID);
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(
            q["redirect_uri"],
            format!("{}/sign-in/oidc/fake/callback", app.address)
        );
        assert!(q["scope"].split(' ').any(|s| s == "openid"), "{q:?}");
        assert!(q["state"].len() >= 22 && q["nonce"].len() >= 22, "{q:?}");

        // Each forgery, in a fresh attempt of its own.
        let now = app.state.now();
        type Forge = fn(&mut Claims);
        let forgeries: [(&str, &str, Forge); 6] = [
            ("bad signature", "error-oidc-signature", |c| {
                c.pem = FORGER_PEM
            }),
            ("wrong audience", "error-oidc-audience", |c| {
                c.aud = "another-service".into()
            }),
            ("wrong issuer", "error-oidc-issuer", |c| {
                c.iss = "https://login.evil.example".into()
            }),
            ("expired", "error-oidc-expired", |c| {
                c.iat -= 3600;
                c.exp = c.iat + 300;
            }),
            ("wrong nonce", "error-oidc-nonce", |c| {
                c.nonce = "a-nonce-from-another-sign-in".into()
            }),
            ("wrong access-token hash", "error-oidc-token", |c| {
                c.access_token = "another-access-token".into()
            }),
        ];
        for (i, (what, key, forge)) in forgeries.into_iter().enumerate() {
            let b = browser();
            let q = begin(&app, &b, "fake").await;
            let mut claims = Claims::good(&fake, now, &q["nonce"], &format!("forged-{i}"));
            forge(&mut claims);
            *fake.next_token.lock().expect("lock") = Some(claims.sign());
            let r = finish(&app, &b, &q["state"]).await;
            assert_refused(&app, r, 401, key, what).await;
            assert_eq!(user_count(&app).await, before, "{what}: nobody created");
            assert!(app
                .state
                .store
                .user_by_identity("fake", &claims.sub)
                .await
                .expect("db")
                .is_none());
        }

        // An honest token works, and the token request carried the secret and the verifier.
        let q1 = q;
        *fake.next_token.lock().expect("lock") =
            Some(Claims::good(&fake, now, &q1["nonce"], "honest").sign());
        let r = finish(&app, &b, &q1["state"]).await;
        assert_eq!(r.status(), 303, "{:?}", r.text().await);
        assert_eq!(location(&r), "/admin");
        assert_eq!(
            b.get(format!("{}/admin", app.address))
                .send()
                .await
                .expect("GET")
                .status(),
            200
        );
        assert_eq!(user_count(&app).await, before + 1);
        let (auth, form) = fake
            .last_request
            .lock()
            .expect("lock")
            .clone()
            .expect("token request");
        assert!(auth.starts_with("Basic "), "client_secret_basic: {auth:?}");
        assert_eq!(form["grant_type"], "authorization_code");
        assert_eq!(form["code"], "the-code");
        let verifier = PkceCodeVerifier::new(form["code_verifier"].clone());
        assert_eq!(
            PkceCodeChallenge::from_code_verifier_sha256(&verifier).as_str(),
            q1["code_challenge"],
            "the verifier answers the challenge"
        );
        assert!(
            !form.contains_key("client_secret"),
            "the secret goes in the header"
        );

        // The same state again: refused before the provider is even asked.
        *fake.next_token.lock().expect("lock") =
            Some(Claims::good(&fake, now, &q1["nonce"], "honest").sign());
        let r = finish(&app, &b, &q1["state"]).await;
        assert_refused(&app, r, 400, "error-oidc-state", "replayed state").await;
        *fake.next_token.lock().expect("lock") = None;

        // A state nobody issued.
        let r = finish(&app, &b, "made-up-state").await;
        assert_refused(&app, r, 400, "error-oidc-state", "unknown state").await;
        let r = browser()
            .get(format!("{}/sign-in/oidc/fake/callback?code=x", app.address))
            .send()
            .await
            .expect("GET");
        assert_refused(&app, r, 400, "error-oidc-state", "no state").await;

        // A state begun in another browser.
        let q = begin(&app, &browser(), "fake").await;
        *fake.next_token.lock().expect("lock") =
            Some(Claims::good(&fake, now, &q["nonce"], "elsewhere").sign());
        let r = finish(&app, &browser(), &q["state"]).await;
        assert_refused(&app, r, 400, "error-oidc-state", "another browser").await;

        // A state older than ten minutes.
        let b2 = browser();
        let q = begin(&app, &b2, "fake").await;
        app.clock.advance(lykta_store::OIDC_ATTEMPT_SECONDS + 1);
        *fake.next_token.lock().expect("lock") =
            Some(Claims::good(&fake, app.state.now(), &q["nonce"], "late").sign());
        let r = finish(&app, &b2, &q["state"]).await;
        assert_refused(&app, r, 400, "error-oidc-state", "expired attempt").await;

        // The provider says no (the person cancelled).
        let q = begin(&app, &b2, "fake").await;
        let r = b2
            .get(format!(
                "{}/sign-in/oidc/fake/callback?error=access_denied&state={}",
                app.address, q["state"]
            ))
            .send()
            .await
            .expect("GET");
        assert_refused(&app, r, 403, "error-oidc-denied", "access denied").await;

        // The provider refuses the code.
        let q = begin(&app, &b2, "fake").await;
        *fake.next_token.lock().expect("lock") = None;
        let r = finish(&app, &b2, &q["state"]).await;
        assert_refused(&app, r, 400, "error-oidc-code", "code refused").await;

        assert_eq!(user_count(&app).await, before + 1, "only the honest one");

        // A provider that is down: a clear 502, and Lykta keeps serving.
        let r = browser()
            .get(format!("{}/sign-in/oidc/nere", app.address))
            .send()
            .await
            .expect("GET");
        assert_refused(&app, r, 502, "error-oidc-unavailable", "provider down").await;
        assert_eq!(app.get("/healthz").await.status(), 200);

        // A provider that is not configured.
        assert_eq!(app.get("/sign-in/oidc/okand").await.status(), 404);
    }
}
