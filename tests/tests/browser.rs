//! microblog in a real browser: Debian's Chromium, driven over WebDriver, used as a person uses
//! the site (register, log in, post, follow, hover a name, page through, edit a profile, reset a
//! password, log out), on the real binary and on the 07-static container, in a laptop's window
//! (1280 px) and a phone's (390 px).
//!
//! Every page loaded on the way passes the window's checks (`Window::check_page`): no console
//! error, no request to another site (the avatars Gravatar cannot serve here show their
//! fallback), nothing cut off or overlapping. A failing scenario saves the page as it was under
//! `target/browser-failures/`.
//!
//! The other people of a scenario, and their posts, are made through the HTTP client: only the
//! person at the window matters here. A new feature's browser test is a function here and its
//! name in the `in_chromium!` list.
//!
//! `scripts/screenshots.sh` runs these with `MICROBLOG_SCREENSHOTS` set: the `picture` steps
//! then write the docs' pictures.

use container_tests::browser::Browser as Forms;
use container_tests::{in_chromium, Site, Target, Window};

in_chromium!(
    a_person_signs_up_posts_and_logs_out,
    remember_me_keeps_the_login_across_a_restart,
    hovering_an_author_and_following_from_a_profile,
    paging_through_older_and_newer_posts,
    editing_the_profile,
    resetting_a_forgotten_password,
    messages_and_the_unread_badge,
    exporting_posts_shows_its_progress,
    searching_posts_from_the_navbar,
    switching_the_language_from_the_footer,
);

const PASSWORD: &str = "correct horse battery";

/// Registers `name` through the register page, as a person would.
fn register(window: &Window, name: &str) {
    window.open_page("/auth/register");
    window.fill("Username", name);
    window.fill("Email", &format!("{name}@example.com"));
    window.fill("Password", PASSWORD);
    window.fill("Repeat Password", PASSWORD);
    window.click_button("Register");
    window.assert_sees("Congratulations, you are now a registered user!");
}

/// Logs in from the login page, ticking Remember Me when asked.
fn log_in(window: &Window, name: &str, password: &str, remember: bool) {
    window.open_page("/auth/login");
    window.fill("Username", name);
    window.fill("Password", password);
    if remember {
        window.tick("Remember Me");
    }
    window.click_button("Sign In");
    window.assert_sees(&format!("Hi, {name}!"));
}

/// Someone else, signed up through the HTTP client, who posts `posts`.
fn someone_who_posts(site: &Site, name: &str, posts: &[&str]) -> Forms {
    let mut forms = Forms::new(&site.origin);
    forms.sign_up(name, PASSWORD);
    for post in posts {
        forms.visit("/index");
        forms
            .submit("/index", &[("post", post)])
            .assert_has("Your post is now live!");
    }
    forms
}

fn a_person_signs_up_posts_and_logs_out(_: &Site, window: &Window) {
    // A stranger is sent to the login page, and finds the way to register from there.
    window.open_page("/");
    window.assert_at("/auth/login?next=%2F");
    window.assert_sees("Sign In");
    window.picture("login");
    window.click_link("Click to Register!");
    window.assert_at("/auth/register");
    window.fill("Username", "ana");
    window.fill("Email", "ana@example.com");
    window.fill("Password", PASSWORD);
    window.fill("Repeat Password", "not the same");
    window.click_button("Register");
    // The mistake is said next to the field, and the layout still holds (checked on each page).
    window.wait_until(
        "the repeated password marked invalid",
        "return !!document.querySelector('.field.invalid #password2')",
    );
    window.picture("register");
    window.fill("Password", PASSWORD);
    window.fill("Repeat Password", PASSWORD);
    window.click_button("Register");
    window.assert_sees("Congratulations, you are now a registered user!");
    log_in(window, "ana", PASSWORD, false);
    window.assert_sees("No posts yet.");

    window.fill("Say something", "Bonjour tout le monde !");
    window.click_button("Submit");
    window.assert_sees("Your post is now live!");
    window.assert_sees("Bonjour tout le monde !");
    // The relative time reads as a person expects, and carries a machine time the browser
    // understands, close to its own clock, with the exact UTC time on hover.
    assert_eq!(window.text_of(".post time"), "a few seconds ago");
    let skew = window.js(
        "const t = document.querySelector('.post time'); \
         return [Math.abs(Date.now() - Date.parse(t.getAttribute('datetime'))), t.title];",
        vec![],
    );
    let millis = skew[0].as_f64().unwrap_or(f64::INFINITY);
    assert!(
        millis < 120_000.0,
        "the post's datetime is {millis} ms from now"
    );
    assert!(
        skew[1].as_str().is_some_and(|t| t.contains("UTC")),
        "the time's title gives the UTC time: {}",
        skew[1]
    );
    window.picture("index");

    window.click_link("Logout");
    window.assert_sees("Sign In");
    window.assert_does_not_see("Bonjour tout le monde !");
}

