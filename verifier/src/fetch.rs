//! Fetching the trust bundle from the issuer's `GET /bundle` (SPEC §6, §10).
//!
//! One bounded HTTP(S) GET: connect and read timeouts, a few redirects at
//! most, `If-None-Match` with the ETag of the installed bundle, and a body
//! read with a cap equal to the largest valid bundle, so an oversized answer
//! is refused before anything parses it. `Content-Type` is not looked at:
//! the bytes are trusted only once [`shared::verify_bundle`] accepts them.
//!
//! TLS (rustls with the Mozilla roots compiled in, or the certificate
//! authorities of `--ca-file` instead: [`trust_ca_file`]) protects
//! availability and privacy of the fetch; the bundle's authenticity comes
//! from the root key the venue pinned, whatever server delivered it.

use crate::VerifierError;
use crate::i18n::{Lang, Localised, Messages};
use crate::store::{Origin, UpdateOutcome, VenueStore};
use shared::Timestamp;
use shared::wire::MAX_BUNDLE_BYTES;
use std::io::Read as _;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Certificate authorities trusted instead of the built-in Mozilla roots
/// (`--ca-file`): an issuer whose certificate comes from the
/// municipality's own CA.
#[derive(Clone)]
pub struct CaRoots(Arc<Vec<ureq::tls::Certificate<'static>>>);

impl std::fmt::Debug for CaRoots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CaRoots({} certificates)", self.0.len())
    }
}

impl CaRoots {
    /// The certificates of the PEM file `path` (one or more `BEGIN
    /// CERTIFICATE` blocks; anything else in it is skipped).
    pub fn from_pem_file(path: &Path) -> Result<CaRoots, VerifierError> {
        let pem = std::fs::read(path)
            .map_err(|source| VerifierError::CaFileUnreadable { path: path.to_path_buf(), source })?;
        let certs: Vec<_> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if certs.is_empty() {
            return Err(VerifierError::CaFileEmpty(path.to_path_buf()));
        }
        Ok(CaRoots(Arc::new(certs)))
    }
}

/// The roots of this process, once [`trust_ca_file`] set them.
static PROCESS_ROOTS: OnceLock<CaRoots> = OnceLock::new();

/// Trust the certificate authorities of the PEM file `path` instead of the
/// built-in Mozilla roots for every fetch and post of this process that
/// uses [`FetchConfig::default`] (the `verifier` binary's `--ca-file`,
/// `VERIFIER_CA_FILE`, read once at start). A second call keeps the first.
pub fn trust_ca_file(path: &Path) -> Result<(), VerifierError> {
    let roots = CaRoots::from_pem_file(path)?;
    let _ = PROCESS_ROOTS.set(roots);
    Ok(())
}

/// Limits of one fetch. [`FetchConfig::default`] is what the `verifier`
/// binary uses; tests shorten the timeouts.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Name lookup, and then TCP (and TLS) connection set-up, each.
    pub connect_timeout: Duration,
    /// Waiting for the response headers, and then for the whole body, each.
    pub read_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Largest body accepted (shared's bundle size bound).
    pub max_bytes: usize,
    /// `Accept-Language` of a [`post`], so that the issuer's error messages
    /// come in the staff's language (`nb`, `en`).
    pub accept_language: Option<String>,
    /// Certificate authorities to trust instead of the built-in roots
    /// (`None`: Mozilla's). The default is the process's [`trust_ca_file`].
    pub ca_roots: Option<CaRoots>,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_redirects: 3,
            max_bytes: MAX_BUNDLE_BYTES,
            accept_language: None,
            ca_roots: PROCESS_ROOTS.get().cloned(),
        }
    }
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 200: the bundle bytes (not yet verified) and the ETag, if any.
    Bundle {
        /// The body, at most [`FetchConfig::max_bytes`] long.
        bytes: Vec<u8>,
        /// The response's `ETag`, if it was short printable ASCII.
        etag: Option<String>,
    },
    /// 304 to our `If-None-Match`: the installed bundle is the published one.
    NotModified,
}

