//! Mails through a real SMTP exchange: a small fake server on the loopback receives the
//! password-reset mail and the admins' mail about an internal error.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use common::App;

/// Accepts SMTP sessions on a free port and sends each received message (headers and body)
/// down the channel.
fn fake_smtp_server() -> (u16, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = channel();
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
                        let _ = tx.send(std::mem::take(&mut message));
                        "250 queued"
                    } else {
                        message.push_str(&command);
                        message.push('\n');
                        continue;
                    }
                } else {
                    match command.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
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
        }
    });
    (port, rx)
}

/// The next message, waiting long enough for any machine (this is not a timing check).
fn next_message(rx: &Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(30))
        .expect("a mail reaches the SMTP server")
}

#[test]
fn reset_mail_and_failure_mail_go_through_smtp() {
    let (port, rx) = fake_smtp_server();
    let port = port.to_string();
    let app = App::start(&[
        "--mail-server",
        "127.0.0.1",
        "--mail-port",
        &port,
        "--admins",
        "admin@example.com,ops@example.com",
    ]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.get("/auth/logout");
    b.request_reset("susan@example.com")
        .assert_has("Check your email for the instructions to reset your password");

    let mail = next_message(&rx);
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
    let mail = next_message(&rx);
    assert!(mail.contains("Subject: Microblog Failure"), "{mail}");
    assert!(
        mail.contains("admin@example.com") && mail.contains("ops@example.com"),
        "{mail}"
    );
    assert!(mail.contains("GET /index"), "{mail}");
}
