//! Counting issued cards in the web app, many requests per commit.
//!
//! Every issued card is counted (per day, agency and card type) and
//! audit-logged ("kari issued 3 × card type 1") *before* it is handed out;
//! the database is SQLite with `synchronous=FULL`, so each commit waits for
//! the disk. One commit per request would cap single-card issuing at the
//! disk's sync rate, so a writer thread with its own connection commits
//! whatever requests are waiting in one transaction (group commit) and then
//! answers them all. A request still returns only after its count is on
//! disk; nothing about the cards themselves is ever written.

use crate::IssuerError;
use crate::db::{Db, DbError, OrDb as _};
use crate::store::issuance;
use shared::{CardTypeId, Timestamp};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Most requests in one commit.
const MAX_BATCH: usize = 4096;
/// How long the writer gathers requests for one commit under load.
const GATHER_WINDOW: Duration = Duration::from_millis(1);

/// Cards issued by one request.
#[derive(Debug, Clone)]
pub struct Issuance {
    /// Card type.
    pub card_type: CardTypeId,
    /// How many cards.
    pub count: u32,
    /// The caseworker's agency (0 for none).
    pub agency: i64,
    /// Who issued them (user name).
    pub actor: String,
    /// When.
    pub at: Timestamp,
}

/// A commit's failure, told to every request of its batch.
type Outcome = Result<(), Arc<DbError>>;

type Job = (Issuance, tokio::sync::oneshot::Sender<Outcome>);

/// The handle to the writer thread; the thread ends when this is dropped.
#[derive(Debug)]
pub struct IssuanceRecorder {
    jobs: mpsc::Sender<Job>,
}

impl IssuanceRecorder {
    /// Start the writer thread for the database at `path` (opened in the
    /// thread; if that fails, every [`record`](Self::record) says why).
    pub fn start(path: PathBuf) -> IssuanceRecorder {
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("issuance-counter".into())
            .spawn(move || writer(path, rx))
            .map(drop)
            .unwrap_or_else(|e| eprintln!("could not start the issuance counter thread: {e}"));
        IssuanceRecorder { jobs }
    }

    /// Count `issuance`; returns once it is committed.
    pub async fn record(&self, issuance: Issuance) -> Result<(), IssuerError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs.send((issuance, tx)).map_err(|_| IssuerError::CounterStopped)?;
        rx.await.map_err(|_| IssuerError::CounterStopped)?.map_err(|e| IssuerError::Db(DbError::Shared(e)))
    }
}

fn writer(path: PathBuf, rx: mpsc::Receiver<Job>) {
    let mut db: Option<Db> = None;
    let mut last_batch = 1;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        // Under concurrent load (the last batch carried several requests),
        // wait a moment for more: fewer, larger commits. A lone request is
        // committed at once.
        let window = if last_batch > 1 { GATHER_WINDOW } else { Duration::ZERO };
        let until = Instant::now() + window;
        while batch.len() < MAX_BATCH {
            let left = until.saturating_duration_since(Instant::now());
            let next = if left.is_zero() { rx.try_recv().ok() } else { rx.recv_timeout(left).ok() };
            match next {
                Some(job) => batch.push(job),
                None => break,
            }
        }
        last_batch = batch.len();
        // Opened at the first batch; if that fails, the next batch tries again.
        let result = match db.take().map_or_else(|| Db::open(&path), Ok) {
            Ok(open) => {
                let committed = commit(&open, &batch);
                db = Some(open);
                committed
            }
            Err(e) => Err(e),
        }
        .map_err(Arc::new);
        for (_, reply) in batch {
            // A request that has gone away (client disconnected) is fine.
            let _ = reply.send(result.clone());
        }
    }
}

/// One transaction for the batch; requests by the same person for the same
/// card type in the same second make one audit line.
fn commit(db: &Db, batch: &[Job]) -> Result<(), DbError> {
    let mut merged: BTreeMap<(i64, &str, i64, u16), u32> = BTreeMap::new();
    for (i, _) in batch {
        let n = merged.entry((i.at.0, i.actor.as_str(), i.agency, i.card_type.0)).or_insert(0);
        *n = n.saturating_add(i.count);
    }
    let tx = db.immediate()?;
    for ((at, actor, agency, card_type), count) in merged {
        issuance::write(&tx, CardTypeId(card_type), count, agency, actor, Timestamp(at)).or_db(db)?;
    }
    tx.commit().or_db(db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_are_all_counted_and_merged_per_second() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_790_000_000);
        let store = Store::init(&tmp.path().join("i"), now).unwrap();
        let rec = std::sync::Arc::new(IssuanceRecorder::start(store.db_path()));
        let mut tasks = Vec::new();
        for n in 0..200u32 {
            let rec = rec.clone();
            tasks.push(tokio::spawn(async move {
                let who = if n % 2 == 0 { "kari" } else { "ola" };
                let issuance = Issuance {
                    card_type: CardTypeId(1 + (n % 2) as u16),
                    count: 1,
                    agency: 1,
                    actor: who.into(),
                    at: now,
                };
                rec.record(issuance).await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let counts = store.issuance().counts().unwrap();
        let total: u64 = counts.iter().map(|c| c.count).sum();
        assert_eq!(total, 200);
        assert_eq!(counts.iter().find(|c| c.card_type == CardTypeId(1)).unwrap().count, 100);
        // Audit lines: one per batch, person and card type; never more than
        // one per request, and each names a count.
        let issued: Vec<_> = store.audit().recent(1000).unwrap().into_iter().filter(|a| a.action == "issue").collect();
        assert!((2..=200).contains(&issued.len()), "{} audit lines", issued.len());
        let sum: u32 = issued.iter().map(|a| a.detail.split(' ').next().unwrap().parse::<u32>().unwrap()).sum();
        assert_eq!(sum, 200);
    }

    #[tokio::test]
    async fn a_database_that_cannot_be_opened_is_an_error_not_a_hang() {
        let tmp = tempfile::tempdir().unwrap();
        let rec = IssuanceRecorder::start(tmp.path().join("missing-dir").join("issuer.db"));
        let issuance =
            Issuance { card_type: CardTypeId(1), count: 1, agency: 0, actor: "kari".into(), at: Timestamp(0) };
        let err = rec.record(issuance).await.unwrap_err();
        assert!(matches!(err, IssuerError::Db(_)), "{err:?}");
    }
}
