//! A browser for microblog's pages: keeps cookies, follows redirects when asked to, and sends
//! back the CSRF token of the last page it saw, as a person's browser would. Shared by
//! microblog's own HTTP tests and the container tests.

use ureq::Agent;

/// One answer.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Page {
    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[track_caller]
    pub fn assert_has(&self, text: &str) -> &Self {
        assert!(
            self.has(text),
            "expected {text:?} in the page ({}):\n{}",
            self.status,
            self.body
        );
        self
    }

    #[track_caller]
    pub fn assert_lacks(&self, text: &str) -> &Self {
        assert!(
            !self.has(text),
            "did not expect {text:?} in the page ({}):\n{}",
            self.status,
            self.body
        );
        self
    }
}

/// A browser: keeps cookies, follows redirects when asked to, and sends back the CSRF token of
/// the last page it saw.
pub struct Browser {
    base: String,
    agent: Agent,
    pub csrf: Option<String>,
    /// The `Accept-Language` sent with every request, if any.
    accept_language: Option<String>,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Self::with_agent(base, new_agent())
    }

    fn with_agent(base: &str, agent: Agent) -> Self {
        Self {
            base: base.to_owned(),
            agent,
            csrf: None,
            accept_language: None,
        }
    }

    /// This browser's languages, sent as `Accept-Language` ("fr-FR,fr;q=0.9").
    pub fn speaking(mut self, accept_language: &str) -> Self {
        self.accept_language = Some(accept_language.to_owned());
        self
    }

    /// Closes and reopens the browser: session cookies are gone, persistent ones stay.
    pub fn restart(&self) -> Browser {
        let mut saved = Vec::new();
        self.agent.cookie_jar_lock().save_json(&mut saved).unwrap();
        let agent = new_agent();
        agent.cookie_jar_lock().load_json(&saved[..]).unwrap();
        let mut browser = Browser::with_agent(&self.base, agent);
        browser.accept_language.clone_from(&self.accept_language);
        browser
    }

    /// Points this browser (and its cookies) at another address, as after a restart.
    pub fn rebase(&mut self, base: &str) {
        base.clone_into(&mut self.base);
    }

    /// The value of the cookie `name` this browser holds, if any (to replay its session with
    /// another client, as the benchmarks do with wrk).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.agent
            .cookie_jar_lock()
            .iter()
            .find(|cookie| cookie.name() == name)
            .map(|cookie| cookie.value().to_owned())
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    fn read(&mut self, response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Page {
        let mut response = response.expect("the app answers");
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let location = header("location");
        let content_type = header("content-type").unwrap_or_default();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        if let Some(token) = csrf_token_in(&body) {
            self.csrf = Some(token);
        }
        Page {
            status,
            location,
            content_type,
            headers,
            body,
        }
    }

    /// GET without following a redirect.
    pub fn get(&mut self, path: &str) -> Page {
        let mut request = self.agent.get(&self.url(path));
        if let Some(languages) = &self.accept_language {
            request = request.header("Accept-Language", languages);
        }
        let response = request.call();
        self.read(response)
    }

    /// GET, following redirects to the final page.
    pub fn visit(&mut self, path: &str) -> Page {
        let mut page = self.get(path);
        for _ in 0..5 {
            match (&page.status, &page.location) {
                (301..=303 | 307 | 308, Some(location)) => {
                    let location = location.clone();
                    page = self.get(&location);
                }
                _ => break,
            }
        }
        page
    }

    /// POSTs a form with the CSRF token of the last page, without following the redirect.
    pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all)
    }

    /// POSTs exactly these fields.
    pub fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut request = self.agent.post(&self.url(path));
        if let Some(languages) = &self.accept_language {
            request = request.header("Accept-Language", languages);
        }
        let response = request.send_form(fields.iter().copied());
        self.read(response)
    }

    /// POSTs a form and follows the redirect.
    pub fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.post(path, fields);
        match (&page.status, &page.location) {
            (301..=303, Some(location)) => {
                let location = location.clone();
                self.visit(&location)
            }
            _ => page,
        }
    }

    /// Registers and logs in, leaving the browser on the index page.
    pub fn sign_up(&mut self, username: &str, password: &str) -> Page {
        self.visit("/auth/register");
        let email = format!("{username}@example.com");
        let page = self.submit(
            "/auth/register",
            &[
                ("username", username),
                ("email", &email),
                ("password", password),
                ("password2", password),
            ],
        );
        // The flash of a successful sign-up, in whatever language this browser reads.
        assert_eq!(page.status, 200, "{}", page.body);
        page.assert_has("<div class=\"flash\"")
            .assert_lacks("class=\"error\"");
        self.log_in(username, password)
    }

    /// Asks for a password-reset mail, as from the login page's link.
    pub fn request_reset(&mut self, email: &str) -> Page {
        self.visit("/auth/reset_password_request");
        self.submit("/auth/reset_password_request", &[("email", email)])
    }

    pub fn log_in(&mut self, username: &str, password: &str) -> Page {
        self.visit("/auth/login");
        self.submit(
            "/auth/login",
            &[("username", username), ("password", password)],
        )
    }
}

fn new_agent() -> Agent {
    Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

/// The value of the hidden `csrf_token` field of a page, whatever the order of the input's
/// attributes (ours write `name` first, Flask-WTF's `id`, `name`, `type`, then `value`).
fn csrf_token_in(html: &str) -> Option<String> {
    let name_at = html.find("name=\"csrf_token\"")?;
    let start = html[..name_at].rfind('<')?;
    let end = name_at + html[name_at..].find('>')?;
    let input = &html[start..end];
    let value_at = input.find("value=\"")? + "value=\"".len();
    let rest = &input[value_at..];
    Some(rest[..rest.find('"')?].to_owned())
}

#[cfg(test)]
mod tests {
    use super::csrf_token_in;

    #[test]
    fn csrf_tokens_are_read_in_any_attribute_order() {
        let ours = r#"<form><input type="hidden" name="csrf_token" value="abc"></form>"#;
        let flask = r#"<input id="csrf_token" name="csrf_token" type="hidden" value="IjQ.x-y">"#;
        assert_eq!(csrf_token_in(ours).as_deref(), Some("abc"));
        assert_eq!(csrf_token_in(flask).as_deref(), Some("IjQ.x-y"));
        assert_eq!(csrf_token_in(r#"<input name="csrf_token">"#), None);
        assert_eq!(csrf_token_in("no form here"), None);
    }
}
