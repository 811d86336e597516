//! The manufacturing turnaround page: the centre's treatments as courses, worked into
//! monthly figures and charts by `app::domain::turnaround`. Only the centre's nurses read it;
//! it names no patient, so one audit entry records the read.
use super::{audit_entry, flags::nurse_centre, Services};
use crate::{
    storage::{audit, turnaround as store},
    zones,
};
use app::{
    api::turnaround::{ProductTurnaround, TurnaroundView, MONTHS},
    backend::RequestContext,
    domain::turnaround::{band_chart, last_months, turnaround},
    error::AppError,
};

pub async fn view(services: &Services, request: &RequestContext) -> Result<TurnaroundView, AppError> {
    let centre_id = nurse_centre(&request.viewer()?.actor)?;
    let zone = super::timeline_views::centre_zone(services, centre_id).await?;
    let months = last_months(zones::today_in(zone), MONTHS);
    let courses = store::courses(&services.db, centre_id).await?;
    audit::record(&services.db, audit_entry(request, "desk.turnaround")).await?;
    let products = turnaround(&courses, &months)
        .into_iter()
        .map(|series| {
            let chart = |pick: fn(&app::domain::turnaround::Month) -> _| {
                band_chart(&series.months.iter().map(pick).collect::<Vec<_>>())
            };
            ProductTurnaround {
                product: services
                    .catalogue
                    .product(&series.product)
                    .map(|p| p.name.split(" (").next().unwrap_or_default().to_string())
                    .unwrap_or_else(|| series.product.clone()),
                model: series.model,
                to_release: chart(|m| m.collection_to_release),
                to_infusion: chart(|m| m.release_to_infusion),
                months: series.months,
            }
        })
        .collect();
    Ok(TurnaroundView { months, products })
}
