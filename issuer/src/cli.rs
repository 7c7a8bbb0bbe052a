//! The commands of the `issuer` binary, one function each (not part of the
//! library: `main.rs` declares this module). Each reads its data directory,
//! calls the library and writes what a person reads to `out` (standard
//! output) or, for progress notes, to standard error.

use anyhow::{Context as _, Result};
use issuer::accounts::Role;
use issuer::config::{Config, Flags, ProcessEnv};
use issuer::issue::{IssueRequest, IssuedCard, issue_cards};
use issuer::store::{CLI_ACTOR, Store};
use keys::SystemClock;
use shared::model::name_in;
use shared::{CardNumber, Clock as _, Timestamp};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the commands write what they print.
pub type Out<'a> = &'a mut dyn Write;

pub mod backup;
pub mod root_key;

/// The language of the messages of commands without `--lang`: `ISSUER_LANG`
/// (nb or en), else bokmål.
pub fn env_lang() -> issuer::i18n::Lang {
    std::env::var("ISSUER_LANG").ok().and_then(|t| issuer::i18n::Lang::from_tag(&t)).unwrap_or(issuer::i18n::Lang::Nb)
}

/// Open the issuer in `data`, warning on standard error while the root key
/// is away and its delegation to the bundle key nears its end (SPEC §6.6).
pub fn open_store(data: &Path) -> Result<Store> {
    let store = Store::open(data)?;
    if let Some(w) = issuer::backup::root_key::delegation_warning(store.ring(), SystemClock.now(), env_lang()) {
        eprintln!("{w}");
    }
    Ok(store)
}

/// The files `issuer issue` writes besides its listing.
pub struct IssueOutput {
    /// Print a JSON array instead of one line per card.
    pub json: bool,
    /// One PNG QR image per card into this directory.
    pub png: Option<PathBuf>,
    /// One SVG QR image per card into this directory.
    pub svg: Option<PathBuf>,
    /// A printable PDF sheet of the cards.
    pub pdf: Option<PathBuf>,
}

/// The message in `lang` of a failure that has one in the issuer's texts
/// (a database from a newer issuer: [`issuer::db::DbError::message`]).
pub fn localised_failure(e: &anyhow::Error, lang: issuer::i18n::Lang) -> Option<String> {
    use issuer::IssuerError;
    use issuer::db::DbError;
    e.chain().find_map(|cause| {
        let db = cause.downcast_ref::<DbError>().or_else(|| match cause.downcast_ref::<IssuerError>() {
            Some(IssuerError::Db(db)) => Some(db),
            _ => None,
        });
        db.and_then(|db| db.message(lang))
    })
}

/// A password from a file or standard input (one trailing newline removed).
fn read_password(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin().take(1024).read_to_string(&mut text).context("reading the password from standard input")?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(1024).read_to_string(&mut text))
            .with_context(|| format!("reading the password from {}", path.display()))?;
    }
    Ok(text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text).to_string())
}

/// Read a catalogue file, refusing anything larger than 1 MiB.
fn read_catalogue_file(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut text = String::new();
    f.take(1 << 20 | 1)
        .read_to_string(&mut text)
        .with_context(|| format!("reading {} (UTF-8 JSON)", path.display()))?;
    anyhow::ensure!(text.len() <= 1 << 20, "{} is larger than 1 MiB; that is not a catalogue", path.display());
    Ok(text)
}

/// An image file: its name and bytes.
type ImageFile = (String, Vec<u8>);

/// One card's image file.
fn card_image(card: &IssuedCard, png: bool) -> Result<ImageFile> {
    let qr = shared::qr::encode(&card.qr_text)?;
    Ok(if png {
        (format!("{}.png", card.card_number), qr.to_png(8))
    } else {
        (format!("{}.svg", card.card_number), qr.to_svg().into_bytes())
    })
}

