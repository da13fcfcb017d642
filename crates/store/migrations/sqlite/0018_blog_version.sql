-- Blog settings are saved optimistically like posts and pages: a save
-- carries the version it was read at and is refused if someone saved since.
ALTER TABLE blogs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
