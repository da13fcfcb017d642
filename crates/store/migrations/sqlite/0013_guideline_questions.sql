-- Optional check questions written with a version (plain text, see
-- lykta_domain::quiz), and every answer given when acknowledging it, so the
-- working group sees which questions people get wrong.
ALTER TABLE guideline_versions ADD COLUMN questions TEXT NOT NULL DEFAULT '';
CREATE TABLE guideline_answers (
    version_id INTEGER NOT NULL REFERENCES guideline_versions(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    question INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered_at INTEGER NOT NULL
);
CREATE INDEX guideline_answers_version ON guideline_answers(version_id, question);
