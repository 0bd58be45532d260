//! Full-text search of posts, in the database: SQLite's FTS5 index, PostgreSQL's text-search
//! vectors (migration 0007). What a person types is data, never query syntax: it is cut into
//! words (runs of letters and digits), and a post matches if it has any of them, as upstream's
//! Elasticsearch query did; the best matches come first, then the newest.

use crate::db::{Db, Engine};
use crate::models::post::{Post, Window};
use crate::Error;

/// The most words of a query that are searched (the rest of a 10 kB paste is ignored).
pub const MAX_TERMS: usize = 16;

/// The longest word searched, in characters.
const MAX_TERM_CHARS: usize = 64;

/// The words of a query, lowercased, without repeats: letters and digits only, so that no
/// quote, operator (`NEAR`, `OR`, `*`, `:`) or NUL reaches the search engine as syntax.
pub fn terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in query.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let word: String = word
            .chars()
            .take(MAX_TERM_CHARS)
            .collect::<String>()
            .to_lowercase();
        if !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// One page of the posts matching any of `terms`, best first.
pub async fn posts(
    db: &Db,
    engine: Engine,
    terms: &[String],
    window: Window,
) -> Result<Vec<Post>, Error> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let (sql, query) = match engine {
        // Each word quoted: an FTS5 string, whatever it holds (only letters and digits here).
        Engine::Sqlite => (
            "SELECT p.id, p.body, p.timestamp, p.language, p.user_id, u.username, u.email \
             FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid JOIN users u ON u.id = p.user_id \
             WHERE posts_fts MATCH $1 \
             ORDER BY posts_fts.rank, p.timestamp DESC, p.id DESC \
             LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)",
            terms
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(" OR "),
        ),
        Engine::Postgres => (
            "SELECT p.id, p.body, p.timestamp, p.language, p.user_id, u.username, u.email \
             FROM posts p JOIN users u ON u.id = p.user_id, posts_search_query($1) AS q \
             WHERE posts_search_vector(p.body) @@ q \
             ORDER BY ts_rank(posts_search_vector(p.body), q) DESC, p.timestamp DESC, p.id DESC \
             LIMIT CAST($2 AS BIGINT) OFFSET CAST($3 AS BIGINT)",
            terms.join(" | "),
        ),
    };
    Ok(sqlx::query_as::<_, Post>(sql)
        .bind(query)
        .bind(window.limit)
        .bind(window.offset)
        .fetch_all(db.pool())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_words_never_syntax() {
        assert_eq!(terms("Hello, World! hello"), ["hello", "world"]);
        assert_eq!(
            terms("\"a\" NEAR(b c) * d:e -f ^g"),
            ["a", "near", "b", "c", "d", "e", "f", "g"]
        );
        assert_eq!(terms("l'éléphant"), ["l", "éléphant"]);
        assert_eq!(terms("a\0b"), ["a", "b"]);
        assert!(terms("' \" * ( ) : -").is_empty());
        assert_eq!(terms(&"word ".repeat(2000)), ["word"]);
        let many: String = (0..1000).map(|n| format!("w{n} ")).collect();
        assert_eq!(terms(&many).len(), MAX_TERMS);
        assert_eq!(
            terms(&"x".repeat(10_000))[0].chars().count(),
            MAX_TERM_CHARS
        );
    }
}
