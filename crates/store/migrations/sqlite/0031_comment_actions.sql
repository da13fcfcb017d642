-- What a moderator's decision asked of the platform an answer came from
-- (hide it there, answer it as the organisation) and what became of it;
-- run by the worker (`act_on_comment` jobs), each outcome also in the record.
CREATE TABLE comment_actions (
    id INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments(id),
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',
    remote_url TEXT NOT NULL DEFAULT '',
    requested_by INTEGER REFERENCES users(id),
    requested_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX comment_actions_comment ON comment_actions(comment_id, id);
