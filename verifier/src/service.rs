//! The systemd unit that runs `verifier serve` at boot (`verifier
//! service-unit`): written for one venue's data directory, with a restart
//! policy and least privilege. The station's own user owns the data
//! directory; the unit may write nowhere else, holds no capability, cannot
//! gain privileges, sees no home directory, no devices and no other
//! process, and may open only IP and local sockets. `systemd-analyze
//! security` rates it "OK" (the e2e test `tests/tests/service.rs` holds it
//! to that, and runs the unit's command line).
//!
//! Values are written so that systemd reads them back unchanged: an
//! argument with a space or a quote is quoted, `%` (a systemd specifier)
//! is doubled, and in the command line `$` (a variable) too. A value with a
//! control character, or a relative path, is refused.

use std::fmt::Write as _;
use std::path::Path;

/// The unit's name that the README installs it as.
pub const UNIT_NAME: &str = "aktivitetskort-verifier.service";

/// The user the README creates for the station.
pub const DEFAULT_USER: &str = "aktivitetskort";

/// What goes into the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSpec<'a> {
    /// The `verifier` binary (absolute).
    pub binary: &'a Path,
    /// The venue's data directory (absolute).
    pub data: &'a Path,
    /// The venue's name, for the description.
    pub venue: &'a str,
    /// `verifier serve --listen`.
    pub listen: &'a str,
    /// `verifier serve --allow-host`, each.
    pub allow_hosts: &'a [String],
    /// The station's default language (`nb`, `en`).
    pub lang: &'a str,
    /// The system user the station runs as.
    pub user: &'a str,
}

/// Why a unit could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// A path that is not absolute or not UTF-8.
    #[error("{0} must be an absolute path in UTF-8")]
    NotAbsolute(String),
    /// A value with a control character (a line break would end the setting).
    #[error("{0:?} contains a control character")]
    ControlCharacter(String),
    /// A data directory under `/tmp` or `/var/tmp`: the service has its own
    /// (`PrivateTmp`), and the directory may be emptied at boot.
    #[error("{0} is a temporary directory; move the data directory, e.g. to /var/lib/aktivitetskort")]
    Temporary(String),
    /// Not a user name a system account can have.
    #[error("{0:?} is not a valid user name (lower-case letters, digits, '-' and '_', at most 32)")]
    BadUser(String),
}

/// A system user name: starts with a lower-case letter or `_`, then
/// lower-case letters, digits, `-`, `_`; at most 32 characters.
pub fn valid_user(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-' | '_'))
        && name.len() <= 32
}

fn no_control(value: &str) -> Result<&str, UnitError> {
    if value.chars().any(char::is_control) {
        return Err(UnitError::ControlCharacter(value.to_string()));
    }
    Ok(value)
}

fn absolute(path: &Path) -> Result<&str, UnitError> {
    match path.to_str() {
        Some(s) if path.is_absolute() => no_control(s),
        _ => Err(UnitError::NotAbsolute(path.display().to_string())),
    }
}

/// Where the data directory is, as far as the sandbox cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Under `/home`, `/root` or `/run/user`: the homes are hidden but this
    /// one directory is bound in (`ProtectHome=tmpfs`, `BindPaths=`).
    Home,
    /// Anywhere else: every home is hidden (`ProtectHome=yes`).
    Elsewhere,
}

fn under(path: &str, dirs: &[&str]) -> bool {
    dirs.iter().any(|d| path == *d || path.strip_prefix(d).is_some_and(|rest| rest.starts_with('/')))
}

fn place(data: &str) -> Result<Place, UnitError> {
    if under(data, &["/tmp", "/var/tmp"]) {
        return Err(UnitError::Temporary(data.to_string()));
    }
    Ok(if under(data, &["/home", "/root", "/run/user"]) { Place::Home } else { Place::Elsewhere })
}

