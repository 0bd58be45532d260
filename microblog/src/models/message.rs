use crate::clock::now_millis;
use crate::db::Db;
use crate::models::notification;
use crate::models::post::{Post, Window};
use crate::Error;

/// Longest private message, in characters.
pub const BODY_MAX: usize = 140;

/// The name of the notification that carries a user's unread count to their open pages.
pub const UNREAD_COUNT: &str = "unread_message_count";

/// Sends a private message, and tells the recipient's pages their new unread count: both in
/// one transaction, so the badge never counts a message that is not there.
pub async fn send(db: &Db, sender_id: i64, recipient_id: i64, body: &str) -> Result<(), Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO messages (sender_id, recipient_id, body, timestamp) VALUES ($1, $2, $3, $4)",
    )
    .bind(sender_id)
    .bind(recipient_id)
    .bind(body)
    .bind(now_millis())
    .execute(&mut *tx)
    .await?;
    let unread = sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM messages m JOIN users u ON u.id = m.recipient_id \
         WHERE m.recipient_id = $1 AND m.timestamp > u.last_message_read_time",
    )
    .bind(recipient_id)
    .fetch_one(&mut *tx)
    .await?;
    notification::put(&mut tx, recipient_id, UNREAD_COUNT, &unread.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks every message received so far as read (the user opened `/messages`), and tells their
/// other pages the badge is now empty.
pub async fn mark_read(db: &Db, user_id: i64) -> Result<(), Error> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE users SET last_message_read_time = $1 WHERE id = $2")
        .bind(now_millis())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    notification::put(&mut tx, user_id, UNREAD_COUNT, "0").await?;
    tx.commit().await?;
    Ok(())
}

/// One page of the messages a user received, newest first, each with its sender as a post has
/// its author (the page shows them as posts are shown).
pub async fn received(db: &Db, user_id: i64, window: Window) -> Result<Vec<Post>, Error> {
    Ok(sqlx::query_as::<_, Post>(
        "SELECT m.id, m.body, m.timestamp, '' AS language, m.sender_id AS user_id, \
                u.username, u.email \
         FROM messages m JOIN users u ON u.id = m.sender_id \
         WHERE m.recipient_id = $1 \
         ORDER BY m.timestamp DESC, m.id DESC LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)",
    )
    .bind(user_id)
    .bind(window.limit)
    .bind(window.offset)
    .fetch_all(db.pool())
    .await?)
}
