-- Employee sign-in by OpenID Connect.

-- Which person a provider's subject is: (provider id from the settings, the
-- ID token's `sub`). A person may have several identities, one per provider.
CREATE TABLE user_identities (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);

-- A sign-in in flight, keyed by the SHA-256 of its `state`: the PKCE
-- verifier, the nonce, where to go afterwards and the SHA-256 of the
-- browser's binding cookie. Used once (deleted when the provider sends the
-- person back), good for ten minutes.
CREATE TABLE oidc_attempts (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    next_path TEXT NOT NULL,
    browser_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX oidc_attempts_expires ON oidc_attempts(expires_at);
