-- The inventory of every account the organisation has anywhere, requested
-- by units and approved (or declined, with a reason) by communicators.
CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL UNIQUE,
    unit_id INTEGER REFERENCES units(id),
    purpose TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '',
    cadence TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    decision_reason TEXT NOT NULL DEFAULT '',
    requested_by INTEGER REFERENCES users(id),
    decided_by INTEGER REFERENCES users(id),
    last_activity_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX channels_status ON channels(status, platform);

-- At least two responsible persons per channel (a health flag otherwise).
CREATE TABLE channel_owners (
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (channel_id, user_id)
);
