-- E-mail subscriptions: readers follow a blog by e-mail (each post, or a
-- weekly digest). A typed address is confirmed by a single-use link
-- (double opt-in); staff subscribe with their account. Only the SHA-256 of
-- each link's secret is kept. Bounced and complaining addresses get no more.

-- Mail may carry an HTML part beside the text, and extra headers (a JSON
-- list of [name, value] pairs: List-Unsubscribe and its One-Click POST).
ALTER TABLE outbox ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '[]';
-- The subscription a message is for (no foreign key: an unsubscribed
-- person's row goes, and their unsent mail is then not sent).
ALTER TABLE outbox ADD COLUMN subscriber_id INTEGER;
CREATE INDEX outbox_subscriber ON outbox(subscriber_id);

-- One address (lower-cased) per blog. confirmed_at NULL: waiting for the
-- confirmation link. user_id: a staff account that subscribed signed in.
CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id),
    email TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    frequency TEXT NOT NULL CHECK (frequency IN ('post', 'weekly')),
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    -- When the last confirmation mail was queued (one per window).
    confirm_sent_at INTEGER,
    UNIQUE (blog_id, email)
);
CREATE INDEX subscribers_blog ON subscribers(blog_id, frequency, confirmed_at);

-- Links in mail: 'confirm' (once, until expires_at) and 'manage' (every
-- subscription message carries its own; unsubscribe and manage with it).
CREATE TABLE subscription_tokens (
    token_hash TEXT PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'manage')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    used_at INTEGER
);
CREATE INDEX subscription_tokens_subscriber ON subscription_tokens(subscriber_id);

-- Addresses that bounced or complained: no subscription mail goes to them.
CREATE TABLE mail_suppressions (
    email TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('bounce', 'complaint')),
    recorded_by INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);

-- Requests on the public form, for its rate limits: the typed address and
-- the client address, each only as a salted SHA-256.
CREATE TABLE subscription_requests (
    id INTEGER PRIMARY KEY,
    email_hash TEXT NOT NULL,
    client_hash TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX subscription_requests_email ON subscription_requests(email_hash, at);
CREATE INDEX subscription_requests_client ON subscription_requests(client_hash, at);

-- The pace of subscription mail: the minute being filled and how many
-- messages it holds; updating it first serialises those who queue.
CREATE TABLE subscription_pace (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    minute_at INTEGER NOT NULL,
    used INTEGER NOT NULL
);
INSERT INTO subscription_pace (id, minute_at, used) VALUES (1, 0, 0);
