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
use crate::family_text::FamilyLang;
use crate::i18n::Messages;
use crate::issue::{IssueRequest, MAX_COUNT, QrForm, issue_cards};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
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
    /// The families' languages for the sheet's third phone line (tag, own
    /// name, selected).
    phone_langs: Vec<(&'static str, &'static str, bool)>,
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
    /// The language of the sheet's third phone line (a family language
    /// tag; Ukrainian when empty or unknown).
    #[serde(default)]
    phone_lang: String,
}

/// The third phone line's language chosen in the form.
fn phone_lang(f: &IssueForm) -> FamilyLang {
    FamilyLang::ALL.into_iter().find(|l| l.tag() == f.phone_lang).unwrap_or(FamilyLang::Uk)
}

fn render(state: &Shared, ctx: &Ctx, f: &IssueForm, error: Option<String>) -> Result<Response, AppError> {
    let user = ctx.require(Role::Caseworker)?;
    let selected: Option<u16> = f.card_type.trim().parse().ok();
    let card_types = state
        .store()
        .catalogue()
        .card_types
        .iter()
        .map(|ct| CardTypeOption {
            id: ct.id.0,
            name: name_in(&ct.names, ctx.lang.tag()).to_string(),
            selected: Some(ct.id.0) == selected,
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
        phone_langs: FamilyLang::ALL.iter().map(|l| (l.tag(), l.native_name(), *l == phone_lang(f))).collect(),
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
pub(super) fn refusal(t: &Messages, e: &IssuerError) -> Option<(&'static str, String)> {
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

/// `POST /issue`: sign the cards and send the sheet.
pub async fn issue_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<IssueForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require(Role::Caseworker)?.clone();
    let t = ctx.t;
    let invalid = |msg: String| render(&state, &ctx, &f, Some(msg));
    let Ok(card_type) = f.card_type.trim().parse::<u16>() else {
        return invalid(t.get("issue-error-card-type"));
    };
    let count = match f.count.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_COUNT).contains(&n) => n,
        _ => return invalid(t.get("issue-error-count")),
    };
    let (Ok(valid_from), Ok(valid_until)) = (date_field(&f.valid_from), date_field(&f.valid_until)) else {
        return invalid(t.get("issue-error-date"));
    };
    let single = f.output == "card";
    if single && count != 1 {
        return invalid(t.get("issue-error-one"));
    }
    let req = IssueRequest { card_type: CardTypeId(card_type), count, valid_from, valid_until, qr_form: QrForm::Url };
    let now = state.now();
    // Sign under the lock (fast), draw the PDF outside it (up to a second).
    let signed = {
        let store = state.store();
        issue_cards(store.catalogue(), store.ring(), &req, now.oslo_day())
            .map(|cards| (cards, store.catalogue().clone()))
    };
    let (cards, catalogue) = match signed {
        Ok(x) => x,
        Err(e) => match refusal(t, &e) {
            Some((_, message)) => return invalid(message),
            None => return Err(ctx.internal(e)),
        },
    };
    let agency = user.agency_id.unwrap_or(0);
    if single {
        // Counted (never stored) before the card is shown.
        state.record_issuance(req.card_type, 1, agency, &user.username, now).await.map_err(|e| ctx.internal(e))?;
        return single_card(&ctx, cards, &catalogue);
    }
    let lang = ctx.lang;
    let hints: Vec<String> = crate::pdf::hint_languages_with(lang, phone_lang(&f))
        .iter()
        .map(|l| state.family_texts(*l).get("sheet-phone-hint"))
        .collect();
    let pdf = tokio::task::spawn_blocking(move || crate::pdf::card_sheet_with_hints(&cards, &catalogue, lang, &hints))
        .await
        .map_err(|e| ctx.internal(e))?
        .map_err(|e| ctx.internal(e))?;
    // Counted (never stored) before the sheet is handed out.
    state.record_issuance(req.card_type, count, agency, &user.username, now).await.map_err(|e| ctx.internal(e))?;
    let filename = format!("attachment; filename=\"aktivitetskort-{}-{count}.pdf\"", now.oslo_day());
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, filename),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        pdf,
    )
        .into_response())
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
