//! compose.yaml as students run it: with Compose on one machine (three replicas on PostgreSQL
//! behind HAProxy, on 127.0.0.1), and as a Swarm stack (three replicas, rolling updates). The
//! Swarm path is reached only through a client container on the stack's attachable network,
//! never through a published port. Every load is bounded in requests and in time; the figures
//! (requests sent, failed, time to recover) are printed for docs/benchmarks.md. Everything the
//! tests create is removed when they end, failed or not; the swarm is left.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use container_tests::docker::docker;
use container_tests::stack::{
    debian_client, docker_within, health, hostname, logs, wait_until, Client, ComposeProject, Load,
    LoadReport, Secrets, Swarm, SERVED_BY,
};
use container_tests::{Browser, Image};

const PASSWORD: &str = "correct horse battery";
/// No load of these tests runs longer than this, nor sends more requests than `MAX_REQUESTS`.
const TIME_CAP: Duration = Duration::from_secs(90);
const MAX_REQUESTS: usize = 4000;
/// Two clients, a request every 20 ms each: about a hundred requests a second.
const CLIENTS: usize = 2;
const PAUSE: Duration = Duration::from_millis(20);

/// The 07-static image of this tree, under a tag of these tests (other tests and people build
/// `microblog:07-static` from other trees on the same engine).
fn image() -> Image {
    Image::build("07-static", "microblog:stack-test")
}

/// Signs `username` up through `base` and checks that a dozen pages, served by the replicas in
/// turn, all know them: the session (signed with the one shared SECRET_KEY) is valid on every
/// replica. Returns the browser and the replicas that served the pages.
fn logged_in_across_replicas(base: &str, username: &str) -> (Browser, BTreeSet<String>) {
    let mut browser = Browser::new(base);
    browser
        .sign_up(username, PASSWORD)
        .assert_has(&format!("Hi, {username}!"));
    let mut replicas = BTreeSet::new();
    for _ in 0..12 {
        let page = browser.get("/index");
        assert_eq!(
            page.status, 200,
            "logged out on some replica:\n{}",
            page.body
        );
        page.assert_has(&format!("Hi, {username}!"));
        replicas.insert(page.header(SERVED_BY).unwrap_or_default().to_owned());
    }
    // A form (its CSRF token from one replica, checked by another) and its flash.
    browser.visit("/index");
    browser
        .submit("/index", &[("post", "hello from every replica")])
        .assert_has("Your post is now live!");
    (browser, replicas)
}

/// The cookie header of a logged-in browser, for the load's clients.
fn session_cookie(browser: &Browser) -> String {
    let value = browser.cookie("session").expect("a session cookie");
    format!("session={value}")
}

/// The logged-in timeline through `client`, under the tests' bounded load.
fn load_index(client: &Client, cookie: &str) -> Load {
    Load::start(
        &client.url("/index"),
        Some(cookie.to_owned()),
        CLIENTS,
        PAUSE,
        MAX_REQUESTS,
        TIME_CAP,
    )
}

fn print_figures(what: &str, report: &LoadReport, recovered: Duration) {
    println!(
        "FIGURES {what}: {}; recovered in {:.1} s",
        report.summary(),
        recovered.as_secs_f64()
    );
}

/// One stack at a time: a `docker swarm init` while a Compose project starts its containers
/// left a client container there without the service's DNS name (CI, 2 cores).
static ONE_STACK_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Waits until the proxy sends requests to two replicas or more: it learns new replicas from
/// DNS and lets each in after two good health checks, a few seconds after they are healthy.
fn wait_for_balancing(base: &str) {
    let mut browser = Browser::new(base);
    wait_until(
        Duration::from_secs(30),
        "the proxy to balance over 2 replicas",
        || {
            let served: BTreeSet<String> = (0..6)
                .filter_map(|_| browser.get("/health").header(SERVED_BY).map(str::to_owned))
                .collect();
            served.len() >= 2
        },
    );
}

