//! The web plumbing both servers share, the issuer's (`issuer serve`) and
//! the venue's (`verifier serve`): security headers on every response
//! ([`headers`]), an access log through `tracing` that names the route and
//! never the path or query ([`access_log`], [`init_tracing`]), the server
//! loop with a header read timeout and connection caps ([`serve`]), a
//! graceful stop on Ctrl-C or SIGTERM ([`shutdown`]), HTML escaping ([`html`]),
//! `Accept-Language` negotiation with q-values ([`lang`]) and Project
//! Fluent messages parsed once, with numeric arguments and CLDR's plural
//! rules ([`fluent`], [`plural`]).
//!
//! Nothing here knows a card, a venue or a municipality; the crates
//! `issuer` and `verifier` depend on it, never the other way round.

pub mod access_log;
pub mod fluent;
pub mod headers;
pub mod html;
pub mod lang;
pub mod middleware;
pub mod plural;
pub mod serve;
pub mod shutdown;
mod trace;

pub use trace::{LOG_LEVEL_VAR, init_tracing};
