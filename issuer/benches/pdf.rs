//! The card sheet PDF: 10 and 1000 pre-issued cards, end to end (QR
//! encoding, layout, PDF writing; signing is not included).
//!
//! ```sh
//! cargo bench -p issuer --bench pdf
//! ```
//!
//! Before criterion starts, the bench prints the PDF sizes and the ratio of
//! a 1000-card sheet to encoding its 1000 QR codes on one thread (alternating
//! rounds, so that both see the same load on a shared machine).

use criterion::{Criterion, criterion_group, criterion_main};
use issuer::issue::{IssueRequest, IssuedCard, MAX_COUNT, QrForm, issue_cards};
use issuer::pdf::{Lang, card_sheet};
use issuer::store::Store;
use shared::model::Catalogue;
use shared::{CardTypeId, Day, Timestamp};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Rounds of the interleaved comparison printed before criterion starts.
const ROUNDS: usize = 7;

/// `n` cards of card type 1 issued on a fixed day, with the demo catalogue.
fn fixture(n: usize, qr_form: QrForm) -> (Vec<IssuedCard>, Catalogue) {
    let dir = tempfile::tempdir().expect("temp dir");
    let today = Day::from_ymd(2026, 11, 21).expect("day");
    let now = Timestamp(i64::from(today.0) * 86_400 + 12 * 3600);
    let store = Store::init(dir.path(), now).expect("issuer init");
    let mut cards = Vec::with_capacity(n);
    while cards.len() < n {
        let count = (n - cards.len()).min(MAX_COUNT as usize) as u32;
        let req = IssueRequest {
            card_type: CardTypeId(1),
            count,
            valid_from: None,
            valid_until: None,
            qr_form,
            period: None,
        };
        cards.extend(issue_cards(store.catalogue(), store.ring(), &req, today).expect("issue"));
    }
    (cards, store.catalogue().clone())
}

/// User + system CPU time of this process so far, all threads (Linux; 0
/// elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime is the
    // 12th, stime the 13th, in clock ticks (100 a second on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn report(cards: &[IssuedCard], catalogue: &Catalogue, label: &str) {
    let pdf = card_sheet(cards, catalogue, Lang::Nb).expect("sheet");
    println!("{label}: {} cards → {} bytes ({:.2} MB)", cards.len(), pdf.len(), pdf.len() as f64 / 1e6);
}

fn bench(c: &mut Criterion) {
    let (cards, catalogue) = fixture(1000, QrForm::Token);
    let (url_cards, _) = fixture(1000, QrForm::Url);
    report(&cards[..10], &catalogue, "token form");
    report(&cards, &catalogue, "token form");
    report(&url_cards, &catalogue, "URL form");
    // Load on this shared machine moves absolute times by tens of percent;
    // compare the sheet with QR encoding alone on one thread, measured in
    // alternating rounds so both see the same load.
    let (mut qr, mut sheet, mut cpu) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for card in &cards {
            black_box(shared::qr::encode(&card.qr_text).expect("qr"));
        }
        qr.push(t.elapsed());
        let (t, cpu0) = (Instant::now(), cpu_seconds());
        black_box(card_sheet(&cards, &catalogue, Lang::Nb).expect("sheet"));
        sheet.push(t.elapsed());
        cpu.push(cpu_seconds() - cpu0);
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (qr, sheet) = (median(&mut qr), median(&mut sheet));
    println!(
        "1000 cards, medians of {ROUNDS} alternating rounds: qr::encode ×1000 on one thread {qr:.2?}; \
         whole sheet {sheet:.2?}; ratio {:.2}",
        sheet.as_secs_f64() / qr.as_secs_f64()
    );
    cpu.sort_by(f64::total_cmp);
    println!("1000 cards: CPU time of the sheet (all threads), median {:.2} s", cpu[cpu.len() / 2]);

    let mut g = c.benchmark_group("pdf");
    g.sample_size(10);
    g.bench_function("card_sheet/10", |b| b.iter(|| card_sheet(black_box(&cards[..10]), &catalogue, Lang::Nb)));
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("card_sheet/1000", |b| b.iter(|| card_sheet(black_box(&cards), &catalogue, Lang::Nb)));
    g.bench_function("card_sheet/1000_url", |b| b.iter(|| card_sheet(black_box(&url_cards), &catalogue, Lang::Nb)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
