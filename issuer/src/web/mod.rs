//! The issuer's web app: server-rendered pages for caseworkers and
//! administrators, and the public trust bundle.
//!
//! [`app`] builds the router; tests drive it with `tower::ServiceExt::oneshot`
//! and `issuer serve` runs it. Security (OWASP ASVS level 2): every response
//! carries a strict CSP and the other headers in [`SECURITY_HEADERS`]; every
//! POST checks a CSRF token before anything else ([`ctx::Ctx::check_csrf`]);
//! sessions are server-side ([`crate::accounts`]); errors show a clean page
//! and log their details ([`error::AppError`]); the access log
//! ([`webkit::access_log`]) has route templates, never paths, query strings
//! or bodies.

pub mod account;
pub mod admin;
pub mod api;
pub mod card;
pub mod catalogue;
pub mod ctx;
pub mod duplicates;
pub mod error;
pub mod home;
pub mod issue;
pub mod offers;
pub mod pages;
pub mod reports;
pub mod scheme;
pub mod station;
pub mod text_review;
pub mod texts;
pub mod usage;
pub mod venue_keys;
pub mod venue_setup;

use crate::family_text::{FamilyLang, FamilyTexts};
use crate::store::Store;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use shared::Clock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

/// Everything the handlers share.
pub struct AppState {
    store: Mutex<Store>,
    clock: Box<dyn Clock + Send + Sync>,
    /// The reverse proxies whose `X-Forwarded-For` gives the client's
    /// address (`None`: the connection's peer is the client).
    pub proxies: Option<crate::proxies::TrustedProxies>,
    /// Counts below this are not shown on the usage page or in its
    /// overview CSV (see [`crate::cells`]).
    pub threshold: crate::cells::Threshold,
    /// Password checks in flight (argon2id: 19 MiB and tens of
    /// milliseconds each), at most [`PASSWORD_CHECKS`] at once.
    password_checks: tokio::sync::Semaphore,
    /// Records issuance counts and audit lines, many requests per commit.
    issuance: crate::counter::IssuanceRecorder,
    /// The families' messages per language with the overrides applied,
    /// built on first use and dropped when an override changes.
    family_texts: RwLock<HashMap<FamilyLang, Arc<FamilyTexts>>>,
    /// Card sheets held for the session that made them (memory only; see
    /// [`crate::held_sheets`]).
    pub sheets: crate::held_sheets::HeldSheets,
}

/// Password checks run at once. Small, so that a burst of logins cannot eat
/// the memory or the cores, and so that failures are counted (throttling)
/// before many more attempts on one account can start.
pub const PASSWORD_CHECKS: usize = 2;

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

/// Run `work` (argon2id: tens of milliseconds) on a blocking thread, off
/// the async workers.
async fn off_workers<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, crate::accounts::AuthError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| crate::accounts::AuthError::PasswordCheck(Box::new(e)))
}

/// The state as handlers receive it.
pub type Shared = Arc<AppState>;

impl AppState {
    /// Wrap an open store and a clock; the default small-cell threshold
    /// (`trust_forwarded_for`: a proxy on this computer is in front).
    pub fn new(store: Store, clock: Box<dyn Clock + Send + Sync>, trust_forwarded_for: bool) -> Shared {
        AppState::with_threshold(store, clock, trust_forwarded_for, crate::cells::Threshold::default())
    }

    /// Wrap an open store and a clock, with the configured small-cell
    /// threshold (`trust_forwarded_for`: a proxy on this computer).
    pub fn with_threshold(
        store: Store,
        clock: Box<dyn Clock + Send + Sync>,
        trust_forwarded_for: bool,
        threshold: crate::cells::Threshold,
    ) -> Shared {
        let proxies = trust_forwarded_for.then(crate::proxies::TrustedProxies::loopback);
        AppState::configured(store, clock, proxies, threshold)
    }

