//! Full-text search of posts (`/search?q=`), over HTTP, on both engines' own search indexes.

mod common;

use common::{on_both_engines, App, Engine};

on_both_engines!(
    search_finds_posts_by_any_word_best_first,
    accents_and_case_are_folded,
    results_are_paginated_and_keep_the_query,
    posts_changed_by_sql_are_found_or_not_accordingly,
    hostile_queries_are_data,
    no_query_is_explore_and_search_needs_a_login,
);

fn search_finds_posts_by_any_word_best_first(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    for body in [
        "my cat sleeps",
        "the dog barks",
        "cat and cat and cat again",
        "nothing to see",
    ] {
        b.post("/index", &[("post", body)]);
    }
    // The navbar's box, for a logged-in user.
    b.visit("/index")
        .assert_has("action=\"/search\"")
        .assert_has("name=\"q\" value=\"\"");
    let page = b.visit("/search?q=cat");
    page.assert_has("<title>Search - Microblog</title>")
        .assert_has("<h1>Search Results</h1>")
        .assert_has("name=\"q\" value=\"cat\"")
        .assert_has("my cat sleeps")
        .assert_has("cat and cat and cat again")
        .assert_lacks("the dog barks")
        .assert_lacks("nothing to see");
    // Three cats rank above one.
    let body = &page.body;
    assert!(
        body.find("cat and cat") < body.find("my cat sleeps"),
        "{body}"
    );
    // Any of the words.
    let page = b.visit("/search?q=dog+sleeps");
    page.assert_has("the dog barks")
        .assert_has("my cat sleeps")
        .assert_lacks("cat and cat");
    b.visit("/search?q=unicorn").assert_has("No posts match.");
}

fn accents_and_case_are_folded(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.post("/index", &[("post", "Un éléphant ça trompe énormément")]);
    b.post("/index", &[("post", "an elephant never forgets")]);
    let page = b.visit("/search?q=elephant");
    page.assert_has("Un éléphant ça trompe")
        .assert_has("an elephant never");
    let page = b.visit("/search?q=%C3%89L%C3%89PHANT");
    page.assert_has("Un éléphant ça trompe")
        .assert_has("an elephant never");
    b.visit("/search?q=ca+ENORMEMENT")
        .assert_has("Un éléphant ça trompe")
        .assert_lacks("an elephant never");
}

fn results_are_paginated_and_keep_the_query(engine: Engine) {
    let app = App::start(engine, &["--posts-per-page", "2"]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    for n in 1..=5 {
        b.post("/index", &[("post", &format!("rust post {n}"))]);
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    b.post("/index", &[("post", "python post")]);
    // Equal ranks: newest first.
    let first = b.visit("/search?q=rust%20%26");
    first
        .assert_has("rust post 5")
        .assert_has("rust post 4")
        .assert_lacks("rust post 3")
        .assert_has("href=\"/search?q=rust+%26&#38;page=2\"");
    let last = b.visit("/search?q=rust+%26&page=3");
    last.assert_has("rust post 1")
        .assert_has("href=\"/search?q=rust+%26&#38;page=2\"")
        .assert_lacks("python post");
    assert_eq!(b.visit("/search?q=rust&page=99").status, 200);
}

fn posts_changed_by_sql_are_found_or_not_accordingly(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.post("/index", &[("post", "first words")]);
    b.post("/index", &[("post", "doomed words")]);
    let run = |sql: &'static str| {
        app.block_on(sqlx::query(sql).execute(app.state.db.pool()))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    };
    run("UPDATE posts SET body = 'edited zebra' WHERE body = 'first words'");
    run("DELETE FROM posts WHERE body = 'doomed words'");
    run("INSERT INTO posts (body, timestamp, user_id, language) \
         SELECT 'inserted giraffe', 0, id, '' FROM users WHERE username = 'susan'");
    b.visit("/search?q=zebra").assert_has("edited zebra");
    b.visit("/search?q=first").assert_has("No posts match.");
    b.visit("/search?q=doomed").assert_has("No posts match.");
    b.visit("/search?q=giraffe").assert_has("inserted giraffe");
    // A user deleted takes their posts out of the index too.
    run("DELETE FROM users WHERE username = 'susan'");
    let mut other = app.browser();
    other.sign_up("john", "dog");
    other
        .visit("/search?q=giraffe")
        .assert_has("No posts match.");
}

fn hostile_queries_are_data(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    b.sign_up("susan", "cat");
    b.post("/index", &[("post", "NEAR the quoted \"words\" and stars")]);
    let long = "a".repeat(10_000);
    let many = "x+".repeat(5_000);
    for q in [
        "%22",
        "%22unbalanced",
        "NEAR(a+b)",
        "a+NEAR+b",
        "*",
        "a*",
        "-a",
        "a:b",
        "body:stars",
        "%5E",
        "(",
        ")",
        "a+AND",
        "OR",
        "NOT+a",
        "!",
        "%26",
        "%7C",
        "a%27b",
        "%00",
        "a%00b",
        "%FF%FE",
        "%E2%80%AE",
        &long,
        &many,
    ] {
        let page = b.visit(&format!("/search?q={q}"));
        assert_eq!(
            page.status,
            200,
            "q={}: {}",
            &q[..q.len().min(40)],
            &page.body[..page.body.len().min(500)]
        );
    }
    // Operators are words like any other.
    b.visit("/search?q=NEAR").assert_has("NEAR the quoted");
    b.visit("/search?q=%22words%22")
        .assert_has("NEAR the quoted");
}

fn no_query_is_explore_and_search_needs_a_login(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = app.browser();
    let page = b.get("/search?q=cat");
    assert_eq!(page.status, 303);
    assert!(page.location.unwrap().starts_with("/auth/login?next="));
    b.sign_up("susan", "cat");
    for query in ["", "?q=", "?q=+++", "?page=2"] {
        let page = b.get(&format!("/search{query}"));
        assert_eq!(
            (page.status, page.location.as_deref()),
            (303, Some("/explore")),
            "{query}"
        );
    }
}