/// One image per card into `dir`, as one batch ([`keys::batch`]): the QR
/// codes drawn on every core, each file written under a temporary name,
/// then one sync makes them all durable before any gets its final name. An
/// interrupted run leaves no partial file under a card's name.
fn write_images(dir: &Path, cards: &[IssuedCard], png: bool) -> Result<()> {
    // The images hold the cards themselves: readable by the caseworker only.
    let mut batch = keys::batch::Batch::new(dir, 0o600).with_context(|| format!("creating {}", dir.display()))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, cards.len().max(1));
    let per_thread = cards.len().div_ceil(threads).max(1);
    let parts: Vec<Result<Vec<ImageFile>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = cards
            .chunks(per_thread)
            .map(|part| scope.spawn(move || part.iter().map(|c| card_image(c, png)).collect()))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| Err(anyhow::anyhow!("drawing a QR code failed"))))
            .collect()
    });
    for part in parts {
        for (name, bytes) in part? {
            batch.add(&name, &bytes).with_context(|| format!("writing {name} in {}", dir.display()))?;
        }
    }
    batch.commit().with_context(|| format!("writing the images in {}", dir.display()))?;
    Ok(())
}

/// `issuer serve`.
pub fn serve(flags: Flags) -> Result<()> {
    webkit::init_tracing();
    let config = Config::load(&flags, &ProcessEnv)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        // Watched from before the address is announced.
        let stop = webkit::shutdown::signal();
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {} (is another program using it?)", config.listen))?;
        let addr = listener.local_addr()?;
        let public_url = config.effective_public_url(addr)?;
        let (store, setup_link) = issuer::web::prepare(&config.data, &public_url, SystemClock.now())?;
        if let Some(w) = issuer::backup::root_key::delegation_warning(store.ring(), SystemClock.now(), env_lang()) {
            eprintln!("{w}");
        }
        // The link first: whoever waits for the address line has seen it.
        show_setup_link(&config.data, setup_link.as_deref())?;
        eprintln!("Activity card issuer on http://{addr} (public URL {public_url}, data {})", config.data.display());
        let state = issuer::web::AppState::configured(store, Box::new(SystemClock), config.proxies(), config.threshold);
        // Expired login records go on a timer, not only when next touched.
        let (pruning, retention) = (state.clone(), config.audit_retention_days);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(issuer::store::PRUNE_EVERY_SECS));
            loop {
                every.tick().await;
                let state = pruning.clone();
                let _ = tokio::task::spawn_blocking(move || state.prune(retention)).await;
            }
        });
        issuer::web::serve(listener, state, config.limits(), stop).await?;
        eprintln!("Stopped.");
        Ok(())
    })
}

/// Where `issuer serve` leaves the set-up link when standard error is not a
/// terminal.
pub const SETUP_LINK_FILE: &str = "setup-link.txt";

/// The first administrator's one-time set-up link goes to the person at the
/// terminal, never into a log stream (a service's standard error is its
/// journal): when standard error is not a terminal, the link is written to
/// `DATA/setup-link.txt`, readable by this user only, and the log says
/// where. Once an administrator exists, a leftover file is removed.
fn show_setup_link(data: &Path, link: Option<&str>) -> Result<()> {
    use std::io::IsTerminal as _;
    let path = data.join(SETUP_LINK_FILE);
    let Some(link) = link else {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("removing the used set-up link {}", path.display()))
            }
            _ => Ok(()),
        }?;
        return Ok(());
    };
    if std::io::stderr().is_terminal() {
        eprintln!("Set up the first administrator (this link works once, for 24 hours):\n  {link}");
    } else {
        keys::atomic_write(&path, format!("{link}\n").as_bytes(), 0o600)
            .with_context(|| format!("writing the set-up link to {}", path.display()))?;
        eprintln!(
            "Set up the first administrator: the link (it works once, for 24 hours) is in {} (readable only by \
             this user), not in this log",
            path.display()
        );
    }
    Ok(())
}

/// `issuer init`.
pub fn init(out: Out, data: &Path, now: Timestamp) -> Result<()> {
    let store = Store::init(data, now)?;
    writeln!(out, "Created an issuer in {}", data.display())?;
    writeln!(out, "Root key fingerprint (give this to venues): {}", store.ring().root_fingerprint())?;
    writeln!(out, "Demo catalogue (see `issuer catalogue`; change it with `issuer catalogue --import FILE`):")?;
    for ct in &store.catalogue().card_types {
        writeln!(out, "  card type {}: {}", ct.id.0, name_in(&ct.names, "nb"))?;
    }
    writeln!(out, "Next: issuer issue --data {} --card-type 1 --count 1", data.display())?;
    Ok(())
}

