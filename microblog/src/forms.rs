//! Form validation with WTForms' messages. Forms are serde structs of strings (so parsing never
//! fails on what a browser or a script sends); each has a `validate()` returning [`Errors`],
//! which the templates show next to their fields.

/// Field errors, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(Vec<(&'static str, String)>);

impl Errors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages of one field.
    pub fn of(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
            .collect()
    }

    /// Whether `field` has no error yet (checks that hit the database run only then).
    pub fn ok(&self, field: &str) -> bool {
        self.0.iter().all(|(name, _)| *name != field)
    }

    /// Checks that `value` is present, and the other basic rules every text field follows.
    pub fn required(&mut self, field: &'static str, value: &str) -> &mut Self {
        if value.trim().is_empty() {
            self.add(field, "This field is required.");
        } else {
            self.clean(field, value);
        }
        self
    }

    /// Refuses NUL and other control characters but line breaks and tabs (no database stores
    /// NUL alike; nothing legitimate sends it).
    pub fn clean(&mut self, field: &'static str, value: &str) -> &mut Self {
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.add(field, "Field contains invalid characters.");
        }
        self
    }

    /// At most `max` characters (not bytes), and at least `min`.
    pub fn length(
        &mut self,
        field: &'static str,
        value: &str,
        min: usize,
        max: usize,
    ) -> &mut Self {
        let n = value.chars().count();
        if n < min || n > max {
            if min == 0 {
                self.add(
                    field,
                    format!("Field cannot be longer than {max} characters."),
                );
            } else {
                self.add(
                    field,
                    format!("Field must be between {min} and {max} characters long."),
                );
            }
        }
        self
    }

    /// A plausible e-mail address.
    pub fn email(&mut self, field: &'static str, value: &str) -> &mut Self {
        if !value.trim().is_empty() && !is_email(value.trim()) {
            self.add(field, "Invalid email address.");
        }
        self
    }

    /// `value` equals the field `other` (the repeated password).
    pub fn equal_to(
        &mut self,
        field: &'static str,
        value: &str,
        other_name: &str,
        other: &str,
    ) -> &mut Self {
        if value != other {
            self.add(field, format!("Field must be equal to {other_name}."));
        }
        self
    }
}

/// One `@`, a non-empty local part, a dotted domain of letters, digits and hyphens, no spaces.
pub fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in [
            "john@example.com",
            "a.b+c@sub.example.org",
            "élodie@exemple.fr",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "john",
            "john@",
            "@example.com",
            "john@example",
            "john@@example.com",
            "jo hn@example.com",
            "john@exa mple.com",
            "john@.example.com",
            "john@example..com",
            ".john@example.com",
            "<script>@x.org",
            "john@-example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn messages_are_wtforms_ones() {
        let mut e = Errors::default();
        e.required("username", "  ")
            .length("post", &"é".repeat(141), 1, 140)
            .length("about_me", &"x".repeat(141), 0, 140)
            .email("email", "nope")
            .equal_to("password2", "a", "password", "b")
            .required("body", "a\0b");
        assert_eq!(e.of("username"), ["This field is required."]);
        assert_eq!(
            e.of("post"),
            ["Field must be between 1 and 140 characters long."]
        );
        assert_eq!(
            e.of("about_me"),
            ["Field cannot be longer than 140 characters."]
        );
        assert_eq!(e.of("email"), ["Invalid email address."]);
        assert_eq!(e.of("password2"), ["Field must be equal to password."]);
        assert_eq!(e.of("body"), ["Field contains invalid characters."]);
        assert!(e.ok("nothing") && !e.ok("post"));
        let mut fine = Errors::default();
        fine.length("post", &"é".repeat(140), 1, 140)
            .required("x", "line\nbreak");
        assert!(fine.is_empty());
    }
}