fn remember_me_keeps_the_login_across_a_restart(site: &Site, window: &Window) {
    someone_who_posts(site, "remy", &[]);
    // Without Remember Me, closing the browser ends the login...
    log_in(window, "remy", PASSWORD, false);
    assert!(
        window.cookies().contains(&("session".to_owned(), false)),
        "without Remember Me the session cookie ends with the browser: {:?}",
        window.cookies()
    );
    window.restart_browser();
    window.assert_sees("Sign In");
    // ...with it, the login outlives the browser.
    log_in(window, "remy", PASSWORD, true);
    assert!(
        window.cookies().contains(&("session".to_owned(), true)),
        "with Remember Me the session cookie has an expiry date: {:?}",
        window.cookies()
    );
    window.restart_browser();
    window.assert_sees("Hi, remy!");
}

fn hovering_an_author_and_following_from_a_profile(site: &Site, window: &Window) {
    let mut alice = someone_who_posts(site, "alice", &["Hello from alice"]);
    alice.visit("/edit_profile");
    alice
        .submit(
            "/edit_profile",
            &[("username", "alice"), ("about_me", "I teach containers.")],
        )
        .assert_has("Your changes have been saved.");
    register(window, "bob");
    log_in(window, "bob", PASSWORD, false);
    window.assert_does_not_see("Hello from alice");
    window.click_link("Explore");
    window.assert_sees("Hello from alice");

    // Hovering alice's name shows her card, inside the window, with her avatar drawn.
    window.hover("a.user_popup");
    window.wait_until(
        "alice's card after hovering her name",
        "const card = document.querySelector('.popup'); \
         return !!card && card.innerText.includes('I teach containers.')",
    );
    let popup = window.text_of(".popup");
    for expected in ["alice", "0 followers, 0 following.", "Follow"] {
        assert!(
            popup.contains(expected),
            "the card shows {expected:?}: {popup}"
        );
    }
    let (left, _, width, _) = window.rect(".popup");
    assert!(
        left >= 0.0 && left + width <= f64::from(window.width),
        "the card spans x = {left:.0}..{:.0}: cut off in a window of {} px",
        left + width,
        window.width
    );
    window.check_page();
    window.picture("popup");
    // Moving away closes it.
    window.move_mouse_away();
    window.wait_until(
        "the card gone after the mouse left",
        "return !document.querySelector('.popup')",
    );

    // Her profile, and Follow.
    window.click_link_in(".post", "alice");
    window.assert_at("/user/alice");
    window.assert_sees("User: alice");
    window.assert_sees("I teach containers.");
    window.click_button("Follow");
    window.assert_sees("You are following alice!");
    window.assert_sees("1 follower, 0 following.");
    window.picture("profile");
    window.click_link("Home");
    window.assert_sees("Hello from alice");

    // Unfollow from the card itself (its form carries its own CSRF token).
    window.hover("a.user_popup");
    window.wait_until(
        "the card with an Unfollow button",
        "const card = document.querySelector('.popup'); \
         return !!card && card.innerText.includes('Unfollow')",
    );
    window.click_button_in(".popup", "Unfollow");
    window.assert_sees("You are not following alice.");
}

