//! The administrator's usage overview, and the routes of venue keys and
//! reports:
//!
//! - `GET /admin/usage?month=YYYY-MM`: cards issued (from the issuer's own
//!   counts) and visits (from the venues' reports) as charts drawn here as
//!   SVG with `plotters`, each with a table of exactly its numbers; readable
//!   without JavaScript. `POST /admin/usage` uploads a venue's exported
//!   report file (the same checks and answers as `POST /reports`).
//! - `GET /admin/usage/settlement.csv?month=&venue=` and
//!   `GET /admin/usage/overview.csv?month=`.
//!
//! Every number comes from stored counts: no card, token id or person is
//! behind them. The page and the overview CSV show them as
//! [`crate::usage_overview::overview`] suppressed them (no small cells, see
//! [`crate::cells`]); this module only renders. The settlement CSV goes to
//! the venue, which knows its own numbers: it stays exact, and says so.

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form_page};
use super::reports::receive_report;
use crate::accounts::Role;
use crate::cells::Shown;
use crate::csv::Csv;
use crate::i18n::Messages;
use crate::usage_overview::{Counts, QuotaLine, UseLine, benefit_name, overview, type_name, venue_name};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::{Day, Month};

/// Largest `POST /admin/usage` body: a report file and the form around it.
pub const MAX_UPLOAD_BODY: usize = super::reports::MAX_REPORT_BODY + 64 * 1024;

/// The routes of venue keys, reports and the usage overview, each with its
/// own body limit.
pub fn routes() -> axum::Router<Shared> {
    use super::reports::{self, MAX_KEY_BODY, MAX_REPORT_BODY};
    use axum::extract::DefaultBodyLimit;
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/venue-keys", post(reports::venue_keys).layer(DefaultBodyLimit::max(MAX_KEY_BODY)))
        .route("/reports", post(reports::reports).layer(DefaultBodyLimit::max(MAX_REPORT_BODY)))
        .route("/admin/venue-keys", get(super::venue_keys::venue_keys).post(super::venue_keys::venue_key_action))
        .route("/admin/usage", get(usage).post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY)))
        .route("/admin/usage/settlement.csv", get(settlement_csv))
        .route("/admin/usage/overview.csv", get(overview_csv))
}

/// The query's fields (first of each name).
fn query_field(q: &Option<String>, name: &str) -> Option<String> {
    form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes())
        .take(20)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.chars().take(100).collect())
}

// --------------------------------------------------------------- charts

const COLOURS: [(u8, u8, u8); 8] = [
    (0x1f, 0x5f, 0xa8),
    (0xc2, 0x41, 0x0c),
    (0x15, 0x80, 0x3d),
    (0x7e, 0x22, 0xce),
    (0xa1, 0x62, 0x07),
    (0x0e, 0x74, 0x90),
    (0xbe, 0x12, 0x3c),
    (0x4b, 0x55, 0x63),
];

/// Give the chart its accessible name (the caption of its table) and a
/// class for the stylesheet.
fn labelled(svg: String, caption_id: &str) -> String {
    svg.replacen("<svg ", &format!("<svg class=\"chart\" role=\"img\" aria-labelledby=\"{caption_id}\" "), 1)
}

/// Horizontal bars, one per label, the first on top.
fn bar_chart(labels: &[String], values: &[u64], caption_id: &str) -> Result<String, String> {
    use plotters::prelude::*;
    // Two slots at least: plotters draws nothing on a one-value axis (an
    // empty slot below a single bar).
    let n = labels.len().max(2);
    let height = 50 + 34 * n as u32;
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(4).clamp(6, 40) as u32 * 8 + 14;
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    // Positions bottom to top: the last item first.
    let rows: Vec<usize> = (0..n).rev().collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0u64..max + max / 10 + 1, rows.as_slice().into_segmented())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(**i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|v| v.to_string())
            .label_style(("sans-serif", 17))
            .draw()
            .map_err(|e| e.to_string())?;
        let (r, g, b) = COLOURS[0];
        chart
            .draw_series(
                Histogram::horizontal(&chart)
                    .style(RGBColor(r, g, b).filled())
                    .margin(6)
                    .data(values.iter().enumerate().filter_map(|(i, v)| Some((rows.iter().find(|r| **r == i)?, *v)))),
            )
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(labelled(svg, caption_id))
}

