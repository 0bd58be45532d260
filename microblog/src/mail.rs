//! Outgoing mail: through SMTP when `MAIL_SERVER` is set, otherwise written to the log (and
//! kept in a small outbox), so that the password-reset flow works in class without a mail
//! server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as Part, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;
use crate::error::StartError;

/// How many logged mails the outbox keeps.
const OUTBOX_SIZE: usize = 20;

/// A plain-text mail, with files attached or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
}

/// A file attached to a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub content: String,
}

/// Why a mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("cannot build the mail: {0}")]
    Build(String),
    #[error("the mail server refused or did not answer: {0}")]
    Send(#[from] lettre::transport::smtp::Error),
}

#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    from: String,
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    outbox: Mutex<Vec<Mail>>,
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, StartError> {
        let smtp = match config.mail_server.as_deref().map(str::trim) {
            Some(server) if !server.is_empty() => {
                let builder = if config.mail_use_tls {
                    AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(server)
                        .map_err(|e| StartError::Config(format!("MAIL_SERVER {server}: {e}")))?
                } else {
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server)
                };
                let mut builder = builder
                    .port(config.mail_port)
                    .timeout(Some(Duration::from_secs(10)));
                if let (Some(user), Some(password)) = (&config.mail_username, &config.mail_password)
                {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                Some(builder.build())
            }
            _ => None,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                from: config.mail_sender(),
                smtp,
                outbox: Mutex::new(Vec::new()),
            }),
        })
    }

    /// Whether mails really leave (a mail server is configured).
    pub fn has_server(&self) -> bool {
        self.inner.smtp.is_some()
    }

    /// The mails written to the log so far (the last few), oldest first.
    pub fn outbox(&self) -> Vec<Mail> {
        self.inner
            .outbox
            .lock()
            .map(|o| o.clone())
            .unwrap_or_default()
    }

    /// Sends a mail in the background: the request that causes it does not wait for the mail
    /// server, and a failure is logged. Without a server it is logged before this returns.
    pub fn send(&self, mail: Mail) {
        if self.inner.smtp.is_none() {
            self.log(mail);
            return;
        }
        let mailer = self.clone();
        tokio::spawn(async move {
            let subject = mail.subject.clone();
            if let Err(e) = mailer.deliver(mail).await {
                tracing::error!("cannot send the mail `{subject}`: {e}");
            }
        });
    }

    /// Sends a mail and waits for the mail server's answer (a background task needs to know
    /// whether its mail left). Without a server, the mail is logged and that is a success.
    pub async fn deliver(&self, mail: Mail) -> Result<(), MailError> {
        let Some(smtp) = &self.inner.smtp else {
            self.log(mail);
            return Ok(());
        };
        let message = self.build(&mail).map_err(MailError::Build)?;
        smtp.send(message).await?;
        Ok(())
    }

    /// Writes a mail to the log (and the outbox), attachments included.
    fn log(&self, mail: Mail) {
        let attachments: String = mail
            .attachments
            .iter()
            .map(|a| {
                format!(
                    "\n\n--- attached: {} ({}) ---\n{}",
                    a.filename, a.content_type, a.content
                )
            })
            .collect();
        tracing::info!(
            "mail (no MAIL_SERVER set, so it is only logged)\nFrom: {}\nTo: {}\nSubject: {}\n\n{}{}",
            self.inner.from,
            mail.to.join(", "),
            mail.subject,
            mail.body,
            attachments
        );
        if let Ok(mut outbox) = self.inner.outbox.lock() {
            if outbox.len() == OUTBOX_SIZE {
                outbox.remove(0);
            }
            outbox.push(mail);
        }
    }

    fn build(&self, mail: &Mail) -> Result<Message, String> {
        let mailbox = |address: &str| {
            address
                .parse::<Mailbox>()
                .map_err(|e| format!("bad address {address}: {e}"))
        };
        let mut builder = Message::builder()
            .from(mailbox(&self.inner.from)?)
            .subject(mail.subject.clone());
        for to in &mail.to {
            builder = builder.to(mailbox(to)?);
        }
        if mail.attachments.is_empty() {
            return builder.body(mail.body.clone()).map_err(|e| e.to_string());
        }
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
        for attachment in &mail.attachments {
            let content_type = ContentType::parse(&attachment.content_type)
                .map_err(|e| format!("bad content type {}: {e}", attachment.content_type))?;
            parts = parts.singlepart(
                Part::new(attachment.filename.clone())
                    .body(attachment.content.clone(), content_type),
            );
        }
        builder.multipart(parts).map_err(|e| e.to_string())
    }
}
