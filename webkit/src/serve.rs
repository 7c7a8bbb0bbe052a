//! Serving a router over HTTP/1.1 with the limits a server on an open
//! network needs (OWASP ASVS V13 / slow-request attacks), from hyper's own
//! settings where hyper has them:
//!
//! - **Header read timeout** (hyper's `header_read_timeout`, with tokio's
//!   timer): a client must send a request's whole header within
//!   [`Limits::header_read_timeout`], or the connection is closed. The
//!   timer also runs while a kept-alive connection waits for its next
//!   request, so idle connections are closed too. (`axum::serve` sets no
//!   timer, so there the timeout never fires.)
//! - **Connections per client address** ([`Limits::per_address`]) and in
//!   all ([`Limits::total`]): a connection over either cap is closed as
//!   soon as it is accepted, before anything is read from it, and counts
//!   for nothing. One address cannot hold every slot.
//!
//! Each request carries the peer's address as axum's `ConnectInfo`, as
//! `into_make_service_with_connect_info` gives it. A stop ([`serve`]'s
//! `shutdown`) stops accepting, lets requests in flight finish for up to
//! [`Limits::drain`], then returns.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

/// The limits of one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's header.
    pub header_read_timeout: Duration,
    /// Open connections from one address; 0: no cap (behind a proxy, every
    /// connection comes from the proxy).
    pub per_address: usize,
    /// Open connections in all.
    pub total: usize,
    /// How long a stop waits for requests in flight.
    pub drain: Duration,
}

impl Default for Limits {
    /// 10 s for a header, 64 connections per address (a browser opens at
    /// most 6 per site), 1024 in all, 10 s to drain.
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            per_address: 64,
            total: 1024,
            drain: Duration::from_secs(10),
        }
    }
}

/// Open connections per address.
#[derive(Debug, Default)]
struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// One open connection's place in [`Open`]; given back when dropped.
struct Slot {
    open: Arc<Mutex<Open>>,
    ip: IpAddr,
}

impl Slot {
    /// A place for a connection from `ip`, if neither cap is reached.
    fn take(open: &Arc<Mutex<Open>>, ip: IpAddr, limits: &Limits) -> Option<Slot> {
        let mut o = open.lock().unwrap_or_else(|e| e.into_inner());
        let here = o.by_address.get(&ip).copied().unwrap_or(0);
        if o.total >= limits.total || (limits.per_address > 0 && here >= limits.per_address) {
            return None;
        }
        o.total += 1;
        *o.by_address.entry(ip).or_insert(0) += 1;
        Some(Slot { open: open.clone(), ip })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut o = self.open.lock().unwrap_or_else(|e| e.into_inner());
        o.total = o.total.saturating_sub(1);
        if let Some(n) = o.by_address.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                o.by_address.remove(&self.ip);
            }
        }
    }
}

/// Serve `router` on `listener` within `limits` until `shutdown` resolves.
/// Accept errors (a full file table, a connection reset before it was
/// accepted) are waited out, not returned.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Mutex::new(Open::default()));
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = Slot::take(&open, peer.ip(), &limits) else {
            tracing::debug!("connection closed at once: too many open");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().map_request(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            req.map(Body::new)
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!("connection ended: {e}");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.drain) => tracing::debug!("requests still running after the drain time"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_capped_per_address_and_in_all_and_given_back() {
        let limits = Limits { per_address: 2, total: 3, ..Limits::default() };
        let open = Arc::new(Mutex::new(Open::default()));
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let a1 = Slot::take(&open, a, &limits).expect("first");
        let a2 = Slot::take(&open, a, &limits).expect("second");
        assert!(Slot::take(&open, a, &limits).is_none(), "a third from one address");
        let b1 = Slot::take(&open, b, &limits).expect("another address");
        assert!(Slot::take(&open, b, &limits).is_none(), "the total is reached");
        drop(a1);
        let _b2 = Slot::take(&open, b, &limits).expect("a slot was given back");
        drop((a2, b1));
        assert_eq!(open.lock().unwrap().by_address.get(&a), None);
        let unlimited = Limits { per_address: 0, ..limits };
        let _x = Slot::take(&open, a, &unlimited).expect("no per-address cap");
        let _y = Slot::take(&open, a, &unlimited).expect("no per-address cap");
        assert!(Slot::take(&open, a, &unlimited).is_none(), "the total still holds");
    }
}
