-- A blog's target: how many posts a month (0: no target).
ALTER TABLE blogs ADD COLUMN posts_per_month INTEGER NOT NULL DEFAULT 0;
