//! The issuer's configuration, in layers: built-in defaults → a TOML file →
//! `ISSUER_*` environment variables (any of them also as `ISSUER_*_FILE`,
//! naming a file that holds the value, for secrets) → command-line flags.
//!
//! The environment is passed in (see [`Env`]), so that the layering can be
//! tested without touching the process environment.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Largest configuration file or `*_FILE` secret read.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// Where environment values come from.
pub trait Env {
    /// The variable's value, if set.
    fn var(&self, name: &str) -> Option<String>;
}

/// The real process environment (binaries only).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl Env for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).cloned()
    }
}

/// The effective configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Data directory: keys, database, catalogue.
    pub data: PathBuf,
    /// Address the web app listens on.
    pub listen: SocketAddr,
    /// Base URL families' phone links and the venue set-up point to
    /// (`https://host`, no path); `None`: `http://` and the address the
    /// server actually listens on.
    pub public_url: Option<String>,
    /// Counts below this are not shown on the usage page or in its overview
    /// CSV (`suppress_below`; see [`crate::cells`]).
    pub threshold: crate::cells::Threshold,
    /// Whether to take the client address from `X-Forwarded-For` (only
    /// behind a reverse proxy that sets it; otherwise anyone could choose
    /// their address and escape login throttling).
    pub trust_forwarded_for: bool,
    /// The proxies whose `X-Forwarded-For` is believed with
    /// `trust_forwarded_for` (`trusted_proxies`; default: this computer).
    pub trusted_proxies: crate::proxies::TrustedProxies,
    /// Open connections one client address may hold (0: no cap). Not used
    /// with `trust_forwarded_for`: behind a proxy every connection comes
    /// from the proxy.
    pub connections_per_address: usize,
    /// Days the audit log keeps an entry (`None`: for ever, the default;
    /// the municipality decides, docs/PRIVACY.md).
    pub audit_retention_days: Option<u32>,
}

/// The default of [`Config::connections_per_address`]: a browser opens at
/// most 6 connections per site, so this leaves room for an office of
/// browsers behind one address, and none for a flood from one stranger.
pub const DEFAULT_CONNECTIONS_PER_ADDRESS: usize = 64;

impl Default for Config {
    fn default() -> Config {
        Config {
            data: PathBuf::from("issuer-data"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            threshold: crate::cells::Threshold::default(),
            trust_forwarded_for: false,
            trusted_proxies: crate::proxies::TrustedProxies::loopback(),
            connections_per_address: DEFAULT_CONNECTIONS_PER_ADDRESS,
            audit_retention_days: None,
        }
    }
}

/// The TOML file's shape: every key optional; unknown keys are refused so
/// that a typo does not silently fall back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    data: Option<PathBuf>,
    listen: Option<String>,
    public_url: Option<String>,
    suppress_below: Option<i64>,
    trust_forwarded_for: Option<bool>,
    trusted_proxies: Option<Vec<String>>,
    connections_per_address: Option<u32>,
    audit_retention_days: Option<u32>,
}

/// Values given on the command line (highest precedence).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--data DIR`.
    pub data: Option<PathBuf>,
    /// `--listen ADDR:PORT`.
    pub listen: Option<String>,
    /// `--public-url URL`.
    pub public_url: Option<String>,
}

