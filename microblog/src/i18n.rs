//! The languages the site speaks and their messages: Project Fluent catalogs, one a language
//! (`locales/<code>/microblog.ftl`, compiled into the binary), and the rule that picks a
//! reader's language: the one they chose with the footer's switcher (a cookie), else the best
//! match of their browser's `Accept-Language` (upstream's rule), else the first of `LANGUAGES`.
//!
//! Pages, forms, flashes, errors and mails say everything through [`Lang::t`] and
//! [`Lang::msg`]; no text a reader sees is written in the code.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::session;
use crate::state::AppState;

/// The cookie that remembers the language a reader chose.
pub const COOKIE_NAME: &str = "lang";

/// A language the site has a catalog for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Es,
    Fr,
}

impl Lang {
    /// Every language with a catalog; English is the reference and the fallback.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Fr];

    /// The two-letter code (ISO 639-1), as in `LANGUAGES`, `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
        }
    }

    /// The language of a code, whatever its case; `None` when the site has no catalog for it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The catalog's text.
    pub(crate) fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/microblog.ftl"),
            Lang::Es => include_str!("../locales/es/microblog.ftl"),
            Lang::Fr => include_str!("../locales/fr/microblog.ftl"),
        }
    }

    /// The message `id`, without arguments.
    pub fn t(self, id: &str) -> String {
        format(self, id, None)
    }

    /// The message `id`, with arguments to add: `lang.msg("flash-following").arg("username",
    /// name)`; it is written out by `Display` (or `to_string()`).
    pub fn msg(self, id: &'static str) -> Msg {
        Msg {
            lang: self,
            id,
            args: FluentArgs::new(),
        }
    }

    /// Whether this language's catalog has the message `id`.
    pub fn has(self, id: &str) -> bool {
        bundle(self).has_message(id)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a code in `LANGUAGES` is refused.
#[derive(Debug, thiserror::Error)]
#[error("no catalog for `{0}`: this build speaks en, es and fr")]
pub struct UnknownLanguage(String);

impl FromStr for Lang {
    type Err = UnknownLanguage;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Lang::from_code(code).ok_or_else(|| UnknownLanguage(code.to_owned()))
    }
}

/// A message with its arguments, written out in its language by `Display`.
pub struct Msg {
    lang: Lang,
    id: &'static str,
    args: FluentArgs<'static>,
}

impl Msg {
    /// A text argument (a name, a link).
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.set(name, FluentValue::from(value.to_string()));
        self
    }

    /// A number argument, which plural rules can select on ("1 follower", "2 followers").
    pub fn num(mut self, name: &'static str, value: impl Borrow<i64>) -> Self {
        self.args.set(name, FluentValue::from(*value.borrow()));
        self
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format(self.lang, self.id, Some(&self.args)))
    }
}

/// The bundles, in the order of [`Lang::ALL`]. A catalog that does not parse cleanly keeps
/// the messages that do (the catalog tests fail on any error, so none reaches a release).
static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| {
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let resource = FluentResource::try_new(lang.source().to_owned())
                .unwrap_or_else(|(partial, _)| partial);
            let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks around arguments: the three languages are written
            // left to right, and the marks would show in mails and break text comparisons.
            bundle.set_use_isolating(false);
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!("catalog {lang}: {errors:?}");
            }
            bundle
        })
        .collect()
});

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    &BUNDLES[index]
}

/// The message in `lang`, else in English (with a warning), else its id: a missing message
/// never fails a page.
fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    for lang in [lang, Lang::En] {
        let bundle = bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!("catalog {lang} has no message `{id}`");
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!("message `{id}` in {lang}: {errors:?}");
        }
        return text.into_owned();
    }
    id.to_owned()
}

/// The reader's language: their choice (the `lang` cookie) when the site speaks it, else the
/// best match of `Accept-Language` among `languages`, else the first of `languages`.
pub fn for_reader(headers: &HeaderMap, languages: &[Lang]) -> Lang {
    let chosen = session::cookies_named(headers, COOKIE_NAME)
        .next()
        .and_then(|cookie| Lang::from_code(cookie.value()))
        .filter(|lang| languages.contains(lang));
    chosen.unwrap_or_else(|| {
        let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        preferred(accept, languages)
    })
}