/// `value` as one word of a unit file setting: `%` doubled (and `$` when
/// `in_command`), quoted with `\` and `"` escaped when it holds a space, a
/// quote, a backslash or a `;`, or is empty.
pub fn quote(value: &str, in_command: bool) -> String {
    let mut escaped = value.replace('%', "%%");
    if in_command {
        escaped = escaped.replace('$', "$$");
    }
    let plain = !escaped.is_empty() && !escaped.contains(|c: char| c.is_whitespace() || "\"'\\;".contains(c));
    if plain {
        return escaped;
    }
    format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The unit file's text.
pub fn unit(spec: &UnitSpec<'_>) -> Result<String, UnitError> {
    if !valid_user(spec.user) {
        return Err(UnitError::BadUser(spec.user.to_string()));
    }
    let binary = absolute(spec.binary)?;
    let data = absolute(spec.data)?;
    let homes = match place(data)? {
        Place::Home => format!("ProtectHome=tmpfs\nBindPaths={}", quote(data, false)),
        Place::Elsewhere => "ProtectHome=yes".to_string(),
    };
    let mut command = vec![binary, "--lang", no_control(spec.lang)?, "serve", "--data", data];
    command.extend(["--listen", no_control(spec.listen)?]);
    for host in spec.allow_hosts {
        command.extend(["--allow-host", no_control(host)?]);
    }
    let exec: Vec<String> = command.iter().map(|a| quote(a, true)).collect();
    // The description is free text: only `%` matters.
    let venue = no_control(spec.venue)?.replace('%', "%%");
    let mut u = String::new();
    let _ = write!(
        u,
        "# The activity card station (`verifier serve`) of {venue}, started at boot.\n\
         # Written by `verifier service-unit`; install as /etc/systemd/system/{UNIT_NAME}\n\
         # (see the README, \"Run the station as a service\").\n\
         [Unit]\n\
         Description=Activity card station ({venue})\n\
         Wants=network-online.target\n\
         After=network-online.target time-sync.target\n\
         \n\
         [Service]\n\
         Type=exec\n\
         User={user}\n\
         Group={user}\n\
         ExecStart={exec}\n\
         Restart=always\n\
         RestartSec=5\n\
         TimeoutStopSec=20\n\
         # Least privilege: writes only to the data directory.\n\
         ReadWritePaths={rw}\n\
         UMask=0077\n\
         NoNewPrivileges=yes\n\
         CapabilityBoundingSet=\n\
         AmbientCapabilities=\n\
         ProtectSystem=strict\n\
         {homes}\n\
         PrivateTmp=yes\n\
         PrivateDevices=yes\n\
         DevicePolicy=closed\n\
         PrivateUsers=yes\n\
         ProtectProc=invisible\n\
         ProtectKernelTunables=yes\n\
         ProtectKernelModules=yes\n\
         ProtectKernelLogs=yes\n\
         ProtectControlGroups=yes\n\
         ProtectClock=yes\n\
         ProtectHostname=yes\n\
         RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX\n\
         RestrictNamespaces=yes\n\
         RestrictRealtime=yes\n\
         RestrictSUIDSGID=yes\n\
         LockPersonality=yes\n\
         MemoryDenyWriteExecute=yes\n\
         RemoveIPC=yes\n\
         KeyringMode=private\n\
         SystemCallArchitectures=native\n\
         SystemCallFilter=@system-service\n\
         SystemCallFilter=~@privileged\n\
         \n\
         [Install]\n\
         WantedBy=multi-user.target\n",
        user = spec.user,
        exec = exec.join(" "),
        rw = quote(data, false),
    );
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec<'a>(data: &'a Path, hosts: &'a [String]) -> UnitSpec<'a> {
        UnitSpec {
            binary: Path::new("/usr/local/bin/verifier"),
            data,
            venue: "Bølgen kino",
            listen: "0.0.0.0:8090",
            allow_hosts: hosts,
            lang: "nb",
            user: DEFAULT_USER,
        }
    }

    #[test]
    fn quoting_keeps_values_as_systemd_reads_them() {
        assert_eq!(quote("/var/lib/aktivitetskort", true), "/var/lib/aktivitetskort");
        assert_eq!(quote("/srv/kino data", false), "\"/srv/kino data\"");
        assert_eq!(quote("/srv/100%", false), "/srv/100%%");
        assert_eq!(quote("/srv/$HOME", true), "/srv/$$HOME");
        assert_eq!(quote("/srv/$HOME", false), "/srv/$HOME");
        assert_eq!(quote(r#"/a "b"\c"#, true), r#""/a \"b\"\\c""#);
        assert_eq!(quote("", true), "\"\"");
    }

    #[test]
    fn the_unit_runs_serve_on_the_data_directory() {
        let hosts = ["kino.lan".to_string()];
        let u = unit(&spec(Path::new("/var/lib/aktivitetskort"), &hosts)).unwrap();
        assert!(u.contains(
            "\nExecStart=/usr/local/bin/verifier --lang nb serve --data /var/lib/aktivitetskort \
             --listen 0.0.0.0:8090 --allow-host kino.lan\n"
        ));
        assert!(u.contains("\nReadWritePaths=/var/lib/aktivitetskort\n"));
        assert!(u.contains("\nProtectHome=yes\n") && !u.contains("BindPaths"));
        assert!(u.contains("\nUser=aktivitetskort\n"));
        assert!(u.contains("\nRestart=always\n"));
        assert!(u.contains("Description=Activity card station (Bølgen kino)\n"));
    }

    #[test]
    fn a_data_directory_in_a_home_is_bound_into_the_hidden_homes() {
        let u = unit(&spec(Path::new("/home/kino/verifier data"), &[])).unwrap();
        assert!(u.contains("\nProtectHome=tmpfs\nBindPaths=\"/home/kino/verifier data\"\n"), "{u}");
        assert!(!u.contains("ProtectHome=yes"));
        for dir in ["/root/v", "/run/user/1000/v", "/home"] {
            assert!(unit(&spec(Path::new(dir), &[])).unwrap().contains("ProtectHome=tmpfs"), "{dir}");
        }
        for dir in ["/homes/v", "/var/lib/home"] {
            assert!(unit(&spec(Path::new(dir), &[])).unwrap().contains("ProtectHome=yes"), "{dir}");
        }
        for dir in ["/tmp/v", "/var/tmp/v/w", "/tmp"] {
            assert_eq!(unit(&spec(Path::new(dir), &[])), Err(UnitError::Temporary(dir.into())));
        }
        assert!(unit(&spec(Path::new("/tmpdata/v"), &[])).is_ok());
    }

    #[test]
    fn bad_values_are_refused() {
        let none: [String; 0] = [];
        assert_eq!(unit(&spec(Path::new("relative/dir"), &none)), Err(UnitError::NotAbsolute("relative/dir".into())));
        let hosts = ["a\nExecStartPre=/bin/evil".to_string()];
        assert!(matches!(unit(&spec(Path::new("/d"), &hosts)), Err(UnitError::ControlCharacter(_))));
        let mut s = spec(Path::new("/d"), &none);
        s.user = "root;x";
        assert_eq!(unit(&s), Err(UnitError::BadUser("root;x".into())));
        for ok in ["aktivitetskort", "_kino", "kino-1"] {
            assert!(valid_user(ok), "{ok}");
        }
        for bad in ["", "Kino", "1kino", "a b", &"a".repeat(33)] {
            assert!(!valid_user(bad), "{bad}");
        }
    }
}
