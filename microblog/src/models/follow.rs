use crate::db::Db;
use crate::Error;

/// `follower` follows `followed` (again: following twice is harmless).
pub async fn follow(db: &Db, follower: i64, followed: i64) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO followers (follower_id, followed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(follower)
    .bind(followed)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// `follower` stops following `followed` (if they did).
pub async fn unfollow(db: &Db, follower: i64, followed: i64) -> Result<(), Error> {
    sqlx::query("DELETE FROM followers WHERE follower_id = $1 AND followed_id = $2")
        .bind(follower)
        .bind(followed)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn is_following(db: &Db, follower: i64, followed: i64) -> Result<bool, Error> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM followers WHERE follower_id = $1 AND followed_id = $2",
    )
    .bind(follower)
    .bind(followed)
    .fetch_one(db.pool())
    .await?
        > 0)
}

/// How many users follow `user`, and how many `user` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub followers: i64,
    pub following: i64,
}

/// What a profile shows of `user` to `viewer`: the counts, and whether the viewer follows them,
/// in one query.
pub async fn seen_by(db: &Db, viewer: i64, user: i64) -> Result<(Counts, bool), Error> {
    const SQL: &str = "SELECT (SELECT count(*) FROM followers WHERE followed_id = $1), \
                (SELECT count(*) FROM followers WHERE follower_id = $1), \
                (SELECT count(*) FROM followers WHERE follower_id = $2 AND followed_id = $1)";
    let (followers, following, is_following) = match db.sqlite_reads() {
        Some(reads) => reads
            .first(SQL, [user, viewer], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .unwrap_or_default(),
        None => {
            sqlx::query_as::<_, (i64, i64, i64)>(SQL)
                .bind(user)
                .bind(viewer)
                .fetch_one(db.pool())
                .await?
        }
    };
    let counts = Counts {
        followers,
        following,
    };
    Ok((counts, is_following > 0))
}

pub async fn counts(db: &Db, user: i64) -> Result<Counts, Error> {
    let (followers, following) = sqlx::query_as::<_, (i64, i64)>(
        "SELECT (SELECT count(*) FROM followers WHERE followed_id = $1), \
                (SELECT count(*) FROM followers WHERE follower_id = $1)",
    )
    .bind(user)
    .fetch_one(db.pool())
    .await?;
    Ok(Counts {
        followers,
        following,
    })
}