/// `issuer issue`: the cards of every request (several card types for
/// siblings), on one sheet.
pub fn issue(out: Out, data: &Path, reqs: &[IssueRequest], files: &IssueOutput, now: Timestamp) -> Result<()> {
    let store = open_store(data)?;
    for req in reqs {
        anyhow::ensure!(
            !store.duplicates().is_on(req.card_type)?,
            "card type {} has the duplicate check (one card per child): make its cards on the web page or through \
             the JSON API, which ask for the child's national identity number",
            req.card_type.0
        );
    }
    let total: u32 = reqs.iter().map(|r| r.count).sum();
    if total > issuer::issue::MAX_COUNT {
        return Err(issuer::IssuerError::BadCount(total).into());
    }
    let mut cards = Vec::new();
    for req in reqs {
        cards.extend(issue_cards(store.catalogue(), store.ring(), req, now.oslo_day())?);
    }
    let sheet = match &files.pdf {
        Some(_) => Some(issuer::pdf::card_sheet(&cards, store.catalogue(), issuer::pdf::Lang::Nb)?),
        None => None,
    };
    // Counted (never stored) before any card is handed out.
    for req in reqs {
        store.issuance().record(req.card_type, req.count, 0, CLI_ACTOR, now)?;
    }
    if let Some(dir) = &files.png {
        write_images(dir, &cards, true)?;
    }
    if let Some(dir) = &files.svg {
        write_images(dir, &cards, false)?;
    }
    if let (Some(path), Some(bytes)) = (&files.pdf, &sheet) {
        // The sheet holds the cards themselves: readable by the caseworker only.
        keys::atomic_write(path, bytes, 0o600)?;
        eprintln!("Wrote {} cards to {} ({} bytes)", cards.len(), path.display(), bytes.len());
    }
    if files.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&cards)?)?;
    } else {
        for c in &cards {
            writeln!(out, "{}  {} – {}  {}", c.card_number, c.valid_from, c.valid_until, c.url)?;
        }
    }
    Ok(())
}

/// `issuer bundle`.
pub fn bundle(data: &Path, file: &Path, now: Timestamp) -> Result<()> {
    let store = open_store(data)?;
    let bytes = match store.bundles().publish(CLI_ACTOR, now) {
        Err(issuer::IssuerError::Key(
            e @ (keys::KeyError::RootKeyOffline | keys::KeyError::DelegationExpired { .. }),
        )) => anyhow::bail!("{}", issuer::backup::root_key::key_message(&e, env_lang())),
        r => r?,
    };
    keys::atomic_write(file, &bytes, 0o644)?;
    eprintln!("Wrote trust bundle to {} ({} bytes)", file.display(), bytes.len());
    Ok(())
}

/// `issuer revoke`.
pub fn revoke(out: Out, data: &Path, card_number: &str, now: Timestamp) -> Result<()> {
    let n = CardNumber::parse(card_number).map_err(|e| anyhow::anyhow!("«{card_number}»: {e}"))?;
    let store = open_store(data)?;
    if store.bundles().revoke(n, CLI_ACTOR, now)? {
        writeln!(out, "Card {n} is blocked. Publish it to venues with `issuer bundle`.")?;
    } else {
        writeln!(out, "Card {n} was already blocked.")?;
    }
    Ok(())
}

/// `issuer unrevoke` (also `issuer unblock`): undo a block.
pub fn unrevoke(out: Out, data: &Path, card_number: &str, now: Timestamp) -> Result<()> {
    let n = CardNumber::parse(card_number).map_err(|e| anyhow::anyhow!("«{card_number}»: {e}"))?;
    let store = open_store(data)?;
    if store.bundles().unrevoke(n, CLI_ACTOR, now)? {
        writeln!(out, "Card {n} is no longer blocked. Publish it to venues with `issuer bundle`.")?;
        Ok(())
    } else {
        anyhow::bail!("card {n} is not blocked; nothing was changed")
    }
}

/// `issuer root-fingerprint`.
pub fn root_fingerprint(out: Out, data: &Path) -> Result<()> {
    let store = open_store(data)?;
    writeln!(out, "{}", store.ring().root_fingerprint())?;
    Ok(())
}

/// `issuer catalogue --import FILE`: the same checks as the web's
/// catalogue page (a validity rule that no longer covers cards already
/// handed out needs `confirm_narrower`).
pub fn import_catalogue(out: Out, data: &Path, file: &Path, confirm_narrower: bool, now: Timestamp) -> Result<()> {
    let mut store = open_store(data)?;
    let text = read_catalogue_file(file)?;
    let (catalogue, checked) = issuer::catalogue::file::from_json(&text)
        .with_context(|| format!("{} is not a catalogue in JSON (see `issuer catalogue --json`)", file.display()))?;
    issuer::catalogue::file::import(&mut store, catalogue, &checked, confirm_narrower, CLI_ACTOR, now)?;
    writeln!(out, "Catalogue replaced. Publish it to venues with `issuer bundle`.")?;
    Ok(())
}

