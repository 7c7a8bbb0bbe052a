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
//!
//! How long a batch waits for more: a request announces itself when it
//! starts ([`IssuanceRecorder::announce`]; the JSON API does, before its
//! token check and signing), and the writer gathers only while announced
//! requests are still on their way, at most [`GATHER_WINDOW`]. With none
//! coming it commits at once: an idle wait would only lengthen every
//! request's round (issue 17; before, the writer waited the whole window
//! whenever the last batch had carried more than one request).

use crate::IssuerError;
use crate::db::{Db, DbError, OrDb as _};
use crate::store::issuance;
use shared::{CardTypeId, Timestamp};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Most requests in one commit.
const MAX_BATCH: usize = 4096;
/// The longest the writer gathers announced requests for one commit.
const GATHER_WINDOW: Duration = Duration::from_millis(1);
/// How often the writer looks again whether announced requests are still
/// coming (one that is refused before it is counted never sends its job).
const GATHER_POLL: Duration = Duration::from_micros(100);

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
    /// Requests announced and not yet handed to the writer.
    coming: Arc<AtomicUsize>,
}

/// A request on its way to being counted ([`IssuanceRecorder::announce`]):
/// while it lives, the writer may wait a moment for its job before
/// committing. Dropped when its job is sent, or when the request ends
/// without one (refused, failed).
#[derive(Debug)]
pub struct Announced(Arc<AtomicUsize>);

impl Drop for Announced {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl IssuanceRecorder {
    /// Start the writer thread for the database at `path` (opened in the
    /// thread; if that fails, every [`record`](Self::record) says why).
    pub fn start(path: PathBuf) -> IssuanceRecorder {
        let (jobs, rx) = mpsc::channel::<Job>();
        let coming = Arc::new(AtomicUsize::new(0));
        let announced = coming.clone();
        std::thread::Builder::new()
            .name("issuance-counter".into())
            .spawn(move || writer(path, rx, &announced))
            .map(drop)
            .unwrap_or_else(|e| eprintln!("could not start the issuance counter thread: {e}"));
        IssuanceRecorder { jobs, coming }
    }

    /// Announce a request that will soon [`record`](Self::record_announced)
    /// (the writer gathers while such requests are on their way).
    pub fn announce(&self) -> Announced {
        self.coming.fetch_add(1, Ordering::AcqRel);
        Announced(self.coming.clone())
    }

    /// Requests announced and not yet handed to the writer.
    pub fn coming(&self) -> usize {
        self.coming.load(Ordering::Acquire)
    }

    /// Count `issuance`; returns once it is committed.
    pub async fn record(&self, issuance: Issuance) -> Result<(), IssuerError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs.send((issuance, tx)).map_err(|_| IssuerError::CounterStopped)?;
        rx.await.map_err(|_| IssuerError::CounterStopped)?.map_err(|e| IssuerError::Db(DbError::Shared(e)))
    }

    /// [`record`](Self::record) for an announced request: it stops being
    /// awaited by the writer once its job is sent.
    pub async fn record_announced(&self, issuance: Issuance, announced: Announced) -> Result<(), IssuerError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let sent = self.jobs.send((issuance, tx)).map_err(|_| IssuerError::CounterStopped);
        drop(announced);
        sent?;
        rx.await.map_err(|_| IssuerError::CounterStopped)?.map_err(|e| IssuerError::Db(DbError::Shared(e)))
    }
}

/// The jobs of one commit: the first, whatever is queued, and, while
/// announced requests are still coming, what arrives within
/// [`GATHER_WINDOW`].
fn gather(first: Job, rx: &mpsc::Receiver<Job>, coming: &AtomicUsize) -> Vec<Job> {
    let mut batch = vec![first];
    let until = Instant::now() + GATHER_WINDOW;
    while batch.len() < MAX_BATCH {
        if let Ok(job) = rx.try_recv() {
            batch.push(job);
            continue;
        }
        let left = until.saturating_duration_since(Instant::now());
        if coming.load(Ordering::Acquire) == 0 || left.is_zero() {
            break;
        }
        match rx.recv_timeout(left.min(GATHER_POLL)) {
            Ok(job) => batch.push(job),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    batch
}

fn writer(path: PathBuf, rx: mpsc::Receiver<Job>, coming: &AtomicUsize) {
    let mut db: Option<Db> = None;
    while let Ok(first) = rx.recv() {
        let batch = gather(first, &rx, coming);
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

    fn job(n: u32) -> Job {
        let issuance =
            Issuance { card_type: CardTypeId(1), count: n, agency: 0, actor: "kari".into(), at: Timestamp(0) };
        (issuance, tokio::sync::oneshot::channel().0)
    }

    #[test]
    fn a_batch_takes_everything_queued_and_waits_only_while_announced_requests_are_coming() {
        let (tx, rx) = mpsc::channel::<Job>();
        let coming = AtomicUsize::new(0);
        for n in 2..=4 {
            tx.send(job(n)).unwrap();
        }
        // Nothing announced: everything queued, then at once.
        let batch = gather(job(1), &rx, &coming);
        assert_eq!(batch.iter().map(|(i, _)| i.count).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(gather(job(5), &rx, &coming).len(), 1);
        // One announced that never sends (refused before it is counted):
        // the batch still ends (after the window), with what there is.
        coming.store(1, Ordering::Release);
        assert_eq!(gather(job(6), &rx, &coming).len(), 1);
        // One announced that sends from another thread: it joins the batch.
        let sender = std::thread::spawn(move || {
            tx.send(job(8)).unwrap();
            tx
        });
        let mut counts: Vec<u32> = gather(job(7), &rx, &coming).iter().map(|(i, _)| i.count).collect();
        let _tx = sender.join().unwrap();
        if counts.len() == 1 {
            // The window ended before the other thread ran (a loaded machine).
            counts.extend(rx.try_recv().map(|(i, _)| i.count));
        }
        assert_eq!(counts, [7, 8]);
    }

    #[tokio::test]
    async fn an_announcement_ends_when_its_job_is_sent_or_when_it_is_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), Timestamp(1_790_000_000)).unwrap();
        let rec = IssuanceRecorder::start(store.db_path());
        let (a, b) = (rec.announce(), rec.announce());
        assert_eq!(rec.coming(), 2);
        drop(b);
        assert_eq!(rec.coming(), 1);
        let issuance = Issuance {
            card_type: CardTypeId(1),
            count: 3,
            agency: 0,
            actor: "kari".into(),
            at: Timestamp(1_790_000_000),
        };
        rec.record_announced(issuance, a).await.unwrap();
        assert_eq!(rec.coming(), 0);
        assert_eq!(store.issuance().counts().unwrap().iter().map(|c| c.count).sum::<u64>(), 3);
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
