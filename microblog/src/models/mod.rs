//! The entities and their queries, one module each. Every query is a runtime `sqlx` query with
//! bound parameters.

/// Who follows whom, and the counts shown on profiles.
pub mod follow;
/// Private messages and the unread count.
pub mod message;
/// What the pages poll for: unread counts, task progress.
pub mod notification;
/// Posts and the timelines that list them.
pub mod post;
/// Full-text search of posts.
pub mod search;
/// Background tasks: launched by pages, run by the worker.
pub mod task;
/// API bearer tokens, stored hashed.
pub mod token;
/// Users: accounts, passwords, avatars, profiles.
pub mod user;

pub use post::Post;
pub use user::User;
