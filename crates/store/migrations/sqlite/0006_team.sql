-- Blog teams at work: internal notes on posts, invitations, the year plan
-- with its approvals, mail (an outbox that sends each message once), mail
-- preferences and private calendar links.

-- Notes on a post, visible only to the team; a reply points at the note it
-- answers; a thread is resolved as a whole (on its first note).
CREATE TABLE post_notes (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    parent_id INTEGER REFERENCES post_notes(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_by INTEGER REFERENCES users(id),
    resolved_at INTEGER
);
CREATE INDEX post_notes_post ON post_notes(post_id, id);

-- An invitation to one blog with one role; the link carries a secret whose
-- SHA-256 is kept here. Used once, until expires_at, unless revoked.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    blog_id INTEGER NOT NULL REFERENCES blogs(id),
    role TEXT NOT NULL,
    member_until INTEGER,
    invited_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER,
    accepted_by INTEGER REFERENCES users(id),
    revoked_at INTEGER
);
CREATE INDEX invitations_blog ON invitations(blog_id, id);

-- The year plan: dates are calendar dates (YYYY-MM-DD) in Swedish time.
CREATE TABLE plan_items (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id),
    title TEXT NOT NULL,
    theme TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users(id),
    channels TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    post_id INTEGER REFERENCES posts(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX plan_items_blog ON plan_items(blog_id, due_on);
CREATE INDEX plan_items_due ON plan_items(due_on);

-- A year's plan sent for approval, with the items as they were (JSON); the
-- approved ones are the plan's kept versions.
CREATE TABLE plan_approvals (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id),
    year INTEGER NOT NULL,
    state TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_approvals_blog ON plan_approvals(blog_id, year, id);
-- At most one plan waits for approval per blog and year.
CREATE UNIQUE INDEX plan_approvals_pending ON plan_approvals(blog_id, year) WHERE state = 'pending';

-- Every e-mail Lykta sends, keyed so the same reminder is never queued twice;
-- sent by a job, marked when the SMTP server took it.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users(id),
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    sending_until INTEGER,
    last_error TEXT NOT NULL DEFAULT ''
);

ALTER TABLE users ADD COLUMN mail_reminders INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_reviews INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_digest INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE users ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users(calendar_token);
ALTER TABLE blogs ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX blogs_calendar_token ON blogs(calendar_token);