    /// Wrap an open store and a clock, with the configured reverse proxies
    /// ([`crate::config::Config::proxies`]) and small-cell threshold.
    pub fn configured(
        store: Store,
        clock: Box<dyn Clock + Send + Sync>,
        proxies: Option<crate::proxies::TrustedProxies>,
        threshold: crate::cells::Threshold,
    ) -> Shared {
        let issuance = crate::counter::IssuanceRecorder::start(store.db_path());
        Arc::new(AppState {
            store: Mutex::new(store),
            clock,
            proxies,
            threshold,
            password_checks: tokio::sync::Semaphore::new(PASSWORD_CHECKS),
            issuance,
            family_texts: RwLock::new(HashMap::new()),
            sheets: crate::held_sheets::HeldSheets::default(),
        })
    }

    /// Log in (see [`crate::store::Accounts::login`]): the password is checked on a blocking
    /// thread, without holding the store, while other requests go on.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        client: crate::accounts::LoginClient<'_>,
        now: shared::Timestamp,
    ) -> Result<crate::accounts::NewSession, crate::accounts::AuthError> {
        let _permit = self.password_permit().await?;
        let attempt = self.store().accounts().login_begin(username, client, now)?;
        let password = password.to_string();
        let (attempt, ok) = off_workers(move || {
            let ok = attempt.password_ok(&password);
            (attempt, ok)
        })
        .await?;
        self.store().accounts().login_finish(attempt, ok, now)
    }

    /// Check a new account's name and password and hash the password (see
    /// [`crate::accounts::NewCredentials`]) on a blocking thread, without
    /// holding the store, like a login's password check.
    pub async fn new_credentials(
        &self,
        username: &str,
        password: &str,
    ) -> Result<crate::accounts::NewCredentials, crate::accounts::AuthError> {
        let _permit = self.password_permit().await?;
        let (username, password) = (username.to_string(), password.to_string());
        off_workers(move || crate::accounts::NewCredentials::new(&username, &password)).await?
    }

    /// Remove expired failed-login records, sessions, API tokens and known
    /// devices ([`crate::store::Accounts::prune`]); `issuer serve` calls it
    /// every [`crate::store::PRUNE_EVERY_SECS`]. A failure is logged (no
    /// personal data in it) and tried again at the next turn.
    /// With `audit_retention_days`, audit entries older than that go too.
    /// So do the duplicate check's entries of cards no longer valid
    /// ([`crate::store::Duplicates::prune`]) and held card sheets past
    /// their age ([`crate::held_sheets::HeldSheets::prune`]).
    pub fn prune(&self, audit_retention_days: Option<u32>) {
        let now = self.now();
        self.sheets.prune(now);
        let store = self.store();
        if let Err(e) = store.accounts().prune(now) {
            tracing::warn!("pruning expired login records failed: {e}");
        }
        match store.duplicates().prune(now.oslo_day()) {
            Ok(0) => {}
            Ok(_) => store.checkpoint(),
            Err(e) => tracing::warn!("pruning the duplicate check's entries failed: {e}"),
        }
        if let Some(days) = audit_retention_days
            && let Err(e) = store.audit().prune_before(shared::Timestamp(now.0 - i64::from(days) * 86_400))
        {
            tracing::warn!("pruning the audit log failed: {e}");
        }
    }

    /// A turn for argon2id work: at most [`PASSWORD_CHECKS`] at once.
    async fn password_permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, crate::accounts::AuthError> {
        self.password_checks.acquire().await.map_err(|e| crate::accounts::AuthError::PasswordCheck(Box::new(e)))
    }

    /// Count issued cards (never the cards): returns once the count and its
    /// audit line are committed, so nothing is handed out uncounted.
    pub async fn record_issuance(
        &self,
        card_type: shared::CardTypeId,
        count: u32,
        agency: i64,
        actor: &str,
        now: shared::Timestamp,
    ) -> Result<(), crate::IssuerError> {
        self.issuance
            .record(crate::counter::Issuance { card_type, count, agency, actor: actor.to_string(), at: now })
            .await
    }

    /// A request that will soon count cards: the counter's writer gathers
    /// its commit while such requests are on their way (see
    /// [`crate::counter`]). Hand it to [`AppState::record_announced`].
    pub fn announce_issuance(&self) -> crate::counter::Announced {
        self.issuance.announce()
    }

    /// [`AppState::record_issuance`] for a request announced with
    /// [`AppState::announce_issuance`].
    pub async fn record_announced(
        &self,
        announced: crate::counter::Announced,
        card_type: shared::CardTypeId,
        count: u32,
        (agency, actor): (i64, &str),
        now: shared::Timestamp,
    ) -> Result<(), crate::IssuerError> {
        let issuance = crate::counter::Issuance { card_type, count, agency, actor: actor.to_string(), at: now };
        self.issuance.record_announced(issuance, announced).await
    }

    /// The store (one request at a time; SQLite serialises writes anyway).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the store half-written
        // (every change is one SQLite transaction), so a poisoned lock is
        // safe to take over.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Now, from the injected clock.
    pub fn now(&self) -> shared::Timestamp {
        self.clock.now()
    }

    /// The families' messages in `lang`, with this municipality's
    /// overrides (see [`crate::family_text`]). Cached; an override set
    /// through [`AppState::set_text_override`] applies to the next call.
    ///
    /// Takes the store's lock on a cache miss: do not call it while holding
    /// [`AppState::store`].
    pub fn family_texts(&self, lang: FamilyLang) -> Arc<FamilyTexts> {
        if let Some(texts) = self.family_texts.read().unwrap_or_else(|p| p.into_inner()).get(&lang) {
            return texts.clone();
        }
        // Read the overrides and fill the cache under the write lock, so
        // that an override saved meanwhile (which empties the cache after
        // it is written) cannot be undone by a stale entry.
        let mut cache = self.family_texts.write().unwrap_or_else(|p| p.into_inner());
        if let Some(texts) = cache.get(&lang) {
            return texts.clone();
        }
        let read = {
            let store = self.store();
            let texts = store.texts();
            texts.all().and_then(|all| Ok((all, texts.reviews()?)))
        };
        let (overrides, reviewed): (Vec<(String, String)>, bool) = match read {
            Ok((all, reviews)) => (
                all.into_iter().filter(|(l, _, _)| l == lang.tag()).map(|(_, id, text)| (id, text)).collect(),
                reviews.iter().any(|(l, _)| l == lang.tag()),
            ),
            Err(e) => {
                // The built-in text, not cached: the next request tries again.
                tracing::error!(error = %e, "text overrides not read; the built-in texts are shown");
                return FamilyTexts::builtin(lang);
            }
        };
        let texts: Arc<FamilyTexts> = match (overrides.is_empty(), reviewed) {
            (true, false) => FamilyTexts::builtin(lang),
            (_, false) => Arc::new(FamilyTexts::load(lang, &overrides)),
            (_, true) => Arc::new(FamilyTexts::load(lang, &overrides).reviewed_by_municipality()),
        };
        cache.insert(lang, texts.clone());
        texts
    }

    /// Set or remove an override of the families' message `id` in `lang`
    /// ([`crate::store::TextOverrides::set`]); it applies at once to the phone
    /// card and the list of offers.
    pub fn set_text_override(
        &self,
        lang: FamilyLang,
        id: &str,
        text: Option<&str>,
        actor: &str,
        now: shared::Timestamp,
    ) -> Result<bool, crate::IssuerError> {
        let changed = self.store().texts().set(lang, id, text, actor, now)?;
        self.family_texts.write().unwrap_or_else(|p| p.into_inner()).clear();
        Ok(changed)
    }

    /// Apply a reviewed file's changes to `lang` and mark it reviewed by
    /// the municipality ([`crate::store::TextOverrides::apply_review`]); it
    /// applies at once to the families' pages.
    pub fn apply_text_review(
        &self,
        lang: FamilyLang,
        changes: &[crate::family_review::Change],
        actor: &str,
        now: shared::Timestamp,
    ) -> Result<(), crate::IssuerError> {
        self.store().texts().apply_review(lang, changes, actor, now)?;
        self.family_texts.write().unwrap_or_else(|p| p.into_inner()).clear();
        Ok(())
    }
}