/// One line per card type over the months.
fn line_chart(months: &[String], series: &[(String, Vec<u64>)], caption_id: &str) -> Result<String, String> {
    use plotters::prelude::*;
    let n = months.len().max(1);
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(36)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(0..n - 1, 0u64..max + max / 4 + 1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(n)
            .x_label_formatter(&|i| months.get(*i).cloned().unwrap_or_default())
            .y_label_formatter(&|v| v.to_string())
            .label_style(("sans-serif", 16))
            .draw()
            .map_err(|e| e.to_string())?;
        for (k, (name, values)) in series.iter().enumerate() {
            let (r, g, b) = COLOURS[k % COLOURS.len()];
            let colour = RGBColor(r, g, b);
            chart
                .draw_series(LineSeries::new(values.iter().enumerate().map(|(i, v)| (i, *v)), colour.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(name.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 16))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(labelled(svg, caption_id))
}

// ----------------------------------------------------------------- page

#[derive(Template)]
#[template(path = "usage.html")]
struct UsagePage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    month: String,
    notice: Option<String>,
    error: Option<String>,
    /// What `< N` and `x` mean.
    suppressed_note: String,
    /// Card types and agencies whose counts will mostly be hidden.
    warnings: Vec<String>,
    issued_chart: String,
    issued_caption: String,
    type_names: Vec<String>,
    /// Month, then cards per card type.
    issued_rows: Vec<(String, Vec<Shown>)>,
    venue_chart: String,
    venue_caption: String,
    venues: Vec<UseLine>,
    venue_total: (Shown, Shown),
    benefit_chart: String,
    benefit_caption: String,
    benefits: Vec<UseLine>,
    agency_caption: String,
    issued_month: Vec<(String, String, Shown)>,
    quota_caption: String,
    quota: Vec<QuotaLine>,
    reporting_caption: String,
    /// Every venue of the catalogue and its reports.
    reporting: Vec<ReportingLine>,
    /// Ticket budgets per venue and offer, as they stand today.
    budgets: Vec<crate::usage_budgets::BudgetLine>,
}

/// A venue's line in the table of reports.
struct ReportingLine {
    name: String,
    /// The day its last report arrived, or that it never sent one.
    last: String,
    /// "Report for November received" / "No report for November".
    status: String,
    /// No report covers the month.
    missing: bool,
}

/// Every venue of the catalogue with the day of its last report and
/// whether one covers `month` (a venue that sent none is named, not left
/// out).
fn reporting_lines(state: &Shared, ctx: &Ctx, month: Month) -> Result<Vec<ReportingLine>, AppError> {
    let t = ctx.t;
    let (first, last) = month.days();
    let store = state.store();
    let seen = store.usage().reports_seen(first, last).map_err(|e| ctx.internal(e))?;
    let name = t.get(&format!("month-{}", month.number()));
    let lines = crate::usage::reporting(store.catalogue(), &seen)
        .into_iter()
        .map(|v| ReportingLine {
            name: v.name,
            last: v.last_report.map_or_else(|| t.get("usage-report-never"), Day::display_nb),
            status: t
                .get_with(if v.reported { "usage-report-received" } else { "usage-no-report" }, &[("month", &name)]),
            missing: !v.reported,
        })
        .collect();
    Ok(lines)
}

fn usage_page(
    state: &Shared,
    ctx: &Ctx,
    month: Month,
    notice: Option<String>,
    error: Option<String>,
    refused: bool,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let t = ctx.t;
    let counts = Counts::load(&state.store(), month).map_err(|e| ctx.internal(e))?;
    let o = overview(counts, t, state.threshold);
    let budgets = crate::usage_budgets::budget_lines(&state.store(), state.now().oslo_day(), t, state.threshold)
        .map_err(|e| ctx.internal(e))?;
    let m = o.month.to_string();
    let months: Vec<String> = o.issued_12.iter().map(|(m, _)| m.to_string()).collect();
    // Charts draw shown counts only: a hidden one is drawn as 0.
    let series: Vec<(String, Vec<u64>)> = o
        .card_types
        .iter()
        .enumerate()
        .map(|(k, (_, name))| (name.clone(), o.issued_12.iter().map(|(_, v)| v[k].chart_value()).collect()))
        .collect();
    let issued_chart = line_chart(&months, &series, "cap-issued").map_err(|e| ctx.internal(format!("chart: {e}")))?;
    let names = |l: &[UseLine]| l.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    let visits = |l: &[UseLine]| l.iter().map(|u| u.visits.chart_value()).collect::<Vec<_>>();
    let venue_chart = bar_chart(&names(&o.venues), &visits(&o.venues), "cap-venues")
        .map_err(|e| ctx.internal(format!("chart: {e}")))?;
    let benefit_chart = bar_chart(&names(&o.benefits), &visits(&o.benefits), "cap-benefits")
        .map_err(|e| ctx.internal(format!("chart: {e}")))?;
    let threshold = o.threshold.get().to_string();
    let small = |key: &str, name: &String| t.get_with(key, &[("name", name), ("threshold", &threshold)]);
    let warnings = (o.small_types.iter().map(|n| small("usage-small-type", n)))
        .chain(o.small_agencies.iter().map(|n| small("usage-small-agency", n)))
        .collect();
    let p = UsagePage {
        t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        notice,
        error: error.clone(),
        suppressed_note: t.get_with("usage-suppressed", &[("threshold", &threshold)]),
        warnings,
        issued_chart,
        issued_caption: t
            .get_with("usage-issued-caption", &[("from", &months.first().cloned().unwrap_or_default()), ("until", &m)]),
        type_names: o.card_types.iter().map(|(_, n)| n.clone()).collect(),
        issued_rows: o.issued_12.iter().map(|(m, v)| (m.to_string(), v.clone())).collect(),
        venue_chart,
        venue_caption: t.get_with("usage-venues-caption", &[("month", &m)]),
        venues: o.venues,
        venue_total: o.venue_total,
        benefit_chart,
        benefit_caption: t.get_with("usage-benefits-caption", &[("month", &m)]),
        benefits: o.benefits,
        agency_caption: t.get_with("usage-agency-caption", &[("month", &m)]),
        issued_month: o.issued_month,
        quota_caption: t.get_with("usage-quota-caption", &[("month", &m)]),
        quota: o.quota,
        reporting_caption: t.get_with("usage-reporting-caption", &[("month", &m)]),
        reporting: reporting_lines(state, ctx, month)?,
        budgets,
        month: m,
    };
    form_page(ctx, p, refused)
}

/// The month asked for, the current (Oslo) month if none, or the current
/// month and a message when the text is not a month.
fn month_of_query(state: &Shared, ctx: &Ctx, q: &Option<String>) -> (Month, Option<String>) {
    let current = Month::of(state.now().oslo_day());
    match query_field(q, "month").filter(|m| !m.trim().is_empty()) {
        None => (current, None),
        Some(text) => match Month::parse(&text) {
            Some(m) => (m, None),
            None => (current, Some(ctx.t.get_with("usage-bad-month", &[("month", &current.to_string())]))),
        },
    }
}

/// `GET /admin/usage?month=YYYY-MM`.
pub async fn usage(State(state): State<Shared>, ctx: Ctx, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let (month, error) = month_of_query(&state, &ctx, &q);
    usage_page(&state, &ctx, month, ctx.flash.clone(), error, false)
}

/// `POST /admin/usage` (multipart): upload a report file exported at a
/// venue. The CSRF field comes first in the form.
pub async fn upload(
    State(state): State<Shared>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let bad = || ctx.error(AppErrorKind::BadRequest);
    let mut multipart = multipart.map_err(|_| bad())?;
    let mut csrf = None;
    let mut file: Option<Vec<u8>> = None;
    let too_large = |e: &axum::extract::multipart::MultipartError| e.status() == StatusCode::PAYLOAD_TOO_LARGE;
    let mut over_limit = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if too_large(&e) => {
                over_limit = true;
                break;
            }
            Err(_) => return Err(bad()),
        };
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(|_| bad())?.chars().take(200).collect::<String>()),
            Some("report") => {
                // The CSRF token is checked before the file is read.
                ctx.check_csrf(csrf.as_deref().unwrap_or(""))?;
                match field.bytes().await {
                    Ok(bytes) => file = Some(bytes.to_vec()),
                    Err(e) if too_large(&e) => {
                        over_limit = true;
                        break;
                    }
                    Err(_) => return Err(bad()),
                }
            }
            _ => {}
        }
    }
    // A body over the limit may end before its CSRF field was read; it
    // changes nothing, so only the message is shown.
    if over_limit {
        ctx.require(Role::Admin)?;
        let max = shared::report::MAX_REPORT_BYTES.to_string();
        let message = ctx.t.get_with("report-too-large", &[("max", &max)]);
        return usage_page(&state, &ctx, Month::of(state.now().oslo_day()), None, Some(message), true);
    }
    ctx.check_csrf(csrf.as_deref().unwrap_or(""))?;
    ctx.require(Role::Admin)?;
    let current = Month::of(state.now().oslo_day());
    let file = file.filter(|f| !f.is_empty());
    let Some(file) = file else {
        return usage_page(&state, &ctx, current, None, Some(ctx.t.get("usage-upload-none")), true);
    };
    let answer = receive_report(&state, ctx.t, &file);
    if let Some(detail) = &answer.detail {
        return Err(ctx.internal(detail));
    }
    if answer.ok() {
        let month = answer
            .report_id
            .as_deref()
            .and_then(|id| id.split('/').nth(1))
            .and_then(|d| Day::parse(d).ok())
            .map_or(current, Month::of);
        return Ok(see_other(&format!("/admin/usage?month={month}"), &answer.message));
    }
    usage_page(&state, &ctx, current, None, Some(answer.message), true)
}

