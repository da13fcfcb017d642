-- Managers of a unit follow how their unit stands (who has read and
-- acknowledged the guidelines, the unit's survey answers) and export it.
CREATE TABLE unit_managers (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (unit_id, user_id)
);
CREATE INDEX unit_managers_user ON unit_managers(user_id);
