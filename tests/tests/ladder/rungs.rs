//! What each rung is expected to be, and the steps the tests share.

use std::time::Duration;

use container_tests::{Browser, Container, Image, RunOptions};

/// How long an app may take from `docker run` to its first answer.
pub const STARTUP: Duration = Duration::from_secs(30);

/// Who runs the app in a rung.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunsAs {
    Root,
    /// The system user `microblog` of 04 and 05.
    Microblog,
    /// distroless' `nonroot`, and the same number on scratch.
    Nonroot,
}

impl RunsAs {
    pub fn uid(self) -> u32 {
        match self {
            RunsAs::Root => 0,
            RunsAs::Microblog => 10001,
            RunsAs::Nonroot => 65532,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rung {
    /// `Dockerfiles/<file>`, tagged `microblog:<file>`.
    pub file: &'static str,
    pub runs_as: RunsAs,
    /// A shell and the usual tools (`whoami`, `id`) in the image.
    pub has_shell: bool,
    pub has_healthcheck: bool,
    /// Where the SQLite database lives: a volume goes there.
    pub data_dir: &'static str,
}

pub const NAIVE: Rung = Rung {
    file: "01-naive",
    runs_as: RunsAs::Root,
    has_shell: true,
    has_healthcheck: false,
    data_dir: "/microblog/microblog/data",
};
pub const CACHE: Rung = Rung {
    file: "02-cache",
    runs_as: RunsAs::Root,
    has_shell: true,
    has_healthcheck: false,
    data_dir: "/src/microblog/data",
};
pub const SLIM: Rung = Rung {
    file: "03-slim",
    runs_as: RunsAs::Root,
    has_shell: true,
    has_healthcheck: false,
    data_dir: "/microblog/data",
};
pub const NONROOT: Rung = Rung {
    file: "04-nonroot",
    runs_as: RunsAs::Microblog,
    has_shell: true,
    has_healthcheck: false,
    data_dir: "/microblog/data",
};
pub const HEALTHCHECK: Rung = Rung {
    file: "05-healthcheck",
    runs_as: RunsAs::Microblog,
    has_shell: true,
    has_healthcheck: true,
    data_dir: "/microblog/data",
};
pub const DISTROLESS: Rung = Rung {
    file: "06-distroless",
    runs_as: RunsAs::Nonroot,
    has_shell: false,
    has_healthcheck: true,
    data_dir: "/data",
};
pub const STATIC: Rung = Rung {
    file: "07-static",
    runs_as: RunsAs::Nonroot,
    has_shell: false,
    has_healthcheck: true,
    data_dir: "/data",
};

pub const ALL: [Rung; 7] = [NAIVE, CACHE, SLIM, NONROOT, HEALTHCHECK, DISTROLESS, STATIC];

impl Rung {
    pub fn tag(&self) -> String {
        format!("microblog:{}", self.file)
    }

    /// The image, built on first use in this test process.
    pub fn image(&self) -> Image {
        Image::build(self.file, &self.tag())
    }

    /// `docker run -d -p 127.0.0.1::5000` with these options added.
    pub fn run(&self, options: RunOptions) -> Container {
        run_image(&self.image(), options)
    }

    /// Runs the rung as a student first would, and waits for its login page.
    pub fn start(&self) -> Container {
        let app = self.run(RunOptions::default());
        assert_serves(&app);
        app
    }
}

/// Runs a microblog image with its port 5000 published on 127.0.0.1.
pub fn run_image(image: &Image, mut options: RunOptions) -> Container {
    options.publish = Some(5000);
    Container::run(image, options)
}

/// The login page answers 200 (the index itself sends strangers there).
#[track_caller]
pub fn assert_serves(app: &Container) {
    let answer = app.get("/auth/login", STARTUP);
    assert_eq!(answer.status, 200, "{}:\n{}", app.name, app.logs());
    assert!(answer.body.contains("Sign In"), "{}", answer.body);
    let index = Browser::new(&app.url("")).get("/");
    assert_eq!(
        (index.status, index.location.as_deref()),
        (303, Some("/auth/login?next=%2F")),
        "the index sends strangers to the login page"
    );
}

/// Signs up `username`, logs in and posts `text`, all through the app's forms: the database
/// is written as the rung's user. Returns the browser, logged in.
pub fn sign_up_and_post(app: &Container, username: &str, text: &str) -> Browser {
    let mut browser = Browser::new(&app.url(""));
    browser
        .sign_up(username, "correct horse battery")
        .assert_has(&format!("Hi, {username}!"));
    browser.visit("/");
    browser
        .submit("/", &[("post", text)])
        .assert_has("Your post is now live!")
        .assert_has(text);
    browser
}

/// No shell to exec into: `docker exec … /bin/sh` fails, and so does `sh` on PATH.
pub fn assert_no_shell(rung: Rung) {
    let app = rung.start();
    for shell in ["/bin/sh", "sh", "/bin/bash"] {
        let out = app.exec(&[shell, "-c", "true"]);
        assert!(!out.status.success(), "{}: {shell} ran", rung.file);
    }
}

/// The HEALTHCHECK follows the app: `starting` at first, `healthy` after the first probe, and
/// `unhealthy` once the app hangs (SIGSTOP from outside: the port still accepts connections,
/// nothing answers) for `retries` probes.
pub fn health_follows_the_app(rung: Rung) {
    let image = rung.image();
    let (interval, retries) = image
        .healthcheck()
        .unwrap_or_else(|| panic!("{} has no HEALTHCHECK", rung.file));
    let app = rung.run(RunOptions::default());
    assert_eq!(app.health(), "starting");
    app.wait_for_health("healthy", interval * 2 + STARTUP);
    assert_serves(&app);

    app.kill("STOP");
    // Each failing probe takes up to its timeout (3 s) after an interval.
    let timeout = Duration::from_secs(3);
    app.wait_for_health("unhealthy", (interval + timeout) * (retries + 1) + STARTUP);
    let log = app.inspect("{{json .State.Health.Log}}");
    assert!(log.contains("unhealthy"), "the probe says why: {log}");
}
