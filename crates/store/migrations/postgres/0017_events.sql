-- The event log: every change to public content, as a typed domain event
-- written in the same transaction as the change. `event_head` hands out the
-- ids: a writer takes the next one by updating the head row as the last step
-- of its transaction, so ids are gap-free and in commit order, and a
-- consumer that has seen id N has seen everything before it. It replaces
-- `site_version`, which only counted changes.
CREATE TABLE events (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE event_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last BIGINT NOT NULL
);
INSERT INTO event_head (id, last) VALUES (1, 0);
DROP TABLE site_version;
