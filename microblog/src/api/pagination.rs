//! `?page=N&per_page=M` and the `_meta` / `_links` of a list, as upstream's
//! `PaginatedAPIMixin`. A `page` or `per_page` that is not a positive integer means its
//! default (page 1, 10 per page), as upstream's `type=int` does; `per_page` is capped at 100.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::models::post::Window;

pub const DEFAULT_PER_PAGE: i64 = 10;
pub const MAX_PER_PAGE: i64 = 100;

/// The page asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// 1-based; anything else means 1.
    #[param(minimum = 1, default = 1)]
    pub page: i64,
    /// Items per page, at most 100; anything not a positive integer means 10.
    #[param(minimum = 1, maximum = 100, default = 10)]
    pub per_page: i64,
}

impl Paging {
    pub fn parse(query: Option<&str>) -> Self {
        let number = |name: &str| {
            query.and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(key, _)| key == name)
                    .and_then(|(_, value)| value.trim().parse::<i64>().ok())
                    .filter(|n| *n >= 1)
            })
        };
        Paging {
            page: number("page").unwrap_or(1),
            per_page: number("per_page")
                .unwrap_or(DEFAULT_PER_PAGE)
                .min(MAX_PER_PAGE),
        }
    }

    /// The rows of this page.
    pub fn window(self) -> Window {
        Window {
            limit: self.per_page,
            offset: (self.page - 1).saturating_mul(self.per_page),
        }
    }

    /// `_meta` and `_links` for a list of `total` items at `path`.
    pub fn describe(self, total: i64, path: &str) -> (Meta, Links) {
        let total_pages = if total == 0 {
            0
        } else {
            (total - 1) / self.per_page + 1
        };
        let link = |page: i64| format!("{path}?page={page}&per_page={}", self.per_page);
        let meta = Meta {
            page: self.page,
            per_page: self.per_page,
            total_pages,
            total_items: total,
        };
        let links = Links {
            self_: link(self.page),
            next: (self.page < total_pages).then(|| link(self.page + 1)),
            prev: (self.page > 1).then(|| link(self.page - 1)),
        };
        (meta, links)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(query) = RawQuery::from_request_parts(parts, state).await?;
        Ok(Paging::parse(query.as_deref()))
    }
}

/// Where a list stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    pub page: i64,
    pub per_page: i64,
    pub total_pages: i64,
    pub total_items: i64,
}

/// This page, and the pages around it when there are.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Links {
    #[serde(rename = "self")]
    pub self_: String,
    pub next: Option<String>,
    pub prev: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_numbers_mean_the_defaults_and_per_page_is_capped() {
        for query in [
            None,
            Some("page=0&per_page=0"),
            Some("page=-3&per_page=-1"),
            Some("page=x&per_page=y"),
            Some("page=99999999999999999999"),
        ] {
            assert_eq!(
                Paging::parse(query),
                Paging {
                    page: 1,
                    per_page: 10
                },
                "{query:?}"
            );
        }
        assert_eq!(Paging::parse(Some("page=2&per_page=1000")).per_page, 100);
        assert_eq!(Paging::parse(Some("page=2&per_page=5")).window().offset, 5);
    }

    #[test]
    fn meta_and_links() {
        let paging = Paging {
            page: 2,
            per_page: 2,
        };
        let (meta, links) = paging.describe(5, "/api/users");
        assert_eq!((meta.total_pages, meta.total_items), (3, 5));
        assert_eq!(links.self_, "/api/users?page=2&per_page=2");
        assert_eq!(links.next.as_deref(), Some("/api/users?page=3&per_page=2"));
        assert_eq!(links.prev.as_deref(), Some("/api/users?page=1&per_page=2"));
        let (meta, links) = Paging::parse(None).describe(0, "/api/users");
        assert_eq!(meta.total_pages, 0);
        assert_eq!((links.next, links.prev), (None, None));
    }
}
