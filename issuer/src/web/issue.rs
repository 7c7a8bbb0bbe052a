//! The caseworker's page: issue a sheet of cards as a PDF.
//!
//! Nothing about the cards is kept: they are signed, drawn into the PDF and
//! sent. Only the count (per day, agency and card type) and one audit line
//! ("kari issued 10 × card type 1") are recorded, before the PDF is sent.

use super::Shared;
use super::ctx::Ctx;
use super::error::AppError;
use super::pages::{Nav, form, form_page, page};
use crate::IssuerError;
use crate::accounts::Role;
use crate::duplicates::{CheckInput, Refused};
use crate::family_text::FamilyLang;
use crate::held_sheets::Sheet;
use crate::i18n::Messages;
use crate::issue::{IssueRequest, MAX_COUNT, QrForm, issue_cards};
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shared::model::name_in;
use shared::{CardTypeId, Day};

/// A card type in the form's list.
#[derive(Debug)]
pub struct CardTypeOption {
    id: u16,
    name: String,
    selected: bool,
    /// Selected as the second card type of a sibling sheet.
    selected2: bool,
    /// The validity printed on its cards made today (DD.MM.YYYY–DD.MM.YYYY).
    validity: String,
    /// The validity of next year's period, if the card type has periods.
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "issue.html")]
struct IssuePage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    card_types: Vec<CardTypeOption>,
    count: String,
    valid_from: String,
    valid_until: String,
    error: Option<String>,
    count2: String,
    /// Next year (the period the one-click choice picks).
    next_year: i32,
    /// Whether next year's period is chosen.
    period_next: bool,
    /// "Next year (2027)".
    next_label: String,
    /// The duplicate check's fields, when a card type has it.
    dup: Option<super::duplicates::DupFields>,
    /// The families' languages for the sheet's third phone line (tag, own
    /// name, selected).
    phone_langs: Vec<(&'static str, &'static str, bool)>,
    /// What each card type gives, and the validity printed today.
    summaries: Vec<SummaryView>,
    /// The sheet just made, held for this session.
    ready: Option<ReadyView>,
}

/// What a card type gives, in words, for the issue page.
#[derive(Debug)]
pub struct SummaryView {
    id: u16,
    /// "What 0–13 år med ledsager gives".
    title: String,
    /// Shown open (the chosen card type, or the first).
    open: bool,
    ages: String,
    /// "fra 06.12.2026 til 31.12.2026": what is printed on cards made now.
    window: Option<String>,
    /// Next year's, if it can be chosen.
    next: Option<String>,
    /// Why no card of this type can be made today.
    error: Option<String>,
    offers: Vec<OfferView>,
}

/// One offer of a card type, in words.
#[derive(Debug)]
pub struct OfferView {
    name: String,
    venues: String,
    quotas: String,
    companion: bool,
}

/// The sheet just made: what the page says, and its download link.
#[derive(Debug)]
pub struct ReadyView {
    text: String,
    href: String,
    filename: String,
}

/// The form's fields, as typed (kept on error).
#[derive(Debug, Default, Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    card_type: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_until: String,
    /// `sheet` (PDF, the default) or `card` (one card on screen).
    #[serde(default)]
    output: String,
    /// A second card type on the same sheet (siblings), and how many.
    #[serde(default)]
    card_type2: String,
    #[serde(default)]
    count2: String,
    /// The period (year) chosen; empty: the card type's current one.
    #[serde(default)]
    period: String,
    /// The child's national identity number (duplicate check; taken out
    /// and wiped at once, never shown again).
    #[serde(default)]
    national_id: String,
    /// An override reason of the duplicate check.
    #[serde(default)]
    reason: String,
    /// The lost card's number, with the lost-card reason.
    #[serde(default)]
    old_card: String,
    /// The language of the sheet's third phone line (a family language
    /// tag; Ukrainian when empty or unknown).
    #[serde(default)]
    phone_lang: String,
}

/// The third phone line's language chosen in the form.
fn phone_lang(f: &IssueForm) -> FamilyLang {
    FamilyLang::ALL.into_iter().find(|l| l.tag() == f.phone_lang).unwrap_or(FamilyLang::Uk)
}

/// `DD.MM.YYYY–DD.MM.YYYY`.
fn span((from, until): (Day, Day)) -> String {
    format!("{}–{}", from.display_nb(), until.display_nb())
}

fn render(state: &Shared, ctx: &Ctx, f: &IssueForm, error: Option<String>) -> Result<Response, AppError> {
    render_with(state, ctx, f, error, false)
}