#[test]
fn compose_runs_three_replicas_on_postgres_behind_the_proxy() {
    let _alone = ONE_STACK_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let image = image();
    let secrets = Secrets::new();
    let project = ComposeProject::up(&image, &secrets, 3);
    let replicas = project.containers("microblog");
    assert_eq!(replicas.len(), 3, "three replicas");
    wait_until(Duration::from_secs(90), "three healthy replicas", || {
        replicas.iter().all(|c| health(c) == "healthy")
    });
    wait_until(Duration::from_secs(30), "the proxy to answer", || {
        container_tests::http::try_get(&project.url("/health")).is_ok_and(|a| a.status == 200)
    });
    wait_for_balancing(&project.url(""));

    // Sessions, CSRF and flashes work whichever replica answers.
    let (mut susan, served) = logged_in_across_replicas(&project.url(""), "susan");
    assert!(served.len() >= 2, "served by {served:?} only");
    let hostnames: BTreeSet<String> = replicas.iter().map(|c| hostname(c)).collect();
    assert!(served.is_subset(&hostnames), "{served:?} vs {hostnames:?}");

    // Metrics stay off the public side: the proxy refuses them and the app's public port has
    // none; they are on each replica's own metrics port, inside the networks.
    let metrics = container_tests::http::try_get(&project.url("/metrics")).unwrap();
    assert_eq!(metrics.status, 404, "{metrics:?}");
    let network = format!("{}_web", project.name);
    let inside = docker(&[
        "run",
        "--rm",
        "--network",
        &network,
        "debian:bookworm-slim",
        "bash",
        "-c",
        "exec 3<>/dev/tcp/microblog/9100; printf 'GET /metrics HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3",
    ]);
    assert!(
        inside
            .contains(r#"microblog_http_requests_total{method="GET",route="/index",status="200"}"#)
            && inside.contains("microblog_db_pool_connections"),
        "{inside}"
    );

    // A background job runs once across the replicas: the export's mail is logged once.
    susan.visit("/export_posts");
    wait_until(Duration::from_secs(30), "the export's mail", || {
        replicas
            .iter()
            .any(|c| logs(c).contains("Subject: [Microblog] Your blog posts"))
    });
    std::thread::sleep(Duration::from_secs(3));
    let mails: usize = replicas
        .iter()
        .map(|c| {
            logs(c)
                .matches("Subject: [Microblog] Your blog posts")
                .count()
        })
        .sum();
    assert_eq!(mails, 1, "the export ran {mails} times");

    // A database restart: /health fails (each replica's own probe, and the proxy, which has no
    // healthy replica left), then recovers, without any replica restarting.
    let started: Vec<String> = replicas
        .iter()
        .map(|c| docker(&["inspect", "-f", "{{.State.StartedAt}}", c]))
        .collect();
    let probe_ok = |c: &String| {
        container_tests::docker::docker_output(&["exec", c, "/microblog", "healthcheck"])
            .status
            .success()
    };
    project.compose(&["stop", "-t", "10", "db"], Duration::from_secs(60));
    wait_until(Duration::from_secs(20), "/health to fail", || {
        !probe_ok(&replicas[0])
            && container_tests::http::try_get(&project.url("/health"))
                .is_ok_and(|a| a.status == 503)
    });
    let down = Instant::now();
    project.compose(&["start", "db"], Duration::from_secs(60));
    let recovered = wait_until(Duration::from_secs(60), "/health to recover", || {
        replicas.iter().all(probe_ok)
            && container_tests::http::try_get(&project.url("/health"))
                .is_ok_and(|a| a.status == 200)
    });
    println!(
        "FIGURES compose db restart: /health back {:.1} s after `docker-compose start db` \
         ({:.1} s after it was seen failing)",
        recovered.as_secs_f64(),
        down.elapsed().as_secs_f64()
    );
    let after: Vec<String> = replicas
        .iter()
        .map(|c| docker(&["inspect", "-f", "{{.State.StartedAt}}", c]))
        .collect();
    assert_eq!(started, after, "a replica was restarted");
    assert_eq!(project.containers("microblog"), replicas);
    susan
        .visit("/index")
        .assert_has("Hi, susan!")
        .assert_has("hello from every replica");
}

#[test]
fn swarm_stack_balances_survives_kills_updates_and_redeploys() {
    let _alone = ONE_STACK_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let image = image();
    let secrets = Secrets::new();
    let mut swarm = Swarm::init();
    let stack = format!("ctest{}", std::process::id());
    let network = format!("{stack}_web");
    swarm.deploy(&stack, &image, &secrets);
    let client = Client::start(&network, "proxy:8080");
    let deployed = Instant::now();
    wait_until(Duration::from_secs(150), "three healthy replicas", || {
        let running = swarm.containers(&stack, "microblog");
        running.len() == 3 && running.iter().all(|c| health(c) == "healthy")
    });
    wait_until(Duration::from_secs(30), "the proxy to answer", || {
        container_tests::http::try_get(&client.url("/health")).is_ok_and(|a| a.status == 200)
    });
    wait_for_balancing(&client.url(""));
    println!(
        "FIGURES swarm deploy: healthy behind the proxy {:.1} s after `docker stack deploy`",
        deployed.elapsed().as_secs_f64()
    );

    let (mut susan, served) = logged_in_across_replicas(&client.url(""), "susan");
    assert!(served.len() >= 2, "served by {served:?} only");
    let cookie = session_cookie(&susan);

    // `docker kill` a replica under load: Swarm replaces it, the proxy stops sending to it.
    let before = swarm.containers(&stack, "microblog");
    let victim = before[0].clone();
    let victim_host = hostname(&victim);
    let load = load_index(&client, &cookie);
    std::thread::sleep(Duration::from_secs(3));
    let killed_at = load.elapsed();
    docker(&["kill", &victim]);
    let recovered = wait_until(Duration::from_secs(60), "a replacement replica", || {
        let now = swarm.containers(&stack, "microblog");
        now.len() == 3 && !now.contains(&victim) && now.iter().all(|c| health(c) == "healthy")
    });
    // Long enough for the newcomer to be checked into the proxy and served from.
    std::thread::sleep(Duration::from_secs(5));
    let report = load.finish();
    print_figures("swarm docker kill", &report, recovered);
    assert!(
        !report
            .replicas_since(killed_at + Duration::from_secs(1))
            .contains(&victim_host),
        "the killed replica still answered"
    );
    assert_eq!(
        report
            .replicas_since(report.elapsed.saturating_sub(Duration::from_secs(3)))
            .len(),
        3,
        "three replicas serve again: {}",
        report.summary()
    );
    assert!(report.failures().is_empty(), "{}", report.summary());

    // A rolling update to a new image under load: not one failed request.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {}\nLABEL course.test.revision=\"2\"\n", image.tag),
    )
    .unwrap();
    let next = Image::build_in(dir.path(), "microblog:stack-test-2");
    let old_hosts: BTreeSet<String> = swarm
        .containers(&stack, "microblog")
        .iter()
        .map(|c| hostname(c))
        .collect();
    let load = load_index(&client, &cookie);
    std::thread::sleep(Duration::from_secs(2));
    let update_start = Instant::now();
    let service = format!("{stack}_microblog");
    let update = [
        "service",
        "update",
        "--detach=false",
        "--quiet",
        "--no-resolve-image",
        "--image",
        &next.tag,
        &service,
    ];
    docker_within(&update, Duration::from_secs(120));
    let updated = update_start.elapsed();
    std::thread::sleep(Duration::from_secs(5));
    let report = load.finish();
    print_figures("swarm rolling update", &report, updated);
    let new_hosts = report.replicas_since(report.elapsed.saturating_sub(Duration::from_secs(3)));
    assert_eq!(new_hosts.len(), 3, "{new_hosts:?}");
    assert!(
        new_hosts.is_disjoint(&old_hosts),
        "old replicas still serve"
    );
    for c in swarm.containers(&stack, "microblog") {
        assert_eq!(
            docker(&["inspect", "-f", "{{.Config.Image}}", &c]),
            next.tag
        );
    }
    assert!(report.failures().is_empty(), "{}", report.summary());

    // `docker service scale`: the proxy finds the fourth replica by itself.
    docker_within(
        &[
            "service",
            "scale",
            "--detach=false",
            &format!("{service}=4"),
        ],
        Duration::from_secs(60),
    );
    let found = wait_until(
        Duration::from_secs(30),
        "four replicas behind the proxy",
        || {
            let mut seen = BTreeSet::new();
            for _ in 0..12 {
                let page = susan.get("/health");
                seen.insert(page.header(SERVED_BY).unwrap_or_default().to_owned());
            }
            seen.len() == 4
        },
    );
    println!(
        "FIGURES swarm scale 3 -> 4: the new replica served {:.1} s after `docker service scale` returned",
        found.as_secs_f64()
    );

    // The database's data survives `docker stack rm` and a new deploy (its named volume); the
    // new deploy by Debian's docker client when it is there (students' machines have it).
    drop(client);
    swarm.remove(&stack, Duration::from_secs(90));
    let (docker_client, version) = debian_client();
    println!("FIGURES swarm redeploy with {docker_client} (client {version})");
    swarm.deploy_with(&docker_client, &stack, &image, &secrets);
    let client = Client::start(&network, "proxy:8080");
    wait_until(Duration::from_secs(150), "the stack to come back", || {
        container_tests::http::try_get(&client.url("/health")).is_ok_and(|a| a.status == 200)
    });
    let mut again = Browser::new(&client.url(""));
    again
        .log_in("susan", PASSWORD)
        .assert_has("Hi, susan!")
        .assert_has("hello from every replica");
    drop(client);
}
