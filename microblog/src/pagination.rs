//! `?page=N` and the "Newer posts" / "Older posts" links. A page number that is not a positive
//! integer (`-1`, `abc`, `99999999999999999999`) means the first page, as in Flask.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use crate::models::post::Window;

/// The requested page, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNumber(pub i64);

impl PageNumber {
    pub fn parse(query: Option<&str>) -> Self {
        let page = query
            .and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(name, _)| name == "page")
                    .and_then(|(_, value)| value.trim().parse::<i64>().ok())
            })
            .filter(|page| *page >= 1)
            .unwrap_or(1);
        Self(page)
    }

    /// The rows to read for this page: one more than a page, to know whether another follows.
    pub fn window(self, per_page: u32) -> Window {
        let per_page = i64::from(per_page);
        Window {
            limit: per_page + 1,
            offset: (self.0 - 1).saturating_mul(per_page),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageNumber {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(query) = RawQuery::from_request_parts(parts, state).await?;
        Ok(Self::parse(query.as_deref()))
    }
}

/// The links around a page of posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub newer: Option<String>,
    pub older: Option<String>,
}

/// Trims the extra row read by [`PageNumber::window`] and makes the links, to `base?page=N`.
pub fn paginate<T>(
    mut items: Vec<T>,
    page: PageNumber,
    per_page: u32,
    base: &str,
) -> (Vec<T>, Pager) {
    let has_older = items.len() > per_page as usize;
    items.truncate(per_page as usize);
    let separator = if base.contains('?') { '&' } else { '?' };
    let link = |n: i64| format!("{base}{separator}page={n}");
    let pager = Pager {
        newer: (page.0 > 1).then(|| link(page.0 - 1)),
        older: has_older.then(|| link(page.0.saturating_add(1))),
    };
    (items, pager)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_page_numbers_mean_the_first_page() {
        for query in [
            None,
            Some(""),
            Some("page=abc"),
            Some("page=-1"),
            Some("page=0"),
            Some("page=99999999999999999999"),
            Some("page=1.5"),
            Some("page=%FF"),
        ] {
            assert_eq!(PageNumber::parse(query), PageNumber(1), "{query:?}");
        }
        assert_eq!(PageNumber::parse(Some("x=1&page=3&page=4")), PageNumber(3));
        assert_eq!(PageNumber::parse(Some("page=+2")), PageNumber(2));
    }

    #[test]
    fn windows_and_links() {
        assert_eq!(PageNumber(1).window(25).offset, 0);
        assert_eq!(PageNumber(3).window(25).offset, 50);
        assert_eq!(PageNumber(i64::MAX).window(25).offset, i64::MAX);

        let (items, pager) = paginate(vec![1, 2, 3], PageNumber(1), 2, "/index");
        assert_eq!(items, [1, 2]);
        assert_eq!(
            pager,
            Pager {
                newer: None,
                older: Some("/index?page=2".into())
            }
        );
        let (_, pager) = paginate(vec![1, 2, 3], PageNumber(2), 2, "/search?q=cat");
        assert_eq!(pager.older.as_deref(), Some("/search?q=cat&page=3"));
        let (items, pager) = paginate(vec![3], PageNumber(2), 2, "/index");
        assert_eq!(items, [3]);
        assert_eq!(
            pager,
            Pager {
                newer: Some("/index?page=1".into()),
                older: None
            }
        );
    }
}
