//! A real browser window: headless Chromium at a given width, driven over WebDriver
//! ([`fantoccini`]) as a person uses a site: open a page, fill a field, click a link or a button,
//! hover a name, read what is shown.
//!
//! Every step is bounded in time and fails saying what it was waiting for. After each page
//! loads, [`Window::check_page`] looks at it as a careful reviewer would: no error in the
//! console, no request to another site, every avatar showing, nothing cut off or overlapping
//! (see [`crate::layout`]).
//!
//! The calls are synchronous (each runs the WebDriver exchange on the window's own runtime),
//! so scenarios read like the other tests of this crate.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::artifacts;
use crate::chromedriver::{chromium, Chromedriver};
use crate::layout;

/// The most one WebDriver command may take (a page load included).
const ANSWER: Duration = Duration::from_secs(30);
/// The most a wait for something on the page may take.
const WAIT: Duration = Duration::from_secs(10);

/// The window heights that go with the two widths the tests use: a laptop's and a phone's.
fn height_for(width: u32) -> u32 {
    if width < 600 {
        844
    } else {
        800
    }
}

/// A Chromium window on a site. Closed (browser and driver) when dropped.
pub struct Window {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    /// `http://127.0.0.1:<port>`: the site under test; any other origin is "another site".
    pub origin: String,
    /// The viewport width in CSS pixels.
    pub width: u32,
    /// Where the docs' pictures go, when asked for (see [`artifacts::pictures_dir`]).
    pictures: Option<PathBuf>,
    _profile: tempfile::TempDir,
    _driver: Chromedriver,
}

