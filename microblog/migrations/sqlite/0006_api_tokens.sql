-- API bearer tokens: at most one per user, as upstream's `token` column. The token itself is
-- never stored: `token_hash` is its SHA-256 (what a request is looked up by), and `nonce` the
-- random input the token is derived from with the app's secret key (HMAC), so that the same
-- token can be handed out again while it is valid without being readable from the database.
-- `expires_at` is Unix milliseconds, UTC.
CREATE TABLE api_tokens (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL UNIQUE,
    nonce      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