fn paging_through_older_and_newer_posts(site: &Site, window: &Window) {
    let posts: Vec<String> = (1..=7).map(|n| format!("Post number {n}")).collect();
    let posts: Vec<&str> = posts.iter().map(String::as_str).collect();
    someone_who_posts(site, "writer", &posts);
    register(window, "reader");
    log_in(window, "reader", PASSWORD, false);
    window.click_link("Explore");
    // Five a page (POSTS_PER_PAGE), newest first.
    window.assert_sees("Post number 7");
    window.assert_sees("Post number 3");
    window.assert_does_not_see("Post number 2");
    window.picture("explore");
    window.click_link("Older posts →");
    window.assert_at("/explore?page=2");
    window.assert_sees("Post number 2");
    window.assert_sees("Post number 1");
    window.assert_does_not_see("Post number 3");
    window.click_link("← Newer posts");
    window.assert_sees("Post number 7");
    window.assert_does_not_see("Post number 2");
}

fn editing_the_profile(site: &Site, window: &Window) {
    someone_who_posts(site, "dave", &[]);
    register(window, "carol");
    log_in(window, "carol", PASSWORD, false);
    window.click_link("Profile");
    window.assert_at("/user/carol");
    window.assert_sees("User: carol");
    window.click_link("Edit your profile");
    window.assert_at("/edit_profile");
    // A name already taken is refused next to the field.
    window.fill("Username", "dave");
    window.fill("About me", "I write Dockerfiles for a living.");
    window.click_button("Submit");
    window.assert_sees("Please use a different username.");
    window.picture("edit_profile");
    window.fill("Username", "caroline");
    window.click_button("Submit");
    window.assert_sees("Your changes have been saved.");
    window.click_link("Profile");
    window.assert_at("/user/caroline");
    window.assert_sees("User: caroline");
    window.assert_sees("I write Dockerfiles for a living.");
}

fn resetting_a_forgotten_password(site: &Site, window: &Window) {
    someone_who_posts(site, "erin", &[]);
    window.open_page("/auth/login");
    window.click_link("Click to Reset It");
    window.fill("Email", "erin@example.com");
    window.click_button("Request Password Reset");
    window.assert_sees("Check your email for the instructions to reset your password");
    // No mail server: the mail is in the log, and its link is followed as a person would.
    window.open_page(&site.mailed_link("erin@example.com"));
    window.assert_sees("Reset Your Password");
    window.fill("Password", "a brand new secret");
    window.fill("Repeat Password", "a brand new secret");
    window.click_button("Reset Password");
    window.assert_sees("Your password has been reset.");
    log_in(window, "erin", "a brand new secret", false);
}

/// The checks of every page catch what they are there for: a console error, a request to
/// another site, a resource the CSP refuses, elements drawn over each other or cut off. Run on
/// a page that passes, then broken on purpose from the page's own script.
#[test]
fn the_page_checks_catch_what_they_are_for() {
    let site = Site::start(Target::Binary, &[]);
    let window = Window::open(&site.origin, 390, false);
    window.open_page("/auth/login");
    assert!(window.layout_problems().is_empty());

    window.js("console.error('broken on purpose')", vec![]);
    let errors = window.console_errors();
    assert!(
        errors.iter().any(|e| e.contains("broken on purpose")),
        "{errors:?}"
    );

    // Gravatar is allowed by the CSP (for avatars): this request is made, and caught.
    window.js(
        "new Image().src = 'https://www.gravatar.com/not-an-avatar.png'",
        vec![],
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let requests = window.requests_to_other_sites();
    assert!(
        requests.iter().any(|r| r.contains("not-an-avatar.png")),
        "{requests:?}"
    );

    // Another site is refused by the CSP, and the refusal is a console error.
    window.js(
        "fetch('http://example.com/').catch(() => {}); \
         new Image().src = 'http://example.com/pixel.png';",
        vec![],
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let errors = window.console_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("example.com") && e.contains("Content Security Policy")),
        "{errors:?}"
    );

    window.js(
        "document.querySelector('a.brand').style.marginRight = '-60px'; \
         document.querySelector('h1').style.width = '500px';",
        vec![],
    );
    let layout = window.layout_problems().join("\n");
    assert!(layout.contains("overlap"), "{layout}");
    assert!(layout.contains("h1 \"Sign In\" is cut off"), "{layout}");
    // A phone zooms out a page too wide for it: it is laid out wider than the screen.
    assert!(layout.contains("px wide in a window of 390 px"), "{layout}");
}

