use crate::clock::now_millis;
use crate::db::Db;
use crate::language;
use crate::Error;

/// Longest post, in characters.
pub const BODY_MAX: usize = 140;

/// A post with what a timeline shows of its author.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Post {
    pub id: i64,
    pub body: String,
    /// Unix milliseconds, UTC.
    pub timestamp: i64,
    pub language: String,
    pub user_id: i64,
    pub username: String,
    pub email: String,
}

impl Post {
    /// A row of [`select_posts`], read on SQLite's short path ([`crate::db::SqliteReads`]).
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Post> {
        Ok(Post {
            id: row.get(0)?,
            body: row.get(1)?,
            timestamp: row.get(2)?,
            language: row.get(3)?,
            user_id: row.get(4)?,
            username: row.get(5)?,
            email: row.get(6)?,
        })
    }
}

/// A `SELECT` of posts with their authors, completed by a `WHERE`/`ORDER BY` clause.
macro_rules! select_posts {
    ($rest:literal) => {
        concat!(
            "SELECT p.id, p.body, p.timestamp, p.language, p.user_id, u.username, u.email \
             FROM posts p JOIN users u ON u.id = p.user_id ",
            $rest
        )
    };
}

/// One page of a timeline: at most `limit` posts after skipping `offset`, newest first.
///
/// The queries say `LIMIT CAST($n AS BIGINT)`, not `LIMIT $n`: SQLite's planner reads a bare
/// parameter's value there, which marks the cached statement to be compiled again each time the
/// parameter is bound, that is on every page view (a tenth of the server's time, measured).
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: i64,
    pub offset: i64,
}

/// Publishes a post now, with the language it is written in when that is clear.
pub async fn create(db: &Db, user_id: i64, body: &str) -> Result<i64, Error> {
    insert(db, user_id, body, &language::detect(body), now_millis()).await
}

/// Publishes a post with the given time (Unix milliseconds, UTC) and no language.
pub async fn create_at(db: &Db, user_id: i64, body: &str, timestamp: i64) -> Result<i64, Error> {
    insert(db, user_id, body, "", timestamp).await
}

async fn insert(
    db: &Db,
    user_id: i64,
    body: &str,
    language: &str,
    timestamp: i64,
) -> Result<i64, Error> {
    Ok(sqlx::query_scalar::<_, i64>(
        "INSERT INTO posts (body, timestamp, user_id, language) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(body)
    .bind(timestamp)
    .bind(user_id)
    .bind(language)
    .fetch_one(db.pool())
    .await?)
}

/// The home timeline of a user (`$1`): their own posts and those of the users they follow.
pub(crate) const TIMELINE: &str = select_posts!(
    "WHERE p.user_id = $1 \
        OR p.user_id IN (SELECT followed_id FROM followers WHERE follower_id = $1) \
     ORDER BY p.timestamp DESC, p.id DESC LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)"
);

/// The home timeline of a user: their own posts and those of the users they follow.
pub async fn timeline(db: &Db, user_id: i64, window: Window) -> Result<Vec<Post>, Error> {
    page_of(db, TIMELINE, Some(user_id), window).await
}

/// Every post (the Explore page).
pub async fn explore(db: &Db, window: Window) -> Result<Vec<Post>, Error> {
    const SQL: &str = select_posts!(
        "ORDER BY p.timestamp DESC, p.id DESC LIMIT CAST($1 AS BIGINT) OFFSET CAST($2 AS BIGINT)"
    );
    page_of(db, SQL, None, window).await
}

/// The posts of one user (their profile page).
pub async fn by_author(db: &Db, user_id: i64, window: Window) -> Result<Vec<Post>, Error> {
    const SQL: &str = select_posts!(
        "WHERE p.user_id = $1 ORDER BY p.timestamp DESC, p.id DESC LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)"
    );
    page_of(db, SQL, Some(user_id), window).await
}

/// A page of posts read by `sql`, whose parameters are the user's id when there is one, then
/// the window's limit and offset. On a SQLite file, read in place ([`crate::db::SqliteReads`]).
async fn page_of(
    db: &Db,
    sql: &'static str,
    user_id: Option<i64>,
    window: Window,
) -> Result<Vec<Post>, Error> {
    let Window { limit, offset } = window;
    if let Some(reads) = db.sqlite_reads() {
        return Ok(match user_id {
            Some(id) => reads.all(sql, (id, limit, offset), Post::from_sqlite)?,
            None => reads.all(sql, (limit, offset), Post::from_sqlite)?,
        });
    }
    let mut query = sqlx::query_as::<_, Post>(sql);
    if let Some(id) = user_id {
        query = query.bind(id);
    }
    Ok(query.bind(limit).bind(offset).fetch_all(db.pool()).await?)
}

/// Every post of one user, oldest first, as the export writes them: body and time.
pub async fn all_by_author(db: &Db, user_id: i64) -> Result<Vec<(String, i64)>, Error> {
    Ok(sqlx::query_as::<_, (String, i64)>(
        "SELECT body, timestamp FROM posts WHERE user_id = $1 ORDER BY timestamp, id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// One post with its author.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<Post>, Error> {
    Ok(sqlx::query_as::<_, Post>(select_posts!("WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// How many posts [`explore`] lists.
pub async fn count_all(db: &Db) -> Result<i64, Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT count(*) FROM posts")
        .fetch_one(db.pool())
        .await?)
}

/// How many posts [`timeline`] lists for the user.
pub async fn count_timeline(db: &Db, user_id: i64) -> Result<i64, Error> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM posts p WHERE p.user_id = $1 \
            OR p.user_id IN (SELECT followed_id FROM followers WHERE follower_id = $1)",
    )
    .bind(user_id)
    .fetch_one(db.pool())
    .await?)
}

/// How many posts [`by_author`] lists for the user.
pub async fn count_by_author(db: &Db, user_id: i64) -> Result<i64, Error> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM posts WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(db.pool())
            .await?,
    )
}
