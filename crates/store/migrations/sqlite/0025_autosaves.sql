-- Autosaved editor text of every versioned Markdown document (posts, pages,
-- guideline drafts, scenario playbooks): one row per person and document,
-- the kept fields as a JSON object, never published, replaced on every
-- autosave and removed when the person saves the document. Takes over from
-- post_autosaves.
CREATE TABLE autosaves (
    kind TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    fields TEXT NOT NULL,
    based_on_version INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (kind, doc_id, user_id)
);
INSERT INTO autosaves (kind, doc_id, user_id, fields, based_on_version, saved_at)
SELECT 'post', post_id, user_id, json_object('title', title, 'excerpt', excerpt, 'body', body), based_on_version, saved_at
FROM post_autosaves;
DROP TABLE post_autosaves;