/// "fra 06.12.2026 til 31.12.2026".
fn window_words(t: &Messages, (from, until): (Day, Day)) -> String {
    t.get_with("issue-gives-window", &[("from", &from.display_nb()), ("until", &until.display_nb())])
}

/// What each card type gives (the words the families read, in the page's
/// language) and the validity printed on its cards made today, computed
/// by [`crate::issue::summary`] with the rule that issuing uses.
fn summaries(state: &Shared, ctx: &Ctx, selected: Option<u16>, today: Day) -> Vec<SummaryView> {
    let family = FamilyLang::ALL.into_iter().find(|l| l.tag() == ctx.lang.tag()).unwrap_or(FamilyLang::Nb);
    let tx = state.family_texts(family);
    let t = ctx.t;
    let store = state.store();
    let catalogue = store.catalogue();
    let open = selected.filter(|id| catalogue.card_type(CardTypeId(*id)).is_some());
    catalogue
        .card_types
        .iter()
        .enumerate()
        .map(|(i, ct)| {
            let summary = crate::issue::summary(catalogue, ct.id, ctx.lang.tag(), today);
            let offers = summary.as_ref().map(|s| s.offers.as_slice()).unwrap_or_default();
            SummaryView {
                id: ct.id.0,
                title: t.get_with("issue-gives-title", &[("cardtype", name_in(&ct.names, ctx.lang.tag()))]),
                open: open.map_or(i == 0, |id| id == ct.id.0),
                ages: tx.get_with("ages", &[("min", &ct.age_min.to_string()), ("max", &ct.age_max.to_string())]),
                window: summary.as_ref().ok().map(|s| window_words(t, s.window)),
                next: summary.as_ref().ok().and_then(|s| s.next).map(|n| window_words(t, n)),
                error: summary.as_ref().err().and_then(|e| refusal(t, e)).map(|(_, m)| m),
                offers: offers
                    .iter()
                    .map(|o| OfferView {
                        name: o.name.clone(),
                        venues: o.venues.join(", "),
                        quotas: if o.quotas.is_empty() {
                            tx.get("quota-none")
                        } else {
                            let each =
                                o.quotas.iter().map(|q| tx.count(&format!("quota-{}", q.per.code()), "count", q.count));
                            each.collect::<Vec<_>>().join(", ")
                        },
                        companion: o.companion_free,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The form, with the duplicate check's override part `open`.
fn render_with(
    state: &Shared,
    ctx: &Ctx,
    f: &IssueForm,
    error: Option<String>,
    open: bool,
) -> Result<Response, AppError> {
    render_page(state, ctx, f, (error, None), open)
}

/// The form with an `error` or the `ready` sheet, the duplicate check's
/// override part `open`.
fn render_page(
    state: &Shared,
    ctx: &Ctx,
    f: &IssueForm,
    (error, ready): (Option<String>, Option<ReadyView>),
    open: bool,
) -> Result<Response, AppError> {
    let user = ctx.require(Role::Caseworker)?;
    let selected: Option<u16> = f.card_type.trim().parse().ok();
    let selected2: Option<u16> = f.card_type2.trim().parse().ok();
    let today = state.now().oslo_day();
    let next_year = today.year() + 1;
    let card_types = state
        .store()
        .catalogue()
        .card_types
        .iter()
        .map(|ct| CardTypeOption {
            id: ct.id.0,
            name: name_in(&ct.names, ctx.lang.tag()).to_string(),
            selected: Some(ct.id.0) == selected,
            selected2: Some(ct.id.0) == selected2,
            validity: span(ct.validity.default_window(today)),
            next: ct.validity.period_window(today, next_year).map(span),
        })
        .collect();
    let clip = |s: &str| s.chars().take(20).collect::<String>();
    let p = IssuePage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: user.csrf.clone(),
        card_types,
        count: if f.count.is_empty() { "1".into() } else { clip(&f.count) },
        valid_from: clip(&f.valid_from),
        valid_until: clip(&f.valid_until),
        error: error.clone(),
        count2: clip(&f.count2),
        next_year,
        period_next: f.period.trim() == next_year.to_string(),
        next_label: ctx.t.get_with("issue-period-next", &[("year", &next_year.to_string())]),
        dup: super::duplicates::DupFields::of(state, ctx, &f.reason, &f.old_card, open),
        phone_langs: FamilyLang::ALL.iter().map(|l| (l.tag(), l.native_name(), *l == phone_lang(f))).collect(),
        summaries: summaries(state, ctx, selected, today),
        ready,
    };
    form_page(ctx, p, error.is_some())
}

/// `GET /issue`.
pub async fn issue_form(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    render(&state, &ctx, &IssueForm::default(), None)
}

/// An optional date field: empty is `None`.
fn date_field(s: &str) -> Result<Option<Day>, ()> {
    let s = s.trim();
    if s.is_empty() { Ok(None) } else { Day::parse(s).map(Some).map_err(|_| ()) }
}

/// Why cards could not be issued, for the user: a short code (for the API)
/// and a message; `None` for an error that is ours, not the user's.
pub fn refusal(t: &Messages, e: &IssuerError) -> Option<(&'static str, String)> {
    Some(match e {
        IssuerError::UnknownCardType { .. } => ("unknown_card_type", t.get("issue-error-card-type")),
        IssuerError::BadCount(_) => ("bad_count", t.get("issue-error-count")),
        IssuerError::BadWindow { default_from, default_until, .. } => {
            let (from, until) = (default_from.display_nb(), default_until.display_nb());
            ("validity_not_allowed", t.get_with("issue-error-window", &[("from", &from), ("until", &until)]))
        }
        IssuerError::WindowInPast { until } => {
            ("validity_in_past", t.get_with("issue-error-past", &[("until", &until.display_nb())]))
        }
        IssuerError::Key(keys::KeyError::NoValidSigningKey(_)) => ("no_signing_key", t.get("issue-error-no-key")),
        IssuerError::PeriodNotAllowed { period, allowed, default_from, default_until } => {
            let (from, until) = (default_from.display_nb(), default_until.display_nb());
            let message = if allowed.is_empty() {
                t.get_with("issue-error-period-none", &[("from", &from), ("until", &until)])
            } else {
                let years: Vec<String> = allowed.iter().map(i32::to_string).collect();
                let allowed = years.join(&format!(" {} ", t.get("word-or")));
                t.get_with("issue-error-period", &[("period", &period.to_string()), ("allowed", &allowed)])
            };
            ("period_not_allowed", message)
        }
        IssuerError::DuplicateCheck(r) => super::duplicates::refusal(t, r),
        _ => return None,
    })
}

/// The one-line note for the agency's own case system.
pub(super) fn journal_note(t: &Messages, card: &crate::issue::IssuedCard, card_type: &str) -> String {
    let nb = |d: &str| Day::parse(d).map(Day::display_nb).unwrap_or_else(|_| d.to_string());
    let (from, until) = (nb(&card.valid_from), nb(&card.valid_until));
    t.get_with(
        "journal-line",
        &[("number", &card.card_number), ("cardtype", card_type), ("from", &from), ("until", &until)],
    )
}

/// The requests of the form: its card type and count, and a second card
/// type and count for a sibling sheet (all on one sheet, at most
/// [`MAX_COUNT`] cards in all); or the message for what is wrong.
fn requests(t: &Messages, f: &IssueForm) -> Result<Vec<IssueRequest>, String> {
    let card_type = |s: &str| s.trim().parse::<u16>().map(CardTypeId).map_err(|_| t.get("issue-error-card-type"));
    let count = |s: &str| match s.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_COUNT).contains(&n) => Ok(n),
        _ => Err(t.get("issue-error-count")),
    };
    let first = (card_type(&f.card_type)?, count(&f.count)?);
    let (Ok(valid_from), Ok(valid_until)) = (date_field(&f.valid_from), date_field(&f.valid_until)) else {
        return Err(t.get("issue-error-date"));
    };
    let period = match f.period.trim() {
        "" => None,
        p => Some(p.parse::<i32>().map_err(|_| t.get("issue-error-period-form"))?),
    };
    let req =
        |card_type, count| IssueRequest { card_type, count, valid_from, valid_until, qr_form: QrForm::Url, period };
    let mut reqs = vec![req(first.0, first.1)];
    let count2 = f.count2.trim();
    if !f.card_type2.trim().is_empty() && !count2.is_empty() && count2 != "0" {
        let second = req(card_type(&f.card_type2)?, count(count2)?);
        if second.card_type == reqs[0].card_type {
            return Err(t.get("issue-error-same-type"));
        }
        reqs.push(second);
    }
    if reqs.iter().map(|r| r.count).sum::<u32>() > MAX_COUNT {
        return Err(t.get("issue-error-count"));
    }
    Ok(reqs)
}

/// `POST /issue`: sign the cards and send the sheet.
pub async fn issue_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<IssueForm>, FormRejection>,
) -> Result<Response, AppError> {
    let mut f = form(&ctx, body)?;
    let check_input = CheckInput {
        national_id: zeroize::Zeroizing::new(std::mem::take(&mut f.national_id)),
        reason: f.reason.clone(),
        old_card: f.old_card.clone(),
    };
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(Role::Caseworker)?.clone();
    let t = ctx.t;
    let invalid = |msg: String| render(&state, &ctx, &f, Some(msg));
    let reqs = match requests(t, &f) {
        Ok(reqs) => reqs,
        Err(message) => return invalid(message),
    };
    let count: u32 = reqs.iter().map(|r| r.count).sum();
    let single = f.output == "card";
    if single && count != 1 {
        return invalid(t.get("issue-error-one"));
    }
    let now = state.now();
    // Sign under the lock (fast), draw the PDF outside it (up to a second).
    let signed = {
        let store = state.store();
        let mut cards = Vec::new();
        reqs.iter()
            .try_for_each(|req| {
                issue_cards(store.catalogue(), store.ring(), req, now.oslo_day()).map(|more| cards.extend(more))
            })
            .map(|()| (cards, store.catalogue().clone()))
    };
    let (cards, catalogue) = match signed {
        Ok(x) => x,
        Err(e) => match refusal(t, &e) {
            Some((_, message)) => return invalid(message),
            None => return Err(ctx.internal(e)),
        },
    };
    let agency = user.agency_id.unwrap_or(0);
    let types: Vec<CardTypeId> = reqs.iter().map(|r| r.card_type).collect();
    let recorded =
        match super::duplicates::check_sheet(&state, &cards, &types, &check_input, (agency, &user.username), now) {
            Ok(recorded) => recorded,
            Err(e) => {
                let open = matches!(e, IssuerError::DuplicateCheck(Refused::Duplicate { .. }));
                return match refusal(t, &e) {
                    Some((_, message)) if open => {
                        let message = format!("{message} {}", t.get("dup-override-web"));
                        render_with(&state, &ctx, &f, Some(message), open)
                    }
                    Some((_, message)) => render_with(&state, &ctx, &f, Some(message), open),
                    None => Err(ctx.internal(e)),
                };
            }
        };
    drop(check_input);
    let take_back = |e: &dyn std::fmt::Display| {
        super::duplicates::take_back(&state, &recorded);
        ctx.internal(e.to_string())
    };
    if single {
        // Counted (never stored) before the card is shown.
        if let Err(e) = state.record_issuance(reqs[0].card_type, 1, agency, &user.username, now).await {
            return Err(take_back(&e));
        }
        return single_card(&ctx, cards, &catalogue);
    }
    let windows: Vec<(CardTypeId, (Day, Day))> = cards
        .iter()
        .filter_map(|c| {
            Some((CardTypeId(c.card_type), (Day::parse(&c.valid_from).ok()?, Day::parse(&c.valid_until).ok()?)))
        })
        .collect();
    let lang = ctx.lang;
    let hints: Vec<String> = crate::pdf::hint_languages_with(lang, phone_lang(&f))
        .iter()
        .map(|l| state.family_texts(*l).get("sheet-phone-hint"))
        .collect();
    let pdf = tokio::task::spawn_blocking(move || crate::pdf::card_sheet_with_hints(&cards, &catalogue, lang, &hints))
        .await
        .map_err(|e| take_back(&e))?
        .map_err(|e| take_back(&e))?;
    // Counted (never stored) before the sheet is handed out.
    for req in &reqs {
        if let Err(e) = state.record_issuance(req.card_type, req.count, agency, &user.username, now).await {
            return Err(take_back(&e));
        }
    }
    let windows = sheet_windows(&reqs, &windows);
    let sheet = Sheet { pdf: zeroize::Zeroizing::new(pdf), count, windows, made: now };
    hand_out(&state, &ctx, sheet)
}

/// The validity of each card type's cards, in order, without repeats.
fn sheet_windows(reqs: &[IssueRequest], printed: &[(CardTypeId, (Day, Day))]) -> Vec<(Day, Day)> {
    let mut windows = Vec::new();
    for req in reqs {
        if let Some((_, w)) = printed.iter().find(|(ct, _)| *ct == req.card_type)
            && !windows.contains(w)
        {
            windows.push(*w);
        }
    }
    windows
}

/// `Content-Disposition` of a sheet made on `day`.
fn attachment(sheet: &Sheet) -> String {
    format!("attachment; filename=\"{}\"", sheet_filename(sheet))
}

fn sheet_filename(sheet: &Sheet) -> String {
    format!("aktivitetskort-{}-{}.pdf", sheet.made.oslo_day(), sheet.count)
}

fn pdf_response(sheet: &Sheet) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, attachment(sheet)),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        sheet.pdf.to_vec(),
    )
        .into_response()
}

