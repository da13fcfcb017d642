-- Screenshots added to an incident by its reporter or the team. The files
-- are re-encoded (no metadata) and kept outside the public media folder;
-- they are served only to those who may read the incident.
CREATE TABLE incident_files (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    file_name TEXT NOT NULL UNIQUE,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    description TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX incident_files_incident ON incident_files(incident_id);
