-- Autosaved editor text: one per person and post, never published, replaced on every autosave and
-- removed when the person saves the post.
CREATE TABLE post_autosaves (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    body TEXT NOT NULL,
    based_on_version BIGINT NOT NULL,
    saved_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
