//! The language a post is written in, as upstream stores it: a two-letter ISO 639-1 code, or
//! nothing when the detector is not sure (short posts often) or the language has no such code.

use isolang::Language;

/// The post's language, `""` when unknown.
pub fn detect(text: &str) -> String {
    whatlang::detect(text)
        .filter(whatlang::Info::is_reliable)
        .and_then(|info| Language::from_639_3(info.lang().code()))
        .and_then(|language| language.to_639_1())
        .map(str::to_owned)
        .unwrap_or_default()
}

/// The reader's language from `Accept-Language`: the first of the site's `languages` it
/// prefers (by `q`), else the first of them.
pub fn preferred<'a>(accept_language: Option<&str>, languages: &'a [String]) -> &'a str {
    let default = languages.first().map_or("en", String::as_str);
    let Some(header) = accept_language else {
        return default;
    };
    let mut best: Option<(f32, &'a str)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let Some(known) = languages.iter().find(|l| l.eq_ignore_ascii_case(primary)) else {
            continue;
        };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, known.as_str()));
        }
    }
    best.map_or(default, |(_, language)| language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_long_enough_get_their_language() {
        assert_eq!(
            detect("Le chat dort sur le canapé depuis ce matin, il ne veut pas bouger."),
            "fr"
        );
        assert_eq!(
            detect("El perro come su comida en la cocina todas las mañanas."),
            "es"
        );
        assert_eq!(
            detect("The cat has been sleeping on the sofa since this morning."),
            "en"
        );
        assert_eq!(detect("ok"), "");
        assert_eq!(detect(""), "");
        assert_eq!(detect("12345 !!!"), "");
    }

    #[test]
    fn the_reader_language_is_the_best_one_the_site_speaks() {
        let site: Vec<String> = ["en", "es", "fr"].map(String::from).to_vec();
        assert_eq!(preferred(None, &site), "en");
        assert_eq!(preferred(Some("fr-FR,fr;q=0.9,en;q=0.8"), &site), "fr");
        assert_eq!(preferred(Some("de-DE,de;q=0.9,es;q=0.5"), &site), "es");
        assert_eq!(preferred(Some("en;q=0.2, es;q=0.7"), &site), "es");
        assert_eq!(preferred(Some("de"), &site), "en");
        assert_eq!(preferred(Some("fr;q=0"), &site), "en");
        assert_eq!(preferred(Some(";;;,,,q=x"), &site), "en");
    }
}
