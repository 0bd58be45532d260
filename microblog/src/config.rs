use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use clap::builder::BoolishValueParser;
use clap::{Parser, Subcommand, ValueEnum};

use crate::error::StartError;

/// The port the app listens on when none is given, as in the course.
pub const DEFAULT_PORT: u16 = 5000;

/// DEV or PROD, as the course's `boot.sh` chooses with `CONTEXT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum Context {
    /// Debug logs, detailed error pages, a fixed default secret key.
    Dev,
    /// Info logs with one access-log line per request, generic error pages.
    Prod,
}

impl Context {
    /// The line `boot.sh` and the binary print on start.
    pub fn banner(self) -> &'static str {
        match self {
            Context::Dev => "Running Development Server",
            Context::Prod => "Running Production Server",
        }
    }
}

/// How log lines are written: for a person (`text`) or for a log collector (`json`, one object
/// a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// The command line: serve (the default), or probe a running app.
#[derive(Debug, Parser)]
#[command(
    name = "microblog",
    version,
    about = "The Flask Mega-Tutorial microblog, in Rust",
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Probe the running app's /health once: exit 0 when it answers 200, 1 otherwise (the
    /// HEALTHCHECK of images without a shell).
    #[command(name = "healthcheck", visible_alias = "check")]
    Check {
        /// URL to probe [default: http://127.0.0.1:$PORT/health].
        #[arg(long)]
        url: Option<String>,
        /// Give up after this many seconds (under the image's HEALTHCHECK --timeout).
        #[arg(
            long,
            default_value = containerized::DEFAULT_PROBE_TIMEOUT_ARG,
            value_parser = containerized::parse_timeout
        )]
        timeout: std::time::Duration,
    },
}

/// Every setting of the app: one name, one default, one place. Each is read from the
/// environment (a container's only configuration channel) and may be given as a flag.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "microblog",
    version,
    about = "The Flask Mega-Tutorial microblog, in Rust",
    args_override_self = true
)]
pub struct Config {
    /// DEV or PROD (case-insensitive).
    #[arg(long, env = "CONTEXT", default_value = "PROD", ignore_case = true)]
    pub context: Context,

    /// Key signing the session cookies and the password-reset tokens. DEV without it uses a
    /// fixed, public key; PROD without it generates a random one (sessions and reset links then
    /// do not survive a restart, and a warning says so).
    #[arg(long, env = "SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// A file holding `SECRET_KEY` (a Docker secret: `/run/secrets/…`), read at start; it wins
    /// over `SECRET_KEY`. Surrounding blanks and the final newline are not part of the key.
    #[arg(long, env = "SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,

    /// Database URL: `sqlite://PATH` or `postgres://…`. Unset: `DATA_DIR/microblog.db`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// A file holding the PostgreSQL password (a Docker secret), read at start and put into
    /// `DATABASE_URL`, which then names no password of its own.
    #[arg(long, env = "DATABASE_PASSWORD_FILE")]
    pub database_password_file: Option<PathBuf>,

    /// How long to keep trying to reach PostgreSQL at start, in seconds, as the Flask `boot.sh`
    /// retries `flask db upgrade` until the database answers (here: once a second, bounded). 0:
    /// one try. A container started with its database waits for it, then gives up and exits
    /// for its restart policy to decide.
    #[arg(long, env = "DB_CONNECT_TIMEOUT", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub db_connect_timeout: u64,

    /// Directory holding the SQLite database, created on first start (the container's volume).
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Posts on one page of a timeline.
    #[arg(long, env = "POSTS_PER_PAGE", default_value_t = 25,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub posts_per_page: u32,

