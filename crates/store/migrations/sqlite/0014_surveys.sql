-- The inventory survey: a communicator asks units which services they
-- have tried, for what and with what result; one answer per unit (anyone
-- in the unit or its managers may write it), seen next to the inventory.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    intro TEXT NOT NULL,
    state TEXT NOT NULL,
    closes_at INTEGER,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE TABLE survey_units (
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (survey_id, unit_id)
);
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (survey_id, unit_id)
);
CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses(id),
    position INTEGER NOT NULL,
    service TEXT NOT NULL,
    used_for TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, position)
);