/// `POST /session/{id}/se/log`: chromedriver's log of the console (`browser`) or of the DevTools
/// events (`performance`), emptied as it is read. Not in the W3C protocol, so not in fantoccini:
/// chromedriver has served it for Selenium's `get_log` all along.
#[derive(Debug)]
struct ReadLog(&'static str);

impl WebDriverCompatibleCommand for ReadLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// `POST /session/{id}/goog/cdp/execute`: one DevTools command, through chromedriver.
#[derive(Debug)]
struct DevTools(&'static str, Value);

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.0, "params": self.1 });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Window {
    /// Opens Chromium with a viewport `width` CSS pixels wide on the site at `origin`. Pictures
    /// for the docs are taken only when `pictures` is true and the environment asks for them.
    pub fn open(origin: &str, width: u32, pictures: bool) -> Window {
        let driver = Chromedriver::start();
        let profile = tempfile::tempdir().expect("a temporary folder for the browser profile");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the WebDriver client");
        let height = height_for(width);
        let mut args = vec![
            "--headless=new".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
            // The site is on this machine; any other name resolves to nothing, so no request
            // can leave it (Gravatar's avatars fail here as in an offline classroom, and the
            // page's fallback must show), whatever the network of the machine running the tests.
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-gpu".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--lang=en-US".to_owned(),
        ];
        if running_as_root() {
            // Chromium's sandbox relies on user namespaces that it refuses to set up as root
            // ("Running as root without --no-sandbox is not supported"), and CI runs the tests
            // as root. The pages it opens are our own, served from this machine.
            args.push("--no-sandbox".to_owned());
        }
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": args,
                "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
            },
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let connect = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(Capabilities::from_iter(capabilities))
            .connect(&driver.url)
            .await_within(&runtime, "Chromium to start");
        let client = connect.unwrap_or_else(|e| panic!("Chromium did not start: {e}"));
        let mut window = Window {
            runtime,
            client: Some(client),
            origin: origin.trim_end_matches('/').to_owned(),
            width,
            pictures: if pictures {
                artifacts::pictures_dir()
            } else {
                None
            },
            _profile: profile,
            _driver: driver,
        };
        window.fit_viewport(width, height);
        window
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("an open window")
    }

    /// Runs one WebDriver exchange, failing after [`ANSWER`] with `what` it was doing.
    fn run<T, E: std::fmt::Display>(
        &self,
        what: &str,
        exchange: impl Future<Output = Result<T, E>>,
    ) -> T {
        match exchange.await_within(&self.runtime, what) {
            Ok(value) => value,
            Err(e) => panic!("{what}: {e}"),
        }
    }

    /// Gives the page a viewport of exactly `width` × `height` CSS pixels, as a phone's or a
    /// laptop's screen (a window cannot be made narrower than 500 px): DevTools' device
    /// emulation, which is also what honours `<meta name="viewport">` at phone widths.
    fn fit_viewport(&mut self, width: u32, height: u32) {
        let client = self.client().clone();
        let emulate = DevTools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1,
                    "mobile": width < 600 }),
        );
        self.run("setting the viewport", client.issue_cmd(emulate));
        // Each page's own width is checked with its layout: on a phone it is the page's
        // `<meta name="viewport">` that makes it 390 px rather than 980.
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its
    /// value.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        let client = self.client().clone();
        self.run("running a script in the page", client.execute(script, args))
    }

    /// The address of `path` on the site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// The path (and query) of the page shown.
    pub fn path(&self) -> String {
        let client = self.client().clone();
        let url = self.run("reading the address", client.current_url());
        let mut path = url.path().to_owned();
        if let Some(query) = url.query() {
            path = format!("{path}?{query}");
        }
        path
    }

    /// Types `path` (on the site, or a whole address) in the address bar, waits for the page,
    /// checks it.
    pub fn open_page(&self, path: &str) {
        let client = self.client().clone();
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        self.run(&format!("opening {url}"), client.goto(&url));
        self.check_page();
    }

    fn find(&self, locator: Locator<'_>, what: &str) -> Element {
        let client = self.client().clone();
        let found = client.wait().at_most(WAIT).for_element(locator);
        match found.await_within(&self.runtime, what) {
            Ok(element) => element,
            Err(e) => panic!(
                "expected {what} on {}, found none within {WAIT:?} ({e})\nthe page says:\n{}",
                self.path(),
                self.text()
            ),
        }
    }

    /// Marks the page shown so that [`Window::wait_for_next_page`] knows when another replaced it.
    fn mark_page(&self) {
        self.js("window.__previousPage = true", vec![]);
    }

    /// Waits for a page load started by a click, then checks the new page.
    fn wait_for_next_page(&self, after: &str) {
        self.wait_until(
            &format!("a new page after {after}"),
            "return !window.__previousPage && document.readyState === 'complete'",
        );
        self.check_page();
    }

    /// Clicks what `locator` finds (described as `what`) and waits for the page it leads to.
    fn click_to_next_page(&self, locator: Locator<'_>, what: &str) {
        let element = self.find(locator, what);
        self.mark_page();
        self.run(&format!("clicking {what}"), element.click());
        self.wait_for_next_page(&format!("clicking {what}"));
    }

    /// Clicks the link that reads `text` and waits for its page.
    pub fn click_link(&self, text: &str) {
        self.click_to_next_page(Locator::LinkText(text), &format!("a link `{text}`"));
    }

    /// Clicks the link that reads `text` inside what `css` selects, and waits for its page.
    pub fn click_link_in(&self, css: &str, text: &str) {
        let xpath = format!(
            "//a[normalize-space()={}][ancestor-or-self::*[{}]]",
            xpath_literal(text),
            css_class_test(css)
        );
        self.click_to_next_page(
            Locator::XPath(&xpath),
            &format!("a link `{text}` in `{css}`"),
        );
    }

    /// Clicks the button that reads `label` (submitting its form) and waits for the next page.
    pub fn click_button(&self, label: &str) {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(label));
        self.click_to_next_page(Locator::XPath(&xpath), &format!("a button `{label}`"));
    }

    /// Clicks the button `label` inside what `css` selects (the popup's, say).
    pub fn click_button_in(&self, css: &str, label: &str) {
        let xpath = format!(
            "//button[normalize-space()={}][ancestor::*[{}]]",
            xpath_literal(label),
            css_class_test(css)
        );
        self.click_to_next_page(
            Locator::XPath(&xpath),
            &format!("a button `{label}` in `{css}`"),
        );
    }

    /// Clicks the form field labelled `label`, empties it and types `text`, as a person does.
    pub fn fill(&self, label: &str, text: &str) {
        let field = self.field(label);
        self.run(&format!("clearing `{label}`"), field.clear());
        self.run(&format!("typing in `{label}`"), field.send_keys(text));
    }

    /// Ticks the checkbox labelled `label` (by clicking its label, as a person may).
    pub fn tick(&self, label: &str) {
        let field = self.field(label);
        let ticked = self.run(&format!("reading `{label}`"), field.is_selected());
        if !ticked {
            let xpath = format!("//label[normalize-space()={}]", xpath_literal(label));
            let label_element = self.find(Locator::XPath(&xpath), &format!("a label `{label}`"));
            self.run(&format!("clicking `{label}`"), label_element.click());
        }
        assert!(
            self.run(&format!("reading `{label}`"), field.is_selected()),
            "`{label}` should be ticked after a click on its label"
        );
    }

    /// The field a `<label>` reading `label` points at.
    fn field(&self, label: &str) -> Element {
        let xpath = format!(
            "//*[@id=//label[normalize-space()={}]/@for]",
            xpath_literal(label)
        );
        self.find(
            Locator::XPath(&xpath),
            &format!("a field labelled `{label}`"),
        )
    }

    /// Moves the mouse over the first element `css` selects, and leaves it there.
    pub fn hover(&self, css: &str) {
        let element = self.find(Locator::Css(css), &format!("`{css}`"));
        let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element,
            duration: Some(Duration::from_millis(100)),
            x: 0.0,
            y: 0.0,
        });
        let client = self.client().clone();
        self.run(
            &format!("moving the mouse over `{css}`"),
            client.perform_actions(mouse),
        );
    }

    /// Moves the mouse to the window's top-left corner, away from everything.
    pub fn move_mouse_away(&self) {
        let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(100)),
            x: 1.0,
            y: 1.0,
        });
        let client = self.client().clone();
        self.run("moving the mouse away", client.perform_actions(mouse));
    }

    /// The text a person reads on the page (`innerText`: what is hidden is left out).
    pub fn text(&self) -> String {
        let client = self.client().clone();
        let text = client.execute(
            "return document.body ? document.body.innerText : ''",
            vec![],
        );
        match text.await_within(&self.runtime, "reading the page") {
            Ok(Value::String(text)) => text,
            other => format!("(cannot read the page: {other:?})"),
        }
    }

    /// The text of the first element `css` selects.
    pub fn text_of(&self, css: &str) -> String {
        let element = self.find(Locator::Css(css), &format!("`{css}`"));
        self.run(&format!("reading `{css}`"), element.text())
    }

    /// Fails unless the page shows `text` (within [`WAIT`]).
    #[track_caller]
    pub fn assert_sees(&self, text: &str) {
        let script = format!(
            "return document.body.innerText.includes({})",
            serde_json::to_string(text).expect("a string")
        );
        if !self.poll(&script) {
            panic!(
                "expected to see {text:?} on {} at {} px; the page says:\n{}",
                self.path(),
                self.width,
                self.text()
            );
        }
    }

    /// Fails if the page shows `text`.
    #[track_caller]
    pub fn assert_does_not_see(&self, text: &str) {
        let shown = self.text();
        assert!(
            !shown.contains(text),
            "did not expect to see {text:?} on {} at {} px; the page says:\n{shown}",
            self.path(),
            self.width
        );
    }

    /// Fails unless the page shown is `path`.
    #[track_caller]
    pub fn assert_at(&self, path: &str) {
        let shown = self.path();
        assert_eq!(shown, path, "expected to be on {path}, not on {shown}");
    }

    /// Whether `script` (returning a boolean) becomes true within [`WAIT`].
    fn poll(&self, script: &str) -> bool {
        let start = Instant::now();
        loop {
            if self.js(script, vec![]) == Value::Bool(true) {
                return true;
            }
            if start.elapsed() > WAIT {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `script` returns true, failing after [`WAIT`] with `what` was expected.
    #[track_caller]
    pub fn wait_until(&self, what: &str, script: &str) {
        if !self.poll(script) {
            panic!(
                "expected {what} within {WAIT:?} on {} at {} px; the page says:\n{}",
                self.path(),
                self.width,
                self.text()
            );
        }
    }

    /// The box of the first element `css` selects: left, top, width, height, relative to the
    /// viewport.
    pub fn rect(&self, css: &str) -> (f64, f64, f64, f64) {
        let element = self.find(Locator::Css(css), &format!("`{css}`"));
        let script = "const r = arguments[0].getBoundingClientRect(); \
                      return [r.left, r.top, r.width, r.height];";
        let client = self.client().clone();
        let element = serde_json::to_value(element).expect("an element reference");
        let rect = self.run(
            &format!("measuring `{css}`"),
            client.execute(script, vec![element]),
        );
        let number = |i: usize| rect[i].as_f64().unwrap_or(f64::NAN);
        (number(0), number(1), number(2), number(3))
    }

    /// The names of the cookies the browser keeps, each with whether it outlives the browser
    /// (an expiry date) or ends with it (a session cookie).
    pub fn cookies(&self) -> Vec<(String, bool)> {
        let client = self.client().clone();
        let cookies = self.run("reading the cookies", client.get_all_cookies());
        cookies
            .iter()
            .map(|c| {
                let persistent = c.expires().and_then(|e| e.datetime()).is_some();
                (c.name().to_owned(), persistent)
            })
            .collect()
    }

    /// What closing and reopening the browser does to the cookies: the session cookies go, the
    /// ones with an expiry date stay. Then the page is loaded again.
    pub fn restart_browser(&self) {
        let client = self.client().clone();
        let cookies = self.run("reading the cookies", client.get_all_cookies());
        for cookie in cookies {
            if cookie.expires().and_then(|e| e.datetime()).is_none() {
                let name = cookie.name().to_owned();
                self.run(
                    &format!("deleting the cookie {name}"),
                    client.delete_cookie(&name),
                );
            }
        }
        self.mark_page();
        self.run("reloading the page", client.refresh());
        self.wait_for_next_page("a restart");
    }

    /// The checks every page must pass, whatever it is: run after each page load. Fails with
    /// every problem found.
    pub fn check_page(&self) {
        self.wait_for_avatars();
        let mut problems = self.console_errors();
        problems.extend(self.requests_to_other_sites());
        problems.extend(self.layout_problems());
        if !problems.is_empty() {
            panic!(
                "{} at {} px:\n- {}",
                self.path(),
                self.width,
                problems.join("\n- ")
            );
        }
    }

    /// Every avatar shows a picture: Gravatar's cannot load here (see [`Window::open`]), so
    /// the page's script must have drawn the initial in its place.
    fn wait_for_avatars(&self) {
        let script = "return Array.from(document.querySelectorAll('img.avatar'))\
                      .every(img => img.complete && img.naturalWidth > 0)";
        if !self.poll(script) {
            let missing = self.js(
                "return Array.from(document.querySelectorAll('img.avatar'))\
                 .filter(img => !(img.complete && img.naturalWidth > 0))\
                 .map(img => img.getAttribute('data-name') + ': ' + img.src.slice(0, 80))",
                vec![],
            );
            panic!(
                "expected every avatar to show a picture (the initial on a colour when \
                 Gravatar is out of reach) on {} at {} px; these show nothing: {missing}",
                self.path(),
                self.width
            );
        }
    }

    fn read_log(&self, kind: &'static str) -> Vec<Value> {
        let client = self.client().clone();
        let log = self.run(
            &format!("reading the {kind} log"),
            client.issue_cmd(ReadLog(kind)),
        );
        match log {
            Value::Array(entries) => entries,
            other => panic!("chromedriver's {kind} log is not a list: {other}"),
        }
    }

    /// The console's errors since the last look (a failed script, a refused resource, a
    /// `console.error`), but for two that are expected: the avatars Gravatar could not serve
    /// (their fallback is checked in [`Window::wait_for_avatars`]), and the 422 of a form sent
    /// back with its mistakes (the page shown is that answer, which Chromium logs as a failed
    /// load).
    pub fn console_errors(&self) -> Vec<String> {
        let page = self.url(&self.path());
        let form_with_mistakes =
            format!("{page} - Failed to load resource: the server responded with a status of 422");
        self.read_log("browser")
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .filter(|message| {
                let avatar =
                    message.starts_with(GRAVATAR) && message.contains("Failed to load resource");
                !avatar && !message.starts_with(&form_with_mistakes)
            })
            .map(|message| format!("console error: {message}"))
            .collect()
    }

    /// The requests the pages made since the last look to anywhere but the site, but for the
    /// avatars the page asks Gravatar for (allowed by the CSP, unreachable here). The browser's
    /// own pages (its start page, `chrome://…`) are not the site's: requests made for a
    /// document that is not on the web are left out.
    pub fn requests_to_other_sites(&self) -> Vec<String> {
        let site = format!("{}/", self.origin);
        let on_the_web = |url: &str| url.starts_with("http://") || url.starts_with("https://");
        self.read_log("performance")
            .into_iter()
            .filter_map(|entry| {
                let event: Value = serde_json::from_str(entry["message"].as_str()?).ok()?;
                let event = &event["message"];
                if event["method"] != "Network.requestWillBeSent" {
                    return None;
                }
                let url = event["params"]["request"]["url"].as_str()?.to_owned();
                let document = event["params"]["documentURL"].as_str().unwrap_or_default();
                if !on_the_web(document) && !on_the_web(&url) {
                    return None;
                }
                let allowed =
                    url.starts_with(&site) || url.starts_with("data:") || url.starts_with(GRAVATAR);
                (!allowed).then(|| format!("a request left the site: {url} (for {document})"))
            })
            .collect()
    }

    /// What the layout checks find wrong with the page as laid out now.
    pub fn layout_problems(&self) -> Vec<String> {
        let measured = self.js(MEASURE_LAYOUT, vec![]);
        let elements: Vec<layout::Element> = measured["elements"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|e| layout::Element {
                        label: e["label"].as_str().unwrap_or("?").to_owned(),
                        id: e["id"].as_u64().unwrap_or(0) as usize,
                        ancestors: e["ancestors"]
                            .as_array()
                            .map(|a| a.iter().filter_map(|i| i.as_u64()).map(|i| i as usize))
                            .into_iter()
                            .flatten()
                            .collect(),
                        left: e["left"].as_f64().unwrap_or(0.0),
                        top: e["top"].as_f64().unwrap_or(0.0),
                        width: e["width"].as_f64().unwrap_or(0.0),
                        height: e["height"].as_f64().unwrap_or(0.0),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut problems = layout::problems(&elements, f64::from(self.width));
        if measured["viewport"] != json!(self.width) {
            problems.push(format!(
                "the page is laid out {} px wide in a window of {} px (its viewport meta?)",
                measured["viewport"], self.width
            ));
        }
        if let Some(overflows) = measured["overflow"].as_array() {
            problems.extend(
                overflows
                    .iter()
                    .filter_map(|o| o.as_str())
                    .map(String::from),
            );
        }
        problems
    }

    /// Saves the window as `<name>-<width>.png` in the docs' pictures folder, when the
    /// environment asks for pictures (see [`artifacts::pictures_dir`]); does nothing otherwise.
    pub fn picture(&self, name: &str) {
        let Some(dir) = &self.pictures else { return };
        let client = self.client().clone();
        let png = self.run("taking a screenshot", client.screenshot());
        let path = dir.join(format!("{name}-{}.png", self.width));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// The window's screenshot and HTML, for the failure artifacts; `None` where the browser
    /// does not answer (never panics: a test is already failing).
    pub fn evidence(&self) -> (Option<Vec<u8>>, Option<String>) {
        let Some(client) = self.client.clone() else {
            return (None, None);
        };
        let png = self
            .runtime
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.screenshot()).await
            })
            .ok()
            .and_then(Result::ok);
        let html = self
            .runtime
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.source()).await
            })
            .ok()
            .and_then(Result::ok);
        (png, html)
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        // Ends the session, which closes Chromium; then the driver is killed. Bounded, and
        // silent: this may run while a failed test is unwinding.
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
        }
    }
}

