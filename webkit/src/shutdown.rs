//! A graceful stop: the future to hand to
//! `axum::serve(..).with_graceful_shutdown`, or to select on in a loop.

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, whichever comes first. The
/// handlers are installed when the future is first polled; where SIGTERM
/// cannot be watched, only Ctrl-C stops it.
pub async fn signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let term = async {
        match term.as_mut() {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[tokio::test]
    async fn sigterm_resolves_it() {
        let stop = super::signal();
        tokio::pin!(stop);
        // Polled once (the handlers are installed), and not yet resolved.
        assert!(tokio::time::timeout(Duration::from_millis(100), &mut stop).await.is_err());
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &std::process::id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "kill -TERM failed");
        assert!(tokio::time::timeout(Duration::from_secs(10), &mut stop).await.is_ok(), "SIGTERM did not stop it");
    }
}
