//! English, French and Spanish over HTTP: the language a reader gets (their browser's
//! `Accept-Language`, or the one they chose in the footer, remembered), pages, form errors,
//! flashes, error pages, dates and mails in each, and `LANGUAGES` narrowing the choice.

mod common;

use std::time::{Duration, Instant};

use common::{on_both_engines, App, Browser, Engine};

on_both_engines!(
    pages_forms_and_flashes_speak_the_browser_s_language,
    the_footer_s_choice_is_remembered_and_beats_the_browser,
    a_bad_choice_is_a_400_in_the_reader_s_language,
    the_site_speaks_only_its_languages,
    mails_speak_the_language_of_the_page_that_sent_them,
);

/// What each language says on the pages these tests visit (HTML-escaped as in the page).
struct Expected {
    accept: &'static str,
    html_lang: &'static str,
    login_heading: &'static str,
    username_label: &'static str,
    required: &'static str,
    invalid_login: &'static str,
    hello_susan: &'static str,
    post_live: &'static str,
    just_now: &'static str,
    counts: &'static str,
    not_found: &'static str,
}

const LANGUAGES: [Expected; 3] = [
    Expected {
        accept: "en-GB,en;q=0.9",
        html_lang: "<html lang=\"en\">",
        login_heading: "<h1>Sign In</h1>",
        username_label: ">Username</label>",
        required: "This field is required.",
        invalid_login: "Invalid username or password",
        hello_susan: "<h1>Hi, susan!</h1>",
        post_live: "Your post is now live!",
        just_now: "a few seconds ago",
        counts: "0 followers, 0 following.",
        not_found: "<h1>Not Found</h1>",
    },
    Expected {
        accept: "fr-FR,fr;q=0.9,en;q=0.5",
        html_lang: "<html lang=\"fr\">",
        login_heading: "<h1>Connexion</h1>",
        username_label: ">Nom d&#39;utilisateur</label>",
        required: "Ce champ est obligatoire.",
        invalid_login: "Nom d&#39;utilisateur ou mot de passe incorrect",
        hello_susan: "<h1>Bonjour, susan\u{a0}!</h1>",
        post_live: "Votre publication est en ligne\u{a0}!",
        just_now: "il y a quelques secondes",
        counts: "0 abonné, 0 abonnement.",
        not_found: "<h1>Page introuvable</h1>",
    },
    Expected {
        accept: "es-ES,es;q=0.9",
        html_lang: "<html lang=\"es\">",
        login_heading: "<h1>Iniciar sesión</h1>",
        username_label: ">Nombre de usuario</label>",
        required: "Este campo es obligatorio.",
        invalid_login: "Nombre de usuario o contraseña incorrectos",
        hello_susan: "<h1>¡Hola, susan!</h1>",
        post_live: "¡Tu publicación ya está en línea!",
        just_now: "hace unos segundos",
        counts: "0 seguidores, 0 siguiendo.",
        not_found: "<h1>Página no encontrada</h1>",
    },
];

fn pages_forms_and_flashes_speak_the_browser_s_language(engine: Engine) {
    let app = App::start(engine, &[]);
    for (n, lang) in LANGUAGES.iter().enumerate() {
        let mut b = Browser::new(&app.base).speaking(lang.accept);
        let login = b.visit("/auth/login");
        assert_eq!(login.header("vary"), Some("Accept-Language, Cookie"));
        login
            .assert_has(lang.html_lang)
            .assert_has(lang.login_heading)
            .assert_has(lang.username_label);
        // A form sent back with its errors, and a flash.
        let empty = b.post("/auth/login", &[("username", ""), ("password", "")]);
        assert_eq!(empty.status, 422);
        empty.assert_has(lang.required);
        b.submit("/auth/login", &[("username", "nobody"), ("password", "x")])
            .assert_has(lang.invalid_login);
        // Logged in: the timeline, a flash after posting, a relative date, a profile, a 404.
        let name = format!("susan{n}");
        b.sign_up(&name, "cat")
            .assert_has(&lang.hello_susan.replace("susan", &name));
        b.submit("/index", &[("post", "un deux trois")])
            .assert_has(lang.post_live)
            .assert_has(lang.just_now);
        b.visit(&format!("/user/{name}")).assert_has(lang.counts);
        let missing = b.get("/no/such/page");
        assert_eq!(missing.status, 404);
        missing
            .assert_has(lang.not_found)
            .assert_has(lang.html_lang);
    }
}