/// Where the avatars come from (see microblog's `avatar_url`).
const GRAVATAR: &str = "https://www.gravatar.com/avatar/";

/// Measures the page: a box per visible element (per line for text that wraps), with the ids
/// of the measured elements it lies inside; and the elements whose content is wider than their
/// box. The hover popup floats over the page by design: it is left out (its own checks are the
/// scenario's).
const MEASURE_LAYOUT: &str = r#"
const skipped = new Set(["SCRIPT", "STYLE", "BR", "TEMPLATE"]);
const ids = new Map();
for (const el of document.body.querySelectorAll("*")) {
  if (skipped.has(el.tagName) || el.closest(".popup")) continue;
  const style = getComputedStyle(el);
  if (style.display === "none" || style.visibility === "hidden") continue;
  ids.set(el, ids.size);
}
const label = (el) => {
  let text = el.tagName.toLowerCase();
  if (typeof el.className === "string" && el.className.trim()) {
    text += "." + el.className.trim().split(/\s+/).join(".");
  }
  const words = (el.innerText || el.getAttribute("name") || "").trim().replace(/\s+/g, " ");
  if (words) text += ' "' + (words.length > 30 ? words.slice(0, 30) + "…" : words) + '"';
  return text;
};
const elements = [];
const overflow = [];
const scrolls = ["INPUT", "TEXTAREA", "SELECT", "IMG"];
for (const [el, id] of ids) {
  const ancestors = [];
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (ids.has(p)) ancestors.push(ids.get(p));
  }
  for (const r of el.getClientRects()) {
    if (r.width < 1 || r.height < 1) continue;
    elements.push({ label: label(el), id, ancestors, left: r.left + scrollX,
                    top: r.top + scrollY, width: r.width, height: r.height });
  }
  const style = getComputedStyle(el);
  if (style.overflowX === "visible" && !scrolls.includes(el.tagName) && el.clientWidth > 0
      && el.scrollWidth > el.clientWidth + 1) {
    overflow.push(label(el) + " is cut off: its content is " + el.scrollWidth
                  + " px wide in a box of " + el.clientWidth + " px");
  }
}
const page = document.documentElement.scrollWidth;
if (page > innerWidth) {
  overflow.push("the page is " + page + " px wide in a window of " + innerWidth
                + " px: it scrolls sideways");
}
return { elements, overflow, viewport: innerWidth };
"#;

/// `text` as an XPath string literal (quotes included).
fn xpath_literal(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// An XPath test for an element with the class of `css` (`.popup` → has class `popup`).
fn css_class_test(css: &str) -> String {
    let class = css.trim_start_matches('.');
    format!("contains(concat(' ', normalize-space(@class), ' '), ' {class} ')")
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find(|line| line.starts_with("Uid:"))
            .and_then(|line| line.split_whitespace().nth(1))
            == Some("0")
    })
}

/// Runs a future to its end on the window's runtime, at most [`ANSWER`] long.
trait AwaitWithin: Future + Sized {
    fn await_within(self, runtime: &tokio::runtime::Runtime, what: &str) -> Self::Output {
        match runtime.block_on(async { tokio::time::timeout(ANSWER, self).await }) {
            Ok(output) => output,
            Err(_) => panic!("WebDriver did not finish {what} within {ANSWER:?}"),
        }
    }
}

impl<F: Future> AwaitWithin for F {}
