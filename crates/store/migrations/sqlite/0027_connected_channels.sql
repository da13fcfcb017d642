-- Connected channels: an inventory channel Lykta may post to, with its
-- credentials sealed (ChaCha20-Poly1305, the key in the data folder, never
-- here), the account it acts as, and its health.
CREATE TABLE channel_connections (
    channel_id INTEGER PRIMARY KEY REFERENCES channels(id),
    server_url TEXT NOT NULL,
    client_id TEXT NOT NULL DEFAULT '',
    -- Sealed; '' until there is one.
    client_secret TEXT NOT NULL DEFAULT '',
    access_token TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the OAuth state while a person is authorising Lykta.
    oauth_state TEXT,
    account TEXT NOT NULL DEFAULT '',
    account_url TEXT NOT NULL DEFAULT '',
    -- authorising | connected | reauthenticate | failing
    health TEXT NOT NULL,
    paused INTEGER NOT NULL DEFAULT 0,
    problem TEXT NOT NULL DEFAULT '',
    failing_since INTEGER,
    checked_at INTEGER,
    connected_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The channels the team chose for a post.
CREATE TABLE post_channels (
    post_id INTEGER NOT NULL REFERENCES posts(id),
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    PRIMARY KEY (post_id, channel_id)
);

-- One delivery per post and channel, made when the post is published, with
-- a stable idempotency key; ends sent (remote id and address) or failed.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    idempotency_key TEXT NOT NULL UNIQUE,
    -- queued | sent | failed | reauthenticate | paused
    state TEXT NOT NULL,
    remote_id TEXT,
    remote_url TEXT,
    problem TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    reply_cursor TEXT,
    replies_checked_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (post_id, channel_id)
);
CREATE INDEX deliveries_state ON deliveries(state, channel_id);

-- A comment that came from a channel: the platform, the author's public
-- handle, the answer's address there and its id (each taken once).
ALTER TABLE comments ADD COLUMN source_platform TEXT;
ALTER TABLE comments ADD COLUMN source_handle TEXT;
ALTER TABLE comments ADD COLUMN source_url TEXT;
ALTER TABLE comments ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX comments_source ON comments(source_platform, source_id);
