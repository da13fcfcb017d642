//! Employee sign-in by OpenID Connect, beside local accounts.
//!
//! `GET /sign-in/oidc/{provider}` sends the browser to the provider's
//! authorization endpoint (authorization code flow, PKCE S256, `state` and
//! `nonce`); what the way back needs — the PKCE verifier, the nonce, where to
//! go next — stays in the database (`oidc_attempts`, keyed by the SHA-256 of
//! `state`, used once, ten minutes), tied to the browser by a cookie.
//! `GET /sign-in/oidc/{provider}/callback` exchanges the code
//! (`client_secret_basic`), checks the ID token (signature against the
//! provider's keys, issuer, audience, expiry by Lykta's clock, nonce, and
//! `at_hash` when present), reads the claims (from the ID token, else from
//! userinfo), finds or creates the person and signs them in.
//!
//! Discovery is done on first use and kept per provider, so Lykta starts
//! while a provider is down; then sign-in with it answers 502.
//! Anything refused gets an error page in the site's language and creates
//! nothing.

use super::auth::{safe_next, start_session};
use crate::error::{AppError, ErrorPage};
use crate::routes::Routes;
use crate::session::{random_token, token_hash};
use crate::settings::OidcProvider;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lykta_app::accounts::{Claims, ProviderPolicy, SignInRefusal};
use lykta_store::{OidcAttempt, StoreError};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IssuerUrl,
    Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, SignatureVerificationError, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The cookie that ties a sign-in attempt to the browser that began it.
const BROWSER_COOKIE: &str = "lykta_oidc";
/// How long a discovery document (and its keys) is kept.
const KEEP_DISCOVERY: Duration = Duration::from_secs(3600);
/// A token signed with a key we do not know makes us read the keys again,
/// but not more often than this.
const REREAD_KEYS_AFTER: Duration = Duration::from_secs(60);

pub fn routes() -> Routes {
    Routes::new()
        .route("/sign-in/oidc/{provider}", get(start))
        .route("/sign-in/oidc/{provider}/callback", get(callback))
}

/// The providers' discovery documents (with their keys), read on first use
/// and kept per provider, and the HTTP client that talks to them.
pub struct OidcCache {
    http: reqwest::Client,
    discovered: RwLock<HashMap<String, (Instant, Arc<CoreProviderMetadata>)>>,
}

impl OidcCache {
    pub fn new() -> anyhow::Result<OidcCache> {
        let http = reqwest::Client::builder()
            // Following redirects would let a token endpoint send us elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(OidcCache {
            http,
            discovered: RwLock::new(HashMap::new()),
        })
    }

    /// The provider's discovery document, read now if not kept (or if
    /// `older_than` says the kept one is too old).
    async fn metadata(
        &self,
        p: &OidcProvider,
        older_than: Duration,
    ) -> Result<Arc<CoreProviderMetadata>, Refused> {
        if let Ok(kept) = self.discovered.read() {
            if let Some((at, meta)) = kept.get(&p.id) {
                if at.elapsed() < older_than {
                    return Ok(meta.clone());
                }
            }
        }
        let issuer = IssuerUrl::new(p.issuer_url.clone()).map_err(|e| {
            Refused::page(
                StatusCode::BAD_GATEWAY,
                "error-oidc-unavailable",
                format!("issuer_url: {e}"),
            )
        })?;
        let meta = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| {
                Refused::page(
                    StatusCode::BAD_GATEWAY,
                    "error-oidc-unavailable",
                    format!("discovery at {}: {}", p.issuer_url, chain(&e)),
                )
            })?;
        let meta = Arc::new(meta);
        if let Ok(mut kept) = self.discovered.write() {
            kept.insert(p.id.clone(), (Instant::now(), meta.clone()));
        }
        Ok(meta)
    }

    fn age(&self, id: &str) -> Option<Duration> {
        let kept = self.discovered.read().ok()?;
        kept.get(id).map(|(at, _)| at.elapsed())
    }
}

/// Claims beyond the standard ones (the unit and employee claims are among them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Extra {
    #[serde(flatten)]
    all: serde_json::Map<String, Json>,
}
impl AdditionalClaims for Extra {}

type Token =
    IdToken<Extra, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A sign-in refused: a status and a message key for the error page, and
/// the reason for the log. Or an internal error.
#[derive(Debug)]
enum Refused {
    Page {
        status: StatusCode,
        key: &'static str,
        reason: String,
    },
    App(AppError),
}

