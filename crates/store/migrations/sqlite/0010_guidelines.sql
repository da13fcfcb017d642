-- Social-media guidelines: versions written by a working group, published
-- with a summary of what changed; earlier versions stay readable. Each
-- version has three sections by audience. Every employee is asked to read
-- and acknowledge the published version.
CREATE TABLE guideline_versions (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    for_everyone TEXT NOT NULL DEFAULT '',
    for_units TEXT NOT NULL DEFAULT '',
    for_private TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    published_by INTEGER REFERENCES users(id),
    published_at INTEGER
);

CREATE TABLE guideline_acks (
    version_id INTEGER NOT NULL REFERENCES guideline_versions(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    read_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    PRIMARY KEY (version_id, user_id)
);
