//! Which reverse proxies the issuer believes about a client's address
//! (`trusted_proxies`, with `trust_forwarded_for`): the address a login is
//! counted under for throttling.
//!
//! A proxy appends the address it saw to `X-Forwarded-For`; everything to
//! the left of that is whatever the client wrote. So the client is found
//! from the right: the connection's peer, if it is not a trusted proxy;
//! else the rightmost `X-Forwarded-For` entry that is not a trusted proxy
//! itself (a chain of trusted proxies is walked through). An entry that is
//! not an address stops the walk at the last trusted hop, so a client that
//! reaches the issuer without a proxy, or writes rubbish, gains nothing.

use std::net::IpAddr;

/// One address or network (`10.0.0.0/24`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The proxies whose `X-Forwarded-For` the issuer believes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

impl TrustedProxies {
    /// This computer only (`127.0.0.0/8`, `::1`): a proxy on the same
    /// machine, the default of `trusted_proxies`.
    pub fn loopback() -> TrustedProxies {
        TrustedProxies(vec![
            Network { addr: IpAddr::from([127, 0, 0, 0]), prefix: 8 },
            Network { addr: IpAddr::from(std::net::Ipv6Addr::LOCALHOST), prefix: 128 },
        ])
    }

    /// A list of addresses and networks (`127.0.0.1`, `10.0.0.0/24`,
    /// `::1`, `fd00::/8`), at least one; the first entry that is neither
    /// is the error.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<TrustedProxies, String> {
        let mut list = Vec::new();
        for item in items {
            let item = item.trim();
            let (addr, prefix) = item.split_once('/').unwrap_or((item, ""));
            let addr: IpAddr = addr.parse().map_err(|_| item.to_string())?;
            let addr = addr.to_canonical();
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                "" => max,
                p => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| item.to_string())?,
            };
            list.push(Network { addr, prefix });
        }
        if list.is_empty() { Err(String::new()) } else { Ok(TrustedProxies(list)) }
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client's address: `peer` unless it is a trusted proxy; then the
    /// rightmost entry of the `X-Forwarded-For` lines (in the order they
    /// came) that is not a trusted proxy (see the module's text).
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        let lines: Vec<&str> = forwarded_for.into_iter().collect();
        for entry in lines.iter().rev().flat_map(|line| line.rsplit(',')) {
            let Ok(ip) = entry.trim().parse::<IpAddr>() else { return client };
            client = ip.to_canonical();
            if !self.contains(client) {
                return client;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_rightmost_address_no_trusted_proxy_wrote() {
        let proxies = TrustedProxies::parse(["127.0.0.1", "10.0.0.0/24", "fd00::/8"]).unwrap();
        // Not through a trusted proxy: whatever it writes is ignored.
        assert_eq!(proxies.client(ip("192.0.2.7"), ["203.0.113.5"]), ip("192.0.2.7"));
        // Through one: the address it appended, not the client's own entries.
        assert_eq!(proxies.client(ip("127.0.0.1"), ["203.0.113.5, 192.0.2.7"]), ip("192.0.2.7"));
        // Through two: the load balancer's entry is walked past.
        assert_eq!(proxies.client(ip("10.0.0.9"), ["198.51.100.1, 192.0.2.7", "10.0.0.3"]), ip("192.0.2.7"));
        // Rubbish stops the walk at the last trusted hop.
        assert_eq!(proxies.client(ip("10.0.0.9"), ["192.0.2.7, unknown, 10.0.0.3"]), ip("10.0.0.3"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(ip("127.0.0.1"), []), ip("127.0.0.1"));
        // IPv4-mapped IPv6 peers are their IPv4 address.
        assert_eq!(proxies.client(ip("::ffff:127.0.0.1"), ["192.0.2.7"]), ip("192.0.2.7"));
        assert!(proxies.contains(ip("fd12::1")) && !proxies.contains(ip("fe80::1")));
        assert!(!proxies.contains(ip("10.0.1.1")) && !proxies.contains(ip("127.0.0.2")));
        let local = TrustedProxies::loopback();
        assert!(local.contains(ip("127.0.0.2")) && local.contains(ip("::1")) && !local.contains(ip("192.0.2.1")));
    }

    #[test]
    fn a_bad_entry_is_named() {
        assert_eq!(TrustedProxies::parse(["127.0.0.1", "proxy.lan"]), Err("proxy.lan".into()));
        assert_eq!(TrustedProxies::parse(["10.0.0.0/33"]), Err("10.0.0.0/33".into()));
        assert_eq!(TrustedProxies::parse(["::1/129"]), Err("::1/129".into()));
        assert_eq!(TrustedProxies::parse([]), Err(String::new()));
        assert!(TrustedProxies::parse(["0.0.0.0/0"]).unwrap().contains(ip("192.0.2.1")));
    }
}
