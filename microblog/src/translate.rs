//! Translation of posts through a LibreTranslate server (its `POST /translate` API, which
//! anyone can self-host): configured by `TRANSLATOR_URL`, bounded by `TRANSLATOR_TIMEOUT_MS`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::StartError;

/// Why a text was not translated; each becomes a clear message in the page.
#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    #[error("the translation service did not answer in time")]
    Timeout,
    #[error("the translation service cannot be reached")]
    Unreachable,
    #[error("the translation service refused: {0}")]
    Refused(String),
    #[error("the translation service gave an answer that is not a translation")]
    BadAnswer,
}

/// A LibreTranslate client.
#[derive(Clone)]
pub struct Translator {
    client: reqwest::Client,
    url: String,
    key: Option<String>,
}

#[derive(Serialize)]
struct Request<'a> {
    q: &'a str,
    source: &'a str,
    target: &'a str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key: Option<&'a str>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "translatedText")]
    translated_text: String,
}

#[derive(Deserialize)]
struct Refusal {
    error: String,
}

impl Translator {
    /// The configured translator, if any.
    pub fn from_config(config: &Config) -> Result<Option<Self>, StartError> {
        let Some(url) = config
            .translator_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(StartError::Config(format!(
                "TRANSLATOR_URL must start with http:// or https://, not {url:?}"
            )));
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.translator_timeout_ms))
            .build()
            .map_err(|e| StartError::Config(format!("TRANSLATOR_URL {url}: {e}")))?;
        Ok(Some(Self {
            client,
            url: format!("{}/translate", url.trim_end_matches('/')),
            key: config.translator_key.clone().filter(|k| !k.is_empty()),
        }))
    }

    /// `text` in `target`, from `source`.
    pub async fn translate(
        &self,
        text: &str,
        source: &str,
        target: &str,
    ) -> Result<String, TranslateError> {
        let request = Request {
            q: text,
            source,
            target,
            format: "text",
            api_key: self.key.as_deref(),
        };
        let response = self
            .client
            .post(&self.url)
            .json(&request)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    TranslateError::Timeout
                } else {
                    TranslateError::Unreachable
                }
            })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| {
            if e.is_timeout() {
                TranslateError::Timeout
            } else {
                TranslateError::Unreachable
            }
        })?;
        if !status.is_success() {
            let reason = serde_json::from_slice::<Refusal>(&body)
                .map(|r| r.error)
                .unwrap_or_else(|_| format!("status {status}"));
            return Err(TranslateError::Refused(reason.chars().take(200).collect()));
        }
        serde_json::from_slice::<Answer>(&body)
            .map(|a| a.translated_text)
            .map_err(|_| TranslateError::BadAnswer)
    }
}