/// Why a bundle could not be fetched. Each message names the URL and says
/// what to do; none contains the response body. The text is
/// `fetch-*` in `i18n/*.ftl`; `Display` gives the English one.
#[derive(Debug)]
pub enum FetchError {
    /// The URL is not an `http://` or `https://` URL with a host.
    BadUrl {
        /// The URL given.
        url: String,
    },
    /// The network itself is unreachable (no route, interface down).
    NoNetwork {
        /// The bundle URL.
        url: String,
    },
    /// The host name could not be looked up (DNS), which is also what
    /// happens when the computer is offline.
    HostNotFound {
        /// The bundle URL.
        url: String,
        /// Its host.
        host: String,
    },
    /// The server refused the connection (nothing listens on that port).
    ConnectionRefused {
        /// The bundle URL.
        url: String,
    },
    /// Connecting or reading took longer than the limit.
    TimedOut {
        /// The bundle URL.
        url: String,
        /// The limit that ran out, in seconds.
        secs: u64,
    },
    /// The TLS (https) connection failed: not a TLS server, a certificate
    /// that is expired, for another name or from an unknown issuer.
    Tls {
        /// The bundle URL.
        url: String,
        /// What went wrong in the TLS handshake.
        reason: String,
    },
    /// The server answered with an HTTP status other than 200 (or 304 to
    /// our `If-None-Match`).
    Status {
        /// The bundle URL.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The server sent more bytes than any bundle may have; nothing of it
    /// was parsed.
    TooLarge {
        /// The bundle URL.
        url: String,
        /// The cap, in bytes.
        max: usize,
    },
    /// More redirects than allowed (or a redirect from https to http).
    Redirects {
        /// The bundle URL.
        url: String,
    },
    /// The connection broke, or the server does not speak HTTP properly.
    Broken {
        /// The bundle URL.
        url: String,
        /// What happened.
        reason: String,
    },
    /// A POST ([`post`]) was refused with a 4xx status and the issuer's
    /// `{"error": CODE, "message": TEXT}` answer (SPEC §13.4).
    Refused {
        /// The URL posted to.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The machine-readable code, e.g. `unknown_key`.
        code: String,
        /// The issuer's explanation (control characters removed, at most
        /// [`MAX_SERVER_MESSAGE`] characters).
        message: String,
    },
    /// A POST ([`post`]) got an HTTP status it does not expect, without an
    /// error answer it could read (a 5xx, a redirect, a proxy's page).
    PostStatus {
        /// The URL posted to.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
}

/// Longest text of a server's error message kept for printing.
pub const MAX_SERVER_MESSAGE: usize = 300;

impl std::error::Error for FetchError {}

/// The English text.
impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Messages::of(Lang::En).error(self))
    }
}

/// Why a bundle could not be fetched (or a POST failed), and what to do.
impl Localised for FetchError {
    fn text(&self, t: &Messages) -> String {
        match self {
            FetchError::BadUrl { url } => t.get("fetch-bad-url", &[("url", url)]),
            FetchError::NoNetwork { url } => t.get("fetch-no-network", &[("url", url)]),
            FetchError::HostNotFound { url, host } => t.get("fetch-host-not-found", &[("url", url), ("host", host)]),
            FetchError::ConnectionRefused { url } => t.get("fetch-refused", &[("url", url)]),
            FetchError::TimedOut { url, secs } => {
                t.format("fetch-timeout", &[("url", url.as_str().into()), ("secs", (*secs).into())])
            }
            FetchError::Tls { url, reason } => t.get("fetch-tls", &[("url", url), ("reason", reason)]),
            FetchError::Status { url, status } => {
                let id = match status {
                    404 | 410 => "fetch-status-missing",
                    401 | 403 => "fetch-status-forbidden",
                    500..=599 => "fetch-status-server",
                    _ => "fetch-status-other",
                };
                t.format(id, &[("url", url.as_str().into()), ("status", (*status).into())])
            }
            FetchError::TooLarge { url, max } => {
                t.format("fetch-too-large", &[("url", url.as_str().into()), ("max", (*max).into())])
            }
            FetchError::Redirects { url } => t.get("fetch-redirects", &[("url", url)]),
            FetchError::Broken { url, reason } => t.get("fetch-broken", &[("url", url), ("reason", reason)]),
            FetchError::Refused { url, status, code, message } => t.format(
                "post-refused",
                &[
                    ("url", url.as_str().into()),
                    ("status", (*status).into()),
                    ("code", code.as_str().into()),
                    ("message", message.as_str().into()),
                ],
            ),
            FetchError::PostStatus { url, status } => {
                t.format("post-status", &[("url", url.as_str().into()), ("status", (*status).into())])
            }
        }
    }
}

