-- Dialogue and the public record: comments and their moderation, and an
-- append-only, hash-chained record of what the organisation published and
-- received.

-- Comments per blog and per post; closed after N days (0: never). Moderation
-- 'pre' (held until approved) or 'post' (shown at once, may be hidden).
ALTER TABLE blogs ADD COLUMN comments_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE blogs ADD COLUMN comments_close_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE blogs ADD COLUMN moderation TEXT NOT NULL DEFAULT '';
-- The blog's own words in its comment policy (the rest is generated).
ALTER TABLE blogs ADD COLUMN comment_policy TEXT NOT NULL DEFAULT '';
-- Words that hold a comment for a moderator (one per line).
ALTER TABLE blogs ADD COLUMN blocked_words TEXT NOT NULL DEFAULT '';
-- Response-time targets in working-day hours: decide on a comment, answer a question.
ALTER TABLE blogs ADD COLUMN moderation_hours INTEGER NOT NULL DEFAULT 24;
ALTER TABLE blogs ADD COLUMN answer_hours INTEGER NOT NULL DEFAULT 48;

-- Senders shut out for a while (by address hash and/or e-mail), with why.
CREATE TABLE comment_bans (
    id INTEGER PRIMARY KEY,
    client_hash TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    until_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    banned_by INTEGER REFERENCES users(id),
    banned_at INTEGER NOT NULL
);
CREATE INDEX comment_bans_until ON comment_bans(until_at);
ALTER TABLE posts ADD COLUMN comments_enabled INTEGER NOT NULL DEFAULT 1;

-- A comment as received. The e-mail is never shown or exported publicly;
-- `client_hash` is a keyed hash of the sender's address, for rate limits.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    parent_id INTEGER REFERENCES comments(id),
    user_id INTEGER REFERENCES users(id),
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    moderator_note TEXT NOT NULL DEFAULT '',
    is_answer INTEGER NOT NULL DEFAULT 0,
    client_hash TEXT NOT NULL DEFAULT '',
    reports INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER
);
CREATE INDEX comments_post ON comments(post_id, id);
CREATE INDEX comments_parent ON comments(parent_id);
CREATE INDEX comments_state ON comments(state, created_at);
CREATE INDEX comments_client ON comments(client_hash, created_at);

-- The public record. Each entry's hash covers the previous entry's hash, its
-- own fields and the SHA-256 of its payload, so a changed, removed or
-- inserted entry breaks the chain. Disposal by rule (gallring) removes a
-- payload but keeps its hash, so the chain still verifies; a hold blocks it.
-- `record_head` holds the newest hash; updating it first serialises writers.
CREATE TABLE record (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id INTEGER NOT NULL,
    actor INTEGER,
    at INTEGER NOT NULL,
    payload TEXT,
    payload_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    held_by INTEGER REFERENCES users(id),
    hold_reason TEXT NOT NULL DEFAULT '',
    disposed_at INTEGER,
    disposal_rule TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_ref ON record(kind, ref_id);
CREATE TABLE record_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO record_head (id, last_id, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Secrets made once per installation (e.g. the salt for hashing client
-- addresses, so rate limits and bans hold across restarts and nodes).
CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
