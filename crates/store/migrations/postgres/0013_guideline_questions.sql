-- Optional check questions written with a version (plain text, see
-- lykta_domain::quiz), and every answer given when acknowledging it, so the
-- working group sees which questions people get wrong.
ALTER TABLE guideline_versions ADD COLUMN questions TEXT NOT NULL DEFAULT '';
CREATE TABLE guideline_answers (
    version_id BIGINT NOT NULL REFERENCES guideline_versions(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    question BIGINT NOT NULL,
    correct BOOLEAN NOT NULL,
    answered_at BIGINT NOT NULL
);
CREATE INDEX guideline_answers_version ON guideline_answers(version_id, question);
