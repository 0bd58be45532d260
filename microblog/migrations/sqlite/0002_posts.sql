-- Posts: 1 to 140 characters, timestamped (Unix milliseconds, UTC) and indexed by time, as
-- every timeline is read newest first.
CREATE TABLE posts (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    body      TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 140),
    timestamp INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    language  TEXT    NOT NULL DEFAULT '' CHECK (length(language) <= 5)
);
CREATE INDEX posts_timestamp ON posts (timestamp);
CREATE INDEX posts_user_id ON posts (user_id);
