//! The `Host` check of `verifier serve`: a request is answered only when
//! its `Host` names this station, so a web page on another site cannot
//! reach it by pointing its own name at the station's address (DNS
//! rebinding), whatever `Origin` it sends. Refused with 421 before anything
//! else.
//!
//! Allowed names: the listen address itself; with a loopback address also
//! `localhost`, `127.0.0.1` and `[::1]`; with an unspecified address
//! (`0.0.0.0`, `[::]`) the loopback names, this machine's host name (and
//! `NAME.local`) and any IP address literal; and the names given with
//! `--allow-host`. An IP literal is safe to allow: a browser sends it only
//! for a page whose origin is that address, which a foreign site cannot
//! rebind. The port is not compared.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The names a request's `Host` may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    names: Vec<String>,
    any_ip: bool,
}

impl AllowedHosts {
    /// The names of a station listening on `addr`, with this machine's host
    /// name `hostname` (if known) and the operator's `extra` names.
    pub fn new(addr: SocketAddr, hostname: Option<&str>, extra: &[String]) -> AllowedHosts {
        let ip = addr.ip();
        let mut names = vec![ip_name(ip)];
        let loopback = ["localhost".to_string(), "127.0.0.1".into(), "[::1]".into()];
        if ip.is_loopback() {
            names.extend(loopback);
        } else if ip.is_unspecified() {
            names.extend(loopback);
            if let Some(h) = hostname.map(normalise).filter(|h| !h.is_empty()) {
                names.push(format!("{h}.local"));
                names.push(h);
            }
        }
        names.extend(extra.iter().map(|n| normalise(n)));
        AllowedHosts { names, any_ip: ip.is_unspecified() }
    }

    /// [`AllowedHosts::new`] with this machine's host name (Linux:
    /// `/proc/sys/kernel/hostname`, else `/etc/hostname`).
    pub fn of_this_machine(addr: SocketAddr, extra: &[String]) -> AllowedHosts {
        let hostname = ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok().filter(|h| !h.trim().is_empty()));
        AllowedHosts::new(addr, hostname.as_deref(), extra)
    }

    /// Whether a `Host` header value (`name`, `name:port`, `[v6]:port`)
    /// names this station.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else { return false };
        self.names.contains(&name) || (self.any_ip && is_ip_literal(&name))
    }
}

/// An address as a `Host` names it (`[…]` around IPv6).
fn ip_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// Lower case, without surrounding space or a final dot.
fn normalise(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The name part of a `Host` value, normalised; `None` if malformed.
fn host_name(host: &str) -> Option<String> {
    let name = match host.strip_prefix('[') {
        Some(rest) => {
            let (v6, after) = rest.split_once(']')?;
            if !(after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))) {
                return None;
            }
            format!("[{}]", v6.parse::<std::net::Ipv6Addr>().ok()?)
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name.to_string(),
            Some(_) => return None,
            None => host.to_string(),
        },
    };
    let name = normalise(&name);
    let valid = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'));
    valid.then_some(name)
}

fn is_ip_literal(name: &str) -> bool {
    name.parse::<std::net::Ipv4Addr>().is_ok() || name.starts_with('[')
}

/// Middleware: 421 Misdirected Request unless `Host` names this station.
pub async fn check(State(hosts): State<Arc<AllowedHosts>>, req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !hosts.allows(host) {
        return (StatusCode::MISDIRECTED_REQUEST, "this station does not answer to that host name").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(addr: &str, extra: &[&str]) -> AllowedHosts {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        AllowedHosts::new(addr.parse().unwrap(), Some("Kino-Laptop\n"), &extra)
    }

    #[test]
    fn loopback_answers_to_loopback_names_only() {
        let h = hosts("127.0.0.1:8090", &[]);
        for ok in ["127.0.0.1:8090", "localhost:8090", "LOCALHOST", "[::1]:8090", "localhost."] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:8090", "kino-laptop:8090", "192.168.1.5:8090", "", "a b", "[::1"] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn all_interfaces_answer_to_the_host_name_ip_literals_and_given_names() {
        let h = hosts("0.0.0.0:8090", &["kino.lan"]);
        for ok in ["kino-laptop:8090", "kino-laptop.local", "192.168.1.5:8090", "[fe80::1]:8090", "KINO.LAN:8090"] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in ["evil.example:8090", "kino-laptop.evil.example", "192.168.1.5.nip.io:8090", "[zz]:1"] {
            assert!(!h.allows(bad), "{bad}");
        }
        // A specific address: that address and the given names.
        let h = hosts("192.168.1.5:8090", &[]);
        assert!(h.allows("192.168.1.5:8090"));
        assert!(!h.allows("192.168.1.6:8090") && !h.allows("localhost:8090"));
    }
}
