//! A venue's ticket budgets on its edit page: the list, a form to set one
//! (offer, count, period) and a button to remove each. The rules are
//! [`crate::catalogue::budgets`]'s; this file reads the form.

use super::{admin_form, apply, refusal_text, saved};
use crate::i18n::Messages;
use crate::web::Shared;
use crate::web::ctx::{Ctx, see_other};
use crate::web::error::{AppError, AppErrorKind};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use shared::model::{Catalogue, Period, Venue, VenueBudget, name_in};

/// What the venue edit page shows of its budgets.
#[derive(Debug, Clone, Default)]
pub struct BudgetForm {
    /// (offer id, period code, "Svømming: 100 per år").
    pub rows: Vec<(String, &'static str, String)>,
    /// The offers given at the venue: (id, name).
    pub offers: Vec<(String, String)>,
    /// The calendar periods: (code, name).
    pub periods: Vec<(&'static str, String)>,
}

impl BudgetForm {
    /// The budgets of `venue` in `cat`, named in `t`'s language.
    pub fn of(cat: &Catalogue, venue: &Venue, t: &Messages) -> BudgetForm {
        let lang = t.lang().tag();
        let mut offers: Vec<(String, String)> = Vec::new();
        for b in cat.card_types.iter().flat_map(|ct| ct.benefits_at(&venue.id)) {
            if !offers.iter().any(|(id, _)| *id == b.id) {
                offers.push((b.id.clone(), name_in(&b.names, lang).to_string()));
            }
        }
        let name = |id: &str| offers.iter().find(|(o, _)| o == id).map_or(id.to_string(), |(_, n)| n.clone());
        let rows = venue
            .budgets
            .iter()
            .map(|b| {
                let per = t.get(&format!("period-{}", b.per.code()));
                (b.benefit.clone(), b.per.code(), format!("{}: {} / {per}", name(&b.benefit), b.count))
            })
            .collect();
        let periods = [Period::Day, Period::Week, Period::Month, Period::Year]
            .into_iter()
            .map(|p| (p.code(), t.get(&format!("period-{}", p.code()))))
            .collect();
        BudgetForm { rows, offers, periods }
    }
}

/// `POST /admin/venues/budgets`: `id` (the venue), `benefit`, `per`, and
/// `count` to set a budget, or `remove=yes` to remove it.
pub async fn venue_budget(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().to_string();
    let benefit = f.get("benefit").trim().to_string();
    let per = Period::from_code(f.get("per").trim());
    let remove = f.get("remove") == "yes";
    let count = f.get("count").trim().parse::<u32>().ok();
    let result = apply(&state, &ctx, &admin, |d| match (per, count, remove) {
        (Some(per), _, true) => d.remove_budget(&id, &benefit, per),
        (Some(per), Some(count), false) => d.set_budget(&id, VenueBudget { benefit: benefit.clone(), count, per }),
        _ => Err(crate::catalogue::Refusal::Budget),
    })?;
    match result {
        Ok(((), version)) => {
            let target =
                format!("/admin/venues/edit?id={}", form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>());
            Ok(see_other(&target, &saved(&ctx, version)))
        }
        Err(refusal) => {
            let message = refusal_text(&ctx, &refusal);
            super::edit::venue_edit_page(&state, &ctx, &id, None, Some(message))?
                .ok_or_else(|| ctx.error(AppErrorKind::NotFound))
        }
    }
}
