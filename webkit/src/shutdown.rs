//! A graceful stop: the future to hand to a server loop
//! ([`crate::serve::serve`]), or to select on in a loop.

use std::future::Future;

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, whichever comes first. The
/// handlers are installed when this is called (inside a tokio runtime), so
/// a server that calls it before it says it is listening cannot be killed
/// by a SIGTERM that arrives before its first poll; where a signal cannot
/// be watched, only the other one stops it.
pub fn signal() -> impl Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let mut int = signal(SignalKind::interrupt()).ok();
    async move {
        let term = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        let int = async {
            match int.as_mut() {
                Some(i) => {
                    i.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = int => {}
            () = term => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[tokio::test]
    async fn sigterm_resolves_it() {
        let stop = super::signal();
        tokio::pin!(stop);
        // Installed before the first poll: the signal is not lost.
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &std::process::id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "kill -TERM failed");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(tokio::time::timeout(Duration::from_secs(10), &mut stop).await.is_ok(), "SIGTERM did not stop it");
    }
}