    /// How long a background task's worker may go without news before another worker takes
    /// the task over, in milliseconds: how soon a task cut short by a killed container resumes.
    #[arg(long, env = "TASK_LEASE_MS", default_value_t = 30_000,
          value_parser = clap::value_parser!(u64).range(100..=3_600_000))]
    pub task_lease_ms: u64,

    /// How long a failed background task waits before it is tried again, in milliseconds (three
    /// attempts in all; then the user's pages say it failed, and why).
    #[arg(long, env = "TASK_RETRY_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(0..=3_600_000))]
    pub task_retry_ms: u64,

    /// A pause after each post the export writes, in milliseconds, to watch its progress in the
    /// page as the Mega-Tutorial does (its export pauses 5 s per post). 0: no pause.
    #[arg(long, env = "EXPORT_PACE_MS", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub export_pace_ms: u64,

    /// The languages the site speaks (among those it has catalogs for: en, es, fr), the first
    /// the default: a reader's choice in the footer, else `Accept-Language`, picks among them.
    /// Posts in another language than the reader's get a "Translate" link.
    #[arg(
        long,
        env = "LANGUAGES",
        value_delimiter = ',',
        default_value = "en,es,fr"
    )]
    pub languages: Vec<Lang>,

    /// A LibreTranslate server (`http://host:5000`, self-hosted or not) that translates posts
    /// written in another language than the reader's. Unset: no "Translate" links.
    #[arg(long, env = "TRANSLATOR_URL")]
    pub translator_url: Option<String>,

    /// The LibreTranslate server's API key, when it asks for one.
    #[arg(long, env = "TRANSLATOR_KEY", hide_env_values = true)]
    pub translator_key: Option<String>,

    /// How long a translation may take before the page is told the translator is too slow, in
    /// milliseconds.
    #[arg(long, env = "TRANSLATOR_TIMEOUT_MS", default_value_t = 5_000,
          value_parser = clap::value_parser!(u64).range(100..=60_000))]
    pub translator_timeout_ms: u64,

    /// SMTP server for outgoing mail. Unset: mails are written to the log instead.
    #[arg(long, env = "MAIL_SERVER")]
    pub mail_server: Option<String>,

    /// SMTP port.
    #[arg(long, env = "MAIL_PORT", default_value_t = 25)]
    pub mail_port: u16,

    /// Use STARTTLS with the SMTP server (1/true/yes/on).
    #[arg(long, env = "MAIL_USE_TLS", default_value = "false", value_parser = BoolishValueParser::new(),
          action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub mail_use_tls: bool,

    /// SMTP user name.
    #[arg(long, env = "MAIL_USERNAME")]
    pub mail_username: Option<String>,

    /// SMTP password.
    #[arg(long, env = "MAIL_PASSWORD", hide_env_values = true)]
    pub mail_password: Option<String>,

    /// Comma-separated admin addresses: the first one sends the mails, all get one per
    /// internal error when a mail server is set.
    #[arg(long, env = "ADMINS", value_delimiter = ',')]
    pub admins: Vec<String>,

    /// Write the log to stdout rather than stderr (1/true/yes/on).
    #[arg(long, env = "LOG_TO_STDOUT", default_value = "false", value_parser = BoolishValueParser::new(),
          action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub log_to_stdout: bool,

    /// `text` (the default) or `json`: one JSON object a line, for log collectors.
    #[arg(long, env = "LOG_FORMAT", default_value = "text", ignore_case = true)]
    pub log_format: LogFormat,

    /// Where to serve Prometheus metrics (`/metrics`), e.g. `0.0.0.0:9100`: a listener of its
    /// own, so that the public port (and the proxy in front of it) never shows them. Unset: no
    /// metrics.
    #[arg(long, env = "METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// Mark the session cookie `Secure` (set it when the app is served over HTTPS).
    #[arg(long, env = "SESSION_COOKIE_SECURE", default_value = "false", value_parser = BoolishValueParser::new(),
          action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub session_cookie_secure: bool,

    /// The site's public address for links in mails (e.g. `https://blog.example.org`).
    /// Unset: the address the browser used (its `Host` header).
    #[arg(long, env = "BASE_URL")]
    pub base_url: Option<String>,

    /// Do not print the "Running … Server" line (`boot.sh` already did).
    #[arg(long, hide = true)]
    pub no_banner: bool,

    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,

    /// Address to listen on (all interfaces, so that a published container port reaches it).
    #[arg(long, env = "HOST", default_value = "0.0.0.0")]
    pub host: IpAddr,
}

impl Config {
    pub fn is_dev(&self) -> bool {
        self.context == Context::Dev
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// Reads the secrets given as files (`SECRET_KEY_FILE`, `DATABASE_PASSWORD_FILE`) into the
    /// settings they stand for. Called once at start.
    pub fn read_secret_files(mut self) -> Result<Config, StartError> {
        if let Some(path) = &self.secret_key_file {
            self.secret_key = Some(read_secret(path, "SECRET_KEY_FILE")?);
        }
        if let Some(path) = &self.database_password_file {
            let password = read_secret(path, "DATABASE_PASSWORD_FILE")?;
            let url = self.database_url.as_deref().unwrap_or_default();
            self.database_url = Some(with_password(url, &password)?);
        }
        Ok(self)
    }

    /// The database URL in use: `DATABASE_URL`, else a SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!("sqlite://{}", self.sqlite_path().display()),
        }
    }

    /// The SQLite file used when `DATABASE_URL` is unset.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("microblog.db")
    }

    /// The address mails are sent from.
    pub fn mail_sender(&self) -> String {
        self.admins
            .iter()
            .map(|a| a.trim())
            .find(|a| !a.is_empty())
            .unwrap_or("no-reply@microblog.localhost")
            .to_owned()
    }

    /// Admin addresses, without blanks.
    pub fn admin_addresses(&self) -> Vec<String> {
        self.admins
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect()
    }
}