/// Why the configuration could not be read. Each message names the setting,
/// where it came from and what a valid value looks like.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file could not be read.
    #[error("cannot read configuration file {path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The OS error.
        reason: String,
    },
    /// The configuration file is not valid TOML of the expected shape.
    #[error("configuration file {path}: {reason}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// The parser's message (names the line and the key).
        reason: String,
    },
    /// A value that does not parse.
    #[error("{setting} (from {origin}): «{value}» {expected}")]
    BadValue {
        /// Setting name.
        setting: &'static str,
        /// Where it came from (file, variable or flag).
        origin: String,
        /// The value given.
        value: String,
        /// What is expected.
        expected: &'static str,
    },
    /// Both `ISSUER_X` and `ISSUER_X_FILE` are set.
    #[error("both {name} and {name}_FILE are set; set only one")]
    Ambiguous {
        /// The variable name.
        name: String,
    },
    /// The address browsers would use is plain `http://` on another host
    /// than this computer: browsers refuse the login's secure cookies there,
    /// so nobody could log in.
    #[error(
        "the issuer would be reached at {url}, without HTTPS: browsers only accept its login cookies over HTTPS \
         (or on 127.0.0.1 / localhost), so nobody could log in. Put it behind an HTTPS reverse proxy and set \
         public_url (--public-url, ISSUER_PUBLIC_URL) to the https:// address, or listen on 127.0.0.1 to try it out"
    )]
    NotHttps {
        /// The public URL.
        url: String,
    },
    /// `trust_forwarded_for` without `public_url`: behind a proxy the
    /// address the server listens on is not the one browsers and phones
    /// use, so every phone link and set-up code would point nowhere.
    #[error(
        "trust_forwarded_for is on (a reverse proxy is in front) but public_url is not set: set public_url \
         (--public-url, ISSUER_PUBLIC_URL) to the https:// address people open, e.g. https://kort.larvik.kommune.no"
    )]
    ProxyWithoutPublicUrl,
    /// `trusted_proxies` without `trust_forwarded_for = true`: the list
    /// would be ignored, which is not what whoever wrote it meant.
    #[error(
        "trusted_proxies is set but trust_forwarded_for is not: set trust_forwarded_for = true to take client \
         addresses from those proxies' X-Forwarded-For, or remove trusted_proxies"
    )]
    ProxiesWithoutTrust,
}

/// Whether browsers accept `Secure` cookies from `url`: HTTPS, or plain
/// HTTP on this computer (127.0.0.0/8, `localhost`, `[::1]`).
pub fn secure_cookies_work(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split('/').next().unwrap_or("");
    let host = if authority.starts_with('[') {
        authority.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

impl Config {
    /// The proxies whose `X-Forwarded-For` the server believes: none
    /// without `trust_forwarded_for`.
    pub fn proxies(&self) -> Option<crate::proxies::TrustedProxies> {
        self.trust_forwarded_for.then(|| self.trusted_proxies.clone())
    }

    /// The server's connection limits ([`webkit::serve::Limits`]).
    pub fn limits(&self) -> webkit::serve::Limits {
        let per_address = if self.trust_forwarded_for { 0 } else { self.connections_per_address };
        webkit::serve::Limits { per_address, ..webkit::serve::Limits::default() }
    }

    /// The public base URL: the configured one, or `http://` + the address
    /// the server is bound to. Refused when browsers could not log in there.
    pub fn effective_public_url(&self, bound: SocketAddr) -> Result<String, ConfigError> {
        let url = self.public_url.clone().unwrap_or_else(|| format!("http://{bound}"));
        if secure_cookies_work(&url) { Ok(url) } else { Err(ConfigError::NotHttps { url }) }
    }
}

fn read_bounded(path: &Path) -> Result<String, ConfigError> {
    use std::io::Read as _;
    let unreadable = |reason: String| ConfigError::Unreadable { path: path.to_path_buf(), reason };
    let f = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut text = String::new();
    f.take(MAX_FILE_BYTES + 1).read_to_string(&mut text).map_err(|e| unreadable(e.to_string()))?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(unreadable(format!("larger than {MAX_FILE_BYTES} bytes")));
    }
    Ok(text)
}

/// `ISSUER_<KEY>` or the contents of the file named by `ISSUER_<KEY>_FILE`
/// (one trailing newline removed), with the name of its source.
fn env_value(env: &dyn Env, key: &str) -> Result<Option<(String, String)>, ConfigError> {
    let name = format!("ISSUER_{key}");
    let file_name = format!("{name}_FILE");
    match (env.var(&name), env.var(&file_name)) {
        (Some(_), Some(_)) => Err(ConfigError::Ambiguous { name }),
        (Some(v), None) => Ok(Some((v, name))),
        (None, Some(path)) => {
            let text = read_bounded(Path::new(&path))?;
            let v = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
            Ok(Some((v.to_string(), format!("{file_name}={path}"))))
        }
        (None, None) => Ok(None),
    }
}

fn parse_threshold(value: &str, source: &str) -> Result<crate::cells::Threshold, ConfigError> {
    value.trim().parse::<u64>().ok().and_then(crate::cells::Threshold::new).ok_or_else(|| ConfigError::BadValue {
        setting: "suppress_below",
        origin: source.to_string(),
        value: value.to_string(),
        expected: "is not a whole number from 3 to 1000: counts below it are shown as «< N» on the usage page \
                   and in its overview CSV, and below 3 a hidden count could only be a 1",
    })
}

fn parse_listen(value: &str, source: &str) -> Result<SocketAddr, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::BadValue {
        setting: "listen",
        origin: source.to_string(),
        value: value.to_string(),
        expected: "is not an address and port, e.g. 127.0.0.1:8080 or [::1]:8080",
    })
}

