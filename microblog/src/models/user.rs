use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::clock::now_millis;
use crate::db::{unique_violation, Db};
use crate::models::post::Window;
use crate::Error;

/// Longest user name, e-mail address and "about me" the database accepts (in characters).
pub const USERNAME_MAX: usize = 64;
pub const EMAIL_MAX: usize = 120;
pub const ABOUT_ME_MAX: usize = 140;

/// A registered user.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub about_me: String,
    /// Unix milliseconds, UTC.
    pub last_seen: i64,
    /// When the user last opened their messages (Unix milliseconds, UTC; 0 for never).
    pub last_message_read_time: i64,
    /// Messages received since then: the navbar's badge. Read with the user, in the same query.
    pub unread_messages: i64,
    /// Background tasks the user's pages show: queued, running, or failed and not dismissed.
    pub open_tasks: i64,
}

impl User {
    /// A row of [`user_columns`], read on SQLite's short path ([`crate::db::SqliteReads`]).
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
        Ok(User {
            id: row.get("id")?,
            username: row.get("username")?,
            email: row.get("email")?,
            password_hash: row.get("password_hash")?,
            about_me: row.get("about_me")?,
            last_seen: row.get("last_seen")?,
            last_message_read_time: row.get("last_message_read_time")?,
            unread_messages: row.get("unread_messages")?,
            open_tasks: row.get("open_tasks")?,
        })
    }

    /// The Gravatar URL of this user's avatar, an identicon for unknown addresses.
    pub fn avatar(&self, size: u32) -> String {
        avatar_url(&self.email, size)
    }

    /// Whether `password` is this user's password.
    pub fn check_password(&self, password: &str) -> bool {
        verify_password(&self.password_hash, password)
    }

    /// A short fingerprint of the password hash, kept in the session: changing the password
    /// (a reset) ends every session opened with the old one.
    pub fn session_stamp(&self) -> String {
        let digest = Sha256::digest(self.password_hash.as_bytes());
        crate::signing::hex(&digest[..8])
    }
}

/// Which unique rule a write of a user broke: the name, or the address (in any case), was
/// taken, by someone else or by a request racing this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Username,
    Email,
}

impl Taken {
    /// The rule a database error names (see [`unique_violation`]), if it is one of a user's.
    fn from_error(error: &sqlx::Error) -> Option<Taken> {
        let rule = unique_violation(error)?;
        if rule.contains("username") {
            Some(Taken::Username)
        } else if rule.contains("email") {
            Some(Taken::Email)
        } else {
            None
        }
    }
}

/// A write's result, with a broken unique rule told apart from a failing database.
fn or_taken<T>(result: Result<T, sqlx::Error>) -> Result<Result<T, Taken>, Error> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(error) => match Taken::from_error(&error) {
            Some(taken) => Ok(Err(taken)),
            None => Err(error.into()),
        },
    }
}

/// The columns of a whole user, with the badge's count and the tasks to show, from `users u`.
macro_rules! user_columns {
    () => {
        "u.id, u.username, u.email, u.password_hash, u.about_me, u.last_seen, \
         u.last_message_read_time, \
         (SELECT count(*) FROM messages m \
           WHERE m.recipient_id = u.id AND m.timestamp > u.last_message_read_time) AS unread_messages, \
         (SELECT count(*) FROM tasks t \
           WHERE t.user_id = u.id AND t.state IN ('queued', 'running', 'failed')) AS open_tasks"
    };
}

pub(crate) use user_columns;

/// A `SELECT` of whole users, completed by a `WHERE` clause.
macro_rules! select_users {
    ($rest:literal) => {
        concat!("SELECT ", user_columns!(), " FROM users u ", $rest)
    };
}

/// `https://www.gravatar.com/avatar/<md5 of the lowercased, trimmed address>?d=identicon&s=<size>`.
pub fn avatar_url(email: &str, size: u32) -> String {
    let digest = Md5::digest(email.trim().to_lowercase().as_bytes());
    format!(
        "https://www.gravatar.com/avatar/{}?d=identicon&s={size}",
        crate::signing::hex(&digest)
    )
}

/// Hashes a password with argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, Error> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| Error::internal(format!("cannot hash a password: {e}")))
}

