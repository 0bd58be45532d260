-- The language of the page that launched a task, so that what it writes (the export's mail)
-- speaks the language its user reads the site in.
ALTER TABLE tasks ADD COLUMN lang TEXT NOT NULL DEFAULT 'en' CHECK (length(lang) BETWEEN 2 AND 8);