impl Refused {
    fn page(status: StatusCode, key: &'static str, reason: impl Into<String>) -> Refused {
        Refused::Page {
            status,
            key,
            reason: reason.into(),
        }
    }
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::App(e)
    }
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::App(e.into())
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Page {
                status,
                key,
                reason,
            } => {
                tracing::warn!(
                    status = status.as_u16(),
                    key,
                    reason,
                    "OpenID Connect sign-in refused"
                );
                let mut res = status.into_response();
                res.extensions_mut().insert(ErrorPage { key, lang: None });
                res
            }
            Refused::App(e) => e.into_response(),
        }
    }
}

/// An error with its sources, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

fn provider<'a>(state: &'a AppState, id: &str) -> Result<&'a OidcProvider, Refused> {
    state
        .settings
        .oidc_providers
        .iter()
        .find(|p| p.id == id)
        .ok_or(Refused::App(AppError::NotFound(None)))
}

fn redirect_uri(state: &AppState, p: &OidcProvider) -> String {
    format!("{}/sign-in/oidc/{}/callback", state.base_url, p.id)
}

fn make_client(
    state: &AppState,
    p: &OidcProvider,
    meta: &CoreProviderMetadata,
) -> Result<Client, Refused> {
    let redirect = RedirectUrl::new(redirect_uri(state, p))
        .map_err(|e| Refused::App(AppError::Internal(anyhow::anyhow!("redirect URI: {e}"))))?;
    Ok(CoreClient::from_provider_metadata(
        meta.clone(),
        ClientId::new(p.client_id.clone()),
        Some(ClientSecret::new(p.client_secret.0.clone())),
    )
    .set_redirect_uri(redirect))
}

fn browser_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, v)| *k == BROWSER_COOKIE && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