/// Checks a password against a PHC string; a malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// How many Argon2 computations run at once. Each takes 19 MiB for its duration and a core:
/// more at once than the cores a container gets only piles up memory (eight sign-ups at once
/// held 150 MiB), for no more throughput.
static ARGON2_TURNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

async fn argon2_turn() -> Result<tokio::sync::SemaphorePermit<'static>, Error> {
    ARGON2_TURNS
        .acquire()
        .await
        .map_err(|e| Error::caused_by("the password hashing queue is closed", e))
}

/// Argon2 is slow on purpose: hash off the async threads.
pub async fn hash_password_blocking(password: String) -> Result<String, Error> {
    let _turn = argon2_turn().await?;
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| Error::caused_by("the password hashing task failed", e))?
}

/// Checks a user's password off the async threads.
pub async fn check_password_blocking(user: &User, password: String) -> Result<bool, Error> {
    let user = user.clone();
    let _turn = argon2_turn().await?;
    tokio::task::spawn_blocking(move || user.check_password(&password))
        .await
        .map_err(|e| Error::caused_by("the password check task failed", e))
}

/// Registers a user, unless the name or the address is taken.
pub async fn create(
    db: &Db,
    username: &str,
    email: &str,
    password: &str,
) -> Result<Result<User, Taken>, Error> {
    let hash = hash_password_blocking(password.to_owned()).await?;
    let inserted = sqlx::query_as::<_, User>(
        "INSERT INTO users (username, email, password_hash, about_me, last_seen) \
         VALUES ($1, $2, $3, '', $4) \
         RETURNING id, username, email, password_hash, about_me, last_seen, \
                   last_message_read_time, \
                   CAST(0 AS BIGINT) AS unread_messages, CAST(0 AS BIGINT) AS open_tasks",
    )
    .bind(username)
    .bind(email)
    .bind(hash)
    .bind(now_millis())
    .fetch_one(db.pool())
    .await;
    or_taken(inserted)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<User>, Error> {
    const SQL: &str = select_users!("WHERE id = $1");
    if let Some(reads) = db.sqlite_reads() {
        return Ok(reads.first(SQL, [id], User::from_sqlite)?);
    }
    Ok(sqlx::query_as::<_, User>(SQL)
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// No stored text holds a NUL (the forms refuse it, and PostgreSQL cannot store one), so a
/// name or address with one is nobody, found without asking a database that would fail on it.
fn unstorable(text: &str) -> bool {
    text.contains('\0')
}

pub async fn by_username(db: &Db, username: &str) -> Result<Option<User>, Error> {
    if unstorable(username) {
        return Ok(None);
    }
    const SQL: &str = select_users!("WHERE username = $1");
    if let Some(reads) = db.sqlite_reads() {
        return Ok(reads.first(SQL, [username], User::from_sqlite)?);
    }
    Ok(sqlx::query_as::<_, User>(SQL)
        .bind(username)
        .fetch_optional(db.pool())
        .await?)
}

/// E-mail addresses are compared without regard to case.
pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>, Error> {
    if unstorable(email) {
        return Ok(None);
    }
    Ok(
        sqlx::query_as::<_, User>(select_users!("WHERE lower(email) = lower($1)"))
            .bind(email.trim())
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Records that the user was just seen.
pub async fn touch_last_seen(db: &Db, id: i64) -> Result<i64, Error> {
    let now = now_millis();
    sqlx::query("UPDATE users SET last_seen = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(now)
}

/// Changes name and "about me", unless the name is taken.
pub async fn update_profile(
    db: &Db,
    id: i64,
    username: &str,
    about_me: &str,
) -> Result<Result<(), Taken>, Error> {
    let updated = sqlx::query("UPDATE users SET username = $1, about_me = $2 WHERE id = $3")
        .bind(username)
        .bind(about_me)
        .bind(id)
        .execute(db.pool())
        .await;
    Ok(or_taken(updated)?.map(drop))
}

/// Changes name, address and "about me" at once (the API's `PUT`), unless the name or the
/// address is taken.
pub async fn update_account(
    db: &Db,
    id: i64,
    username: &str,
    email: &str,
    about_me: &str,
) -> Result<Result<(), Taken>, Error> {
    let updated =
        sqlx::query("UPDATE users SET username = $1, email = $2, about_me = $3 WHERE id = $4")
            .bind(username)
            .bind(email)
            .bind(about_me)
            .bind(id)
            .execute(db.pool())
            .await;
    Ok(or_taken(updated)?.map(drop))
}

/// A user with the counts the API shows of them, read with the user in one query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Summary {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub about_me: String,
    /// Unix milliseconds, UTC.
    pub last_seen: i64,
    pub post_count: i64,
    pub follower_count: i64,
    pub following_count: i64,
}

/// A `SELECT` of users with their counts (each an index lookup), completed by a clause.
macro_rules! select_summaries {
    ($rest:literal) => {
        concat!(
            "SELECT u.id, u.username, u.email, u.about_me, u.last_seen, \
                    (SELECT count(*) FROM posts p WHERE p.user_id = u.id) AS post_count, \
                    (SELECT count(*) FROM followers f WHERE f.followed_id = u.id) AS follower_count, \
                    (SELECT count(*) FROM followers f WHERE f.follower_id = u.id) AS following_count \
             FROM users u ",
            $rest
        )
    };
}

/// One user with their counts.
pub async fn summary(db: &Db, id: i64) -> Result<Option<Summary>, Error> {
    Ok(
        sqlx::query_as::<_, Summary>(select_summaries!("WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Which users a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Everyone.
    All,
    /// The users who follow this one.
    FollowersOf(i64),
    /// The users this one follows.
    FollowedBy(i64),
}

/// One page of a list of users in id order, with their counts, and how many the whole list
/// holds: two queries, whatever the page's size.
pub async fn list(db: &Db, listing: Listing, window: Window) -> Result<(Vec<Summary>, i64), Error> {
    let (page, total) = match listing {
        Listing::All => (
            sqlx::query_as::<_, Summary>(select_summaries!(
                "ORDER BY u.id LIMIT CAST($1 AS BIGINT) OFFSET CAST($2 AS BIGINT)"
            )),
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM users"),
        ),
        Listing::FollowersOf(id) => (
            sqlx::query_as::<_, Summary>(select_summaries!(
                "WHERE u.id IN (SELECT follower_id FROM followers WHERE followed_id = $1) \
                 ORDER BY u.id LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)"
            ))
            .bind(id),
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM followers WHERE followed_id = $1")
                .bind(id),
        ),
        Listing::FollowedBy(id) => (
            sqlx::query_as::<_, Summary>(select_summaries!(
                "WHERE u.id IN (SELECT followed_id FROM followers WHERE follower_id = $1) \
                 ORDER BY u.id LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)"
            ))
            .bind(id),
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM followers WHERE follower_id = $1")
                .bind(id),
        ),
    };
    let total = total.fetch_one(db.pool()).await?;
    let items = page
        .bind(window.limit)
        .bind(window.offset)
        .fetch_all(db.pool())
        .await?;
    Ok((items, total))
}

/// Sets a new password.
pub async fn set_password(db: &Db, id: i64, password: &str) -> Result<(), Error> {
    let hash = hash_password_blocking(password.to_owned()).await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_with_password(password: &str) -> User {
        User {
            id: 1,
            username: "susan".into(),
            email: "susan@example.com".into(),
            password_hash: hash_password(password).unwrap(),
            ..User::default()
        }
    }

    /// Flask: `test_password_hashing`.
    #[test]
    fn password_hashing() {
        let u = user_with_password("cat");
        assert!(!u.check_password("dog"));
        assert!(u.check_password("cat"));
        assert!(u.password_hash.starts_with("$argon2id$"));
        assert!(!verify_password("not a hash", "cat"));
    }

    /// Flask: `test_avatar`.
    #[test]
    fn avatar() {
        assert_eq!(
            avatar_url("john@example.com", 128),
            "https://www.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?d=identicon&s=128"
        );
        assert_eq!(
            avatar_url(" John@Example.com ", 128),
            avatar_url("john@example.com", 128)
        );
    }

    #[test]
    fn session_stamp_changes_with_the_password() {
        let a = user_with_password("cat");
        let b = user_with_password("cat");
        assert_ne!(a.session_stamp(), b.session_stamp(), "salted hashes differ");
        assert_eq!(a.session_stamp(), a.clone().session_stamp());
    }
}
