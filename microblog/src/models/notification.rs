use sqlx::Any;

use crate::clock;
use crate::db::Db;
use crate::Error;

/// A notification as `/notifications` lists it: its name, its data (JSON text) and when it
/// was last set (Unix microseconds).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Notification {
    pub name: String,
    pub payload_json: String,
    pub timestamp: i64,
}

/// Now in Unix microseconds: notifications are told apart finer than the millisecond.
fn now_micros() -> i64 {
    i64::try_from(clock::now().unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// Sets the user's notification `name` to `payload_json`, replacing the one of that name: a
/// user has one unread count, one progress per task.
pub async fn put(
    tx: &mut sqlx::Transaction<'_, Any>,
    user_id: i64,
    name: &str,
    payload_json: &str,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO notifications (name, user_id, timestamp, payload_json) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, name) \
         DO UPDATE SET timestamp = excluded.timestamp, payload_json = excluded.payload_json",
    )
    .bind(name)
    .bind(user_id)
    .bind(now_micros())
    .bind(payload_json)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The user's notifications set after `since` (Unix microseconds), oldest first.
pub async fn since(db: &Db, user_id: i64, since: i64) -> Result<Vec<Notification>, Error> {
    Ok(sqlx::query_as::<_, Notification>(
        "SELECT name, payload_json, timestamp FROM notifications \
         WHERE user_id = $1 AND timestamp > $2 ORDER BY timestamp, id",
    )
    .bind(user_id)
    .bind(since)
    .fetch_all(db.pool())
    .await?)
}
