//! API bearer tokens, one per user as upstream (`User.get_token`, `revoke_token`,
//! `check_token`): 32 hex characters, valid an hour, handed out again while they have more
//! than a minute left. The database keeps only the token's SHA-256 and the random nonce it is
//! derived from with the secret key: a copy of the database alone authenticates nobody.

use sha2::{Digest, Sha256};

use crate::clock::now_millis;
use crate::db::Db;
use crate::models::user::user_columns;
use crate::models::User;
use crate::signing::{hex, Signer};
use crate::Error;

/// How long a token is valid (upstream: `expires_in=3600`).
pub const LIFETIME_MILLIS: i64 = 3_600_000;
/// A token with less left than this is replaced rather than handed out again (upstream: 60 s).
pub const REUSE_MARGIN_MILLIS: i64 = 60_000;
/// What the HMAC that makes a token from its nonce is keyed for.
const PURPOSE: &str = "api_token";

/// How a token is stored and looked up.
fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The token a nonce stands for: 16 bytes of an HMAC under the secret key, in hex.
fn derive(signer: &Signer, nonce: &str) -> String {
    hex(&signer.derive(PURPOSE, nonce.as_bytes())[..16])
}

/// A token and when it expires (Unix milliseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub token: String,
    pub expires_at: i64,
}

/// The user's token: the current one while it has more than a minute left (and the key that
/// made it is still the app's), else a new one that replaces it. Requests racing for the same
/// user all get the same token: a replacement is written only over the row it was decided on
/// (or into none), and the one that loses reads the winner's.
pub async fn issue(db: &Db, signer: &Signer, user_id: i64) -> Result<Issued, Error> {
    for _ in 0..3 {
        let now = now_millis();
        let current = sqlx::query_as::<_, (String, String, i64)>(
            "SELECT token_hash, nonce, expires_at FROM api_tokens WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?;
        let replaced = match current {
            Some((hash, nonce, expires_at)) => {
                let token = derive(signer, &nonce);
                if expires_at > now + REUSE_MARGIN_MILLIS && digest(&token) == hash {
                    return Ok(Issued { token, expires_at });
                }
                Some(hash)
            }
            None => None,
        };
        let mut random = [0u8; 16];
        getrandom::fill(&mut random)
            .map_err(|e| Error::internal(format!("the OS random number generator failed: {e}")))?;
        let nonce = hex(&random);
        let token = derive(signer, &nonce);
        let expires_at = now + LIFETIME_MILLIS;
        let written = match replaced {
            None => sqlx::query(
                "INSERT INTO api_tokens (user_id, token_hash, nonce, expires_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(digest(&token))
            .bind(nonce)
            .bind(expires_at),
            Some(old) => sqlx::query(
                "UPDATE api_tokens SET token_hash = $2, nonce = $3, expires_at = $4 \
                 WHERE user_id = $1 AND token_hash = $5",
            )
            .bind(user_id)
            .bind(digest(&token))
            .bind(nonce)
            .bind(expires_at)
            .bind(old),
        }
        .execute(db.pool())
        .await?
        .rows_affected();
        if written == 1 {
            return Ok(Issued { token, expires_at });
        }
    }
    Err(Error::internal(
        "the API token kept being replaced while it was issued",
    ))
}

/// The user a token belongs to, if it is valid now.
pub async fn check(db: &Db, token: &str) -> Result<Option<User>, Error> {
    Ok(sqlx::query_as::<_, User>(concat!(
        "SELECT ",
        user_columns!(),
        " FROM api_tokens k JOIN users u ON u.id = k.user_id \
          WHERE k.token_hash = $1 AND k.expires_at > $2"
    ))
    .bind(digest(token))
    .bind(now_millis())
    .fetch_optional(db.pool())
    .await?)
}

/// Ends the user's token at once.
pub async fn revoke(db: &Db, user_id: i64) -> Result<(), Error> {
    sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Moves the user's token expiry (tests and tools: "an hour has passed").
pub async fn set_expiry(db: &Db, user_id: i64, expires_at: i64) -> Result<(), Error> {
    sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE user_id = $2")
        .bind(expires_at)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_hex_digits_made_by_the_key() {
        let a = Signer::new(b"one key");
        let b = Signer::new(b"another key");
        let token = derive(&a, "00ff");
        assert_eq!(token.len(), 32);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(token, derive(&a, "00ff"));
        assert_ne!(token, derive(&b, "00ff"));
        assert_ne!(token, derive(&a, "00fe"));
        assert_eq!(digest(&token).len(), 64);
        assert_ne!(digest(&token), token);
    }
}