fn messages_and_the_unread_badge(site: &Site, window: &Window) {
    let mut bob = someone_who_posts(site, "bob", &["hello from bob"]);
    register(window, "ana");
    log_in(window, "ana", PASSWORD, false);
    window.wait_until(
        "no unread badge",
        "return document.getElementById('message_count').hidden",
    );
    // Bob writes to her while her page is open: the page's poll shows the badge, no reload.
    bob.visit("/send_message/ana");
    bob.submit("/send_message/ana", &[("message", "Hi Ana, welcome!")])
        .assert_has("Your message has been sent.");
    // The page polls every 10 s; coming back to the tab polls at once, as a person does.
    window.js(
        "document.dispatchEvent(new Event('visibilitychange'))",
        vec![],
    );
    window.wait_until(
        "the badge to say 1",
        "var b = document.getElementById('message_count'); return !b.hidden && b.textContent === '1'",
    );
    window.picture("badge");
    window.click_link("Messages 1");
    window.assert_at("/messages");
    window.assert_sees("Hi Ana, welcome!");
    window.wait_until(
        "the badge to be gone once the messages are read",
        "return document.getElementById('message_count').hidden",
    );
    window.picture("messages");
    // She answers from his profile.
    window.open_page("/user/bob");
    window.click_link("Send private message");
    window.assert_sees("Send Message to bob");
    window.fill("Message", "Thanks, Bob!");
    window.click_button("Submit");
    window.assert_at("/user/bob");
    window.assert_sees("Your message has been sent.");
    bob.visit("/messages").assert_has("Thanks, Bob!");
}

fn exporting_posts_shows_its_progress(site: &Site, window: &Window) {
    register(window, "ana");
    log_in(window, "ana", PASSWORD, false);
    for n in 1..=4 {
        window.fill("Say something", &format!("post number {n}"));
        window.click_button("Submit");
        window.assert_sees("Your post is now live!");
    }
    window.open_page("/user/ana");
    window.click_link("Export your posts");
    window.assert_sees("Exporting posts...");
    window.assert_does_not_see("Export your posts");
    window.picture("export");
    window.wait_until(
        "the export to say it is done",
        "var t = document.querySelector('.task'); return t && t.classList.contains('done')",
    );
    window.assert_sees("Your posts are exported: the file is on its way to your mailbox.");
    assert!(
        site.logs().contains("Subject: [Microblog] Your blog posts"),
        "the export's mail in the log:\n{}",
        site.logs()
    );
}

fn searching_posts_from_the_navbar(site: &Site, window: &Window) {
    someone_who_posts(
        site,
        "bob",
        &["Un éléphant dans la pièce", "nothing to see here"],
    );
    register(window, "ana");
    log_in(window, "ana", PASSWORD, false);
    window.fill("Search", "elephant\n");
    window.wait_until(
        "the search results",
        "return location.pathname === '/search' && document.readyState === 'complete'",
    );
    window.check_page();
    window.assert_sees("Search Results");
    window.assert_sees("Un éléphant dans la pièce");
    window.assert_does_not_see("nothing to see here");
    window.picture("search");
}

fn switching_the_language_from_the_footer(site: &Site, window: &Window) {
    someone_who_posts(
        site,
        "bob",
        &["The cat sleeps on the sofa since this morning."],
    );
    register(window, "ana");
    log_in(window, "ana", PASSWORD, false);
    // Chromium asks for English; the footer offers the others, each in its own words.
    window.click_button("Français");
    window.assert_at("/index");
    window.assert_sees("Bonjour, ana\u{a0}!");
    window.assert_sees("Accueil");
    window.fill(
        "Quoi de neuf\u{a0}?",
        "Le chat dort sur le canapé depuis ce matin.",
    );
    window.click_button("Envoyer");
    window.assert_sees("Votre publication est en ligne\u{a0}!");
    window.assert_sees("ana a publié il y a quelques secondes");
    window.picture("french");
    window.open_page("/user/ana");
    window.assert_sees("Dernière visite\u{a0}:");
    window.assert_sees("0 abonné, 0 abonnement.");
    window.click_button("Español");
    window.assert_at("/user/ana");
    window.assert_sees("Usuario: ana");
    window.assert_sees("Última visita:");
    window.picture("spanish");
    // The choice outlives the browser session; the login does not (no Remember Me).
    window.restart_browser();
    window.open_page("/index");
    window.assert_sees("Inicia sesión para acceder a esta página.");
    window.click_button("English");
    window.assert_sees("Remember Me");
}