/// The best of `languages` for an `Accept-Language` header: the highest `q` whose primary tag
/// the site speaks (the first listed wins a tie), else the first of `languages`.
pub fn preferred(accept_language: Option<&str>, languages: &[Lang]) -> Lang {
    let default = languages.first().copied().unwrap_or_default();
    let Some(header) = accept_language else {
        return default;
    };
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let Some(known) = Lang::from_code(primary).filter(|l| languages.contains(l)) else {
            continue;
        };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, known));
        }
    }
    best.map_or(default, |(_, lang)| lang)
}

impl FromRequestParts<AppState> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(for_reader(&parts.headers, &state.config.languages))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use axum::http::header::COOKIE;
    use fluent_bundle::FluentResource;
    use fluent_syntax::ast;

    use super::*;

    /// Each message's id with its attributes, and the variables it uses, of one catalog.
    fn messages(lang: Lang) -> BTreeSet<String> {
        let resource = match FluentResource::try_new(lang.source().to_owned()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("catalog {lang} does not parse: {errors:?}"),
        };
        resource
            .entries()
            .filter_map(|entry| match entry {
                ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                ast::Entry::Term(term) => panic!("catalog {lang}: term -{}", term.id.name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_catalog_has_the_messages_of_the_others() {
        let reference = messages(Lang::En);
        for lang in Lang::ALL {
            let these = messages(lang);
            let missing: Vec<_> = reference.difference(&these).collect();
            let extra: Vec<_> = these.difference(&reference).collect();
            assert!(missing.is_empty(), "catalog {lang} misses {missing:?}");
            assert!(
                extra.is_empty(),
                "catalog {lang} has more than en: {extra:?}"
            );
        }
    }

    #[test]
    fn every_message_formats_without_error_in_every_language() {
        for lang in Lang::ALL {
            let bundle = bundle(lang);
            for id in messages(Lang::En) {
                let pattern = bundle.get_message(&id).and_then(|m| m.value());
                let pattern = pattern.unwrap_or_else(|| panic!("{lang}: {id} has no value"));
                let mut args = FluentArgs::new();
                for name in [
                    "username",
                    "title",
                    "link",
                    "count",
                    "max",
                    "min",
                    "status",
                    "field",
                    "reason",
                    "n",
                    "followers",
                    "following",
                    "day",
                    "month",
                    "year",
                    "hour",
                    "hour12",
                    "minute",
                    "period",
                ] {
                    args.set(name, FluentValue::from(2));
                }
                let mut errors = Vec::new();
                bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{lang}: {id}: {errors:?}");
            }
        }
    }

    #[test]
    fn every_message_the_code_asks_for_exists() {
        let reference = messages(Lang::En);
        let root = env!("CARGO_MANIFEST_DIR");
        let mut asked = BTreeSet::new();
        for dir in ["src", "templates"] {
            collect_ids(&std::path::Path::new(root).join(dir), &mut asked);
        }
        assert!(
            asked.len() > 60,
            "only {} ids found: the scan is broken",
            asked.len()
        );
        let missing: Vec<_> = asked.difference(&reference).collect();
        assert!(
            missing.is_empty(),
            "asked for but in no catalog: {missing:?}"
        );
    }

    /// The ids in `t("…")`, `msg("…")`, `push("…")` and `add_msg(_, "…")` calls of the sources.
    fn collect_ids(dir: &std::path::Path, ids: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_ids(&path, ids);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for call in ["t(\"", "msg(\"", "push(\"", "\", \""] {
                for (at, _) in text.match_indices(call) {
                    let rest = &text[at + call.len()..];
                    let id: String = rest
                        .chars()
                        .take_while(|c| {
                            c.is_ascii_lowercase() || *c == '-' || *c == '_' || c.is_ascii_digit()
                        })
                        .collect();
                    let message_like = id.contains('-') && rest[id.len()..].starts_with('"');
                    let known_prefix = id.split('-').next().is_some_and(|p| PREFIXES.contains(&p));
                    if message_like && known_prefix {
                        ids.insert(id);
                    }
                }
            }
        }
    }

    /// The first words of the catalogs' ids.
    const PREFIXES: &[&str] = &[
        "language",
        "site",
        "nav",
        "footer",
        "task",
        "post",
        "posts",
        "messages",
        "index",
        "explore",
        "search",
        "login",
        "register",
        "reset",
        "profile",
        "edit",
        "send",
        "field",
        "button",
        "form",
        "flash",
        "error",
        "translate",
        "mail",
        "time",
        "date",
        "month",
    ];

    #[test]
    fn arguments_are_placed_and_plurals_chosen() {
        assert_eq!(
            Lang::En
                .msg("index-hello")
                .arg("username", "susan")
                .to_string(),
            "Hi, susan!"
        );
        assert_eq!(
            Lang::Fr
                .msg("index-hello")
                .arg("username", "susan")
                .to_string(),
            "Bonjour, susan\u{a0}!"
        );
        assert_eq!(
            Lang::Es
                .msg("index-hello")
                .arg("username", "susan")
                .to_string(),
            "¡Hola, susan!"
        );
        let counts = |lang: Lang, a, b| {
            lang.msg("profile-counts")
                .num("followers", a)
                .num("following", b)
                .to_string()
        };
        assert_eq!(counts(Lang::En, 1, 0), "1 follower, 0 following.");
        assert_eq!(counts(Lang::En, 2, 1), "2 followers, 1 following.");
        assert_eq!(counts(Lang::Fr, 0, 1), "0 abonné, 1 abonnement.");
        assert_eq!(counts(Lang::Fr, 3, 2), "3 abonnés, 2 abonnements.");
        assert_eq!(counts(Lang::Es, 1, 4), "1 seguidor, 4 siguiendo.");
    }

    #[test]
    fn a_missing_message_falls_back_to_english_then_its_id() {
        assert_eq!(Lang::Fr.t("no-such-message"), "no-such-message");
    }

    #[test]
    fn mails_keep_their_blank_lines() {
        let body = Lang::Fr
            .msg("mail-export-body")
            .arg("username", "susan")
            .num("count", 3)
            .to_string();
        assert!(
            body.starts_with("Bonjour susan,\n\nVoici vos publications"),
            "{body}"
        );
        assert!(body.ends_with("\n\nL'équipe Microblog"), "{body}");
    }

    #[test]
    fn the_reader_language_is_the_best_one_the_site_speaks() {
        let site = Lang::ALL;
        assert_eq!(preferred(None, &site), Lang::En);
        assert_eq!(preferred(Some("fr-FR,fr;q=0.9,en;q=0.8"), &site), Lang::Fr);
        assert_eq!(preferred(Some("de-DE,de;q=0.9,es;q=0.5"), &site), Lang::Es);
        assert_eq!(preferred(Some("en;q=0.2, es;q=0.7"), &site), Lang::Es);
        assert_eq!(preferred(Some("de"), &site), Lang::En);
        assert_eq!(preferred(Some("fr;q=0"), &site), Lang::En);
        assert_eq!(preferred(Some(";;;,,,q=x"), &site), Lang::En);
        assert_eq!(preferred(Some("fr"), &[Lang::Es, Lang::En]), Lang::Es);
    }

    #[test]
    fn a_chosen_language_beats_the_browser_s_when_the_site_speaks_it() {
        let headers = |cookie: &str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_LANGUAGE, "es".parse().unwrap());
            h.insert(COOKIE, cookie.parse().unwrap());
            h
        };
        assert_eq!(for_reader(&headers("lang=fr"), &Lang::ALL), Lang::Fr);
        assert_eq!(for_reader(&headers("a=b; lang=FR"), &Lang::ALL), Lang::Fr);
        assert_eq!(for_reader(&headers("lang=de"), &Lang::ALL), Lang::Es);
        assert_eq!(
            for_reader(&headers("lang=fr"), &[Lang::En, Lang::Es]),
            Lang::Es
        );
    }

    #[test]
    fn languages_are_parsed_from_their_codes() {
        assert_eq!("FR".parse::<Lang>().unwrap(), Lang::Fr);
        let error = "de".parse::<Lang>().unwrap_err().to_string();
        assert_eq!(
            error,
            "no catalog for `de`: this build speaks en, es and fr"
        );
    }
}
