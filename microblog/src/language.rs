//! The language a post is written in, as upstream stores it: a two-letter ISO 639-1 code, or
//! nothing when the detector is not sure (short posts often).

use whatlang::Lang;

/// The post's language, `""` when unknown.
pub fn detect(text: &str) -> String {
    whatlang::detect(text)
        .filter(whatlang::Info::is_reliable)
        .map(|info| two_letters(info.lang()).to_owned())
        .unwrap_or_default()
}

/// The ISO 639-1 code of each language the detector knows (it speaks ISO 639-3). A table of
/// its 70 rather than a crate of all 7,000 (`isolang`, which the tests check this against, adds
/// a few hundred kilobytes to the static image). Mandarin and Persian, which ISO 639-1 only
/// knows by their macrolanguage, get it: `zh` and `fa`, as translators name them.
fn two_letters(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_letter_codes_are_iso_639_1() {
        for lang in Lang::all() {
            let ours = two_letters(*lang);
            match isolang::Language::from_639_3(lang.code()).and_then(|l| l.to_639_1()) {
                Some(theirs) => assert_eq!(ours, theirs, "{lang:?}"),
                // Macrolanguage members: the macrolanguage's code.
                None => {
                    let macrolanguage = match lang.code() {
                        "cmn" => "zh",
                        "pes" => "fa",
                        other => panic!("{other} has no ISO 639-1 code"),
                    };
                    assert_eq!(ours, macrolanguage);
                }
            }
        }
    }

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
}
