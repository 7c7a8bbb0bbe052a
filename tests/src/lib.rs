//! Helpers for end-to-end tests: run the built `issuer` and `verifier`
//! binaries in temporary directories, talk HTTP to them, read their output
//! and wait for what they print.

pub mod axe;
pub mod pdf;
pub mod phone;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What to do when the binaries are missing or stale.
const BUILD: &str = "run `cargo build -p issuer -p verifier` (add `--release` for release tests) or `bash test.sh`";

/// The directory holding the built binaries: `E2E_BIN_DIR` if set, else
/// this test executable's profile directory (`target/<profile>`, which
/// `cargo test --workspace` and `bash test.sh` fill). Both binaries must be
/// there and newer than every file they were built from.
fn bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::var_os("E2E_BIN_DIR").map(PathBuf::from).unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("test executable path");
            // target/<profile>/deps/e2e-… → target/<profile>
            exe.parent().and_then(Path::parent).expect("target dir").to_path_buf()
        });
        for bin in ["issuer", "verifier"] {
            check_fresh(&dir.join(bin));
        }
        dir
    })
}

/// Panic unless `bin` exists and is newer than each source file cargo
/// built it from (listed in its dep-info file `bin.d` next to it: the
/// workspace crates' sources, templates, texts and assets).
fn check_fresh(bin: &Path) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let built = modified(bin).unwrap_or_else(|| panic!("{} is missing: {BUILD}", bin.display()));
    let Ok(dep_info) = std::fs::read_to_string(bin.with_extension("d")) else { return };
    let newest =
        dep_info_sources(&dep_info).into_iter().filter_map(|p| Some((modified(&p)?, p))).max_by_key(|(t, _)| *t);
    if let Some((changed, source)) = newest
        && changed > built
    {
        panic!("{} is older than {} (a stale binary would be tested): {BUILD}", bin.display(), source.display());
    }
}

/// The prerequisites of a Makefile-style dep-info file (`target: a b\ c`).
fn dep_info_sources(dep_info: &str) -> Vec<PathBuf> {
    let line = dep_info.lines().next().unwrap_or("");
    let deps = line.split_once(": ").map_or("", |(_, deps)| deps);
    let (mut paths, mut current, mut chars) = (Vec::new(), String::new(), deps.chars());
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ' ' if !current.is_empty() => paths.push(PathBuf::from(std::mem::take(&mut current))),
            ' ' => {}
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        paths.push(PathBuf::from(current));
    }
    paths
}

/// The path of a built binary (`issuer` or `verifier`).
pub fn bin_path(bin: &str) -> PathBuf {
    bin_dir().join(bin)
}