/// The router with every route and layer. With an `https://` public URL
/// (the catalogue's `public_base_url`), every response also carries
/// `Strict-Transport-Security`.
pub fn app(state: Shared) -> Router {
    let https = state.store().catalogue().public_base_url.starts_with("https://");
    let headers = if https { SECURITY_HEADERS.clone().with_hsts() } else { SECURITY_HEADERS.clone() };
    Router::new()
        .route("/", get(pages::home))
        .route("/setup", get(pages::setup_form).post(pages::setup_submit))
        .route("/login", get(pages::login_form).post(pages::login_submit))
        .route("/logout", post(pages::logout))
        .route("/issue", get(issue::issue_form).post(issue::issue_submit))
        .route("/issue/sheets/{id}", get(issue::sheet_ready))
        .route("/issue/sheets/{id}/pdf", get(issue::sheet_pdf))
        .route("/static/issue.js", get(pages::issue_script))
        .route("/block", get(admin::block_form).post(admin::block_submit))
        .route("/admin/unblock", get(admin::unblock_confirm).post(admin::unblock_submit))
        .route("/admin/staff", get(admin::staff))
        .route("/admin/agencies", post(admin::add_agency))
        .route("/admin/users", post(admin::add_user))
        .route("/admin/users/deactivate", post(admin::deactivate_user))
        .route("/admin/users/reactivate", post(admin::reactivate_user))
        .route("/admin/users/reset-password", post(admin::reset_password))
        .route("/account/password", get(account::password_form).post(account::password_submit))
        .route("/account/sessions", get(account::sessions))
        .route("/account/sessions/end-others", post(account::end_other_sessions))
        .route("/account/api-tokens", get(account::api_tokens).post(account::create_api_token))
        .route("/account/api-tokens/revoke", post(account::revoke_api_token))
        .route("/admin/activity", get(admin::activity))
        .route("/admin/keys/rotate-signing", post(admin::rotate_signing))
        .route("/admin/keys/rotate-root", post(admin::rotate_root))
        .route("/admin/catalogue", get(catalogue::catalogue))
        .route("/admin/scheme", get(scheme::scheme).post(scheme::save))
        .route("/admin/venue-setup", get(venue_setup::venue_setup).post(venue_setup::new_code))
        .route("/admin/venues", post(catalogue::add_venue))
        .route("/admin/card-types", post(catalogue::add_card_type))
        .route("/admin/benefits", post(catalogue::add_benefit))
        .route("/admin/venues/edit", get(catalogue::edit_venue_form).post(catalogue::edit_venue))
        .route("/admin/venues/remove", get(catalogue::remove_venue_confirm).post(catalogue::remove_venue))
        .route("/admin/venues/budgets", post(catalogue::venue_budget))
        .route("/admin/card-types/edit", get(catalogue::edit_card_type_form).post(catalogue::edit_card_type))
        .route("/admin/card-types/remove", get(catalogue::remove_card_type_confirm).post(catalogue::remove_card_type))
        .route("/admin/card-types/duplicate-check", get(duplicates::switch_page).post(duplicates::switch))
        .route("/admin/benefits/edit", get(catalogue::edit_benefit_form).post(catalogue::edit_benefit))
        .route("/admin/benefits/remove", get(catalogue::remove_benefit_confirm).post(catalogue::remove_benefit))
        .route("/admin/texts", get(texts::texts).post(texts::save_text))
        .merge(text_review::routes())
        // Usage reports (SPEC §13.4): venues' keys and reports, the administrator's overview.
        .merge(usage::routes())
        .route("/tilbud", get(offers::offers))
        .route("/offers", get(offers::offers))
        .route("/bundle", get(pages::bundle))
        .route("/healthz", get(pages::healthz))
        .nest("/api/v1", api_routes())
        .route("/static/app.css", get(pages::stylesheet))
        .route("/k", get(card::page))
        .route("/K", get(card::page))
        .route("/k/card.js", get(card::card_js))
        .route("/k/card_wasm.js", get(card::core_js))
        .route("/k/card_wasm_bg.wasm", get(card::core_wasm))
        .route("/k/card.css", get(card::card_css))
        .route("/k/icon.svg", get(card::icon_svg))
        .route("/k/icon-192.png", get(card::icon_192))
        .route("/k/icon-512.png", get(card::icon_512))
        .route("/k/manifest.webmanifest", get(card::manifest))
        .route("/k/revoked", get(card::revoked))
        .route("/sw.js", get(card::service_worker))
        .route("/stasjon", get(station::page))
        .route("/stasjon/station.js", get(station::script))
        .route("/stasjon/station.css", get(station::stylesheet))
        .route("/stasjon/manifest.webmanifest", get(station::manifest))
        .route("/stasjon/sw.js", get(station::service_worker))
        .route("/static/family.css", get(offers::stylesheet))
        .fallback(pages::not_found)
        .layer(middleware::from_fn(clear_flash))
        .layer(headers)
        .layer(webkit::access_log::AccessLog)
        .with_state(state)
}

