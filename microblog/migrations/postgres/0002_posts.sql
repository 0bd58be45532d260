-- Posts: 1 to 140 characters, timestamped (Unix milliseconds, UTC) and indexed by time, as
-- every timeline is read newest first.
CREATE TABLE posts (
    id        BIGSERIAL PRIMARY KEY,
    body      VARCHAR(140) NOT NULL CHECK (length(body) >= 1),
    timestamp BIGINT       NOT NULL,
    user_id   BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    language  VARCHAR(5)   NOT NULL DEFAULT ''
);
CREATE INDEX posts_timestamp ON posts (timestamp);
CREATE INDEX posts_user_id ON posts (user_id);
