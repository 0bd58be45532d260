//! The cow's face: eyes and tongue, from `-e`/`-T` and the face modes.

/// A face mode, in the order Debian applies them: when several are given, the last one of this
/// order wins, whatever the order on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Preset {
    /// `-b`
    Borg,
    /// `-d`
    Dead,
    /// `-g`
    Greedy,
    /// `-p`
    Paranoid,
    /// `-s`
    Stoned,
    /// `-t`
    Tired,
    /// `-w`
    Wired,
    /// `-y`
    Youthful,
}

impl Preset {
    pub const ALL: [Preset; 8] = [
        Preset::Borg,
        Preset::Dead,
        Preset::Greedy,
        Preset::Paranoid,
        Preset::Stoned,
        Preset::Tired,
        Preset::Wired,
        Preset::Youthful,
    ];

    /// Its eyes, and its tongue if it sets one.
    fn look(self) -> (&'static str, Option<&'static str>) {
        match self {
            Preset::Borg => ("==", None),
            Preset::Dead => ("xx", Some("U ")),
            Preset::Greedy => ("$$", None),
            Preset::Paranoid => ("@@", None),
            Preset::Stoned => ("**", Some("U ")),
            Preset::Tired => ("--", None),
            Preset::Wired => ("OO", None),
            Preset::Youthful => ("..", None),
        }
    }
}

/// Eyes and tongue, as the cow file's `$eyes` and `$tongue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    pub eyes: String,
    pub tongue: String,
}

impl Default for Face {
    fn default() -> Self {
        Face {
            eyes: "oo".into(),
            tongue: "  ".into(),
        }
    }
}

/// The first two characters: `-e` and `-T` may be shorter, even empty.
fn first_two(s: &str) -> String {
    s.chars().take(2).collect()
}

impl Face {
    /// The face for `-e EYES`, `-T TONGUE` and the given modes (which override both).
    pub fn new(eyes: Option<&str>, tongue: Option<&str>, presets: &[Preset]) -> Face {
        let mut face = Face::default();
        if let Some(eyes) = eyes {
            face.eyes = first_two(eyes);
        }
        if let Some(tongue) = tongue {
            face.tongue = first_two(tongue);
        }
        let mut presets = presets.to_vec();
        presets.sort();
        for preset in presets {
            let (eyes, tongue) = preset.look();
            face.eyes = eyes.into();
            if let Some(tongue) = tongue {
                face.tongue = tongue.into();
            }
        }
        face
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(eyes: &str, tongue: &str) -> Face {
        Face {
            eyes: eyes.into(),
            tongue: tongue.into(),
        }
    }

    #[test]
    fn default_face() {
        assert_eq!(Face::new(None, None, &[]), face("oo", "  "));
    }

    #[test]
    fn eyes_and_tongue_keep_two_characters_at_most() {
        assert_eq!(Face::new(Some("^^^"), Some("VVV"), &[]), face("^^", "VV"));
        assert_eq!(Face::new(Some(""), Some(""), &[]), face("", ""));
        assert_eq!(Face::new(Some("x"), None, &[]), face("x", "  "));
        assert_eq!(Face::new(Some("éèà"), None, &[]), face("éè", "  "));
    }

    #[test]
    fn each_mode() {
        let expected = [
            ("==", "  "),
            ("xx", "U "),
            ("$$", "  "),
            ("@@", "  "),
            ("**", "U "),
            ("--", "  "),
            ("OO", "  "),
            ("..", "  "),
        ];
        for (preset, (eyes, tongue)) in Preset::ALL.into_iter().zip(expected) {
            assert_eq!(Face::new(None, None, &[preset]), face(eyes, tongue));
        }
    }

    #[test]
    fn modes_override_options_and_the_last_in_debian_order_wins() {
        assert_eq!(
            Face::new(Some("^^"), Some("V"), &[Preset::Dead]),
            face("xx", "U ")
        );
        assert_eq!(
            Face::new(None, None, &[Preset::Youthful, Preset::Dead]),
            face("..", "U ")
        );
        assert_eq!(
            Face::new(Some("^^"), Some("V"), &[Preset::Borg]),
            face("==", "V")
        );
    }
}
