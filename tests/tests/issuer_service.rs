//! The issuer's systemd units shipped in `deploy/systemd/`: systemd accepts
//! them (`systemd-analyze verify`, the service, the backup service and its
//! timer together), rates both services as least privilege
//! (`systemd-analyze security`, offline), they hold the settings the README
//! promises (a named user, `ProtectSystem=strict`, the state directory as
//! the only writable path, `Restart=on-failure`, the journal), and their
//! command lines, run as systemd would run them, are a working issuer and a
//! backup that `issuer restore` takes back. Nothing is started by systemd.

use e2e::{bin_path, http, run, s, stderr, wait_until};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const SERVICE: &str = "aktivitetskort-issuer.service";
const BACKUP: &str = "aktivitetskort-issuer-backup.service";
const TIMER: &str = "aktivitetskort-issuer-backup.timer";
const BINARY: &str = "/usr/local/bin/issuer";
const DATA: &str = "/var/lib/aktivitetskort-issuer";
const BACKUPS: &str = "/var/lib/aktivitetskort-issuer-backups";

fn unit_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/systemd").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every value of `key` in the unit, in order.
fn settings<'a>(unit: &'a str, key: &str) -> Vec<&'a str> {
    let prefix = format!("{key}=");
    unit.lines().filter_map(|l| l.strip_prefix(&prefix)).collect()
}

fn setting<'a>(unit: &'a str, key: &str) -> &'a str {
    match settings(unit, key)[..] {
        [one] => one,
        ref other => panic!("{key}= is set {} times in the unit:\n{unit}", other.len()),
    }
}