/// Hold the sheet for this session and show the page that says it is
/// ready (post/redirect/get); a sheet that cannot be held is sent at once.
fn hand_out(state: &Shared, ctx: &Ctx, sheet: Sheet) -> Result<Response, AppError> {
    let Some(session) = &ctx.session_id else { return Ok(pdf_response(&sheet)) };
    let too_large = sheet.pdf.len() > crate::held_sheets::MAX_BYTES;
    if too_large {
        return Ok(pdf_response(&sheet));
    }
    let id = state.sheets.hold(session, sheet).map_err(|e| ctx.internal(e))?;
    Ok(axum::response::Redirect::to(&format!("/issue/sheets/{id}")).into_response())
}

/// The held sheet `id` of this request's session, or 404.
fn held(state: &Shared, ctx: &Ctx, id: &str) -> Result<std::sync::Arc<Sheet>, AppError> {
    ctx.require(Role::Caseworker)?;
    let session = ctx.session_id.as_deref().unwrap_or_default();
    state.sheets.get(session, id, state.now()).ok_or_else(|| ctx.error(super::error::AppErrorKind::NotFound))
}

/// `GET /issue/sheets/{id}`: the issue page, saying the sheet is ready,
/// with its download link (again within the session).
pub async fn sheet_ready(State(state): State<Shared>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let sheet = held(&state, &ctx, &id)?;
    let t = ctx.t;
    let windows: Vec<String> = sheet.windows.iter().map(|w| window_words(t, *w)).collect();
    let text = t.format(
        "issue-sheet-ready",
        &[("count", sheet.count.into()), ("validity", windows.join(&format!(" {} ", t.get("word-and"))).into())],
    );
    let ready = ReadyView { text, href: format!("/issue/sheets/{id}/pdf"), filename: sheet_filename(&sheet) };
    render_page(&state, &ctx, &IssueForm::default(), (None, Some(ready)), false)
}