// ------------------------------------------------------------------ CSV

fn csv_response(filename: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// The month of a CSV link: required, or a 400 page.
fn csv_month(ctx: &Ctx, q: &Option<String>) -> Result<Month, AppError> {
    query_field(q, "month").and_then(|m| Month::parse(&m)).ok_or_else(|| ctx.error(AppErrorKind::BadRequest))
}

/// `GET /admin/usage/settlement.csv?month=YYYY-MM&venue=ID`: one venue's
/// visits and companions per day, card type and benefit, exact: it goes to
/// the venue, which knows its own numbers (the headings of the two count
/// columns say so).
pub async fn settlement_csv(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let month = csv_month(&ctx, &q)?;
    let venue = query_field(&q, "venue")
        .filter(|v| shared::model::is_valid_slug(v))
        .ok_or_else(|| ctx.error(AppErrorKind::BadRequest))?;
    let (first, last) = month.days();
    let store = state.store();
    let rows = store.usage().usage_rows(first, last).map_err(|e| ctx.internal(e))?;
    let cat = store.catalogue().clone();
    drop(store);
    let lang = ctx.lang.tag();
    let t = ctx.t;
    let mut out = Csv::for_lang(ctx.lang);
    out.line(&[
        &t.get("csv-day"),
        &t.get("csv-venue-id"),
        &t.get("csv-venue"),
        &t.get("csv-card-type-id"),
        &t.get("csv-card-type"),
        &t.get("csv-benefit-id"),
        &t.get("csv-benefit"),
        &t.get("csv-visits"),
        &t.get("csv-companions"),
    ]);
    let name = venue_name(&cat, &venue);
    for r in rows.iter().filter(|r| r.venue_id == venue) {
        out.line(&[
            &r.day.to_string(),
            &r.venue_id,
            &name,
            &r.card_type.0.to_string(),
            &type_name(&cat, lang, r.card_type),
            &r.benefit,
            &benefit_name(&cat, lang, r.card_type, &r.benefit),
            &r.visits.to_string(),
            &r.companions.to_string(),
        ]);
    }
    Ok(csv_response(&format!("oppgjor-{venue}-{month}.csv"), out.finish()))
}

/// The overview CSV's columns (Fluent `csv-overview-…` names their headings).
const OVERVIEW_COLUMNS: [&str; 11] =
    ["section", "month", "agency", "venue", "card_type", "benefit", "cards", "visits", "companions", "quota", "share"];

/// `GET /admin/usage/overview.csv?month=YYYY-MM`: every table of the usage
/// page, one `section` each.
pub async fn overview_csv(State(state): State<Shared>, ctx: Ctx, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let month = csv_month(&ctx, &q)?;
    let counts = Counts::load(&state.store(), month).map_err(|e| ctx.internal(e))?;
    let o = overview(counts, ctx.t, state.threshold);
    let mut out = Csv::for_lang(ctx.lang);
    // Headings in the page's language; the first column's section codes
    // stay the same in every language.
    let header = OVERVIEW_COLUMNS.map(|c| ctx.t.get(&format!("csv-overview-{c}")));
    out.line(&header.each_ref().map(String::as_str));
    let m = month.to_string();
    for (mm, counts) in &o.issued_12 {
        for ((_, name), n) in o.card_types.iter().zip(counts) {
            out.line(&["cards_issued", &mm.to_string(), "", "", name, "", &n.to_string(), "", "", "", ""]);
        }
    }
    for (agency, ct, n) in &o.issued_month {
        out.line(&["cards_issued_by_agency", &m, agency, "", ct, "", &n.to_string(), "", "", "", ""]);
    }
    for v in &o.venues {
        let (visits, companions) = (v.visits.to_string(), v.companions.to_string());
        out.line(&["visits_by_venue", &m, "", &v.name, "", "", "", &visits, &companions, "", ""]);
    }
    for b in &o.benefits {
        let (visits, companions) = (b.visits.to_string(), b.companions.to_string());
        out.line(&["visits_by_benefit", &m, "", "", "", &b.name, "", &visits, &companions, "", ""]);
    }
    for q in &o.quota {
        let (issued, visits, allowance) = (q.issued.to_string(), q.visits.to_string(), q.allowance.to_string());
        let quota = format!("{} ({allowance})", q.quota);
        out.line(&["quota_share", &m, "", "", &q.card_type, &q.benefit, &issued, &visits, "", &quota, &q.share]);
    }
    Ok(csv_response(&format!("bruk-{month}.csv"), out.finish()))
}
