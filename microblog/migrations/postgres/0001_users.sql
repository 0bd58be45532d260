-- Users: unique names and e-mails, an argon2id password hash, a short "about me" and the last
-- time the user was seen (Unix milliseconds, UTC).
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE CHECK (length(username) >= 1),
    email         VARCHAR(120) NOT NULL UNIQUE CHECK (length(email) >= 3),
    password_hash TEXT         NOT NULL,
    about_me      VARCHAR(140) NOT NULL DEFAULT '',
    last_seen     BIGINT       NOT NULL
);
