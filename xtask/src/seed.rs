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

/// Every seeded post begins so; a page shows as many posts as it holds this text.
const POST_MARK: &str = "Post number ";

/// Posts a page shows, counted by their seeded text: the same count on our pages and on the
/// Flask original's.
fn posts_on(html: &str) -> usize {
    html.matches(POST_MARK).count()
}

/// Who signs up, in order; each follows all the others.
const USERS: [&str; 5] = ["alice", "bob", "carol", "dave", "erin"];
/// How many posts they write in all, in turn.
const POSTS: usize = 60;

/// `xtask seed-microblog`: five users sign up, write 60 posts in turn and follow each other,
/// through the app's own forms, so that alice's index shows a full page of 25 posts from the
/// users she follows. The same steps seed the Flask original. Prints alice's session cookie.
pub fn run(args: &SeedArgs) -> Result<(), Error> {
    let base = args.base.trim_end_matches('/');
    let mut users = USERS.map(|name| User::new(base, name));
    for user in &mut users {
        user.sign_up(&args.password)?;
    }
    for i in 0..POSTS {
        let author = USERS[i % USERS.len()];
        let text = format!(
            "{POST_MARK}{} from {author}, to fill a page of the timeline.",
            i + 1
        );
        users[i % USERS.len()].post(&text)?;
    }
    // /follow/NAME is the profile page's form.
    for (user, name) in users.iter_mut().zip(USERS) {
        for who in USERS.iter().filter(|who| **who != name) {
            user.form_on(&format!("/user/{who}"), &format!("/follow/{who}"), &[])?;
        }
    }
    let alice = &mut users[0];
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
        let page = "<p class=\"body\">Post number 1 from bob</p><span>Post number 2 from x</span>";
        assert_eq!(posts_on(page), 2);
        assert_eq!(posts_on(""), 0);
    }
}
