use crate::db::Db;
use crate::Error;

/// `follower` follows `followed` (again: following twice is harmless).
pub async fn follow(db: &Db, follower: i64, followed: i64) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO followers (follower_id, followed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(follower)
    .bind(followed)
    .execute(db)
    .await?;
    Ok(())
}

/// `follower` stops following `followed` (if they did).
pub async fn unfollow(db: &Db, follower: i64, followed: i64) -> Result<(), Error> {
    sqlx::query("DELETE FROM followers WHERE follower_id = $1 AND followed_id = $2")
        .bind(follower)
        .bind(followed)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn is_following(db: &Db, follower: i64, followed: i64) -> Result<bool, Error> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM followers WHERE follower_id = $1 AND followed_id = $2",
    )
    .bind(follower)
    .bind(followed)
    .fetch_one(db)
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
    let (followers, following, is_following) = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT (SELECT count(*) FROM followers WHERE followed_id = $1), \
                (SELECT count(*) FROM followers WHERE follower_id = $1), \
                (SELECT count(*) FROM followers WHERE follower_id = $2 AND followed_id = $1)",
    )
    .bind(user)
    .bind(viewer)
    .fetch_one(db)
    .await?;
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
    .fetch_one(db)
    .await?;
    Ok(Counts {
        followers,
        following,
    })
}
