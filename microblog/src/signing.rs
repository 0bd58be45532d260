//! Signed tokens (HMAC-SHA256 over the app's secret key): the session cookie and the
//! password-reset links. A token is `base64url(payload).base64url(mac)`; the MAC also covers a
//! purpose, so that a token made for one use is worthless for another. The password-reset
//! links are made and checked here too.

use base64::prelude::{Engine, BASE64_URL_SAFE_NO_PAD as B64};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::models::User;

type HmacSha256 = Hmac<Sha256>;

/// The secret used in DEV when `SECRET_KEY` is unset. Public on purpose: DEV only.
pub const DEV_SECRET_KEY: &str = "microblog-dev-secret-key-do-not-use-in-production";

#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: secret.to_vec(),
        }
    }

    /// A signer with a fresh random key.
    pub fn random() -> Self {
        Self::new(random_token(32).as_bytes())
    }

    fn mac(&self, purpose: &str, payload: &[u8]) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(payload);
        mac
    }

    pub fn sign(&self, purpose: &str, payload: &[u8]) -> String {
        let tag = self.mac(purpose, payload).finalize().into_bytes();
        format!("{}.{}", B64.encode(payload), B64.encode(tag))
    }

    /// 32 bytes only this key makes from `payload` for `purpose` (the API tokens are derived
    /// from a stored random nonce this way).
    pub fn derive(&self, purpose: &str, payload: &[u8]) -> [u8; 32] {
        self.mac(purpose, payload).finalize().into_bytes().into()
    }

    /// The payload of a token signed for `purpose` with this key, or `None`.
    pub fn verify(&self, purpose: &str, token: &str) -> Option<Vec<u8>> {
        let (payload, tag) = token.split_once('.')?;
        let payload = B64.decode(payload).ok()?;
        let tag = B64.decode(tag).ok()?;
        self.mac(purpose, &payload).verify_slice(&tag).ok()?;
        Some(payload)
    }
}

/// How long a reset link works, in seconds (upstream: ten minutes).
pub const RESET_TOKEN_LIFETIME: i64 = 600;
const RESET_PURPOSE: &str = "reset_password";

/// A signed token naming the user, valid `RESET_TOKEN_LIFETIME` seconds from `now` (Unix
/// seconds), and only until the password changes (it carries the password's stamp): a link
/// works once.
pub fn reset_token(signer: &Signer, user: &User, now: i64) -> String {
    let payload = format!(
        "{}:{}:{}",
        user.id,
        now + RESET_TOKEN_LIFETIME,
        user.session_stamp()
    );
    signer.sign(RESET_PURPOSE, payload.as_bytes())
}

/// The user id and password stamp of a valid, unexpired reset token.
pub fn check_reset_token(signer: &Signer, token: &str, now: i64) -> Option<(i64, String)> {
    let payload = String::from_utf8(signer.verify(RESET_PURPOSE, token)?).ok()?;
    let mut fields = payload.splitn(3, ':');
    let id = fields.next()?.parse().ok()?;
    let expires: i64 = fields.next()?.parse().ok()?;
    let stamp = fields.next()?.to_owned();
    (now < expires).then_some((id, stamp))
}

/// `bytes` in lowercase hexadecimal, as digests are shown (Gravatar's MD5, stored token hashes,
/// the session's password stamp): one string written once, since some run on every request.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// `bytes` random bytes from the OS, base64url-encoded.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the OS random number generator works");
    B64.encode(buffer)
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn round_trips_and_rejects_tampering() {
        let signer = Signer::new(b"k");
        let token = signer.sign("session", b"{\"u\":1}");
        assert_eq!(signer.verify("session", &token).unwrap(), b"{\"u\":1}");
        assert!(signer.verify("reset", &token).is_none(), "other purpose");
        assert!(
            Signer::new(b"other").verify("session", &token).is_none(),
            "other key"
        );
        let forged = format!(
            "{}.{}",
            B64.encode(b"{\"u\":2}"),
            token.split_once('.').unwrap().1
        );
        assert!(signer.verify("session", &forged).is_none());
        for junk in ["", ".", "abc", "a.b.c", "!!!.???"] {
            assert!(signer.verify("session", junk).is_none(), "{junk}");
        }
    }

    fn susan() -> User {
        User {
            id: 7,
            username: "susan".into(),
            email: "susan@example.com".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
            ..User::default()
        }
    }

    #[test]
    fn reset_tokens_last_ten_minutes_and_need_the_key() {
        let signer = Signer::new(b"key");
        let token = reset_token(&signer, &susan(), 1_000);
        let expected = Some((7, susan().session_stamp()));
        assert_eq!(check_reset_token(&signer, &token, 1_000), expected);
        assert_eq!(check_reset_token(&signer, &token, 1_599), expected);
        assert_eq!(check_reset_token(&signer, &token, 1_600), None, "expired");
        assert_eq!(
            check_reset_token(&Signer::new(b"other"), &token, 1_000),
            None
        );
        let session_token = signer.sign("session", b"7:99999999999:x");
        assert_eq!(
            check_reset_token(&signer, &session_token, 1_000),
            None,
            "wrong purpose"
        );
        assert_eq!(check_reset_token(&signer, "garbage", 1_000), None);
    }

    #[test]
    fn random_tokens_differ_and_compare() {
        let (a, b) = (random_token(32), random_token(32));
        assert_ne!(a, b);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret(&a, ""));
    }
}
