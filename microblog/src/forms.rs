//! The forms and their validation, with WTForms' messages. Forms are serde structs of strings
//! (so parsing never fails on what a browser or a script sends); each has a `validate()`
//! returning [`Errors`], which the templates show next to their fields. Rules that need the
//! database (a name already taken) are added by the handler, after these.

use serde::Deserialize;

use crate::i18n::Lang;

use crate::models::message::BODY_MAX as MESSAGE_MAX;
use crate::models::post::BODY_MAX;
use crate::models::user::{ABOUT_ME_MAX, EMAIL_MAX, USERNAME_MAX};

/// Sign in.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub remember_me: Option<String>,
}

impl LoginForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let mut errors = Errors::new(lang);
        errors
            .required("username", &self.username)
            .required("password", &self.password);
        errors
    }
}

/// Register: a name, an address, a password typed twice.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    pub username: String,
    pub email: String,
    pub password: String,
    pub password2: String,
}

impl RegisterForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let mut errors = Errors::new(lang);
        errors
            .required("username", &self.username)
            .length("username", self.username.trim(), 0, USERNAME_MAX)
            .address("email", &self.email)
            .new_password(&self.password, &self.password2);
        errors
    }
}

/// Ask for a password-reset mail.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetRequestForm {
    pub email: String,
}

impl ResetRequestForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let mut errors = Errors::new(lang);
        errors.address("email", &self.email);
        errors
    }
}

/// A new password, typed twice, from a reset link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub password: String,
    pub password2: String,
}

impl ResetForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let mut errors = Errors::new(lang);
        errors.new_password(&self.password, &self.password2);
        errors
    }
}

/// One's own name and "about me" (both kept trimmed).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditProfileForm {
    pub username: String,
    pub about_me: String,
}

impl EditProfileForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let (username, about_me) = (self.username.trim(), self.about_me.trim());
        let mut errors = Errors::new(lang);
        errors
            .required("username", username)
            .length("username", username, 0, USERNAME_MAX)
            .clean("about_me", about_me)
            .length("about_me", about_me, 0, ABOUT_ME_MAX);
        errors
    }
}

/// A new post, 1 to 140 characters once trimmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PostForm {
    pub post: String,
}

impl PostForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let mut errors = Errors::new(lang);
        errors
            .required("post", &self.post)
            .length("post", self.post.trim(), 1, BODY_MAX);
        errors
    }
}

/// A private message.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MessageForm {
    pub message: String,
}

impl MessageForm {
    pub fn validate(&self, lang: Lang) -> Errors {
        let mut errors = Errors::new(lang);
        errors.required("message", &self.message).length(
            "message",
            self.message.trim(),
            1,
            MESSAGE_MAX,
        );
        errors
    }
}

/// Field errors, in the order found, written in the reader's language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(Vec<(&'static str, String)>, Lang);

impl Errors {
    /// No errors yet; those added will be written in `lang`.
    pub fn new(lang: Lang) -> Self {
        Errors(Vec::new(), lang)
    }

    /// Adds the message `id` to `field`.
    pub fn add(&mut self, field: &'static str, id: &str) {
        let message = self.1.t(id);
        self.0.push((field, message));
    }

    /// Adds the message `id` with a number argument to `field`.
    fn add_num(&mut self, field: &'static str, id: &'static str, args: &[(&'static str, usize)]) {
        let mut message = self.1.msg(id);
        for (name, value) in args {
            message = message.num(name, i64::try_from(*value).unwrap_or(i64::MAX));
        }
        self.0.push((field, message.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every (field, message), in the order found.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
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
            self.add(field, "form-required");
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
            self.add(field, "form-invalid-characters");
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
                self.add_num(field, "form-too-long", &[("max", max)]);
            } else {
                self.add_num(field, "form-length", &[("min", min), ("max", max)]);
            }
        }
        self
    }

    /// An e-mail address the database takes: present, at most `EMAIL_MAX` characters, plausible.
    pub fn address(&mut self, field: &'static str, value: &str) -> &mut Self {
        self.required(field, value)
            .length(field, value.trim(), 0, EMAIL_MAX)
            .email(field, value)
    }

    /// A new password typed twice, in the fields `password` and `password2`.
    pub fn new_password(&mut self, password: &str, repeated: &str) -> &mut Self {
        self.required("password", password)
            .required("password2", repeated)
            .same_password("password2", repeated, password)
    }

    /// A plausible e-mail address.
    pub fn email(&mut self, field: &'static str, value: &str) -> &mut Self {
        if !value.trim().is_empty() && !is_email(value.trim()) {
            self.add(field, "form-invalid-email");
        }
        self
    }

    /// The repeated password `value` is the password.
    pub fn same_password(&mut self, field: &'static str, value: &str, password: &str) -> &mut Self {
        if value != password {
            self.add(field, "form-passwords-differ");
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
    fn each_form_checks_its_fields() {
        let login = LoginForm::default().validate(Lang::En);
        assert_eq!(login.of("username"), ["This field is required."]);
        assert_eq!(login.of("password"), ["This field is required."]);
        let register = RegisterForm {
            username: "susan".into(),
            email: "not an address".into(),
            password: "a".into(),
            password2: "b".into(),
        }
        .validate(Lang::En);
        assert!(register.ok("username"));
        assert_eq!(register.of("email"), ["Invalid email address."]);
        assert_eq!(
            register.of("password2"),
            ["Field must be equal to password."]
        );
        assert!(ResetRequestForm {
            email: "susan@example.com".into()
        }
        .validate(Lang::En)
        .is_empty());
        assert!(!ResetForm::default().validate(Lang::En).is_empty());
        let profile = EditProfileForm {
            username: "  susan  ".into(),
            about_me: "x".repeat(141),
        }
        .validate(Lang::En);
        assert!(profile.ok("username"), "trimmed before checking");
        assert_eq!(
            profile.of("about_me"),
            ["Field cannot be longer than 140 characters."]
        );
        let blank = PostForm {
            post: " \n ".into(),
        }
        .validate(Lang::En);
        assert_eq!(blank.of("post").first(), Some(&"This field is required."));
    }

    #[test]
    fn messages_are_wtforms_ones() {
        let mut e = Errors::default();
        e.required("username", "  ")
            .length("post", &"é".repeat(141), 1, 140)
            .length("about_me", &"x".repeat(141), 0, 140)
            .email("email", "nope")
            .same_password("password2", "a", "b")
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

    #[test]
    fn messages_are_in_the_reader_s_language() {
        let mut fr = Errors::new(Lang::Fr);
        fr.required("username", "").length("post", "", 1, 140);
        assert_eq!(fr.of("username"), ["Ce champ est obligatoire."]);
        assert_eq!(
            fr.of("post"),
            ["Ce champ doit compter entre 1 et 140 caractères."]
        );
        let mut es = Errors::new(Lang::Es);
        es.same_password("password2", "a", "b");
        assert_eq!(es.of("password2"), ["Las contraseñas no coinciden."]);
    }
}
