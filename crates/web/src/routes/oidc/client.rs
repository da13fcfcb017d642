//! The OpenID Connect client: discovery (kept per provider), the
//! authorization request (PKCE S256, `state`, `nonce`), the code exchange
//! (`client_secret_basic`), the ID token's checks (signature against the
//! provider's keys — read again once if it may have rotated them —, issuer,
//! audience, expiry by Lykta's clock, nonce, `at_hash` when present), and
//! the claims, from the ID token or else from userinfo. It knows no
//! browser, cookie or account: [`super`] runs the flow, and the application
//! layer decides who the person is.

use super::Refused;
use crate::error::AppError;
use crate::settings::OidcProvider;
use axum::http::StatusCode;
use lykta_app::accounts::Claims;
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

/// How long a provider's discovery document (with its keys) is kept.
const KEEP_DISCOVERY: Duration = Duration::from_secs(3600);
/// An unknown signing key makes Lykta read the provider's keys again, at
/// most this often.
const REREAD_KEYS_AFTER: Duration = Duration::from_secs(60);

/// What the way back needs of a started sign-in.
pub(super) struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// The callback's parameters from the provider.
pub(super) struct Answer<'a> {
    pub code: String,
    /// RFC 9207: the provider says who it is.
    pub iss: Option<String>,
    pub pkce_verifier: &'a str,
    pub nonce: &'a str,
}

/// The providers' discovery documents (with their keys), read on first use
/// and kept per provider, and the HTTP client that talks to them.
pub struct OidcCache {
    http: reqwest::Client,
    discovered: RwLock<HashMap<String, (Instant, Arc<CoreProviderMetadata>)>>,
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

/// The provider cannot be reached or answers nonsense.
fn unavailable(reason: String) -> Refused {
    Refused::page(StatusCode::BAD_GATEWAY, "error-oidc-unavailable", reason)
}

/// Lykta's own settings are unusable.
fn settings(reason: String) -> Refused {
    Refused::App(AppError::Internal(anyhow::anyhow!(reason)))
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
        let issuer = IssuerUrl::new(p.issuer_url.clone())
            .map_err(|e| unavailable(format!("issuer_url: {e}")))?;
        let meta = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| unavailable(format!("discovery at {}: {}", p.issuer_url, chain(&e))))?;
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

    /// Where to send the browser to sign in at `p`, and the secrets the way
    /// back checks.
    pub(super) async fn start(
        &self,
        p: &OidcProvider,
        redirect_uri: &str,
    ) -> Result<Started, Refused> {
        let meta = self.metadata(p, KEEP_DISCOVERY).await?;
        let client = make_client(p, redirect_uri, &meta)?;
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
        let (url, state, nonce) = request.url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Who the provider says signed in: exchange the code, check the ID
    /// token as of `now`, and read the claims (from userinfo what the token
    /// lacks).
    pub(super) async fn identify(
        &self,
        p: &OidcProvider,
        redirect_uri: &str,
        a: Answer<'_>,
        now: i64,
    ) -> Result<Claims, Refused> {
        let meta = self.metadata(p, KEEP_DISCOVERY).await?;
        // RFC 9207: a mix-up ends here.
        if let Some(iss) = a.iss {
            if iss != meta.issuer().as_str() {
                return Err(Refused::page(
                    StatusCode::BAD_REQUEST,
                    "error-oidc-issuer",
                    format!("callback iss {iss:?}"),
                ));
            }
        }
        let client = make_client(p, redirect_uri, &meta)?;
        let response = client
            .exchange_code(AuthorizationCode::new(a.code))
            .map_err(|e| settings(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(a.pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => Refused::page(
                    StatusCode::BAD_REQUEST,
                    "error-oidc-code",
                    format!("token endpoint refused the code: {r}"),
                ),
                other => unavailable(format!("token endpoint: {}", chain(&other))),
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
        let nonce = Nonce::new(a.nonce.to_owned());
        let at = chrono::DateTime::<chrono::Utc>::from_timestamp(now, 0).unwrap_or_default();
        let mut verified = verify(&client, &token, response.access_token(), &nonce, at);
        if matches!(
            verified,
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey
            ))
        ) && self.age(&p.id).is_some_and(|a| a >= REREAD_KEYS_AFTER)
        {
            // The provider may have rotated its keys: read them again, once.
            let fresh = self.metadata(p, Duration::ZERO).await?;
            verified = verify(
                &make_client(p, redirect_uri, &fresh)?,
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
                    .request_async::<Extra, _, CoreGenderClaim>(&self.http)
                    .await
                {
                    Ok(info) => fill_from(&mut person, &info, p),
                    Err(e) => {
                        tracing::warn!(provider = %p.id, error = %chain(&e), "userinfo failed")
                    }
                }
            }
        }
        Ok(person)
    }
}

fn make_client(
    p: &OidcProvider,
    redirect_uri: &str,
    meta: &CoreProviderMetadata,
) -> Result<Client, Refused> {
    let redirect = RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|e| settings(format!("redirect URI: {e}")))?;
    Ok(CoreClient::from_provider_metadata(
        meta.clone(),
        ClientId::new(p.client_id.clone()),
        Some(ClientSecret::new(p.client_secret.0.clone())),
    )
    .set_redirect_uri(redirect))
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
