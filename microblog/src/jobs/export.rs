//! "Export your posts": every post of the user, oldest first, as JSON attached to a mail.

use std::time::Duration;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::{JobError, Run};
use crate::clock::from_millis;
use crate::i18n::Lang;
use crate::mail::{Attachment, Mail};
use crate::models::{post, user};

/// The task's name, in the `tasks` table and the notifications.
pub const NAME: &str = "export_posts";

/// What the task's row says it is (its users' pages say it from the catalogs, `task-export_posts`).
pub const DESCRIPTION: &str = "Exporting posts...";

#[derive(Serialize)]
struct Export {
    posts: Vec<ExportedPost>,
}

#[derive(Serialize)]
struct ExportedPost {
    body: String,
    /// RFC 3339, UTC: `2024-05-01T14:03:07.123Z`.
    timestamp: String,
}

pub async fn run(run: &Run<'_>) -> Result<(), JobError> {
    let state = run.state;
    let Some(user) = user::by_id(&state.db, run.task.user_id).await? else {
        return Err(JobError::failed("the user no longer exists", false));
    };
    run.progress(0).await?;
    let posts = post::all_by_author(&state.db, user.id).await?;
    let total = posts.len();
    let pace = Duration::from_millis(state.config.export_pace_ms);
    let mut exported = Vec::with_capacity(total);
    let mut shown = 0;
    for (done, (body, timestamp)) in posts.into_iter().enumerate() {
        exported.push(ExportedPost {
            body,
            timestamp: from_millis(timestamp).format(&Rfc3339).unwrap_or_default(),
        });
        if !pace.is_zero() {
            tokio::time::sleep(pace).await;
        }
        // 100 % is for the task's end, once the mail has left.
        let progress = (100 * (done + 1) / total).min(99);
        if progress != shown {
            shown = progress;
            run.progress(i64::try_from(progress).unwrap_or(99)).await?;
        }
    }
    let json = pretty_json(&Export { posts: exported })
        .map_err(|e| JobError::failed(format!("cannot write the JSON: {e}"), false))?;
    let lang = Lang::from_code(&run.task.lang).unwrap_or_default();
    let body = lang
        .msg("mail-export-body")
        .arg("username", &user.username)
        .num("count", i64::try_from(total).unwrap_or(i64::MAX))
        .to_string();
    state
        .mailer
        .deliver(Mail {
            to: vec![user.email.clone()],
            subject: lang.t("mail-export-subject"),
            body,
            attachments: vec![Attachment {
                filename: "posts.json".to_owned(),
                content_type: "application/json".to_owned(),
                content: json,
            }],
        })
        .await
        .map_err(|e| JobError::failed(e.to_string(), true))
}

/// JSON indented by four spaces, as people read it.
fn pretty_json(value: &impl Serialize) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}