/// Poll `probe` every 20 ms until it returns `Some`; its value. Panics if
/// that takes longer than `timeout`, saying what it waited for (`what` is
/// asked only then, so it may describe the state it found).
pub fn wait_until<T>(timeout: Duration, what: impl FnOnce() -> String, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {}", what());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One HTTP/1.1 request with ureq: no redirect followed, no proxy, error
/// statuses returned like any other answer. (status, head: the status line
/// and one `name: value` line per header, body).
pub fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Result<(u16, String, Vec<u8>), ureq::Error> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_connect(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .timeout_recv_body(Some(timeout))
        .build()
        .into();
    let mut request = ureq::http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    // No body at all on a GET, HEAD or DELETE without one; else a sized one.
    let mut response = if body.is_empty() && ["GET", "HEAD", "DELETE"].contains(&method) {
        agent.run(request.body(())?)?
    } else {
        agent.run(request.body(body)?)?
    };
    let status = response.status();
    let mut head = format!("{:?} {status}\r\n", response.version());
    for (name, value) in response.headers() {
        head.push_str(&format!("{name}: {}\r\n", String::from_utf8_lossy(value.as_bytes())));
    }
    let content = response.body_mut().with_config().limit(u64::MAX).read_to_vec()?;
    Ok((status.as_u16(), head, content))
}

/// Run a binary (`issuer` or `verifier`) with `args`.
pub fn run(bin: &str, args: &[&str]) -> Output {
    Command::new(bin_dir().join(bin))
        .args(args)
        .env_remove("ISSUER_DATA")
        .env_remove("VERIFIER_DATA")
        .env_remove("VERIFIER_LANG")
        .output()
        .expect("running the binary")
}

/// Run and require exit code `code`; return stdout.
pub fn run_ok(bin: &str, args: &[&str], code: i32) -> String {
    let out = run(bin, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{bin} {args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stderr of an output, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A path as &str (temp paths are UTF-8).
pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// An issuer set up in a temporary directory, with a venue installed.
pub struct Setup {
    /// Keeps the directory alive.
    pub tmp: tempfile::TempDir,
    /// Issuer data directory.
    pub issuer: PathBuf,
    /// Verifier data directory.
    pub venue: PathBuf,
    /// Root fingerprint.
    pub fingerprint: String,
}

impl Setup {
    /// `issuer init`, a first bundle, and `verifier init` for `venue_id`.
    pub fn new(venue_id: &str) -> Setup {
        let tmp = tempfile::tempdir().expect("tempdir");
        let issuer = tmp.path().join("issuer");
        let venue = tmp.path().join("venue");
        run_ok("issuer", &["init", "--data", s(&issuer)], 0);
        let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&issuer)], 0).trim().to_string();
        let setup = Setup { tmp, issuer, venue, fingerprint };
        let bundle = setup.bundle("b1.akb");
        let out = setup.init_venue(&setup.venue, &bundle, &setup.fingerprint, venue_id);
        assert_eq!(out.status.code(), Some(0), "verifier init: {}", stderr(&out));
        setup
    }

    /// `verifier init` of a venue in `dir`; the raw output.
    pub fn init_venue(&self, dir: &Path, bundle: &Path, fingerprint: &str, venue_id: &str) -> Output {
        let args =
            ["init", "--data", s(dir), "--bundle", s(bundle), "--root-fingerprint", fingerprint, "--venue", venue_id];
        run("verifier", &args)
    }

    /// Set the venue up again from the set-up code of the running `issuer`
    /// (as a venue set up from the issuer's page is: it knows the bundle
    /// URL, and its key waits for approval).
    pub fn set_up_from(&self, issuer: &Server) {
        std::fs::remove_dir_all(&self.venue).expect("removing the venue set up from a file");
        let code = format!(
            "aktivitetskort-setup:1;bundle=http://{}/bundle;root={};venue=bolgen-kino",
            issuer.addr, self.fingerprint
        );
        run_ok("verifier", &["init", "--data", s(&self.venue), "--setup", &code], 0);
    }

    /// Publish a bundle into the temp directory under `name`.
    pub fn bundle(&self, name: &str) -> PathBuf {
        let path = self.tmp.path().join(name);
        run_ok("issuer", &["bundle", "--data", s(&self.issuer), "--out", s(&path)], 0);
        path
    }

    /// Issue `count` cards of `card_type`; the parsed JSON array.
    pub fn issue(&self, card_type: u16, count: u32, extra: &[&str]) -> Vec<serde_json::Value> {
        let (p, c) = (card_type.to_string(), count.to_string());
        let mut args = vec!["issue", "--data", s(&self.issuer), "--card-type", &p, "--count", &c, "--json"];
        args.extend_from_slice(extra);
        let out = run_ok("issuer", &args, 0);
        serde_json::from_str::<Vec<serde_json::Value>>(&out).expect("issue --json prints a JSON array")
    }

    /// `verifier check --json TEXT` → (exit code, JSON).
    pub fn check(&self, text: &str) -> (i32, serde_json::Value) {
        let out = run("verifier", &["check", "--data", s(&self.venue), "--json", text]);
        let code = out.status.code().unwrap_or(-1);
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("check output is not JSON ({e}): {}{}", String::from_utf8_lossy(&out.stdout), stderr(&out))
        });
        (code, json)
    }
}

/// A running `issuer serve` on 127.0.0.1 with a free port; killed on drop.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The one-time set-up link it printed, if any.
    pub setup_link: Option<String>,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// The device cookie (`name=value`) sent with every [`Server::request`]
    /// once [`Server::pair`] paired this client with a `verifier serve`.
    pub cookie: Option<String>,
}

impl Server {
    /// Start `issuer serve --data DIR --listen 127.0.0.1:0` and wait until it listens.
    pub fn start(data: &Path) -> Server {
        Server::start_with(data, &[])
    }

    /// [`Server::start`] with further arguments of `issuer serve`.
    pub fn start_with(data: &Path, extra: &[&str]) -> Server {
        Server::start_at_with(data, "127.0.0.1:0", extra)
    }