/// `GET /issue/sheets/{id}/pdf`: the held sheet (no-store), as often as
/// needed within the session.
pub async fn sheet_pdf(State(state): State<Shared>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let sheet = held(&state, &ctx, &id)?;
    Ok(pdf_response(&sheet))
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardPage {
    t: &'static Messages,
    nav: Nav,
    svg: String,
    svg_b64: String,
    png_b64: String,
    card_number: String,
    card_type: String,
    validity: String,
    url: String,
    journal: String,
}

/// One card on screen: QR (inline SVG, and PNG/SVG downloads as data URLs,
/// so nothing is kept to serve later), the phone link and a journal note.
fn single_card(
    ctx: &Ctx,
    cards: Vec<crate::issue::IssuedCard>,
    catalogue: &shared::model::Catalogue,
) -> Result<Response, AppError> {
    use base64::Engine as _;
    let card = cards.into_iter().next().ok_or_else(|| ctx.internal("no card was signed"))?;
    let qr = shared::qr::encode(&card.qr_text).map_err(|e| ctx.internal(format!("card {}: {e}", card.card_number)))?;
    let svg = qr.to_svg();
    let png = qr.to_png(10);
    let card_type = catalogue
        .card_type(CardTypeId(card.card_type))
        .map(|ct| name_in(&ct.names, ctx.lang.tag()).to_string())
        .unwrap_or_default();
    let nb = |d: &str| Day::parse(d).map(Day::display_nb).unwrap_or_else(|_| d.to_string());
    let (from, until) = (nb(&card.valid_from), nb(&card.valid_until));
    let journal = journal_note(ctx.t, &card, &card_type);
    let b64 = base64::engine::general_purpose::STANDARD;
    let p = CardPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        svg_b64: b64.encode(svg.as_bytes()),
        svg,
        png_b64: b64.encode(&png),
        card_number: card.card_number,
        card_type,
        validity: format!("{from}–{until}"),
        url: card.url,
        journal,
    };
    page(ctx, p, None)
}
