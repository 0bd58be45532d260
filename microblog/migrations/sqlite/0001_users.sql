-- Users: unique names and e-mails, an argon2id password hash, a short "about me" and the last
-- time the user was seen (Unix milliseconds, UTC).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
    email         TEXT    NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 120),
    password_hash TEXT    NOT NULL,
    about_me      TEXT    NOT NULL DEFAULT '' CHECK (length(about_me) <= 140),
    last_seen     INTEGER NOT NULL
);
