//! Mails through a real SMTP exchange: a small fake server on the loopback receives the
//! password-reset mail and the admins' mail about an internal error, checks the login the app
//! sends with credentials, and shows that with TLS required nothing goes out in clear.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use common::{on_both_engines, App, Engine};

on_both_engines!(
    reset_mail_and_failure_mail_go_through_smtp,
    credentials_log_in_to_the_mail_server,
    with_tls_required_nothing_goes_out_in_clear,
);

/// What the fake server saw: each received message (headers and body), and every command line
/// outside DATA followed by `<closed>` when a session ends.
struct FakeSmtp {
    port: String,
    messages: Receiver<String>,
    commands: Receiver<String>,
}

/// Accepts SMTP sessions on a free port. With `offer_auth`, its EHLO offers AUTH PLAIN and LOGIN
/// and any login is accepted; it never offers STARTTLS.
fn fake_smtp_server(offer_auth: bool) -> FakeSmtp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let (messages_tx, messages) = channel();
    let (commands_tx, commands) = channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut reply = |text: &str| stream.write_all(format!("{text}\r\n").as_bytes());
            if reply("220 fake SMTP ready").is_err() {
                continue;
            }
            let (mut in_data, mut message) = (false, String::new());
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                let command = line.trim_end().to_owned();
                line.clear();
                let answer = if in_data {
                    if command == "." {
                        in_data = false;
                        let _ = messages_tx.send(std::mem::take(&mut message));
                        "250 queued"
                    } else {
                        message.push_str(&command);
                        message.push('\n');
                        continue;
                    }
                } else {
                    let _ = commands_tx.send(command.clone());
                    match command.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                        "EHLO" if offer_auth => "250-fake SMTP\r\n250 AUTH PLAIN LOGIN",
                        "AUTH" if offer_auth => "235 accepted",
                        "EHLO" | "HELO" | "MAIL" | "RCPT" | "RSET" | "NOOP" => "250 OK",
                        "DATA" => {
                            in_data = true;
                            "354 go on"
                        }
                        "QUIT" => {
                            let _ = reply("221 bye");
                            break;
                        }
                        _ => "502 not implemented",
                    }
                };
                if reply(answer).is_err() {
                    break;
                }
            }
            let _ = commands_tx.send("<closed>".to_owned());
        }
    });
    FakeSmtp {
        port,
        messages,
        commands,
    }
}

/// The commands of the next whole session, waiting long enough for any machine.
fn next_session(rx: &Receiver<String>) -> Vec<String> {
    let mut session = Vec::new();
    loop {
        let command = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("an SMTP session");
        if command == "<closed>" {
            return session;
        }
        session.push(command);
    }
}

/// The next message, waiting long enough for any machine (this is not a timing check).
fn next_message(rx: &Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(30))
        .expect("a mail reaches the SMTP server")
}

fn reset_mail_and_failure_mail_go_through_smtp(engine: Engine) {
    let smtp = fake_smtp_server(false);
    let rx = &smtp.messages;
    let app = App::start(
        engine,
        &[
            "--mail-server",
            "127.0.0.1",
            "--mail-port",
            &smtp.port,
            "--admins",
            "admin@example.com,ops@example.com",
        ],
    );
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.get("/auth/logout");
    b.request_reset("susan@example.com")
        .assert_has("Check your email for the instructions to reset your password");

    let mail = next_message(rx);
    assert!(mail.contains("To: susan@example.com"), "{mail}");
    assert!(mail.contains("From: admin@example.com"), "{mail}");
    assert!(
        mail.contains("Subject: [Microblog] Reset Your Password"),
        "{mail}"
    );
    assert!(mail.contains("/auth/reset_password/"), "{mail}");
    assert!(
        app.outbox().is_empty(),
        "with a server, nothing is only logged"
    );

    // An internal error mails the admins.
    b.log_in("susan", "cat");
    app.close_database();
    assert_eq!(b.get("/index").status, 500);
    let mail = next_message(rx);
    assert!(mail.contains("Subject: Microblog Failure"), "{mail}");
    assert!(
        mail.contains("admin@example.com") && mail.contains("ops@example.com"),
        "{mail}"
    );
    assert!(mail.contains("GET /index"), "{mail}");
}

/// An app that sends through `smtp` with the login mailer / s3cret and `extra` flags, where
/// susan has just asked for a reset mail; the page that answered her.
fn reset_with_login(engine: Engine, smtp: &FakeSmtp, extra: &[&str]) -> (App, common::Page) {
    let mut args = vec![
        "--mail-server",
        "127.0.0.1",
        "--mail-port",
        &smtp.port,
        "--mail-username",
        "mailer",
        "--mail-password",
        "s3cret",
    ];
    args.extend_from_slice(extra);
    let app = App::start(engine, &args);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.get("/auth/logout");
    let page = b.request_reset("susan@example.com");
    (app, page)
}

fn credentials_log_in_to_the_mail_server(engine: Engine) {
    let smtp = fake_smtp_server(true);
    let (_app, page) = reset_with_login(engine, &smtp, &[]);
    page.assert_has("Check your email for the instructions to reset your password");

    let mail = next_message(&smtp.messages);
    assert!(mail.contains("To: susan@example.com"), "{mail}");
    let session = next_session(&smtp.commands);
    // AUTH PLAIN with the initial response base64("\0mailer\0s3cret"), before the mail.
    let auth = session
        .iter()
        .position(|c| c == "AUTH PLAIN AG1haWxlcgBzM2NyZXQ=")
        .unwrap_or_else(|| panic!("no login with the credentials: {session:?}"));
    let mail_from = session
        .iter()
        .position(|c| c.to_ascii_uppercase().starts_with("MAIL FROM"))
        .expect("a MAIL FROM");
    assert!(auth < mail_from, "{session:?}");
}

fn with_tls_required_nothing_goes_out_in_clear(engine: Engine) {
    // The server offers no STARTTLS: the app must give up, not send the mail (and its reset
    // token and password) in clear, and the page must not change.
    let smtp = fake_smtp_server(true);
    let (app, page) = reset_with_login(engine, &smtp, &["--mail-use-tls", "true"]);
    page.assert_has("Check your email for the instructions to reset your password");

    let session = next_session(&smtp.commands);
    assert!(
        session.iter().all(|c| {
            let c = c.to_ascii_uppercase();
            !c.starts_with("AUTH") && !c.starts_with("MAIL") && !c.starts_with("DATA")
        }),
        "the app went on without TLS: {session:?}"
    );
    assert!(smtp.messages.try_recv().is_err());
    assert!(
        app.outbox().is_empty(),
        "a failed mail is not logged in full"
    );
    assert_eq!(app.browser().get("/health").status, 200);
}