/// The first line of a secret file, without surrounding blanks; an empty one is refused.
fn read_secret(path: &Path, setting: &str) -> Result<String, StartError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        StartError::Config(format!("{setting}: cannot read {}: {e}", path.display()))
    })?;
    let secret = text.lines().next().unwrap_or_default().trim();
    if secret.is_empty() {
        return Err(StartError::Config(format!(
            "{setting}: {} is empty",
            path.display()
        )));
    }
    Ok(secret.to_owned())
}

/// `postgres://user@host/db` with `password` added to its user, percent-encoded.
fn with_password(url: &str, password: &str) -> Result<String, StartError> {
    let refuse = |why: &str| {
        StartError::Config(format!(
            "DATABASE_PASSWORD_FILE needs a DATABASE_URL of the form \
             postgres://USER@HOST/NAME ({why})"
        ))
    };
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(scheme, _)| matches!(*scheme, "postgres" | "postgresql"))
        .ok_or_else(|| refuse("not a postgres:// URL"))?;
    let (user, server) = rest
        .split_once('@')
        .ok_or_else(|| refuse("no user in it"))?;
    if user.contains(':') {
        return Err(refuse("it has a password already"));
    }
    let encoded: String = password
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    Ok(format!("{scheme}://{user}:{encoded}@{server}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Config::try_parse_from(std::iter::once("microblog").chain(args.iter().copied()))
    }

    #[test]
    fn flags_override_and_parse() {
        let c = parse(&[
            "--context",
            "dev",
            "--port",
            "8080",
            "--posts-per-page",
            "3",
            "--admins",
            "a@x.org,b@x.org",
            "--mail-use-tls",
            "--data-dir",
            "/tmp/d",
        ])
        .unwrap();
        assert_eq!(c.context, Context::Dev);
        assert_eq!(c.port, 8080);
        assert_eq!(c.posts_per_page, 3);
        assert!(c.mail_use_tls);
        assert_eq!(c.mail_sender(), "a@x.org");
        assert_eq!(c.admin_addresses(), ["a@x.org", "b@x.org"]);
        assert_eq!(c.sqlite_path(), PathBuf::from("/tmp/d/microblog.db"));
    }

    #[test]
    fn rejects_bad_values() {
        for bad in [
            &["--context", "staging"][..],
            &["--posts-per-page", "0"],
            &["--posts-per-page", "abc"],
            &["--port", "70000"],
            &["--mail-use-tls", "maybe"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn secrets_are_read_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key");
        let password = dir.path().join("password");
        std::fs::write(&key, "  s3cret \n").unwrap();
        std::fs::write(&password, "p@ss/word\n").unwrap();
        let c = parse(&[
            "--secret-key",
            "ignored",
            "--secret-key-file",
            key.to_str().unwrap(),
            "--database-url",
            "postgres://microblog@db:5432/microblog",
            "--database-password-file",
            password.to_str().unwrap(),
        ])
        .unwrap()
        .read_secret_files()
        .unwrap();
        assert_eq!(c.secret_key.as_deref(), Some("s3cret"));
        assert_eq!(
            c.database_url(),
            "postgres://microblog:p%40ss%2Fword@db:5432/microblog"
        );
        std::fs::write(&key, "\n").unwrap();
        let empty = parse(&["--secret-key-file", key.to_str().unwrap()]).unwrap();
        assert!(empty.read_secret_files().is_err());
        for url in ["sqlite://x.db", "postgres://db/x", "postgres://u:p@db/x"] {
            let c = parse(&[
                "--database-url",
                url,
                "--database-password-file",
                password.to_str().unwrap(),
            ])
            .unwrap();
            assert!(c.read_secret_files().is_err(), "{url} accepted");
        }
    }

    #[test]
    fn log_format_and_metrics_address() {
        let c = parse(&["--log-format", "JSON", "--metrics-addr", "0.0.0.0:9100"]).unwrap();
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.metrics_addr, Some("0.0.0.0:9100".parse().unwrap()));
        let d = parse(&[]).unwrap();
        assert_eq!(d.log_format, LogFormat::Text);
        assert_eq!(d.metrics_addr, None);
        assert_eq!(d.db_connect_timeout, 60);
    }

    #[test]
    fn banners_are_the_course_ones() {
        assert_eq!(Context::Dev.banner(), "Running Development Server");
        assert_eq!(Context::Prod.banner(), "Running Production Server");
    }
}
