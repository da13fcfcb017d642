-- Review before publishing: a blog may require approval; a post's workflow is
-- kept apart from its publication state; every step is logged with its note.
ALTER TABLE blogs ADD COLUMN requires_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN workflow TEXT NOT NULL DEFAULT 'draft';
CREATE TABLE post_reviews (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    event TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX post_reviews_post ON post_reviews(post_id, id);