fn systemd_analyze(args: &[&str]) -> (bool, String) {
    let out = Command::new("systemd-analyze")
        .args(args)
        .output()
        .expect("systemd-analyze (Debian package systemd; test.sh installs it)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// The units with the built binary in place of `/usr/local/bin/issuer`
/// (verify wants an executable there), written to `dir`.
fn install_units(dir: &Path) -> Vec<PathBuf> {
    [SERVICE, BACKUP, TIMER]
        .iter()
        .map(|name| {
            let path = dir.join(name);
            std::fs::write(&path, unit_file(name).replace(BINARY, s(&bin_path("issuer")))).expect("write the unit");
            path
        })
        .collect()
}

#[test]
fn the_units_are_accepted_by_systemd_and_least_privilege() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let files = install_units(tmp.path());
    let paths: Vec<&str> = files.iter().map(|p| s(p)).collect();
    let mut args = vec!["verify"];
    args.extend(&paths);
    let (ok, text) = systemd_analyze(&args);
    assert!(ok && text.trim().is_empty(), "systemd-analyze verify: {text}");
    // Tenths of the exposure level: at most 2.0 of 10 ("OK").
    for unit in &files[..2] {
        let (ok, text) = systemd_analyze(&["security", "--offline=true", "--threshold=20", s(unit)]);
        assert!(ok, "systemd-analyze security rates {} above 2.0: {text}", unit.display());
    }

    let service = unit_file(SERVICE);
    assert_eq!(setting(&service, "User"), "aktivitetskort");
    assert_eq!(setting(&service, "Restart"), "on-failure");
    assert_eq!(setting(&service, "ProtectSystem"), "strict");
    assert_eq!(setting(&service, "StateDirectory"), "aktivitetskort-issuer");
    assert_eq!(setting(&service, "StateDirectoryMode"), "0700");
    assert!(settings(&service, "ReadWritePaths").is_empty(), "the state directory is the only writable path");
    assert_eq!(setting(&service, "StandardError"), "journal");
    assert_eq!(setting(&service, "ExecStart"), format!("{BINARY} serve --data {DATA}"));
    for (key, value) in [("NoNewPrivileges", "yes"), ("PrivateTmp", "yes"), ("ProtectHome", "yes")] {
        assert_eq!(setting(&service, key), value, "{key}");
    }
    assert_eq!(setting(&service, "RestrictAddressFamilies"), "AF_INET AF_INET6 AF_UNIX");

    let backup = unit_file(BACKUP);
    assert_eq!(setting(&backup, "User"), "aktivitetskort", "the backup runs as the service's user");
    assert_eq!(setting(&backup, "Type"), "oneshot");
    assert_eq!(setting(&backup, "StateDirectory"), "aktivitetskort-issuer aktivitetskort-issuer-backups");
    assert_eq!(setting(&backup, "PrivateNetwork"), "yes");
    let timer = unit_file(TIMER);
    assert_eq!(setting(&timer, "OnCalendar"), "*-*-* 02:30:00");
    assert_eq!(setting(&timer, "Persistent"), "true");
}

/// The backup service's shell command as systemd hands it to `/bin/sh -c`
/// (`$$` is `$`, `%%` is `%`).
fn backup_script(unit: &str) -> String {
    let exec = setting(unit, "ExecStart");
    let script =
        exec.strip_prefix("/bin/sh -c '").and_then(|r| r.strip_suffix('\'')).expect("ExecStart=/bin/sh -c '…'");
    assert!(!script.contains('\''), "{script}");
    script.replace("$$", "$").replace("%%", "%")
}

#[test]
fn the_units_command_lines_run_the_issuer_and_a_backup_that_restores() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("state/aktivitetskort-issuer");
    let backups = tmp.path().join("state/aktivitetskort-issuer-backups");
    std::fs::create_dir_all(&data).expect("data");
    std::fs::create_dir_all(&backups).expect("backups");
    // The settings file the README has the IT person write.
    let listen = format!("127.0.0.1:{}", free_port());
    std::fs::write(data.join("issuer.toml"), format!("listen = \"{listen}\"\n")).expect("issuer.toml");

    // The service's command line as systemd runs it: no environment, no terminal.
    let exec =
        setting(&unit_file(SERVICE), "ExecStart").replace(BINARY, s(&bin_path("issuer"))).replace(DATA, s(&data));
    let words: Vec<&str> = exec.split(' ').collect();
    let mut child = Command::new(words[0])
        .args(&words[1..])
        .env_clear()
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the unit's command");
    let health = format!("http://{listen}/healthz");
    let (status, _, body) = wait_until(
        Duration::from_secs(30),
        || format!("the issuer of the unit on {listen} did not answer"),
        || http("GET", &health, &[], b"", Duration::from_secs(5)).ok(),
    );
    assert_eq!((status, body.as_slice()), (200, b"ok\n".as_slice()));
    assert!(data.join("setup-link.txt").exists(), "without a terminal the set-up link goes to a file, not the journal");

    // The backup service's command, with the credential systemd would pass.
    let credentials = tmp.path().join("credentials");
    std::fs::create_dir_all(&credentials).expect("credentials");
    std::fs::write(credentials.join("passphrase"), "correct horse battery staple\n").expect("passphrase");
    let script = backup_script(&unit_file(BACKUP))
        .replace(BINARY, s(&bin_path("issuer")))
        .replace(BACKUPS, s(&backups))
        .replace(DATA, s(&data));
    let out = Command::new("/bin/sh")
        .args(["-c", &script])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("CREDENTIALS_DIRECTORY", &credentials)
        .env("ISSUER_LANG", "en")
        .output()
        .expect("run the backup command");
    assert!(out.status.success(), "{}", stderr(&out));
    let made: Vec<PathBuf> = std::fs::read_dir(&backups).expect("backups").map(|e| e.expect("entry").path()).collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let name = made[0].file_name().and_then(|n| n.to_str()).expect("name").to_string();
    let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    assert!(weekdays.iter().any(|d| name == format!("issuer-{d}.age")), "one file per weekday: {name}");

    // The issuer stops cleanly on systemd's SIGTERM (not a failure to restart).
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(child.wait().expect("wait").success());

    // And the backup restores on a "new machine".
    let restored = tmp.path().join("new-machine");
    let pass = credentials.join("passphrase");
    let out = run("issuer", &["restore", s(&made[0]), "--data", s(&restored), "--passphrase-file", s(&pass)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(restored.join("issuer.db").exists() && restored.join("issuer.toml").exists());
}