fn parse_url(value: &str, source: &str) -> Result<String, ConfigError> {
    let v = value.trim().trim_end_matches('/');
    let host = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://"));
    match host {
        Some(h) if !h.is_empty() && !h.contains(['/', '#', '?', ' ']) => Ok(v.to_string()),
        _ => Err(ConfigError::BadValue {
            setting: "public_url",
            origin: source.to_string(),
            value: value.to_string(),
            expected: "is not a base URL; write it like https://kort.larvik.kommune.no (no path)",
        }),
    }
}

fn parse_count(setting: &'static str, value: &str, source: &str) -> Result<usize, ConfigError> {
    match value.trim().parse::<u32>() {
        Ok(n) if n <= 100_000 => Ok(n as usize),
        _ => Err(ConfigError::BadValue {
            setting,
            origin: source.to_string(),
            value: value.to_string(),
            expected: "is not a whole number from 0 to 100000 (0: no limit)",
        }),
    }
}

/// Days of audit log: 0 or absent is "for ever"; else at least 30 (a
/// shorter log would not let an administrator look back over a month).
fn parse_retention(value: &str, source: &str) -> Result<Option<u32>, ConfigError> {
    match value.trim().parse::<u32>() {
        Ok(0) => Ok(None),
        Ok(n) if (30..=36_500).contains(&n) => Ok(Some(n)),
        _ => Err(ConfigError::BadValue {
            setting: "audit_retention_days",
            origin: source.to_string(),
            value: value.to_string(),
            expected: "is not a number of days from 30 to 36500 (0: keep the audit log for ever)",
        }),
    }
}

fn parse_proxies<'a>(
    items: impl IntoIterator<Item = &'a str>,
    source: &str,
) -> Result<crate::proxies::TrustedProxies, ConfigError> {
    crate::proxies::TrustedProxies::parse(items).map_err(|bad| ConfigError::BadValue {
        setting: "trusted_proxies",
        origin: source.to_string(),
        value: bad,
        expected: "is not an IP address or network; list the reverse proxies' addresses, e.g. \
                   [\"127.0.0.1\", \"::1\"] or [\"10.0.0.0/24\"] (at least one)",
    })
}

fn parse_bool(setting: &'static str, value: &str, source: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::BadValue {
            setting,
            origin: source.to_string(),
            value: value.to_string(),
            expected: "is not a yes/no value; use true or false",
        }),
    }
}

impl Config {
    /// Build the configuration from its layers. The file is `flags.config`,
    /// else `ISSUER_CONFIG`, else `<data>/issuer.toml` if that exists.
    pub fn load(flags: &Flags, env: &dyn Env) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        let mut public_url: Option<String> = None;
        let mut proxies_set = false;

        // The data directory decides where the default config file is, so
        // settle it first from the higher layers.
        let env_data = env_value(env, "DATA")?;
        let explicit = flags.config.clone().or_else(|| env.var("ISSUER_CONFIG").map(PathBuf::from));
        let data_hint = flags.data.clone().or_else(|| env_data.as_ref().map(|(v, _)| PathBuf::from(v)));
        let file = match explicit {
            Some(p) => Some(p),
            None => {
                let p = data_hint.clone().unwrap_or_else(|| c.data.clone()).join("issuer.toml");
                p.exists().then_some(p)
            }
        };

        // Layer 2: the file.
        if let Some(path) = &file {
            let text = read_bounded(path)?;
            let layer: FileLayer = toml::from_str(&text)
                .map_err(|e| ConfigError::BadFile { path: path.clone(), reason: e.to_string().trim().to_string() })?;
            let src = path.display().to_string();
            if let Some(d) = layer.data {
                c.data = d;
            }
            if let Some(l) = layer.listen {
                c.listen = parse_listen(&l, &src)?;
            }
            if let Some(u) = layer.public_url {
                public_url = Some(parse_url(&u, &src)?);
            }
            if let Some(t) = layer.trust_forwarded_for {
                c.trust_forwarded_for = t;
            }
            if let Some(list) = &layer.trusted_proxies {
                c.trusted_proxies = parse_proxies(list.iter().map(String::as_str), &src)?;
                proxies_set = true;
            }
            if let Some(n) = layer.audit_retention_days {
                c.audit_retention_days = parse_retention(&n.to_string(), &src)?;
            }
            if let Some(n) = layer.connections_per_address {
                c.connections_per_address = parse_count("connections_per_address", &n.to_string(), &src)?;
            }
            if let Some(n) = layer.suppress_below {
                c.threshold = parse_threshold(&n.to_string(), &src)?;
            }
        }