fn the_footer_s_choice_is_remembered_and_beats_the_browser(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = Browser::new(&app.base).speaking("es");
    b.visit("/auth/login")
        .assert_has("<html lang=\"es\">")
        .assert_has("action=\"/language\"")
        .assert_has(">Français</button>")
        .assert_has("aria-current=\"true\">Español</strong>");
    // The switcher comes back to the page it was used on, and the choice is kept in a cookie
    // that outlives the browser session.
    let chosen = b.post(
        "/language",
        &[("lang", "fr"), ("next", "/auth/register?x=1")],
    );
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    assert_eq!(chosen.location.as_deref(), Some("/auth/register?x=1"));
    let cookie = chosen.header("set-cookie").expect("a cookie");
    assert!(cookie.starts_with("lang=fr;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let mut b = b.restart();
    b.visit("/auth/register")
        .assert_has("<html lang=\"fr\">")
        .assert_has("<h1>Inscription</h1>");
    // Flashes follow the choice too.
    b.sign_up("susan", "cat")
        .assert_has("<h1>Bonjour, susan\u{a0}!</h1>");
    // Only a path of this site is a place to come back to.
    for next in ["//evil.example/", "https://evil.example/", "", "/\\evil"] {
        let back = b.post("/language", &[("lang", "en"), ("next", next)]);
        assert_eq!(back.location.as_deref(), Some("/index"), "{next:?}");
    }
    b.visit("/index").assert_has("<h1>Hi, susan!</h1>");
}

fn a_bad_choice_is_a_400_in_the_reader_s_language(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut b = Browser::new(&app.base).speaking("fr");
    b.visit("/auth/login");
    for lang in ["de", "", "fr\u{0}", "../../etc"] {
        let refused = b.post("/language", &[("lang", lang), ("next", "/index")]);
        assert_eq!(refused.status, 400, "{lang:?}");
        refused
            .assert_has("<h1>Requête invalide</h1>")
            .assert_has("Ce site n&#39;est pas disponible dans cette langue.");
        assert!(refused
            .header("set-cookie")
            .is_none_or(|c| !c.starts_with("lang=")));
    }
    // The switcher is a form like the others: no CSRF token, no change.
    let forged = b.post_raw("/language", &[("lang", "es"), ("next", "/index")]);
    assert_eq!(forged.status, 400);
    forged.assert_has("Le jeton CSRF est manquant.");
    b.visit("/auth/login").assert_has("<html lang=\"fr\">");
}

fn the_site_speaks_only_its_languages(engine: Engine) {
    let app = App::start(engine, &["--languages", "fr,en"]);
    // The first of LANGUAGES is the default, for browsers the site cannot satisfy.
    let mut b = Browser::new(&app.base).speaking("de-DE,es;q=0.5");
    let page = b.visit("/auth/login");
    page.assert_has("<html lang=\"fr\">")
        .assert_has(">English</button>")
        .assert_lacks("Español");
    let refused = b.post("/language", &[("lang", "es"), ("next", "/index")]);
    assert_eq!(refused.status, 400);
    // A cookie naming a language the site no longer speaks is ignored.
    let app = App::start(engine, &["--languages", "en"]);
    let mut b = Browser::new(&app.base).speaking("fr");
    b.visit("/auth/login")
        .assert_has("<html lang=\"en\">")
        .assert_lacks("action=\"/language\"");
}

fn mails_speak_the_language_of_the_page_that_sent_them(engine: Engine) {
    let app = App::start(engine, &[]);
    let mut fr = Browser::new(&app.base).speaking("fr");
    fr.sign_up("susan", "cat");
    fr.post("/index", &[("post", "bonjour")]);
    fr.visit("/export_posts");
    let deadline = Instant::now() + Duration::from_secs(20);
    let export = loop {
        if let Some(mail) = app
            .outbox()
            .into_iter()
            .find(|m| m.subject.contains("publications"))
        {
            break mail;
        }
        assert!(
            Instant::now() < deadline,
            "no export mail: {:?}",
            app.outbox()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(export.subject, "[Microblog] Vos publications");
    assert!(
        export
            .body
            .starts_with("Bonjour susan,\n\nVoici vos publications"),
        "{}",
        export.body
    );
    let mut es = Browser::new(&app.base).speaking("es");
    es.request_reset("susan@example.com")
        .assert_has("Revisa tu correo");
    let reset = app.outbox().pop().expect("a reset mail");
    assert_eq!(reset.subject, "[Microblog] Restablece tu contraseña");
    assert!(reset.body.starts_with("Hola, susan:\n\n"), "{}", reset.body);
    assert!(
        reset.body.contains("/auth/reset_password/"),
        "{}",
        reset.body
    );
}
