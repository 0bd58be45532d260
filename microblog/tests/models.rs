//! The model layer on each engine, written once over the pool both share: the Flask app's model
//! tests (`test_follow`, `test_follow_posts`), and the rules the schema enforces.

mod common;

use common::{block_on, on_both_engines, Engine, Store};
use microblog::db::Db;
use microblog::models::follow;
use microblog::models::post::{self, Window};
use microblog::models::user::{self, Taken, User};

on_both_engines!(
    follow_and_unfollow_counts,
    nobody_follows_themself,
    timeline_of_four_users_following_each_other,
    names_and_addresses_are_unique_and_say_which_was_taken,
);

/// Runs `test` on a fresh database of `engine`.
fn with_db<F: std::future::Future<Output = ()>>(engine: Engine, test: impl FnOnce(Db) -> F) {
    let store = Store::new(engine);
    let db = store.connect();
    block_on(async {
        test(db.clone()).await;
        db.close().await;
    });
}

async fn add_user(db: &Db, name: &str) -> User {
    user::create(db, name, &format!("{name}@example.com"), "pw")
        .await
        .expect("the database answers")
        .expect("a new user")
}

/// Flask: `test_follow`.
fn follow_and_unfollow_counts(engine: Engine) {
    with_db(engine, |db| async move {
        let john = add_user(&db, "john").await;
        let susan = add_user(&db, "susan").await;
        let none = follow::Counts::default();
        assert_eq!(follow::counts(&db, john.id).await.unwrap(), none);
        assert_eq!(follow::counts(&db, susan.id).await.unwrap(), none);

        follow::follow(&db, john.id, susan.id).await.unwrap();
        follow::follow(&db, john.id, susan.id).await.unwrap();
        assert!(follow::is_following(&db, john.id, susan.id).await.unwrap());
        assert!(!follow::is_following(&db, susan.id, john.id).await.unwrap());
        let john_counts = follow::counts(&db, john.id).await.unwrap();
        assert_eq!((john_counts.following, john_counts.followers), (1, 0));
        let susan_counts = follow::counts(&db, susan.id).await.unwrap();
        assert_eq!((susan_counts.following, susan_counts.followers), (0, 1));

        // A profile's view of the same, in one query.
        let (counts, follows) = follow::seen_by(&db, john.id, susan.id).await.unwrap();
        assert_eq!((counts.followers, counts.following, follows), (1, 0, true));
        let (counts, follows) = follow::seen_by(&db, susan.id, john.id).await.unwrap();
        assert_eq!((counts.followers, counts.following, follows), (0, 1, false));

        follow::unfollow(&db, john.id, susan.id).await.unwrap();
        assert!(!follow::is_following(&db, john.id, susan.id).await.unwrap());
        assert_eq!(follow::counts(&db, john.id).await.unwrap(), none);
        assert_eq!(follow::counts(&db, susan.id).await.unwrap(), none);
    });
}

fn nobody_follows_themself(engine: Engine) {
    with_db(engine, |db| async move {
        let john = add_user(&db, "john").await;
        assert!(follow::follow(&db, john.id, john.id).await.is_err());
        assert_eq!(
            follow::counts(&db, john.id).await.unwrap(),
            follow::Counts::default()
        );
    });
}

/// Flask: `test_follow_posts`.
fn timeline_of_four_users_following_each_other(engine: Engine) {
    with_db(engine, |db| async move {
        let john = add_user(&db, "john").await.id;
        let susan = add_user(&db, "susan").await.id;
        let mary = add_user(&db, "mary").await.id;
        let david = add_user(&db, "david").await.id;

        let now = microblog::clock::now_millis();
        let p1 = post::create_at(&db, john, "post from john", now + 1000)
            .await
            .unwrap();
        let p2 = post::create_at(&db, susan, "post from susan", now + 4000)
            .await
            .unwrap();
        let p3 = post::create_at(&db, mary, "post from mary", now + 3000)
            .await
            .unwrap();
        let p4 = post::create_at(&db, david, "post from david", now + 2000)
            .await
            .unwrap();

        follow::follow(&db, john, susan).await.unwrap();
        follow::follow(&db, john, david).await.unwrap();
        follow::follow(&db, susan, mary).await.unwrap();
        follow::follow(&db, mary, david).await.unwrap();

        let all = Window {
            limit: 100,
            offset: 0,
        };
        let timeline = |who| {
            let db = db.clone();
            async move {
                post::timeline(&db, who, all)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|p| p.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(timeline(john).await, [p2, p4, p1]);
        assert_eq!(timeline(susan).await, [p2, p3]);
        assert_eq!(timeline(mary).await, [p3, p4]);
        assert_eq!(timeline(david).await, [p4]);
    });
}

/// The database refuses a second user with the same name, or with the same address in any case
/// (`Susan@Example.COM` is `susan@example.com`), and says which rule was broken, so a form can
/// put the error next to the right field without asking again.
fn names_and_addresses_are_unique_and_say_which_was_taken(engine: Engine) {
    with_db(engine, |db| async move {
        let susan = add_user(&db, "susan").await;
        let create = |name: &'static str, email: &'static str| {
            let db = db.clone();
            async move { user::create(&db, name, email, "pw").await.unwrap().err() }
        };
        assert_eq!(
            create("susan", "other@example.com").await,
            Some(Taken::Username)
        );
        assert_eq!(
            create("other", "susan@example.com").await,
            Some(Taken::Email)
        );
        assert_eq!(
            create("other", "Susan@Example.COM").await,
            Some(Taken::Email)
        );
        assert_eq!(
            create("Susan", "susan2@example.com").await,
            None,
            "names keep their case"
        );

        let john = add_user(&db, "john").await;
        let rename = |name: &'static str| {
            let db = db.clone();
            async move { user::update_profile(&db, john.id, name, "").await.unwrap() }
        };
        assert_eq!(rename("susan").await, Err(Taken::Username));
        assert_eq!(rename("johnny").await, Ok(()));

        // The lookups agree: an address is found in any case.
        let found = user::by_email(&db, "SUSAN@example.com").await.unwrap();
        assert_eq!(found.map(|u| u.id), Some(susan.id));
    });
}
