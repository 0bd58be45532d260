use container_tests::Browser;

use crate::cli::SeedArgs;
use crate::Error;

/// A user of the seeded microblog, with a browser of their own (cookies, CSRF tokens).
struct User {
    name: &'static str,
    browser: Browser,
}

impl User {
    fn new(base: &str, name: &'static str) -> Self {
        Self {
            name,
            browser: Browser::new(base),
        }
    }

    /// GETs `page` for its form's CSRF token, POSTs the fields to `action`, expects a redirect.
    fn form_on(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Result<(), Error> {
        self.browser.csrf = None;
        self.browser.get(page);
        if self.browser.csrf.is_none() {
            return Err(Error::Seed(format!("no CSRF token on {page}")));
        }
        let answer = self.browser.post(action, fields);
        match answer.status {
            302 | 303 => Ok(()),
            status => Err(Error::Seed(format!(
                "POST {action} as {} answered {status}",
                self.name
            ))),
        }
    }

    /// A form that posts to its own page.
    fn form(&mut self, path: &str, fields: &[(&str, &str)]) -> Result<(), Error> {
        self.form_on(path, path, fields)
    }

    fn sign_up(&mut self, password: &str) -> Result<(), Error> {
        let email = format!("{}@example.com", self.name);
        self.form(
            "/auth/register",
            &[
                ("username", self.name),
                ("email", &email),
                ("password", password),
                ("password2", password),
            ],
        )?;
        self.form(
            "/auth/login",
            &[("username", self.name), ("password", password)],
        )
    }

    fn post(&mut self, text: &str) -> Result<(), Error> {
        self.form("/index", &[("post", text)])
    }
}

/// Posts a page shows (each post's body is a `<p class="body">`).
fn posts_on(html: &str) -> usize {
    html.matches("<p class=\"body\">").count()
}

/// `xtask seed-microblog`: alice, bob and carol sign up; bob writes 30 posts, carol 10; alice
/// follows both, and her index must show a full page of 25 posts. Prints alice's session cookie.
pub fn run(args: &SeedArgs) -> Result<(), Error> {
    let base = args.base.trim_end_matches('/');
    let [mut alice, mut bob, mut carol] =
        ["alice", "bob", "carol"].map(|name| User::new(base, name));
    for user in [&mut alice, &mut bob, &mut carol] {
        user.sign_up(&args.password)?;
    }
    for i in 1..=30 {
        bob.post(&format!(
            "Post number {i} from bob, to fill a page of the timeline."
        ))?;
    }
    for i in 1..=10 {
        carol.post(&format!("Post number {i} from carol."))?;
    }
    // /follow/NAME is the profile page's form.
    for who in ["bob", "carol"] {
        alice.form_on(&format!("/user/{who}"), &format!("/follow/{who}"), &[])?;
    }
    let cookie = alice
        .browser
        .cookie("session")
        .ok_or_else(|| Error::Seed("no session cookie for alice".into()))?;
    let index = alice.browser.get("/index");
    let posts = posts_on(&index.body);
    if posts != 25 {
        return Err(Error::Seed(format!(
            "alice's index shows {posts} posts, not a full page of 25"
        )));
    }
    println!("{cookie}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_posts_of_a_page() {
        let page = "<div><p class=\"body\">a</p></div><p class=\"body\">b</p><p class=\"bodyx\">";
        assert_eq!(posts_on(page), 2);
        assert_eq!(posts_on(""), 0);
    }
}
