-- Private messages, the notifications the pages poll for, and the background tasks (the export
-- of one's posts). Times are Unix milliseconds, UTC, except a notification's: microseconds, so
-- that two notifications of one user a millisecond apart are still told apart by `since`.
ALTER TABLE users ADD COLUMN last_message_read_time BIGINT  NOT NULL DEFAULT 0;

CREATE TABLE messages (
    id           BIGSERIAL PRIMARY KEY,
    sender_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient_id BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body         VARCHAR(140) NOT NULL CHECK (length(body) >= 1),
    timestamp    BIGINT  NOT NULL
);
-- A user's inbox, newest first, and the unread count (received after the last read).
CREATE INDEX messages_recipient_timestamp ON messages (recipient_id, timestamp);
CREATE INDEX messages_sender_id ON messages (sender_id);

-- The latest notification of each name for each user (an unread count, a task's progress).
CREATE TABLE notifications (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    timestamp    BIGINT  NOT NULL,
    payload_json TEXT    NOT NULL
);
CREATE UNIQUE INDEX notifications_user_name ON notifications (user_id, name);
CREATE INDEX notifications_user_timestamp ON notifications (user_id, timestamp);

-- Background tasks, run by a worker inside the app. `run_after` is when a queued task may run
-- (now, or later after a failed attempt) or when a running one's lease ends: a task whose
-- worker died (a killed container) is taken again once its lease is over. A failed task stays
-- on its user's pages, with why, until they dismiss it or start the task again.
CREATE TABLE tasks (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    description TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 128),
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state       TEXT    NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'running', 'done', 'failed', 'dismissed')),
    progress    BIGINT  NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    attempts    BIGINT  NOT NULL DEFAULT 0,
    run_after   BIGINT  NOT NULL,
    worker      TEXT    NOT NULL DEFAULT '',
    error       TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX tasks_state_run_after ON tasks (state, run_after);
CREATE INDEX tasks_user_id ON tasks (user_id);
-- One unfinished task of a name per user: two clicks on "Export" start one export.
CREATE UNIQUE INDEX tasks_one_unfinished ON tasks (user_id, name)
    WHERE state IN ('queued', 'running');
