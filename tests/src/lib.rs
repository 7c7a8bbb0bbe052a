//! Helpers for end-to-end tests: build the real `issuer` and `verifier`
//! binaries once, run them in temporary directories, read their output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The directory holding the built binaries (same profile as the tests).
fn bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        // target/<profile>/deps/e2e-… → target/<profile>
        let dir = exe.parent().and_then(Path::parent).expect("target dir").to_path_buf();
        let release = dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "--quiet", "-p", "issuer", "-p", "verifier"]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("running cargo build");
        assert!(status.success(), "building the binaries failed");
        dir
    })
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

    /// Publish a bundle into the temp directory under `name`.
    pub fn bundle(&self, name: &str) -> PathBuf {
        let path = self.tmp.path().join(name);
        run_ok("issuer", &["bundle", "--data", s(&self.issuer), "--out", s(&path)], 0);
        path
    }

    /// Issue `count` cards of `profile`; the parsed JSON array.
    pub fn issue(&self, profile: u16, count: u32, extra: &[&str]) -> Vec<serde_json::Value> {
        let (p, c) = (profile.to_string(), count.to_string());
        let mut args = vec!["issue", "--data", s(&self.issuer), "--profile", &p, "--count", &c, "--json"];
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
