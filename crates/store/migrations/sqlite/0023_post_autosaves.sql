-- Autosaved editor text: one per person and post, never published, replaced on every autosave and
-- removed when the person saves the post.
CREATE TABLE post_autosaves (
    post_id INTEGER NOT NULL REFERENCES posts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    body TEXT NOT NULL,
    based_on_version INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
