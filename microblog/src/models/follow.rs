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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::connect_url;
    use crate::models::post::{self, Window};
    use crate::models::user::{self, User};

    async fn memory_db() -> Db {
        connect_url("sqlite::memory:").await.unwrap()
    }

    async fn add_user(db: &Db, name: &str) -> User {
        user::create(db, name, &format!("{name}@example.com"), "pw")
            .await
            .unwrap()
            .unwrap()
    }

    /// Flask: `test_follow`.
    #[tokio::test]
    async fn follow_and_unfollow_counts() {
        let db = memory_db().await;
        let john = add_user(&db, "john").await;
        let susan = add_user(&db, "susan").await;
        assert_eq!(counts(&db, john.id).await.unwrap(), Counts::default());
        assert_eq!(counts(&db, susan.id).await.unwrap(), Counts::default());

        follow(&db, john.id, susan.id).await.unwrap();
        follow(&db, john.id, susan.id).await.unwrap();
        assert!(is_following(&db, john.id, susan.id).await.unwrap());
        assert!(!is_following(&db, susan.id, john.id).await.unwrap());
        let john_counts = counts(&db, john.id).await.unwrap();
        assert_eq!((john_counts.following, john_counts.followers), (1, 0));
        let susan_counts = counts(&db, susan.id).await.unwrap();
        assert_eq!((susan_counts.following, susan_counts.followers), (0, 1));

        unfollow(&db, john.id, susan.id).await.unwrap();
        assert!(!is_following(&db, john.id, susan.id).await.unwrap());
        assert_eq!(counts(&db, john.id).await.unwrap(), Counts::default());
        assert_eq!(counts(&db, susan.id).await.unwrap(), Counts::default());
    }

    #[tokio::test]
    async fn nobody_follows_themself() {
        let db = memory_db().await;
        let john = add_user(&db, "john").await;
        assert!(follow(&db, john.id, john.id).await.is_err());
        assert_eq!(counts(&db, john.id).await.unwrap(), Counts::default());
    }

    /// Flask: `test_follow_posts`.
    #[tokio::test]
    async fn timeline_of_four_users_following_each_other() {
        let db = memory_db().await;
        let john = add_user(&db, "john").await;
        let susan = add_user(&db, "susan").await;
        let mary = add_user(&db, "mary").await;
        let david = add_user(&db, "david").await;

        let now = crate::db::now_millis();
        let p1 = post::create_at(&db, john.id, "post from john", now + 1000)
            .await
            .unwrap();
        let p2 = post::create_at(&db, susan.id, "post from susan", now + 4000)
            .await
            .unwrap();
        let p3 = post::create_at(&db, mary.id, "post from mary", now + 3000)
            .await
            .unwrap();
        let p4 = post::create_at(&db, david.id, "post from david", now + 2000)
            .await
            .unwrap();

        follow(&db, john.id, susan.id).await.unwrap();
        follow(&db, john.id, david.id).await.unwrap();
        follow(&db, susan.id, mary.id).await.unwrap();
        follow(&db, mary.id, david.id).await.unwrap();

        let all = Window {
            limit: 100,
            offset: 0,
        };
        let ids = |posts: Vec<post::Post>| posts.into_iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(
            ids(post::timeline(&db, john.id, all).await.unwrap()),
            [p2, p4, p1]
        );
        assert_eq!(
            ids(post::timeline(&db, susan.id, all).await.unwrap()),
            [p2, p3]
        );
        assert_eq!(
            ids(post::timeline(&db, mary.id, all).await.unwrap()),
            [p3, p4]
        );
        assert_eq!(ids(post::timeline(&db, david.id, all).await.unwrap()), [p4]);

        // Windows page through the same order.
        let second = Window {
            limit: 2,
            offset: 2,
        };
        assert_eq!(
            ids(post::timeline(&db, john.id, second).await.unwrap()),
            [p1]
        );
        assert_eq!(
            ids(post::explore(&db, all).await.unwrap()),
            [p2, p3, p4, p1]
        );
        assert_eq!(ids(post::by_author(&db, mary.id, all).await.unwrap()), [p3]);
    }
}