    /// Start `issuer serve --data DIR --listen ADDR` (e.g. the address of
    /// one stopped before: the issuer coming back) and wait until it listens.
    pub fn start_at(data: &Path, listen: &str) -> Server {
        Server::start_at_with(data, listen, &[])
    }

    /// `issuer serve --data DIR --listen ADDR` with further arguments.
    fn start_at_with(data: &Path, listen: &str, extra: &[&str]) -> Server {
        let mut cmd = Command::new(bin_dir().join("issuer"));
        cmd.args(["serve", "--data", s(data), "--listen", listen])
            .args(extra)
            .env_remove("ISSUER_DATA")
            .env_remove("ISSUER_LISTEN")
            .env_remove("ISSUER_PUBLIC_URL");
        Server::spawn(cmd)
    }

    /// Start `verifier serve --data DIR --listen 127.0.0.1:0` and wait until it listens.
    pub fn start_verifier(data: &Path) -> Server {
        Server::start_verifier_with(data, &[])
    }

    /// [`Server::start_verifier`] with more arguments (e.g. `--update-every 1s`).
    pub fn start_verifier_with(data: &Path, extra: &[&str]) -> Server {
        let mut cmd = command("verifier");
        cmd.args(["serve", "--data", s(data), "--listen", "127.0.0.1:0"])
            .args(extra)
            .env_remove("VERIFIER_LISTEN")
            .env_remove("VERIFIER_UPDATE_EVERY");
        Server::spawn(cmd)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Spawn a server command that prints `… on http://ADDR` on stderr.
    fn spawn(mut cmd: Command) -> Server {
        use std::io::BufRead as _;
        let mut child = cmd
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starting the server");
        let stderr = child.stderr.take().expect("stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        let mut kept = kept_log(&cmd, child.id());
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(f) = kept.as_mut() {
                    use std::io::Write as _;
                    let _ = writeln!(f, "{line}");
                }
                let _ = tx.send(line.clone());
                sink.lock().expect("log").push(line);
            }
        });
        let (mut addr, mut setup_link) = (None, None);
        let deadline = Instant::now() + Duration::from_secs(30);
        while addr.is_none() {
            let wait = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(wait).expect("the server did not report its address in time");
            if let Some(rest) = line.split("on http://").nth(1) {
                addr = rest.split_whitespace().next().map(str::to_string);
            }
            // The issuer's set-up link, if any, comes before the address,
            // in the file this line names (standard error is not a terminal
            // here, so the link itself is not in it).
            if line.contains("Set up the first administrator") {
                let file = line.split(" is in ").nth(1).and_then(|r| r.split(" (readable").next()).expect("its file");
                setup_link = Some(std::fs::read_to_string(file).expect("the set-up link file").trim().to_string());
            }
        }
        Server { child, addr: addr.expect("address"), setup_link, log, reader: Some(reader), cookie: None }
    }

    /// One HTTP/1.1 request to the server, with the device cookie once
    /// paired ([`Server::pair`]); (status, head, body) as [`http`] gives them.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, Vec<u8>) {
        self.request_as(self.cookie.as_deref(), method, path, headers, body)
    }

    /// [`Server::request`] with the device cookie `cookie` (`name=value`),
    /// or none.
    pub fn request_as(
        &self,
        cookie: Option<&str>,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let url = format!("http://{}{path}", self.addr);
        let mut all = headers.to_vec();
        all.extend(cookie.map(|c| ("Cookie", c)));
        http(method, &url, &all, body, Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{method} {path} to the server on {}: {e}", self.addr))
    }

    /// Pair this client with the running `verifier serve` of the venue in
    /// `data` ([`Server::pair_device`]) and send its cookie with every
    /// later [`Server::request`]; the cookie.
    pub fn pair(&mut self, data: &Path) -> String {
        let cookie = self.pair_device(data, "e2e");
        self.cookie = Some(cookie.clone());
        cookie
    }

    /// Pair one more device labelled `label` (letters and digits): `verifier
    /// pair` makes a code, `POST /pair` with it must answer 303 with the
    /// device cookie; that cookie (`name=value`).
    pub fn pair_device(&self, data: &Path, label: &str) -> String {
        let code = pairing_code(data);
        let form = format!("code={code}&label={label}");
        let form_type = ("Content-Type", "application/x-www-form-urlencoded");
        let (status, head, body) = self.request_as(None, "POST", "/pair", &[form_type], form.as_bytes());
        assert_eq!(status, 303, "pairing: {head}{}", String::from_utf8_lossy(&body));
        set_cookie(&head).unwrap_or_else(|| panic!("no device cookie: {head}"))
    }

    /// Everything it wrote to stderr so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }

    /// Send SIGTERM and wait; returns whether it exited successfully.
    pub fn stop(self) -> bool {
        self.stop_with_log().0
    }

    /// [`Server::stop`], then everything it wrote to stderr: the whole log,
    /// so a check that a line is absent from it can fail.
    pub fn stop_with_log(mut self) -> (bool, Vec<String>) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let ok = self.child.wait().map(|s| s.success()).unwrap_or(false);
        // Its stderr is closed now: the log reader reads to the end.
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (ok, self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new one-time pairing code of the venue in `data` (`verifier pair
/// --json`), as shown: `1234-5678`.
pub fn pairing_code(data: &Path) -> String {
    let out = run_ok("verifier", &["pair", "--data", s(data), "--json"], 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("pair --json prints JSON");
    v["code"].as_str().expect("code").to_string()
}

/// A time (Unix seconds) as the verifier shows it: Oslo, `YYYY-MM-DD HH:MM`.
pub fn oslo_local(at: i64) -> String {
    let t = shared::Timestamp(at);
    let secs = t.oslo_seconds_of_day();
    format!("{} {:02}:{:02}", t.oslo_day(), secs / 3600, secs / 60 % 60)
}

/// The `name=value` of the first `Set-Cookie` in a response head.
pub fn set_cookie(head: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(": ")?;
        name.eq_ignore_ascii_case("set-cookie").then(|| value.split(';').next().unwrap_or("").to_string())
    })
}

/// `name=value` of the `Set-Cookie` header that sets `name` in a raw
/// response head (panics, naming the head, when there is none).
pub fn cookie_from(head: &str, name: &str) -> String {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, v)| {
            v.trim().strip_prefix(&format!("{name}=")).map(|r| r.split(';').next().unwrap_or("").to_string())
        })
        .map(|v| format!("{name}={v}"))
        .unwrap_or_else(|| panic!("no {name} cookie in:\n{head}"))
}

