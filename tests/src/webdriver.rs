//! A minimal W3C WebDriver client for browser tests: starts `chromedriver`
//! on loopback, opens headless Chromium with a fresh profile and a download
//! directory, and speaks the protocol over plain HTTP (ureq).
//!
//! Paths: `CHROMIUM` (default `/usr/bin/chromium`) and `CHROMEDRIVER`
//! (default `/usr/bin/chromedriver`). Nothing is fetched from the network:
//! the flags below switch off Chromium's background traffic, and the tests
//! only ever open pages on 127.0.0.1.

use serde_json::{Value, json};
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The W3C name of an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long any single WebDriver command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(90);

/// What to tell someone whose machine lacks the browser.
const MISSING: &str = "the browser test needs chromium and chromedriver: apt-get install chromium chromium-driver \
                       (bash test.sh installs them)";

/// Chromium's command line: headless, no sandbox (containers), and none of
/// its background network traffic (the test machine has no internet).
const FLAGS: [&str; 9] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// An error answer of the WebDriver server.
#[derive(Debug, Clone)]
pub struct WebDriverError {
    /// HTTP status.
    pub status: u16,
    /// W3C error code, e.g. `no such element`.
    pub error: String,
    /// The driver's explanation.
    pub message: String,
}

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first_line = self.message.lines().next().unwrap_or("");
        write!(f, "{} ({}): {first_line}", self.error, self.status)
    }
}

/// A headless Chromium driven by chromedriver; both end on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    /// Chromium's profile and the driver's log (removed on drop).
    home: tempfile::TempDir,
    downloads: PathBuf,
    stopped: bool,
}

/// A path from an environment variable, or the Debian default.
fn binary(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(path.is_file(), "{MISSING} ({} not found; set {var} to override)", path.display());
    path
}

impl Browser {
    /// Start chromedriver on a free loopback port and open a browser session
    /// with an empty profile; downloads go to [`Browser::downloads`] without
    /// asking.
    pub fn start() -> Browser {
        Browser::start_with(&[])
    }

    /// [`Browser::start`] with extra Chromium flags (e.g. a fake camera).
    pub fn start_with(extra_flags: &[String]) -> Browser {
        Browser::start_with_capabilities(extra_flags, &json!({}))
    }

    /// [`Browser::start_with`] with extra W3C capabilities (an object whose
    /// keys are added to `alwaysMatch`, e.g. `goog:loggingPrefs`).
    pub fn start_with_capabilities(extra_flags: &[String], extra_capabilities: &Value) -> Browser {
        Browser::launch(extra_flags, extra_capabilities, None)
    }

    /// [`Browser::start`] with further Chromium preferences (an object
    /// added to the profile's `prefs`), e.g. content settings a user chose.
    pub fn start_with_prefs(prefs: &Value) -> Browser {
        Browser::launch(&[], &json!({ "prefs": prefs }), None)
    }

    /// [`Browser::start`] with a browser that trusts the certificate
    /// authority in the PEM file `ca` (e.g. a test's Caddy's internal CA),
    /// as a user who installed it would: it goes into the NSS database of
    /// this browser's own home directory (`certutil`, Debian's
    /// libnss3-tools), nothing else on the machine trusts it, and no
    /// certificate error is ignored.
    pub fn start_trusting_ca(ca: &Path) -> Browser {
        Browser::launch(&[], &json!({}), Some(ca))
    }