        // Layer 3: the environment.
        if let Some((v, _)) = env_data {
            c.data = PathBuf::from(v);
        }
        if let Some((v, src)) = env_value(env, "LISTEN")? {
            c.listen = parse_listen(&v, &src)?;
        }
        if let Some((v, src)) = env_value(env, "PUBLIC_URL")? {
            public_url = Some(parse_url(&v, &src)?);
        }
        if let Some((v, src)) = env_value(env, "TRUST_FORWARDED_FOR")? {
            c.trust_forwarded_for = parse_bool("trust_forwarded_for", &v, &src)?;
        }
        if let Some((v, src)) = env_value(env, "TRUSTED_PROXIES")? {
            c.trusted_proxies = parse_proxies(v.split([',', ' ']).filter(|i| !i.trim().is_empty()), &src)?;
            proxies_set = true;
        }
        if let Some((v, src)) = env_value(env, "AUDIT_RETENTION_DAYS")? {
            c.audit_retention_days = parse_retention(&v, &src)?;
        }
        if let Some((v, src)) = env_value(env, "CONNECTIONS_PER_ADDRESS")? {
            c.connections_per_address = parse_count("connections_per_address", &v, &src)?;
        }
        if let Some((v, src)) = env_value(env, "SUPPRESS_BELOW")? {
            c.threshold = parse_threshold(&v, &src)?;
        }

