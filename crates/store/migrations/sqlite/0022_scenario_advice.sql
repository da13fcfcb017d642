-- A playbook's advice to the person who reports an incident of its kind
-- (for threats: at acute risk call 112, report threats to the police),
-- shown on the report's receipt and in the receipt e-mail. Kept with every
-- saved version like the rest of the playbook.
ALTER TABLE scenarios ADD COLUMN advice TEXT NOT NULL DEFAULT '';
ALTER TABLE scenario_revisions ADD COLUMN advice TEXT NOT NULL DEFAULT '';