    fn launch(extra_flags: &[String], extra_capabilities: &Value, ca: Option<&Path>) -> Browser {
        let chromium = binary("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
        let home = tempfile::tempdir().expect("tempdir for the browser");
        let profile = home.path().join("profile");
        let downloads = home.path().join("downloads");
        std::fs::create_dir_all(&profile).expect("profile dir");
        std::fs::create_dir_all(&downloads).expect("downloads dir");
        let user_home = ca.map(|ca| nss_home_trusting(home.path(), ca));
        let deadline = Instant::now() + Duration::from_secs(30);
        let (driver, port) = start_driver(&chromedriver, home.path(), user_home.as_deref(), deadline);

        let mut browser =
            Browser { driver, port, session: String::new(), home, downloads: downloads.clone(), stopped: false };
        browser.wait_until_ready(deadline);

        let mut args: Vec<String> = FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--window-size=1280,1024".into());
        args.extend(extra_flags.iter().cloned());
        let mut caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
                    "goog:chromeOptions": {
                        "binary": chromium.to_str().expect("UTF-8 path"),
                        "args": args,
                        "prefs": {
                            "download.default_directory": downloads.to_str().expect("UTF-8 path"),
                            "download.prompt_for_download": false,
                            "plugins.always_open_pdf_externally": true,
                            // Ask for Norwegian whatever the machine's locale,
                            // so that tests can read the pages' text.
                            "intl.accept_languages": "nb-NO,nb",
                        },
                    },
                },
            },
        });
        if let (Some(prefs), Some(extra)) = (
            caps["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["prefs"].as_object_mut(),
            extra_capabilities.get("prefs").and_then(Value::as_object),
        ) {
            for (k, v) in extra {
                prefs.insert(k.clone(), v.clone());
            }
        }
        if let (Some(always), Some(extra)) =
            (caps["capabilities"]["alwaysMatch"].as_object_mut(), extra_capabilities.as_object())
        {
            for (k, v) in extra.iter().filter(|(k, _)| *k != "prefs") {
                always.insert(k.clone(), v.clone());
            }
        }
        let value = browser
            .try_command("POST", "/session", Some(&caps))
            .unwrap_or_else(|e| panic!("could not open a Chromium session: {e}\n{}", browser.driver_log()));
        browser.session = value["sessionId"].as_str().expect("sessionId in the new-session answer").to_string();
        // Chromium 156's headless mode honours the download preferences
        // above; older headless modes ignored them. Setting the behaviour
        // through the DevTools protocol (chromedriver's endpoint) as well
        // keeps downloads working either way.
        let params = json!({ "behavior": "allow", "downloadPath": downloads.to_str().expect("UTF-8 path") });
        browser.command(
            "POST",
            &browser.path("goog/cdp/execute"),
            Some(&json!({ "cmd": "Browser.setDownloadBehavior", "params": params })),
        );
        browser
    }

    fn wait_until_ready(&mut self, deadline: Instant) {
        loop {
            match self.try_command("GET", "/status", None) {
                Ok(v) if v["ready"] == json!(true) => return,
                _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                other => {
                    let _ = self.driver.kill();
                    panic!("chromedriver on port {} was not ready within 30 s: {other:?}", self.port)
                }
            }
        }
    }

    /// The directory downloads land in.
    pub fn downloads(&self) -> &Path {
        &self.downloads
    }

    /// The end of chromedriver's log (warnings and errors), for messages.
    pub fn driver_log(&self) -> String {
        let log = std::fs::read_to_string(self.home.path().join("chromedriver.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        format!("chromedriver log (last lines):\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
    }

    fn path(&self, rest: &str) -> String {
        format!("/session/{}/{rest}", self.session)
    }

    /// The WebDriver path of this session's command `rest`
    /// (`/session/ID/rest`), for [`Browser::command`].
    pub fn session_path(&self, rest: &str) -> String {
        self.path(rest)
    }

    /// Run `script` (a function body; `arguments` holds `args`) in the page
    /// and return its value.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.command("POST", &self.path("execute/sync"), Some(&json!({ "script": script, "args": args })))
    }

    /// A screenshot of the viewport, as PNG bytes.
    pub fn screenshot_png(&self) -> Vec<u8> {
        use base64::Engine as _;
        let b64 = self.command("GET", &self.path("screenshot"), None);
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("a base64 screenshot"))
            .expect("the screenshot is base64")
    }

    /// One WebDriver command; its `value`, or the driver's error.
    pub fn try_command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, WebDriverError> {
        let (status, json) = http(self.port, method, path, body);
        let value = json.get("value").cloned().unwrap_or(Value::Null);
        if status == 200 {
            return Ok(value);
        }
        let text = |k: &str| value.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        Err(WebDriverError { status, error: text("error"), message: text("message") })
    }

    /// One WebDriver command that must succeed; its `value`.
    pub fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.try_command(method, path, body).unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    /// Open `url` and wait for the page to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", &self.path("url"), Some(&json!({ "url": url })));
    }

    /// Reload the page shown (as the browser's reload button does).
    pub fn refresh(&self) {
        self.command("POST", &self.path("refresh"), Some(&json!({})));
    }

    /// The address of the page shown.
    pub fn current_url(&self) -> String {
        self.command("GET", &self.path("url"), None).as_str().expect("URL is a string").to_string()
    }

    /// The path of the page shown (`/admin/staff`), without query.
    pub fn current_path(&self) -> String {
        let url = self.current_url();
        let after_host = url.splitn(4, '/').nth(3).unwrap_or("");
        format!("/{}", after_host.split(['?', '#']).next().unwrap_or(""))
    }

    /// The page's `<title>`.
    pub fn title(&self) -> String {
        self.command("GET", &self.path("title"), None).as_str().expect("title is a string").to_string()
    }

    /// The page's HTML as the browser serialises it now.
    pub fn source(&self) -> String {
        self.command("GET", &self.path("source"), None).as_str().expect("source is a string").to_string()
    }

    /// The visible text of the whole page.
    pub fn body_text(&self) -> String {
        self.find("body").text()
    }

    /// Elements matching a CSS selector (maybe none).
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let body = json!({ "using": "css selector", "value": css });
        let found = self.command("POST", &self.path("elements"), Some(&body));
        found
            .as_array()
            .expect("a list of elements")
            .iter()
            .map(|e| Element { browser: self, id: element_id(e), css: css.to_string() })
            .collect()
    }

    /// The one element matching `css`; panics (with the page) if there is
    /// none or more than one.
    pub fn find(&self, css: &str) -> Element<'_> {
        let mut all = self.find_all(css);
        match all.len() {
            1 => all.remove(0),
            n => panic!(
                "{n} elements match `{css}` on {} (expected exactly one); the page says:\n{}",
                self.current_url(),
                self.body_text_or_source()
            ),
        }
    }

    /// The page's text for a failure message (the source if there is no body).
    fn body_text_or_source(&self) -> String {
        let body = json!({ "using": "css selector", "value": "body" });
        match self.try_command("POST", &self.path("element"), Some(&body)) {
            Ok(e) => {
                let id = element_id(&e);
                self.try_command("GET", &self.path(&format!("element/{id}/text")), None)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }
            Err(_) => self.source(),
        }
    }

    /// Choose the `<option value="…">` of the `<select>` at `select_css`.
    pub fn select(&self, select_css: &str, value: &str) {
        let option = self.find(&format!("{select_css} option[value=\"{value}\"]"));
        option.click();
        assert!(option.is_selected(), "option {value} of {select_css} is not selected after a click");
    }

    /// Choose the option of the `<select>` at `select_css` whose text is
    /// `label`; returns its value.
    pub fn select_by_text(&self, select_css: &str, label: &str) -> String {
        let options = self.find_all(&format!("{select_css} option"));
        let texts: Vec<String> = options.iter().map(Element::text).collect();
        let i = texts
            .iter()
            .position(|t| t.trim() == label)
            .unwrap_or_else(|| panic!("no option `{label}` in {select_css}; the options are {texts:?}"));
        options[i].click();
        assert!(options[i].is_selected(), "option `{label}` of {select_css} is not selected after a click");
        options[i].property("value")
    }

    /// Run `script` in the page as an asynchronous script (WebDriver
    /// "Execute Async Script"): it gets `args`, then a callback as its last
    /// argument, and its result is the value passed to that callback (30 s
    /// at most, the session's script timeout).
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Value {
        self.command("POST", &self.path("execute/async"), Some(&json!({ "script": script, "args": args })))
    }

    /// Poll `probe` until it returns `Some`, every 20 ms, for at most
    /// `timeout`; panics naming `what` (and showing the page) on timeout.
    pub fn wait_for<T>(&self, what: &str, timeout: Duration, mut probe: impl FnMut(&Browser) -> Option<T>) -> T {
        let page =
            || format!("{what}; the browser is at {} showing:\n{}", self.current_url(), self.body_text_or_source());
        crate::wait_until(timeout, page, || probe(self))
    }

    /// Wait (30 s at most: a debug build on a busy machine is slow to hash
    /// a password) until exactly one element matches `css` and its text
    /// contains `needle`; returns its full text.
    pub fn wait_for_text(&self, css: &str, needle: &str) -> String {
        self.wait_for(&format!("`{needle}` in `{css}`"), Duration::from_secs(30), |b| {
            let found = b.find_all(css);
            match found.as_slice() {
                [one] => one.try_text().filter(|t| t.contains(needle)),
                _ => None,
            }
        })
    }

    /// Wait (`timeout` at most) for a finished download whose name ends in
    /// `suffix`: the file exists and Chromium has no `.crdownload` left
    /// (it writes there and renames when done). Returns its path.
    pub fn wait_for_download(&self, suffix: &str, timeout: Duration) -> PathBuf {
        self.wait_for(&format!("a downloaded *{suffix} in {}", self.downloads.display()), timeout, |b| {
            let names: Vec<PathBuf> =
                std::fs::read_dir(&b.downloads).expect("downloads dir").map(|e| e.expect("dir entry").path()).collect();
            let partial = names.iter().any(|p| p.extension().is_some_and(|x| x == "crdownload"));
            let done: Vec<&PathBuf> =
                names.iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(suffix))).collect();
            match (partial, done.as_slice()) {
                (false, [one]) => Some((*one).clone()),
                _ => None,
            }
        })
    }

    /// End the session (Chromium quits), stop chromedriver, and check that
    /// none of their processes is left; panics if one had to be killed.
    pub fn stop(mut self) {
        let left = self.shutdown();
        assert!(left.is_empty(), "browser processes were still running after the session ended: {left:?}");
    }

    /// End everything; returns the processes that had to be killed.
    fn shutdown(&mut self) -> Vec<String> {
        if self.stopped {
            return Vec::new();
        }
        self.stopped = true;
        // Every process chromedriver started, before they are orphaned.
        let mut tree = descendants(self.driver.id());
        if !self.session.is_empty() {
            let _ = self.try_command("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Anything else naming our directory: processes started after the
        // snapshot, and the crash handlers, which detach from their parent.
        for p in processes_mentioning(self.home.path()) {
            if !tree.contains(&p) {
                tree.push(p);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while tree.iter().any(Proc::alive) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let left: Vec<&Proc> = tree.iter().filter(|p| p.alive()).collect();
        for p in &left {
            let _ = Command::new("kill").args(["-KILL", &p.pid.to_string()]).status();
        }
        left.iter().map(|p| format!("{} {}", p.pid, p.cmdline)).collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// An element of the page shown.
pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
    css: String,
}

impl Element<'_> {
    fn path(&self, rest: &str) -> String {
        self.browser.path(&format!("element/{}/{rest}", self.id))
    }

    fn run(&self, method: &str, rest: &str, body: Option<&Value>) -> Value {
        self.browser
            .try_command(method, &self.path(rest), body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {rest} on `{}`: {e}", self.css))
    }

    /// Type `text` into it (after what is there).
    pub fn send_keys(&self, text: &str) {
        self.run("POST", "value", Some(&json!({ "text": text })));
    }

    /// Empty an input.
    pub fn clear(&self) {
        self.run("POST", "clear", Some(&json!({})));
    }

    /// Empty an input and type `text`.
    pub fn set(&self, text: &str) {
        self.clear();
        self.send_keys(text);
        assert_eq!(self.property("value"), text, "the value of `{}` after typing", self.css);
    }

    /// Click it (scrolled into view first, as a user would).
    pub fn click(&self) {
        self.run("POST", "click", Some(&json!({})));
    }

    /// Its visible text.
    pub fn text(&self) -> String {
        self.try_text().unwrap_or_else(|| panic!("reading the text of `{}` failed", self.css))
    }

    /// Its visible text, or `None` if it went away (page changed).
    pub fn try_text(&self) -> Option<String> {
        let v = self.browser.try_command("GET", &self.path("text"), None).ok()?;
        v.as_str().map(str::to_string)
    }

    /// A DOM property (`value`, `checked`…) as text; empty if null.
    pub fn property(&self, name: &str) -> String {
        match self.run("GET", &format!("property/{name}"), None) {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// An HTML attribute, if present.
    pub fn attribute(&self, name: &str) -> Option<String> {
        self.run("GET", &format!("attribute/{name}"), None).as_str().map(str::to_string)
    }

    /// Whether a checkbox is checked or an option selected.
    pub fn is_selected(&self) -> bool {
        self.run("GET", "selected", None).as_bool().expect("selected is a boolean")
    }
}

/// Start chromedriver on a free loopback port, its log in `home`; the
/// process and the port it said it listens on (before `deadline`).
/// A home directory under `home` whose NSS database (`.pki/nssdb`, where
/// Chromium on Linux keeps the user's certificate authorities) trusts `ca`
/// for web sites.
fn nss_home_trusting(home: &Path, ca: &Path) -> PathBuf {
    let user_home = home.join("home");
    let db = user_home.join(".pki/nssdb");
    std::fs::create_dir_all(&db).expect("NSS database dir");
    let db_arg = format!("sql:{}", db.display());
    let ca_arg = ca.to_str().expect("UTF-8 path");
    for args in [
        vec!["-N", "-d", &db_arg, "--empty-password"],
        vec!["-A", "-d", &db_arg, "-n", "test CA", "-t", "C,,", "-i", ca_arg],
    ] {
        let out = Command::new("certutil")
            .args(&args)
            .output()
            .expect("certutil (Debian package libnss3-tools; test.sh installs it)");
        assert!(out.status.success(), "certutil {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    user_home
}

fn start_driver(chromedriver: &Path, home: &Path, user_home: Option<&Path>, deadline: Instant) -> (Child, u16) {
    let log = std::fs::File::create(home.join("chromedriver.log")).expect("driver log");

    // Port 0: chromedriver picks a free port and says which, so no other
    // process can take it between our choice and its bind.
    let mut command = Command::new(chromedriver);
    if let Some(user_home) = user_home {
        command.env("HOME", user_home);
    }
    let mut driver = command
        .args(["--port=0", "--log-level=WARNING"])
        // Chromium (started by chromedriver with this environment) keeps
        // its crash reports and caches under these, not in $HOME.
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("{MISSING} (starting {}: {e})", chromedriver.display()));
    let stdout = driver.stdout.take().expect("chromedriver stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Read every line so that chromedriver never blocks on a full pipe.
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(wait).unwrap_or_else(|_| {
            let _ = driver.kill();
            let _ = driver.wait();
            panic!("chromedriver did not say which port it listens on within 30 s; it printed: {seen:?}")
        });
        if let Some(port) = line
            .split("started successfully on port ")
            .nth(1)
            .and_then(|rest| rest.trim_end_matches('.').trim().parse::<u16>().ok())
        {
            return (driver, port);
        }
        seen.push(line);
    }
}

fn element_id(v: &Value) -> String {
    v.get(ELEMENT_KEY).and_then(Value::as_str).unwrap_or_else(|| panic!("not an element reference: {v}")).to_string()
}

/// One WebDriver request to 127.0.0.1:`port`; (status, JSON body).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let payload = body.map(Value::to_string).unwrap_or_default();
    let headers: &[(&str, &str)] =
        if body.is_some() { &[("Content-Type", "application/json; charset=utf-8")] } else { &[] };
    let url = format!("http://127.0.0.1:{port}{path}");
    let (status, _, content) = crate::http(method, &url, headers, payload.as_bytes(), COMMAND_TIMEOUT)
        .unwrap_or_else(|e| panic!("{method} {path} to chromedriver on 127.0.0.1:{port}: {e}"));
    if content.is_empty() {
        return (status, Value::Null);
    }
    let json = serde_json::from_slice(&content).unwrap_or_else(|e| {
        panic!("chromedriver's answer to {method} {path} is not JSON ({e}): {}", String::from_utf8_lossy(&content))
    });
    (status, json)
}

/// A process, identified by pid and start time (so a reused pid is not
/// mistaken for it).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Proc {
    pid: u32,
    start: u64,
    cmdline: String,
}

impl Proc {
    fn read(pid: u32) -> Option<(Proc, u32)> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // After the `(comm)` field: state ppid … (field 22 is the start time).
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ppid = fields.get(1)?.parse().ok()?;
        let start = fields.get(19)?.parse().ok()?;
        let state = *fields.first()?;
        if state == "Z" {
            return None;
        }
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ").trim().to_string();
        Some((Proc { pid, start, cmdline }, ppid))
    }

    fn alive(&self) -> bool {
        Proc::read(self.pid).is_some_and(|(p, _)| p.start == self.start)
    }
}

/// Every live process with its parent.
fn all_processes() -> Vec<(Proc, u32)> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok()).filter_map(Proc::read).collect()
}

/// The processes descended from `root` (children, grandchildren…).
fn descendants(root: u32) -> Vec<Proc> {
    let all = all_processes();
    let mut found: Vec<Proc> = Vec::new();
    let mut parents = vec![root];
    while let Some(parent) = parents.pop() {
        for (p, ppid) in &all {
            if *ppid == parent && !found.iter().any(|f| f.pid == p.pid) {
                parents.push(p.pid);
                found.push(p.clone());
            }
        }
    }
    found
}

/// Live processes whose command line names `path` (Chromium's profile and
/// crash database are under it).
fn processes_mentioning(path: &Path) -> Vec<Proc> {
    let needle = path.to_string_lossy().into_owned();
    all_processes().into_iter().map(|(p, _)| p).filter(|p| p.cmdline.contains(&needle)).collect()
}

/// Click the submit button of the form posting to `action`.
pub fn submit(b: &Browser, action: &str) {
    b.find(&format!("form[action=\"{action}\"] button[type=\"submit\"]")).click();
}

/// Create the first administrator `name` with `password` from the issuer's
/// set-up `link`, then log in as them (the pages in bokmål): the start of
/// every browser test of the admin pages.
pub fn set_up_admin_and_log_in(b: &Browser, link: &str, name: &str, password: &str) {
    b.goto(link);
    b.find("#username").set(name);
    b.find("#password").set(password);
    b.find("#password2").set(password);
    submit(b, "/setup");
    b.wait_for_text("p.notice", "Administratoren er opprettet. Logg inn.");
    b.find("#password").set(password);
    submit(b, "/login");
    b.wait_for_text("h1", &format!("Velkommen, {name}"));
}