/// Where a server's log stream is also kept when `E2E_LOG_DIR` is set
/// (`test.sh` sets it): `DIR/<program>-<pid>.log`, which
/// `.ci/logs_hold_no_secrets.py` searches after the whole suite for
/// passwords, session ids, tokens, set-up links and card texts.
fn kept_log(cmd: &Command, pid: u32) -> Option<std::fs::File> {
    let dir = PathBuf::from(std::env::var_os("E2E_LOG_DIR")?);
    let program = Path::new(cmd.get_program()).file_name()?.to_string_lossy().into_owned();
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::OpenOptions::new().create(true).append(true).open(dir.join(format!("{program}-{pid}.log"))).ok()
}

/// A command for a binary (`issuer` or `verifier`) without the binaries'
/// environment variables, for tests that pipe or kill it.
pub fn command(bin: &str) -> Command {
    let mut cmd = Command::new(bin_dir().join(bin));
    for var in ["ISSUER_DATA", "VERIFIER_DATA", "VERIFIER_LANG", "VERIFIER_UPDATE_EVERY"] {
        cmd.env_remove(var);
    }
    cmd
}

impl Setup {
    /// `verifier redeem --json TEXT` → (exit code, JSON).
    pub fn redeem(&self, text: &str) -> (i32, serde_json::Value) {
        let out = run("verifier", &["redeem", "--data", s(&self.venue), "--json", text]);
        let code = out.status.code().unwrap_or(-1);
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("redeem output is not JSON ({e}): {}{}", String::from_utf8_lossy(&out.stdout), stderr(&out))
        });
        (code, json)
    }

    /// What the administrator does while a station runs (SPEC §11): block
    /// `blocked` (a card issued earlier), rotate the signing key, issue a
    /// card with the new key, publish a bundle. The new card's scanned text
    /// and the bundle's file; nothing is installed yet.
    pub fn block_and_rotate(&self, blocked: &serde_json::Value) -> (String, PathBuf) {
        let number = blocked["card_number"].as_str().expect("card_number");
        run_ok("issuer", &["revoke", "--data", s(&self.issuer), number], 0);
        run_ok("issuer", &["rotate-signing-key", "--data", s(&self.issuer)], 0);
        let fresh = self.issue(1, 1, &[]);
        let text = fresh[0]["qr_text"].as_str().expect("qr_text").to_string();
        (text, self.bundle("rotated.akb"))
    }

    /// The issuer's next bundle, re-signed with its root key as if issued
    /// `days` ago (for the venue's staleness limits); its file.
    pub fn aged_bundle(&self, name: &str, days: i64) -> PathBuf {
        let path = self.bundle(name);
        let bytes = std::fs::read(&path).expect("bundle file");
        let root = shared::Fingerprint::parse(&self.fingerprint).expect("fingerprint");
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
        let now = shared::Timestamp(i64::try_from(secs).expect("time"));
        let mut body = shared::verify_bundle(&bytes, &root, now).expect("the issuer's bundle").body().clone();
        body.issued_at = now.plus_seconds(-days * 86_400);
        let ring = keys::KeyRing::open(&self.issuer.join("keys")).expect("the issuer's keys");
        std::fs::write(&path, ring.sign_bundle(body).expect("signing")).expect("writing the bundle");
        path
    }

    /// `verifier update --bundle FILE` of the venue, which must install
    /// trust bundle version `version`.
    pub fn install(&self, bundle: &Path, version: u64) {
        let args = ["--lang", "en", "update", "--data", s(&self.venue), "--bundle", s(bundle)];
        let out = run_ok("verifier", &args, 0);
        let first = out.lines().next().unwrap_or_default();
        assert!(first.starts_with(&format!("Installed trust bundle version {version} (was ")), "{out}");
    }

    /// The 16-byte token id of a card's scanned text.
    pub fn token_id(text: &str) -> Vec<u8> {
        let bytes = shared::wire::token_bytes_from_text(text).expect("card text");
        let raw = shared::wire::split_token(&bytes).expect("token");
        raw.claims().expect("claims").token_id.0.to_vec()
    }

    /// The pseudonym of a card's scanned text at the venue in `dir` (what
    /// its redemption log holds for the card: SPEC §11.3).
    pub fn pseudonym(dir: &Path, text: &str) -> Vec<u8> {
        let id: [u8; 16] = Setup::token_id(text).try_into().expect("16 bytes");
        let secret = verifier::pseudonym::StationSecret::load(dir).expect("the station secret");
        secret.pseudonym(&shared::TokenId(id)).0.to_vec()
    }
}

