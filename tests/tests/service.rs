//! End to end with the real binary: `verifier service-unit` writes a
//! systemd unit that systemd accepts (`systemd-analyze verify`), that
//! systemd rates as least privilege (`systemd-analyze security`, offline),
//! and whose command line, run as systemd would run it, is a working
//! station that stops cleanly on SIGTERM. A data directory with a space and
//! a `%` in its name survives systemd's quoting.

use e2e::{Setup, http, run, s, stderr, wait_until};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The words of a unit file's command line as systemd splits them: quoted
/// with `"…"` (`\"` and `\\` inside), `%%` for `%`, `$$` for `$`.
fn systemd_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut chars) = (Vec::new(), None::<String>, line.chars());
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        _ => w.push(q),
                    }
                }
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words.into_iter().map(|w| w.replace("%%", "%").replace("$$", "$")).collect()
}

fn setting<'a>(unit: &'a str, key: &str) -> &'a str {
    let prefix = format!("{key}=");
    unit.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("no {key}= in the unit:\n{unit}"))
}

fn systemd_analyze(args: &[&str]) -> (bool, String) {
    let out = Command::new("systemd-analyze")
        .args(args)
        .output()
        .expect("systemd-analyze (Debian package systemd; test.sh installs it)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// A directory for a data directory that is not under `/tmp` or `/var/tmp`.
fn not_temporary() -> std::path::PathBuf {
    let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    if !["/tmp", "/var/tmp"].iter().any(|t| target.starts_with(t)) {
        return target;
    }
    std::env::var_os("HOME").map(std::path::PathBuf::from).expect("HOME, for a data directory outside /tmp")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

#[test]
fn a_directory_not_set_up_gets_no_unit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = run("verifier", &["service-unit", "--data", s(tmp.path()), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("is not set up yet; run `verifier init"), "{}", stderr(&out));
    // A user name systemd could not take is refused with the reason.
    let setup = Setup::new("bolgen-kino");
    let out = run("verifier", &["service-unit", "--data", s(&setup.venue), "--user", "Root x", "--lang", "en"]);
    assert!(setup.venue.starts_with(std::env::temp_dir()), "the check below needs the venue under /tmp");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("\"Root x\" is not a valid user name"), "{}", stderr(&out));
    // Nor a data directory under /tmp, which the service would not see.
    let out = run("verifier", &["service-unit", "--data", s(&setup.venue), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a temporary directory; move the data directory"), "{}", stderr(&out));
}

#[test]
fn the_unit_is_accepted_by_systemd_and_runs_the_station() {
    let setup = Setup::new("bolgen-kino");
    // Not under /tmp, which the unit refuses (the service has its own):
    // the build's own temporary directory, or the home directory when the
    // checkout itself is under /tmp.
    let place = tempfile::tempdir_in(not_temporary()).expect("tempdir");
    let data = place.path().join("kino data 100%");
    let out = setup.init_venue(&data, &setup.bundle("b.akb"), &setup.fingerprint, "bolgen-kino");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listen = format!("127.0.0.1:{}", free_port());
    let args = ["service-unit", "--data", s(&data), "--listen", &listen, "--allow-host", "kino.lan"];
    let out = run("verifier", &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let unit = String::from_utf8(out.stdout.clone()).expect("UTF-8");
    assert!(stderr(&out).contains("systemctl enable --now aktivitetskort-verifier.service"), "{}", stderr(&out));

    let file = setup.tmp.path().join("aktivitetskort-verifier.service");
    std::fs::write(&file, &unit).expect("write the unit");
    let (ok, text) = systemd_analyze(&["verify", s(&file)]);
    assert!(ok && text.trim().is_empty(), "systemd-analyze verify: {text}\n{unit}");
    // The threshold is in tenths of the printed exposure level: at most 2.0
    // of 10 ("OK"; a unit without any hardening is 9.6, "UNSAFE").
    let (ok, text) = systemd_analyze(&["security", "--offline=true", "--threshold=20", s(&file)]);
    assert!(ok, "systemd-analyze security rates the unit's exposure above 2.0: {text}");

    assert_eq!(systemd_words(setting(&unit, "ReadWritePaths")), [s(&data)]);
    assert_eq!(setting(&unit, "User"), "aktivitetskort");
    assert_eq!(setting(&unit, "Restart"), "always");
    let words = systemd_words(setting(&unit, "ExecStart"));
    assert!(Path::new(&words[0]).is_absolute(), "{words:?}");
    assert_eq!(words[1..4], ["--lang", "nb", "serve"]);

    // Run the unit's command line as systemd would: no environment of ours.
    let mut station = Command::new(&words[0]);
    station.args(&words[1..]).env_clear().stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    let mut child = station.spawn().expect("start the unit's command");
    let url = format!("http://{listen}/");
    let page = wait_until(
        Duration::from_secs(30),
        || format!("the station of the unit on {listen} did not answer"),
        || http("GET", &url, &[("Host", "kino.lan")], b"", Duration::from_secs(5)).ok(),
    );
    assert_eq!(page.0, 200);
    assert!(String::from_utf8_lossy(&page.2).contains("Bølgen"), "the page names the venue");
    let (status, _, _) = http("GET", &url, &[("Host", "evil.example")], b"", Duration::from_secs(5)).expect("GET");
    assert_eq!(status, 421, "only its own names and --allow-host are answered");
    // systemd stops it with SIGTERM: a clean exit, so `Restart=always` does
    // not count it as a failure.
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(child.wait().expect("wait").success());
}
