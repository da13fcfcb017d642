-- A counter bumped whenever anything readers can see changes; every node's
-- page cache watches it.
CREATE TABLE site_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO site_version (id, version) VALUES (1, 0);