/// `verifier redeem --json -` running on a venue: one scanned line in, its
/// answer out.
pub struct Batch {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl Batch {
    /// Start it on the venue in `venue`, with more arguments `extra` (e.g.
    /// `--update-every 1s`).
    pub fn start(venue: &Path, extra: &[&str]) -> Batch {
        use std::process::Stdio;
        let mut child = command("verifier")
            .args(["redeem", "--data", s(venue), "--json"])
            .args(extra)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("starting verifier redeem -");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        Batch { child, stdin, stdout }
    }

    /// Send one scanned line; its answer.
    pub fn ask(&mut self, text: &str) -> serde_json::Value {
        use std::io::{BufRead as _, Write as _};
        writeln!(self.stdin, "{text}").expect("writing a line");
        self.stdin.flush().expect("flushing");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("reading the answer");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }

    /// End the input; it must exit with 0.
    pub fn finish(self) {
        let Batch { mut child, stdin, .. } = self;
        drop(stdin);
        assert_eq!(child.wait().expect("waiting").code(), Some(0));
    }
}

/// A Y4M video (1280×720, 4:2:0, 5 frames) of QR code `text` drawn by the
/// printed card's encoder, 8 pixels a module, black on white, centred:
/// what Chromium's fake camera plays in a loop.
pub fn qr_video(text: &str, path: &Path) {
    let qr = shared::qr::encode(text).expect("the printed code encodes");
    let (w, h, scale) = (1280usize, 720usize, 8usize);
    let side = qr.width() * scale;
    let (x0, y0) = ((w - side) / 2, (h - side) / 2);
    let mut luma = vec![235u8; w * h];
    for y in 0..side {
        for x in 0..side {
            if qr.is_dark(x / scale, y / scale) {
                luma[(y0 + y) * w + x0 + x] = 16;
            }
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F5:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..5 {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&luma);
        out.extend(std::iter::repeat_n(128u8, w * h / 2));
    }
    std::fs::write(path, out).expect("write the video");
}