fn browser_cookie_header(
    state: &AppState,
    value: &str,
    max_age: i64,
) -> Result<HeaderValue, AppError> {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    // Lax: the provider sends the browser back with a top-level GET.
    format!("{BROWSER_COOKIE}={value}; Path=/sign-in/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
        .parse()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

#[derive(Deserialize)]
struct StartQuery {
    next: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<StartQuery>,
    headers: HeaderMap,
) -> Response {
    match begin(&state, &id, q.next.as_deref(), &headers).await {
        Ok(res) => super::private(res),
        Err(refused) => refused.into_response(),
    }
}

async fn begin(
    state: &AppState,
    id: &str,
    next: Option<&str>,
    headers: &HeaderMap,
) -> Result<Response, Refused> {
    let p = provider(state, id)?;
    let meta = state.oidc.metadata(p, KEEP_DISCOVERY).await?;
    let client = make_client(state, p, &meta)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in p.scopes.iter().filter(|s| s.as_str() != "openid") {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, csrf_state, nonce) = request.url();
    let browser = browser_cookie(headers)
        .filter(|v| {
            v.len() == 43
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .unwrap_or_else(random_token);
    let attempt = OidcAttempt {
        provider: p.id.clone(),
        pkce_verifier: verifier.secret().clone(),
        nonce: nonce.secret().clone(),
        next_path: safe_next(next),
        browser_hash: token_hash(&browser),
    };
    state
        .store
        .create_oidc_attempt(&token_hash(csrf_state.secret()), &attempt, state.now())
        .await?;
    let mut res = Redirect::to(url.as_str()).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        browser_cookie_header(state, &browser, lykta_store::OIDC_ATTEMPT_SECONDS)?,
    );
    Ok(res)
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    iss: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Response {
    match complete(&state, &id, q, &headers).await {
        Ok(mut res) => {
            if let Ok(clear) = browser_cookie_header(&state, "", 0) {
                res.headers_mut().append(header::SET_COOKIE, clear);
            }
            res
        }
        Err(refused) => super::private(refused.into_response()),
    }
}

fn bad_state(reason: &str) -> Refused {
    Refused::page(StatusCode::BAD_REQUEST, "error-oidc-state", reason)
}

async fn complete(
    state: &AppState,
    id: &str,
    q: CallbackQuery,
    headers: &HeaderMap,
) -> Result<Response, Refused> {
    let p = provider(state, id)?;
    let Some(state_param) = q
        .state
        .as_deref()
        .filter(|s| !s.is_empty() && s.len() <= 512)
    else {
        return Err(bad_state("no state"));
    };
    let now = state.now();
    // Used up here, whatever happens next: a state works once.
    let Some(attempt) = state
        .store
        .take_oidc_attempt(&token_hash(state_param), now)
        .await?
    else {
        return Err(bad_state("unknown, used or expired state"));
    };
    if attempt.provider != p.id {
        return Err(bad_state("state belongs to another provider"));
    }
    let same_browser =
        browser_cookie(headers).is_some_and(|b| token_hash(&b) == attempt.browser_hash);
    if !same_browser {
        return Err(bad_state("state from another browser"));
    }
    if let Some(error) = q.error {
        return Err(Refused::page(
            StatusCode::FORBIDDEN,
            "error-oidc-denied",
            format!(
                "provider said {error}: {}",
                q.error_description.unwrap_or_default()
            ),
        ));
    }
    let Some(code) = q.code.filter(|c| !c.is_empty()) else {
        return Err(bad_state("no code"));
    };
    let meta = state.oidc.metadata(p, KEEP_DISCOVERY).await?;
    // RFC 9207: the provider says who it is; a mix-up ends here.
    if let Some(iss) = q.iss {
        if iss != meta.issuer().as_str() {
            return Err(Refused::page(
                StatusCode::BAD_REQUEST,
                "error-oidc-issuer",
                format!("callback iss {iss:?}"),
            ));
        }
    }
    let client = make_client(state, p, &meta)?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| Refused::App(AppError::Internal(anyhow::anyhow!("token endpoint: {e}"))))?
        .set_pkce_verifier(PkceCodeVerifier::new(attempt.pkce_verifier.clone()))
        .request_async(&state.oidc.http)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => Refused::page(
                StatusCode::BAD_REQUEST,
                "error-oidc-code",
                format!("token endpoint refused the code: {r}"),
            ),
            other => Refused::page(
                StatusCode::BAD_GATEWAY,
                "error-oidc-unavailable",
                format!("token endpoint: {}", chain(&other)),
            ),
        })?;
    let raw = response
        .id_token()
        .ok_or_else(|| {
            Refused::page(
                StatusCode::BAD_GATEWAY,
                "error-oidc-token",
                "no ID token in the answer",
            )
        })?
        .to_string();
    let token: Token = raw.parse().map_err(|e| {
        Refused::page(
            StatusCode::BAD_REQUEST,
            "error-oidc-token",
            format!("ID token: {e}"),
        )
    })?;
    let nonce = Nonce::new(attempt.nonce.clone());
    let at = chrono::DateTime::<chrono::Utc>::from_timestamp(now, 0).unwrap_or_default();
    let mut verified = verify(&client, &token, response.access_token(), &nonce, at);
    if matches!(
        verified,
        Err(ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey
        ))
    ) && state
        .oidc
        .age(&p.id)
        .is_some_and(|a| a >= REREAD_KEYS_AFTER)
    {
        // The provider may have rotated its keys: read them again, once.
        let fresh = state.oidc.metadata(p, Duration::ZERO).await?;
        verified = verify(
            &make_client(state, p, &fresh)?,
            &token,
            response.access_token(),
            &nonce,
            at,
        );
    }
    let claims = verified.map_err(|e| {
        let key = match &e {
            ClaimsVerificationError::SignatureVerification(_) => "error-oidc-signature",
            ClaimsVerificationError::InvalidIssuer(_) => "error-oidc-issuer",
            ClaimsVerificationError::InvalidAudience(_) => "error-oidc-audience",
            ClaimsVerificationError::Expired(_) => "error-oidc-expired",
            ClaimsVerificationError::InvalidNonce(_) => "error-oidc-nonce",
            _ => "error-oidc-token",
        };
        Refused::page(
            StatusCode::UNAUTHORIZED,
            key,
            format!("ID token: {}", chain(&e)),
        )
    })?;
    let mut person = claims_from_id_token(&claims, p);
    if incomplete(&person, p) {
        if let Ok(request) = client.user_info(
            response.access_token().clone(),
            Some(claims.subject().clone()),
        ) {
            match request
                .request_async::<Extra, _, CoreGenderClaim>(&state.oidc.http)
                .await
            {
                Ok(info) => fill_from(&mut person, &info, p),
                Err(e) => tracing::warn!(provider = %p.id, error = %chain(&e), "userinfo failed"),
            }
        }
    }
    let policy = ProviderPolicy {
        id: &p.id,
        requires_employee: p.employee_claim.is_some(),
        trust_email: p.trust_email,
        role: p.role,
    };
    let user = match state.app.sign_in_with_provider(&policy, &person).await {
        Ok(Ok(user)) => user,
        Ok(Err(why)) => {
            let status = match why {
                SignInRefusal::EmailTaken => StatusCode::CONFLICT,
                _ => StatusCode::FORBIDDEN,
            };
            let reason = format!("subject {:?}: {why:?}", person.subject);
            return Err(Refused::page(status, why.key(), reason));
        }
        Err(e) => return Err(Refused::App(e.into())),
    };
    tracing::info!(user = %user.id, provider = %p.id, "signed in by OpenID Connect");
    Ok(start_session(state, user.id, &attempt.next_path).await?)
}

