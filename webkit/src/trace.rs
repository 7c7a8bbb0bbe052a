//! The binaries' log on stderr: [`init_tracing`].

use crate::access_log;
use std::fmt::Write as _;
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::fmt::{FmtContext, MakeWriter};
use tracing_subscriber::registry::LookupSpan;

/// The environment variable with the log level: `error`, `warn`, `info`
/// (the default), `debug`, `trace` or `off`.
pub const LOG_LEVEL_VAR: &str = "RUST_LOG";

/// Log `tracing` events on stderr, one line each, from the level in
/// [`LOG_LEVEL_VAR`] up: an access-log event as
/// `GET /admin/venues/{id} 200 3ms`, any other as
/// `WARN target: message field=value`. No timestamps (the service
/// manager adds them). Does nothing if a subscriber is already set.
pub fn init_tracing() {
    let level = parse_level(std::env::var(LOG_LEVEL_VAR).ok().as_deref());
    let _ = tracing::subscriber::set_global_default(subscriber(std::io::stderr, level));
}

/// A level name (case and spaces ignored); `info` for anything else.
fn parse_level(value: Option<&str>) -> LevelFilter {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("off") => LevelFilter::OFF,
        Some("error") => LevelFilter::ERROR,
        Some("warn") => LevelFilter::WARN,
        Some("debug") => LevelFilter::DEBUG,
        Some("trace") => LevelFilter::TRACE,
        _ => LevelFilter::INFO,
    }
}

/// The subscriber [`init_tracing`] installs, writing to `writer`.
fn subscriber<W>(writer: W, level: LevelFilter) -> impl Subscriber + Send + Sync + 'static
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt().with_writer(writer).with_max_level(level).event_format(Lines).finish()
}

/// One line per event (see [`init_tracing`]).
struct Lines;

impl<S, N> FormatEvent<S, N> for Lines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> std::fmt::Result {
        let meta = event.metadata();
        if meta.target() == access_log::TARGET {
            let mut line = AccessLine::default();
            event.record(&mut line);
            let AccessLine { method, route, status, ms } = line;
            return writeln!(writer, "{method} {route} {status} {ms}ms");
        }
        write!(writer, "{} {}: ", meta.level(), meta.target())?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// The fields of an access-log event.
#[derive(Default)]
struct AccessLine {
    method: String,
    route: String,
    status: u64,
    ms: u64,
}

impl Visit for AccessLine {
    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "status" => self.status = value,
            "ms" => self.ms = value,
            _ => {}
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let target = match field.name() {
            "method" => &mut self.method,
            "route" => &mut self.route,
            _ => return,
        };
        target.clear();
        let _ = write!(target, "{value:?}");
    }
}

/// A subscriber as [`init_tracing`]'s, writing into a buffer (tests).
#[cfg(test)]
pub(crate) fn test_subscriber() -> (impl Subscriber + Send + Sync + 'static, Captured) {
    let captured = Captured::default();
    (subscriber(captured.clone(), LevelFilter::INFO), captured)
}

/// What a [`test_subscriber`] wrote.
#[cfg(test)]
#[derive(Clone, Default)]
pub(crate) struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

#[cfg(test)]
impl Captured {
    /// Everything written so far.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

#[cfg(test)]
impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
impl<'w> MakeWriter<'w> for Captured {
    type Writer = Captured;

    fn make_writer(&'w self) -> Self::Writer {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(parse_level(None), LevelFilter::INFO);
        assert_eq!(parse_level(Some(" Debug ")), LevelFilter::DEBUG);
        assert_eq!(parse_level(Some("warn")), LevelFilter::WARN);
        assert_eq!(parse_level(Some("off")), LevelFilter::OFF);
        assert_eq!(parse_level(Some("issuer=debug")), LevelFilter::INFO);
    }

    #[test]
    fn other_events_carry_level_target_message_and_fields() {
        let (sub, lines) = test_subscriber();
        tracing::subscriber::with_default(sub, || {
            tracing::warn!(target: "issuer::web", error = "disk full", "text overrides");
            tracing::debug!("not shown at info");
        });
        assert_eq!(lines.text(), "WARN issuer::web: text overrides error=\"disk full\"\n");
    }
}
