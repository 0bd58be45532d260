//! The entities and their queries, one module each. Every query is a runtime `sqlx` query with
//! bound parameters.

/// Who follows whom, and the counts shown on profiles.
pub mod follow;
/// Posts and the timelines that list them.
pub mod post;
/// API bearer tokens, stored hashed.
pub mod token;
/// Users: accounts, passwords, avatars, profiles.
pub mod user;

pub use post::Post;
pub use user::User;