/// `issuer catalogue [--json]`.
pub fn show_catalogue(out: Out, data: &Path, json: bool) -> Result<()> {
    let store = open_store(data)?;
    let cat = store.catalogue();
    if json {
        writeln!(out, "{}", issuer::catalogue::file::to_json(cat, &store.duplicates().enabled()?)?)?;
        return Ok(());
    }
    writeln!(out, "Venues:")?;
    for v in &cat.venues {
        writeln!(out, "  {:<24} {} ({})", v.id, v.name, v.address)?;
    }
    writeln!(out, "Card types:")?;
    for ct in &cat.card_types {
        writeln!(out, "  {:<4} {}", ct.id.0, name_in(&ct.names, "nb"))?;
        for b in &ct.benefits {
            writeln!(out, "       {:<12} at {}", name_in(&b.names, "nb"), b.venues.join(", "))?;
        }
    }
    Ok(())
}

/// `issuer rotate-signing-key`.
pub fn rotate_signing_key(out: Out, data: &Path, now: Timestamp) -> Result<()> {
    let mut store = open_store(data)?;
    let id = store.keys().rotate_signing(CLI_ACTOR, now)?;
    writeln!(out, "New signing key {id}. Publish it to venues with `issuer bundle` before issuing cards with it.")?;
    Ok(())
}

/// `issuer rotate-root`.
pub fn rotate_root(out: Out, data: &Path, now: Timestamp) -> Result<()> {
    let mut store = open_store(data)?;
    let fp = match store.keys().rotate_root(CLI_ACTOR, now) {
        Err(issuer::IssuerError::Key(e @ keys::KeyError::RootKeyOffline)) => {
            anyhow::bail!("{}", issuer::backup::root_key::key_message(&e, env_lang()))
        }
        r => r?,
    };
    writeln!(out, "New root key fingerprint: {fp}")?;
    writeln!(out, "Venues follow automatically on their next update; new venues pin this fingerprint.")?;
    Ok(())
}

/// `issuer agency add`.
pub fn add_agency(out: Out, data: &Path, name: &str, now: Timestamp) -> Result<()> {
    let store = open_store(data)?;
    let id = store.accounts().create_agency(name, CLI_ACTOR, now)?;
    writeln!(out, "Added agency {id}: {}", name.trim())?;
    Ok(())
}

/// `issuer agency list`.
pub fn list_agencies(out: Out, data: &Path) -> Result<()> {
    for (id, name) in open_store(data)?.accounts().agencies()? {
        writeln!(out, "{id:>4}  {name}")?;
    }
    Ok(())
}

/// A new staff account, as `issuer user add` was given it.
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Its role.
    pub role: Role,
    /// A caseworker's agency, by name.
    pub agency: Option<String>,
    /// The file holding the password, or `-` for standard input.
    pub password_file: PathBuf,
}

/// `issuer user add`.
pub fn add_user(out: Out, data: &Path, user: &NewUser, now: Timestamp) -> Result<()> {
    let store = open_store(data)?;
    let agency_id = match (&user.role, &user.agency) {
        (Role::Caseworker, Some(name)) => {
            let agencies = store.accounts().agencies()?;
            let found = agencies.iter().find(|(_, n)| n.eq_ignore_ascii_case(name.trim())).map(|(id, _)| *id);
            let known: Vec<&str> = agencies.iter().map(|(_, n)| n.as_str()).collect();
            Some(found.with_context(|| {
                format!(
                    "there is no agency «{name}»; known agencies: {} (add one with `issuer agency add`)",
                    known.join(", ")
                )
            })?)
        }
        _ => None,
    };
    let password = read_password(&user.password_file)?;
    let credentials = issuer::accounts::NewCredentials::new(&user.username, &password)?;
    store.accounts().create_user(&credentials, user.role, agency_id, CLI_ACTOR, now)?;
    let what = if user.role == Role::Admin { "administrator" } else { "caseworker" };
    writeln!(out, "Added {what} {}.", user.username)?;
    Ok(())
}
