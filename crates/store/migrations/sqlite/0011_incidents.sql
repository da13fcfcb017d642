-- Scenario playbooks (what can happen and how to handle it; every save kept)
-- and incidents reported by employees and handled by the communications team.
CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    triggers TEXT NOT NULL DEFAULT '',
    steps TEXT NOT NULL DEFAULT '',
    contacts TEXT NOT NULL DEFAULT '',
    templates TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL
);
CREATE TABLE scenario_revisions (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    triggers TEXT NOT NULL,
    steps TEXT NOT NULL,
    contacts TEXT NOT NULL,
    templates TEXT NOT NULL,
    saved_by INTEGER REFERENCES users(id),
    saved_at INTEGER NOT NULL
);
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER REFERENCES scenarios(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    links TEXT NOT NULL DEFAULT '',
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    hide_name INTEGER NOT NULL DEFAULT 0,
    sensitive INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    closing_notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
-- Who did what and when, including each playbook step ticked off.
CREATE TABLE incident_log (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    step INTEGER,
    entry TEXT NOT NULL,
    actor INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX incident_log_incident ON incident_log(incident_id, id);
