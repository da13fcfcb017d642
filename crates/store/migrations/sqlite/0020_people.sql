-- People administration. A person's row carries a version (administrators
-- edit it optimistically), their own language for the admin and their mail
-- (NULL: the organisation's) and when they last signed in.
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('sv', 'en'));
ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;

-- Every change to an account, with who made it and when (never deleted).
-- actor is the administrator, or the person themself (a changed or reset
-- password); NULL for `lykta user set-password` on the server.
CREATE TABLE user_actions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('edit', 'deactivate', 'reactivate', 'reset-link', 'password-reset', 'password-change')),
    detail TEXT NOT NULL DEFAULT '',
    actor INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX user_actions_user ON user_actions(user_id, at);

-- Password-reset links: only the SHA-256 of the secret is kept. A link
-- works once (used_at) until expires_at.
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX password_resets_user ON password_resets(user_id, created_at);

-- Requests on the "forgot your password" form, for its rate limits: the
-- typed address and the client address, each only as a salted SHA-256.
CREATE TABLE password_reset_requests (
    id INTEGER PRIMARY KEY,
    email_hash TEXT NOT NULL,
    client_hash TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX password_reset_requests_email ON password_reset_requests(email_hash, at);
CREATE INDEX password_reset_requests_client ON password_reset_requests(client_hash, at);