/// The JSON API (see [`api`]), with its own small body limit.
fn api_routes() -> Router<Shared> {
    Router::new()
        .route("/login", post(api::login))
        .route("/logout", post(api::logout))
        .route("/cards", post(api::cards))
        .layer(axum::extract::DefaultBodyLimit::max(api::MAX_BODY))
}

/// A flash notice (see [`ctx::see_other`]) is shown once: the page that
/// received it removes the cookie.
pub async fn clear_flash(req: Request, next: Next) -> Response {
    // The families' card pages never set a cookie; the notice waits for the
    // next staff page.
    let path = req.uri().path();
    if path == "/k" || path == "/K" || path.starts_with("/k/") || path == "/sw.js" || path.starts_with("/stasjon") {
        return next.run(req).await;
    }
    let had_flash = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(';').any(|c| c.trim().starts_with(&format!("{}=", ctx::FLASH_COOKIE))));
    let mut res = next.run(req).await;
    if had_flash
        && !res.status().is_redirection()
        && let Ok(v) = HeaderValue::from_str(&ctx::clear_flash_cookie())
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// Headers on every response (ASVS V14.4). A handler may set its own
/// Content-Security-Policy (the phone card does) and Cache-Control.
pub static SECURITY_HEADERS: webkit::headers::SecurityHeaders = webkit::headers::SecurityHeaders::new(
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'",
    &[],
);