        // Layer 4: flags.
        if let Some(d) = &flags.data {
            c.data = d.clone();
        }
        if let Some(l) = &flags.listen {
            c.listen = parse_listen(l, "--listen")?;
        }
        if let Some(u) = &flags.public_url {
            public_url = Some(parse_url(u, "--public-url")?);
        }
        c.public_url = public_url;
        if proxies_set && !c.trust_forwarded_for {
            return Err(ConfigError::ProxiesWithoutTrust);
        }
        if c.trust_forwarded_for && c.public_url.is_none() {
            return Err(ConfigError::ProxyWithoutPublicUrl);
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_http_away_from_this_computer_is_refused() {
        for ok in [
            "https://kort.larvik.kommune.no",
            "http://127.0.0.1:8080",
            "http://127.0.0.2",
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://[::1]:8080",
        ] {
            assert!(super::secure_cookies_work(ok), "{ok}");
        }
        for bad in ["http://192.0.2.2:8080", "http://0.0.0.0:8080", "http://[::]:8080", "http://kort.example.no"] {
            assert!(!super::secure_cookies_work(bad), "{bad}");
        }
        let c = super::Config::default();
        let bound: std::net::SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(
            c.effective_public_url(bound).unwrap_err(),
            super::ConfigError::NotHttps { url: "http://0.0.0.0:8080".into() }
        );
        let c = super::Config { public_url: Some("https://kort.example.no".into()), ..super::Config::default() };
        assert_eq!(c.effective_public_url(bound).unwrap(), "https://kort.example.no");
        let local: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(super::Config::default().effective_public_url(local).unwrap(), "http://127.0.0.1:8080");
    }

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_then_file_then_env_then_flags() {
        let tmp = tempfile::tempdir().unwrap();
        let none = BTreeMap::new();
        // Defaults (no file in the default data directory).
        let flags = Flags { data: Some(tmp.path().join("nothing")), ..Flags::default() };
        let c = Config::load(&flags, &none).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert!(!c.trust_forwarded_for);
        assert_eq!(c.limits().per_address, DEFAULT_CONNECTIONS_PER_ADDRESS);

        // The data directory's issuer.toml is read by default.
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            data.join("issuer.toml"),
            "listen = \"0.0.0.0:9000\"\npublic_url = \"https://kort.larvik.kommune.no/\"\ntrust_forwarded_for = true\n\
             connections_per_address = 200\n",
        )
        .unwrap();
        let flags = Flags { data: Some(data.clone()), ..Flags::default() };
        let c = Config::load(&flags, &none).unwrap();
        assert_eq!(c.listen, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(c.public_url.as_deref(), Some("https://kort.larvik.kommune.no"));
        assert!(c.trust_forwarded_for);
        assert_eq!(c.connections_per_address, 200);
        assert_eq!(c.limits().per_address, 0, "behind a proxy every connection comes from the proxy");

        // The environment beats the file; a *_FILE variable reads a file.
        let secret = tmp.path().join("url.txt");
        std::fs::write(&secret, "https://kort.example.no\n").unwrap();
        let e = env(&[
            ("ISSUER_LISTEN", "127.0.0.1:7000"),
            ("ISSUER_PUBLIC_URL_FILE", secret.to_str().unwrap()),
            ("ISSUER_CONNECTIONS_PER_ADDRESS", "0"),
        ]);
        let c = Config::load(&flags, &e).unwrap();
        assert_eq!(c.connections_per_address, 0);
        assert_eq!(c.listen, "127.0.0.1:7000".parse().unwrap());
        assert_eq!(c.public_url.as_deref(), Some("https://kort.example.no"));

        // Flags beat everything.
        let flags = Flags { listen: Some("127.0.0.1:6000".into()), ..flags };
        assert_eq!(Config::load(&flags, &e).unwrap().listen, "127.0.0.1:6000".parse().unwrap());
        // Without a public URL anywhere, the server uses its own address.
        let bare = Flags { data: Some(tmp.path().join("nothing")), ..Flags::default() };
        assert_eq!(Config::load(&bare, &none).unwrap().public_url, None);

        // ISSUER_DATA chooses the data directory (and so the default file).
        let e = env(&[("ISSUER_DATA", data.to_str().unwrap())]);
        let c = Config::load(&Flags::default(), &e).unwrap();
        assert_eq!((c.data, c.listen), (data.clone(), "0.0.0.0:9000".parse().unwrap()));
    }

    #[test]
    fn bad_values_name_the_setting_and_its_source() {
        let none = BTreeMap::new();
        let flags = Flags { listen: Some("localhost".into()), ..Flags::default() };
        assert_eq!(
            Config::load(&flags, &none).unwrap_err(),
            ConfigError::BadValue {
                setting: "listen",
                origin: "--listen".into(),
                value: "localhost".into(),
                expected: "is not an address and port, e.g. 127.0.0.1:8080 or [::1]:8080",
            }
        );
        let e = env(&[("ISSUER_PUBLIC_URL", "kort.example.no/x")]);
        let err = Config::load(&Flags::default(), &e).unwrap_err();
        assert!(
            matches!(&err, ConfigError::BadValue { setting: "public_url", origin, .. } if origin == "ISSUER_PUBLIC_URL")
        );
        let e = env(&[("ISSUER_TRUST_FORWARDED_FOR", "maybe")]);
        assert!(matches!(
            Config::load(&Flags::default(), &e).unwrap_err(),
            ConfigError::BadValue { setting: "trust_forwarded_for", .. }
        ));
        let e = env(&[("ISSUER_AUDIT_RETENTION_DAYS", "400")]);
        assert_eq!(Config::load(&Flags::default(), &e).unwrap().audit_retention_days, Some(400));
        let e = env(&[("ISSUER_AUDIT_RETENTION_DAYS", "0")]);
        assert_eq!(Config::load(&Flags::default(), &e).unwrap().audit_retention_days, None);
        for bad in ["7", "forever", "-1"] {
            let e = env(&[("ISSUER_AUDIT_RETENTION_DAYS", bad)]);
            assert!(matches!(
                Config::load(&Flags::default(), &e).unwrap_err(),
                ConfigError::BadValue { setting: "audit_retention_days", .. }
            ));
        }
        for bad in ["many", "-1", "100001"] {
            let e = env(&[("ISSUER_CONNECTIONS_PER_ADDRESS", bad)]);
            assert_eq!(
                Config::load(&Flags::default(), &e).unwrap_err(),
                ConfigError::BadValue {
                    setting: "connections_per_address",
                    origin: "ISSUER_CONNECTIONS_PER_ADDRESS".into(),
                    value: bad.into(),
                    expected: "is not a whole number from 0 to 100000 (0: no limit)",
                }
            );
        }
        let e = env(&[("ISSUER_LISTEN", "127.0.0.1:1"), ("ISSUER_LISTEN_FILE", "/x")]);
        assert_eq!(
            Config::load(&Flags::default(), &e).unwrap_err(),
            ConfigError::Ambiguous { name: "ISSUER_LISTEN".into() }
        );
        let e = env(&[("ISSUER_LISTEN_FILE", "/nonexistent/secret")]);
        assert!(matches!(Config::load(&Flags::default(), &e).unwrap_err(), ConfigError::Unreadable { .. }));
    }

    #[test]
    fn behind_a_proxy_the_public_url_and_the_proxies_are_required_and_checked() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.toml");
        let flags = Flags { config: Some(path.clone()), ..Flags::default() };
        let none = BTreeMap::new();
        // A proxy on this computer by default.
        std::fs::write(&path, "trust_forwarded_for = true\npublic_url = \"https://kort.example.no\"\n").unwrap();
        let c = Config::load(&flags, &none).unwrap();
        assert_eq!(c.proxies(), Some(crate::proxies::TrustedProxies::loopback()));
        // Listed proxies, from the file or the environment.
        std::fs::write(
            &path,
            "trust_forwarded_for = true\npublic_url = \"https://kort.example.no\"\n\
             trusted_proxies = [\"10.0.0.0/24\", \"::1\"]\n",
        )
        .unwrap();
        let listed = crate::proxies::TrustedProxies::parse(["10.0.0.0/24", "::1"]).unwrap();
        assert_eq!(Config::load(&flags, &none).unwrap().proxies(), Some(listed));
        let e = env(&[("ISSUER_TRUSTED_PROXIES", "192.0.2.1, 192.0.2.2")]);
        let c = Config::load(&flags, &e).unwrap();
        assert_eq!(c.proxies(), Some(crate::proxies::TrustedProxies::parse(["192.0.2.1", "192.0.2.2"]).unwrap()));
        let e = env(&[("ISSUER_TRUSTED_PROXIES", "10.0.0.1,proxy.lan")]);
        assert_eq!(
            Config::load(&flags, &e).unwrap_err(),
            ConfigError::BadValue {
                setting: "trusted_proxies",
                origin: "ISSUER_TRUSTED_PROXIES".into(),
                value: "proxy.lan".into(),
                expected: "is not an IP address or network; list the reverse proxies' addresses, e.g. \
                           [\"127.0.0.1\", \"::1\"] or [\"10.0.0.0/24\"] (at least one)",
            }
        );
        // Without trust_forwarded_for, no proxy is believed, and a list is an error.
        let e = env(&[("ISSUER_TRUST_FORWARDED_FOR", "false")]);
        assert_eq!(Config::load(&flags, &e).unwrap_err(), ConfigError::ProxiesWithoutTrust);
        std::fs::write(&path, "public_url = \"https://kort.example.no\"\n").unwrap();
        assert_eq!(Config::load(&flags, &none).unwrap().proxies(), None);
        // Behind a proxy, the address people use must be given.
        std::fs::write(&path, "trust_forwarded_for = true\n").unwrap();
        assert_eq!(Config::load(&flags, &none).unwrap_err(), ConfigError::ProxyWithoutPublicUrl);
        let f = Flags { public_url: Some("https://kort.example.no".into()), ..flags };
        assert!(Config::load(&f, &none).unwrap().trust_forwarded_for);
    }

    #[test]
    fn unknown_or_mistyped_keys_in_the_file_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.toml");
        std::fs::write(&path, "lisen = \"127.0.0.1:1\"\n").unwrap();
        let flags = Flags { config: Some(path.clone()), ..Flags::default() };
        match Config::load(&flags, &BTreeMap::new()).unwrap_err() {
            ConfigError::BadFile { path: p, reason } => {
                assert_eq!(p, path);
                assert!(reason.contains("lisen"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        std::fs::write(&path, "trust_forwarded_for = \"yes\"\n").unwrap();
        assert!(matches!(Config::load(&flags, &BTreeMap::new()).unwrap_err(), ConfigError::BadFile { .. }));
        // An explicitly named file that is missing is an error, not a default.
        let flags = Flags { config: Some(tmp.path().join("missing.toml")), ..Flags::default() };
        assert!(matches!(Config::load(&flags, &BTreeMap::new()).unwrap_err(), ConfigError::Unreadable { .. }));
    }
}
