//! The logged-in users of the last second, kept in memory. Every page needs the session's user
//! (its name for the navbar, its password stamp to end sessions after a reset), and reading it
//! from the database on each request was one of the two queries of a timeline page. An entry is
//! dropped as soon as this process changes that user (profile, password) and lives a second at
//! most, so a change made by another replica on the same database (a password reset that ends
//! the other sessions) is seen within a second everywhere.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::models::User;

/// How long an entry is trusted.
const FRESH_FOR: Duration = Duration::from_secs(1);
/// Past this many entries, stale ones are swept (and all of them if none is stale).
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct UserCache {
    entries: Mutex<HashMap<i64, (Instant, User)>>,
}

impl UserCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<i64, (Instant, User)>> {
        // Nothing panics while holding the lock; recover the map if something ever did.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The user, if read from the database less than a second ago.
    pub fn get(&self, id: i64) -> Option<User> {
        self.get_at(id, Instant::now())
    }

    fn get_at(&self, id: i64, now: Instant) -> Option<User> {
        let entries = self.entries();
        let (read_at, user) = entries.get(&id)?;
        (now.duration_since(*read_at) < FRESH_FOR).then(|| user.clone())
    }

    /// Keeps `user` as just read (or just written) from the database.
    pub fn put(&self, user: User) {
        self.put_at(user, Instant::now());
    }

    fn put_at(&self, user: User, now: Instant) {
        let mut entries = self.entries();
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (read_at, _)| now.duration_since(*read_at) < FRESH_FOR);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(user.id, (now, user));
    }

    /// Records a new "last seen" of a kept user, without making the entry any younger (so the
    /// requests of the same second do not write it again).
    pub fn seen(&self, id: i64, last_seen: i64) {
        if let Some((_, user)) = self.entries().get_mut(&id) {
            user.last_seen = last_seen;
        }
    }

    /// Forgets a user this process has just changed in the database.
    pub fn forget(&self, id: i64) {
        self.entries().remove(&id);
    }

    /// Forgets everyone (a test that changes users behind the app's back).
    pub fn clear(&self) {
        self.entries().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, name: &str) -> User {
        User {
            id,
            username: name.into(),
            email: format!("{name}@example.com"),
            password_hash: String::new(),
            ..User::default()
        }
    }

    #[test]
    fn entries_last_a_second_and_can_be_forgotten() {
        let cache = UserCache::default();
        let start = Instant::now();
        cache.put_at(user(1, "susan"), start);
        let seen = |at| cache.get_at(1, at).map(|u| u.username);
        assert_eq!(seen(start).as_deref(), Some("susan"));
        assert_eq!(
            seen(start + Duration::from_millis(999)).as_deref(),
            Some("susan")
        );
        assert_eq!(seen(start + FRESH_FOR), None, "stale after a second");
        cache.put_at(user(1, "susanna"), start);
        assert_eq!(seen(start).as_deref(), Some("susanna"));
        cache.seen(1, 42);
        assert_eq!(cache.get_at(1, start).map(|u| u.last_seen), Some(42));
        assert_eq!(
            seen(start + FRESH_FOR),
            None,
            "a new last seen keeps the entry's age"
        );
        cache.forget(1);
        assert_eq!(seen(start), None);
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = UserCache::default();
        let start = Instant::now();
        for id in 0..MAX_ENTRIES as i64 {
            cache.put_at(user(id, "x"), start);
        }
        // All still fresh: the next one starts the cache over rather than growing it.
        cache.put_at(user(-1, "y"), start);
        assert_eq!(cache.entries().len(), 1);
        // Stale ones are swept first.
        for id in 0..(MAX_ENTRIES as i64 - 1) {
            cache.put_at(user(id, "x"), start);
        }
        cache.put_at(user(-2, "z"), start + FRESH_FOR);
        assert_eq!(cache.entries().len(), 1);
    }
}
