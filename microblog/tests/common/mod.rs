//! The test harness: the real app on a real listener (127.0.0.1, a free port), on a database
//! of its own (SQLite or PostgreSQL, see [`engine`]), and a cookie-keeping browser that reads
//! CSRF tokens from the pages it gets, as a person's browser would send them back.

#![allow(dead_code)]

/// A client of the JSON API.
pub mod api;
/// SQLite and PostgreSQL, and the macro that runs a test on both.
pub mod engine;
/// The real binary in a process, its log read as it comes.
pub mod process;

use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use clap::Parser;
#[allow(unused_imports)] // not every test file reads pages by type
pub use container_tests::browser::{Browser, Page};
use microblog::config::Config;
use microblog::mail::Mail;
use microblog::state::AppState;

#[allow(unused_imports)] // every test file names the engines, not every one a store
pub(crate) use engine::{on_both_engines, Engine, Store};

/// A running app. Dropping it stops it (and then drops its store, unless another app shares it).
pub struct App {
    pub base: String,
    pub state: AppState,
    pub store: Arc<Store>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl App {
    /// A fresh app on an empty database of `engine`, with `extra` flags (e.g. `--posts-per-page 2`).
    pub fn start(engine: Engine, extra: &[&str]) -> App {
        App::start_on(&Arc::new(Store::new(engine)), extra)
    }

    /// An app on the data of `store`: a restart, or a second app beside the first.
    pub fn start_on(store: &Arc<Store>, extra: &[&str]) -> App {
        let mut app = App::start_in(store.data_dir(), &with_database(store, extra));
        app.store = Arc::clone(store);
        app
    }

    /// An app on SQLite in the data directory `dir`, which it creates.
    pub fn start_in(dir: &Path, extra: &[&str]) -> App {
        let mut args = vec![
            "microblog",
            "--context",
            "PROD",
            "--secret-key",
            "test-secret",
            "--data-dir",
        ];
        let dir_text = dir.to_str().expect("a UTF-8 temporary path").to_owned();
        args.push(&dir_text);
        args.extend_from_slice(extra);
        let config = Config::try_parse_from(args).expect("valid test flags");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let (state, listener) = runtime.block_on(async {
            let db = microblog::db::connect(&config)
                .await
                .expect("the database opens");
            let state = AppState::new(config, db).expect("the state builds");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a free port");
            (state, listener)
        });
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = state.clone();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let db = served.db.clone();
                microblog::server::serve_until(listener, served, async {
                    let _ = stopped.await;
                })
                .await
                .expect("the app serves");
                db.close().await;
            });
        });
        App {
            base,
            state,
            store: Arc::new(Store::at(dir)),
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn engine(&self) -> Engine {
        self.store.engine
    }

    pub fn data_dir(&self) -> &Path {
        self.store.data_dir()
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A client of the JSON API.
    pub fn api(&self) -> api::Api {
        api::Api::new(&self.base)
    }

    /// The mails the app wrote to its log (no mail server in tests).
    pub fn outbox(&self) -> Vec<Mail> {
        self.state.mailer.outbox()
    }

    /// Runs `future` on a runtime of the test's own, to reach the app's database directly.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        block_on(future)
    }

    /// The path of the reset link in the last mail the app logged (no mail server in tests),
    /// as a student would read it from the log.
    pub fn reset_link(&self) -> String {
        let mail = self.outbox().pop().expect("a reset mail");
        let start = mail.body.find("http://").expect("a full link in the mail");
        let link = mail.body[start..].split_whitespace().next().unwrap();
        let path_at = link.find("/auth/").expect("a link into the app");
        link[path_at..].to_owned()
    }

    /// Takes the database away from the running app.
    pub fn close_database(&self) {
        self.block_on(self.state.db.close());
    }

    /// Stops the app and waits until it has closed its database.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the server thread ends cleanly");
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `extra` with the store's `--database-url` in front, when it has one.
fn with_database<'a>(store: &'a Store, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = Vec::new();
    if let Some(url) = store.database_url() {
        args.extend(["--database-url", url]);
    }
    args.extend_from_slice(extra);
    args
}

/// Runs `future` on a runtime of the test's own (outside any app).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

/// Page numbers no app should take for more than "the first page": negative, zero, not numbers,
/// beyond i64, repeated, empty.
pub const BAD_PAGE_QUERIES: &[&str] = &[
    "page=-1",
    "page=0",
    "page=abc",
    "page=99999999999999999999",
    "page=",
    "page=1e3",
    "page=%00",
    "page=%FF",
    "page[]=2",
    "page=1&page=2",
    "page=9223372036854775807",
    "page=-9223372036854775808",
    "=&&=",
    "%",
];