impl FetchError {
    /// The URL the error is about.
    pub fn url(&self) -> &str {
        match self {
            FetchError::BadUrl { url }
            | FetchError::NoNetwork { url }
            | FetchError::HostNotFound { url, .. }
            | FetchError::ConnectionRefused { url }
            | FetchError::TimedOut { url, .. }
            | FetchError::Tls { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Redirects { url }
            | FetchError::Broken { url, .. }
            | FetchError::Refused { url, .. }
            | FetchError::PostStatus { url, .. } => url,
        }
    }
}

/// The host part of an `http(s)://` URL, if it is one.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default()
    };
    (!host.is_empty() && !host.contains(char::is_whitespace)).then_some(host)
}

/// An ETag worth keeping: short, printable ASCII.
fn keep_etag(value: Option<&ureq::http::HeaderValue>) -> Option<String> {
    let v = value?.to_str().ok()?;
    (!v.is_empty() && v.len() <= 200 && v.bytes().all(|b| b.is_ascii_graphic() || b == b' ')).then(|| v.to_string())
}

fn agent(url: &str, config: &FetchConfig) -> ureq::Agent {
    let mut tls = ureq::tls::TlsConfig::builder();
    if let Some(roots) = &config.ca_roots {
        tls = tls.root_certs(ureq::tls::RootCerts::Specific(roots.0.clone()));
    }
    ureq::Agent::config_builder()
        .tls_config(tls.build())
        .http_status_as_error(false)
        .https_only(url.starts_with("https://"))
        .max_redirects(config.max_redirects)
        .timeout_resolve(Some(config.connect_timeout))
        .timeout_connect(Some(config.connect_timeout))
        .timeout_send_request(Some(config.connect_timeout))
        .timeout_recv_response(Some(config.read_timeout))
        .timeout_recv_body(Some(config.read_timeout))
        .user_agent(concat!("aktivitetskort-verifier/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// GET the bundle at `url`, sending `If-None-Match: etag` when given.
pub fn fetch_bundle(url: &str, etag: Option<&str>, config: &FetchConfig) -> Result<Fetched, FetchError> {
    let bad_url = || FetchError::BadUrl { url: url.chars().take(300).collect() };
    let host = host_of(url).ok_or_else(bad_url)?.to_string();
    let mut request = agent(url, config).get(url);
    if let Some(tag) = etag {
        request = request.header("If-None-Match", tag);
    }
    let mut response = request.call().map_err(|e| classify(url, &host, e, config))?;
    let status = response.status().as_u16();
    match status {
        200 => {}
        304 if etag.is_some() => return Ok(Fetched::NotModified),
        _ => return Err(FetchError::Status { url: url.to_string(), status }),
    }
    let etag = keep_etag(response.headers().get("etag"));
    let bytes = read_body(&mut response, url, &host, config)?;
    Ok(Fetched::Bundle { bytes, etag })
}

/// The body of `response`, refused as [`FetchError::TooLarge`] when it says
/// or turns out to be longer than `config.max_bytes` (never reading more
/// than one byte past it).
fn read_body(
    response: &mut ureq::http::Response<ureq::Body>,
    url: &str,
    host: &str,
    config: &FetchConfig,
) -> Result<Vec<u8>, FetchError> {
    let too_large = || FetchError::TooLarge { url: url.to_string(), max: config.max_bytes };
    if response.body().content_length().is_some_and(|n| n > config.max_bytes as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(config.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| classify(url, host, ureq::Error::from(e), config))?;
    if bytes.len() > config.max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// What a POST sends.
#[derive(Debug, Clone, Copy)]
pub enum PostBody<'a> {
    /// `application/json`.
    Json(&'a serde_json::Value),
    /// `application/octet-stream`.
    Bytes(&'a [u8]),
}

/// Text from a server, made safe to print: control characters become
/// spaces, and it is cut at [`MAX_SERVER_MESSAGE`] characters.
pub fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_SERVER_MESSAGE).collect()
}

/// One bounded HTTP(S) POST to the issuer (SPEC §13.4): the same timeouts
/// and response size cap as [`fetch_bundle`], no redirects followed. A 2xx
/// answer gives `(status, JSON body)`; a 4xx with a JSON
/// `{"error", "message"}` body is [`FetchError::Refused`]; anything else
/// [`FetchError::PostStatus`], or [`FetchError::Broken`] for a 2xx that is
/// not JSON.
pub fn post(url: &str, body: PostBody<'_>, config: &FetchConfig) -> Result<(u16, serde_json::Value), FetchError> {
    let bad_url = || FetchError::BadUrl { url: url.chars().take(300).collect() };
    let host = host_of(url).ok_or_else(bad_url)?.to_string();
    let no_redirects = FetchConfig { max_redirects: 0, ..config.clone() };
    let mut request = agent(url, &no_redirects).post(url);
    if let Some(lang) =
        config.accept_language.as_deref().filter(|l| l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        request = request.header("Accept-Language", lang);
    }
    let sent = match body {
        PostBody::Json(v) => {
            let bytes = serde_json::to_vec(v)
                .map_err(|e| FetchError::Broken { url: url.to_string(), reason: e.to_string() })?;
            request.header("Content-Type", "application/json").send(&bytes[..])
        }
        PostBody::Bytes(b) => request.header("Content-Type", "application/octet-stream").send(b),
    };
    let mut response = sent.map_err(|e| classify(url, &host, e, config))?;
    let status = response.status().as_u16();
    let bytes = read_body(&mut response, url, &host, config)?;
    let json: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
    match (status, json) {
        (200..=299, Some(v)) => Ok((status, v)),
        (200..=299, None) => {
            Err(FetchError::Broken { url: url.to_string(), reason: "the answer is not the issuer's JSON".into() })
        }
        (400..=499, Some(v)) if v.get("error").and_then(|c| c.as_str()).is_some() => {
            let text = |k: &str| v.get(k).and_then(|c| c.as_str()).map(printable).unwrap_or_default();
            Err(FetchError::Refused { url: url.to_string(), status, code: text("error"), message: text("message") })
        }
        _ => Err(FetchError::PostStatus { url: url.to_string(), status }),
    }
}

/// Map ureq's error to what the staff need to know.
fn classify(url: &str, host: &str, e: ureq::Error, config: &FetchConfig) -> FetchError {
    let url = url.to_string();
    match e {
        ureq::Error::HostNotFound => FetchError::HostNotFound { url, host: host.to_string() },
        ureq::Error::Timeout(t) => {
            let limit = match t {
                ureq::Timeout::Resolve | ureq::Timeout::Connect | ureq::Timeout::SendRequest => config.connect_timeout,
                _ => config.read_timeout,
            };
            FetchError::TimedOut { url, secs: limit.as_secs().max(1) }
        }
        ureq::Error::TooManyRedirects | ureq::Error::RequireHttpsOnly(_) | ureq::Error::RedirectFailed => {
            FetchError::Redirects { url }
        }
        ureq::Error::BadUri(_) => FetchError::BadUrl { url },
        ureq::Error::Rustls(r) => FetchError::Tls { url, reason: tls_reason(&r) },
        ureq::Error::Tls(r) => FetchError::Tls { url, reason: r.to_string() },
        ureq::Error::TlsRequired | ureq::Error::Pem(_) => {
            FetchError::Tls { url, reason: "no secure connection".into() }
        }
        ureq::Error::Io(io) => classify_io(url, host, io, config),
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge { url, max: config.max_bytes },
        ureq::Error::StatusCode(status) => FetchError::Status { url, status },
        ureq::Error::Protocol(p) => FetchError::Broken { url, reason: format!("not a valid HTTP answer ({p})") },
        ureq::Error::ConnectionFailed => FetchError::Broken { url, reason: "the connection failed".into() },
        other => FetchError::Broken { url, reason: other.to_string() },
    }
}

fn classify_io(url: String, host: &str, io: std::io::Error, config: &FetchConfig) -> FetchError {
    use std::io::ErrorKind as K;
    if let Some(r) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return FetchError::Tls { url, reason: tls_reason(r) };
    }
    match io.kind() {
        K::ConnectionRefused => FetchError::ConnectionRefused { url },
        K::NetworkUnreachable | K::HostUnreachable | K::NetworkDown | K::AddrNotAvailable => {
            FetchError::NoNetwork { url }
        }
        K::TimedOut | K::WouldBlock => FetchError::TimedOut { url, secs: config.read_timeout.as_secs().max(1) },
        K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => {
            FetchError::Broken { url, reason: "the server closed the connection".into() }
        }
        // getaddrinfo's failures come back as plain I/O errors from std.
        _ if io.to_string().contains("lookup address") || io.to_string().contains("name resolution") => {
            FetchError::HostNotFound { url, host: host.to_string() }
        }
        _ => FetchError::Broken { url, reason: io.to_string() },
    }
}

fn tls_reason(e: &rustls::Error) -> String {
    use rustls::{CertificateError as C, Error as E};
    match e {
        E::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => "the server's certificate has expired".into(),
        E::InvalidCertificate(C::NotValidYet | C::NotValidYetContext { .. }) => {
            "the server's certificate is not valid yet".into()
        }
        E::InvalidCertificate(C::NotValidForName | C::NotValidForNameContext { .. }) => {
            "the server's certificate is for another name".into()
        }
        E::InvalidCertificate(C::UnknownIssuer) => "the server's certificate is not from a trusted authority".into(),
        E::InvalidCertificate(other) => format!("the server's certificate is not accepted ({other:?})"),
        E::InvalidMessage(_) | E::InappropriateHandshakeMessage { .. } | E::InappropriateMessage { .. } => {
            "the server did not answer as a TLS (https) server".into()
        }
        other => format!("the secure connection failed ({other})"),
    }
}

/// `verifier init` from a URL: fetch the first bundle, verify it against the
/// pinned root, check the venue is in it, install it and remember the URL.
pub fn init_from_url(
    dir: &Path,
    url: &str,
    root: &shared::Fingerprint,
    venue_id: &str,
    now: Timestamp,
    config: &FetchConfig,
) -> Result<VenueStore, VerifierError> {
    if VenueStore::is_initialised(dir) {
        return Err(VerifierError::AlreadyInitialised(dir.to_path_buf()));
    }
    match fetch_bundle(url, None, config)? {
        Fetched::Bundle { bytes, etag } => {
            VenueStore::init_from(dir, &bytes, root, venue_id, now, Some(Origin { url: url.to_string(), etag }))
        }
        // Not possible without If-None-Match; reported as the status it is.
        Fetched::NotModified => Err(FetchError::Status { url: url.to_string(), status: 304 }.into()),
    }
}

/// `verifier update` from a URL: `url`, or the remembered one. A 304 to the
/// stored ETag is [`UpdateOutcome::NotModified`]; a fetched bundle goes
/// through [`VenueStore::update_from`] (full verification, rollback refused,
/// atomic install). On any error the installed bundle stays as it was.
pub fn update_from_url(
    store: &mut VenueStore,
    url: Option<&str>,
    now: Timestamp,
    config: &FetchConfig,
) -> Result<UpdateOutcome, VerifierError> {
    let remembered = store.bundle_url().map(str::to_string);
    let url = match (url, remembered.as_deref()) {
        (Some(u), _) => u.to_string(),
        (None, Some(u)) => u.to_string(),
        (None, None) => return Err(VerifierError::NoBundleUrl(store.dir().to_path_buf())),
    };
    // The stored ETag describes what came from the remembered URL only.
    let etag = if remembered.as_deref() == Some(url.as_str()) { store.etag().map(str::to_string) } else { None };
    match fetch_bundle(&url, etag.as_deref(), config)? {
        Fetched::NotModified => {
            store.seal();
            Ok(UpdateOutcome::NotModified(store.bundle().version()))
        }
        Fetched::Bundle { bytes, etag } => store.update_from(&bytes, now, Some(Origin { url, etag })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(host_of("https://kort.larvik.kommune.no/bundle"), Some("kort.larvik.kommune.no"));
        assert_eq!(host_of("http://127.0.0.1:8080/bundle"), Some("127.0.0.1"));
        assert_eq!(host_of("http://[::1]:8080/bundle"), Some("[::1]"));
        assert_eq!(host_of("https://user@example.no"), Some("example.no"));
        assert_eq!(host_of("ftp://example.no/bundle"), None);
        assert_eq!(host_of("https:///bundle"), None);
        assert_eq!(host_of("bundle.akb"), None);
    }

    #[test]
    fn io_errors_are_named_for_the_staff() {
        use std::io::{Error, ErrorKind};
        let cfg = FetchConfig::default();
        let c = |e: Error| classify_io("http://x/bundle".into(), "x", e, &cfg);
        assert!(matches!(c(Error::from(ErrorKind::ConnectionRefused)), FetchError::ConnectionRefused { .. }));
        assert!(matches!(c(Error::from(ErrorKind::NetworkUnreachable)), FetchError::NoNetwork { .. }));
        assert!(matches!(c(Error::from(ErrorKind::HostUnreachable)), FetchError::NoNetwork { .. }));
        let dns = Error::other("failed to lookup address information: Temporary failure in name resolution");
        assert!(matches!(c(dns), FetchError::HostNotFound { host, .. } if host == "x"));
        let e = classify("https://x/bundle", "x", ureq::Error::HostNotFound, &cfg);
        assert_eq!(
            e.to_string(),
            "Cannot reach https://x/bundle: the server name «x» could not be looked up. Check the network connection, \
             and that the URL is the one in the venue's set-up code."
        );
        let e = classify("https://x/bundle", "x", ureq::Error::Timeout(ureq::Timeout::Connect), &cfg);
        assert!(matches!(e, FetchError::TimedOut { secs: 10, .. }), "{e:?}");
        let e = classify("https://x/bundle", "x", ureq::Error::Timeout(ureq::Timeout::RecvBody), &cfg);
        assert!(matches!(e, FetchError::TimedOut { secs: 30, .. }), "{e:?}");
        let cert = rustls::Error::InvalidCertificate(rustls::CertificateError::Expired);
        let e = classify_io("https://x/bundle".into(), "x", Error::new(ErrorKind::InvalidData, cert), &cfg);
        assert!(matches!(&e, FetchError::Tls { reason, .. } if reason == "the server's certificate has expired"));
    }

    #[test]
    fn bad_urls_are_refused_before_any_connection() {
        for url in ["bundle.akb", "ftp://example.no/bundle", "https://", "http:// /x"] {
            let e = fetch_bundle(url, None, &FetchConfig::default()).unwrap_err();
            assert!(matches!(&e, FetchError::BadUrl { url: u } if u == url), "{url}: {e:?}");
        }
    }
}