/// Signature (against the provider's keys), issuer, audience, expiry (by
/// Lykta's clock), nonce, and the access-token hash when the token has one.
fn verify(
    client: &Client,
    token: &Token,
    access_token: &openidconnect::AccessToken,
    nonce: &Nonce,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<openidconnect::IdTokenClaims<Extra, CoreGenderClaim>, ClaimsVerificationError> {
    let verifier = client.id_token_verifier().set_time_fn(move || at);
    let claims = token.claims(&verifier, nonce)?.clone();
    if let Some(expected) = claims.access_token_hash() {
        let alg = token
            .signing_alg()
            .map_err(ClaimsVerificationError::SignatureVerification)?;
        let key: &CoreJsonWebKey = token
            .signing_key(&verifier)
            .map_err(ClaimsVerificationError::SignatureVerification)?;
        let actual = AccessTokenHash::from_token(access_token, alg, key)
            .map_err(|e| ClaimsVerificationError::Other(format!("at_hash: {e}")))?;
        if actual != *expected {
            return Err(ClaimsVerificationError::Other(
                "at_hash does not match the access token".into(),
            ));
        }
    }
    Ok(claims)
}

fn unit_of(v: &Json) -> Option<String> {
    match v {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Json::Array(items) => items.iter().find_map(unit_of),
        _ => None,
    }
}

/// true, a non-zero number, a non-empty list, or text other than
/// "false", "0", "no" and "".
fn truthy(v: &Json) -> bool {
    match v {
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => !matches!(s.trim().to_lowercase().as_str(), "" | "false" | "0" | "no"),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
        Json::Null => false,
    }
}

macro_rules! standard_name {
    ($c:expr) => {{
        let c = $c;
        c.name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().trim().to_owned())
            .filter(|n| !n.is_empty())
            .or_else(|| {
                let given = c
                    .given_name()
                    .and_then(|n| n.get(None))
                    .map(|n| n.as_str().trim().to_owned());
                let family = c
                    .family_name()
                    .and_then(|n| n.get(None))
                    .map(|n| n.as_str().trim().to_owned());
                let full = [given, family]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                (!full.is_empty()).then_some(full)
            })
    }};
}

fn claims_from_id_token(
    c: &openidconnect::IdTokenClaims<Extra, CoreGenderClaim>,
    p: &OidcProvider,
) -> Claims {
    let extra = &c.additional_claims().all;
    Claims {
        subject: c.subject().as_str().to_owned(),
        email: c.email().map(|e| e.as_str().to_owned()),
        email_verified: c.email_verified() == Some(true),
        name: standard_name!(c),
        unit: p
            .unit_claim
            .as_ref()
            .and_then(|k| extra.get(k))
            .and_then(unit_of),
        employee: p
            .employee_claim
            .as_ref()
            .and_then(|k| extra.get(k))
            .map(truthy),
    }
}

/// Something the settings ask for is not in the ID token.
fn incomplete(person: &Claims, p: &OidcProvider) -> bool {
    person.email.is_none()
        || person.name.is_none()
        || (p.unit_claim.is_some() && person.unit.is_none())
        || (p.employee_claim.is_some() && person.employee.is_none())
}

/// Fill what the ID token lacked from the userinfo answer (whose
/// subject openidconnect has checked against the ID token's).
fn fill_from(person: &mut Claims, info: &UserInfoClaims<Extra, CoreGenderClaim>, p: &OidcProvider) {
    let s = info.standard_claims();
    if person.email.is_none() {
        person.email = s.email().map(|e| e.as_str().to_owned());
        person.email_verified = s.email_verified() == Some(true);
    }
    if person.name.is_none() {
        person.name = standard_name!(s);
    }
    let extra = &info.additional_claims().all;
    if person.unit.is_none() {
        person.unit = p
            .unit_claim
            .as_ref()
            .and_then(|k| extra.get(k))
            .and_then(unit_of);
    }
    if person.employee.is_none() {
        person.employee = p
            .employee_claim
            .as_ref()
            .and_then(|k| extra.get(k))
            .map(truthy);
    }
}

#[cfg(test)]
mod tests {
    use super::{truthy, unit_of};
    use serde_json::json;

    #[test]
    fn employee_claims_are_read_as_people_write_them() {
        for yes in [
            json!(true),
            json!(1),
            json!("true"),
            json!("employee"),
            json!(["x"]),
        ] {
            assert!(truthy(&yes), "{yes}");
        }
        for no in [
            json!(false),
            json!(0),
            json!("false"),
            json!("0"),
            json!("no"),
            json!(""),
            json!(null),
            json!([]),
        ] {
            assert!(!truthy(&no), "{no}");
        }
        assert_eq!(unit_of(&json!(" röntgen ")).as_deref(), Some("röntgen"));
        assert_eq!(
            unit_of(&json!(["", "ambulans"])).as_deref(),
            Some("ambulans")
        );
        assert_eq!(unit_of(&json!(3)), None);
    }
}