/// What `issuer serve` does before it accepts requests: open the data
/// directory (or create it, with new keys and the demo catalogue, on first
/// run); make the catalogue's public URL `public_url`; publish a first
/// bundle if there is none; and, while no administrator exists, make a
/// one-time set-up link. Returns the store and that link.
pub fn prepare(
    data: &std::path::Path,
    public_url: &str,
    now: shared::Timestamp,
) -> Result<(Store, Option<String>), crate::IssuerError> {
    let mut store = if Store::exists(data) { Store::open(data)? } else { Store::init(data, now)? };
    if store.catalogue().public_base_url != public_url {
        let mut catalogue = store.catalogue().clone();
        catalogue.public_base_url = public_url.to_string();
        store.catalogue_mut().replace(catalogue, crate::store::CLI_ACTOR, now)?;
        publish_unless_root_needed(&store, now)?;
    } else if store.bundles().latest()?.is_none() {
        publish_unless_root_needed(&store, now)?;
    }
    let setup = store.accounts().new_setup_token(now)?.map(|token| format!("{public_url}/setup?token={token}"));
    Ok((store, setup))
}

/// Publish a bundle, except when only the root key could sign it (kept
/// offline, its delegation ended: SPEC §6.6): the server still starts, and
/// `issuer serve` prints the warning that says what to do.
fn publish_unless_root_needed(store: &Store, now: shared::Timestamp) -> Result<(), crate::IssuerError> {
    use keys::KeyError as K;
    match store.bundles().publish(crate::store::CLI_ACTOR, now) {
        Err(crate::IssuerError::Key(K::RootKeyOffline | K::DelegationExpired { .. })) | Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Listen on `listener` until `stop` resolves (Ctrl-C or SIGTERM:
/// [`webkit::shutdown::signal`]), serving [`app`] within `limits` (a header
/// read timeout and connection caps: [`webkit::serve`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Shared,
    limits: webkit::serve::Limits,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    webkit::serve::serve(listener, app(state), limits, stop).await
}
