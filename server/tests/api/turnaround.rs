//! Manufacturing turnaround over HTTP: a centre's treatments as monthly figures per product
//! and model, for the centre's nurses only.
use crate::helpers::{audited, call, Kind};
use crate::on_both_databases;
use crate::timeline::{read, ward, Ward};
use app::{
    api::turnaround::TurnaroundView,
    domain::{role::Role, timeline::MilestoneKind, turnaround::Model},
};
use chrono::NaiveDate;
use reqwest::Client;

on_both_databases!(the_centre_s_nurses_see_each_product_s_turnaround_by_month);

async fn turnaround(client: &Client, w: &Ward) -> (u16, Option<TurnaroundView>) {
    let (status, body) = call(client, &w.app, "desk/turnaround", &[]).await;
    (status, serde_json::from_str(&body).ok())
}

fn done_on(view: &app::api::timeline::TimelineView, kind: MilestoneKind) -> NaiveDate {
    crate::timeline::date_of(view, kind)
}

async fn the_centre_s_nurses_see_each_product_s_turnaround_by_month(kind: Kind) {
    let w = ward(kind).await;
    crate::silence::infused_days_ago(&w, "ORD-TURN-1", 3).await;
    let view = read(&w.nurse, &w).await.1.expect("the timeline");
    let collected = done_on(&view, MilestoneKind::Apheresis);
    let released = done_on(&view, MilestoneKind::ProductReleased);
    let infused = done_on(&view, MilestoneKind::Infusion);

    let (status, seen) = turnaround(&w.nurse, &w).await;
    assert_eq!(status, 200);
    let seen = seen.expect("figures");
    assert_eq!(seen.months.len(), 12);
    assert_eq!(seen.products.len(), 1);
    let axi = &seen.products[0];
    assert_eq!((axi.product.as_str(), axi.model), ("Yescarta", Model::Centralised));
    let month = released.format("%Y-%m").to_string();
    let figures = axi
        .months
        .iter()
        .find(|m| m.month == month)
        .expect("the month of release");
    assert_eq!(figures.releases, 1);
    assert_eq!(
        figures.collection_to_release.map(|s| s.median),
        Some((released - collected).num_days() as f64)
    );
    assert_eq!(
        figures.release_to_infusion.map(|s| s.median),
        Some((infused - released).num_days() as f64)
    );
    assert_eq!(axi.months.iter().map(|m| m.releases).sum::<usize>(), 1, "counted once");
    assert!(axi.to_release.is_some(), "drawn");
    assert_eq!(audited(&w.app, "desk.turnaround").await, 1);

    // Another centre's nurse sees none of it; the patient and nobody signed in, nothing.
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    assert_eq!(turnaround(&stranger, &w).await.1.map(|v| v.products.len()), Some(0));
    let ann = w.app.signed_in("ann@example.org").await;
    assert_eq!(turnaround(&ann, &w).await.0, 403);
    assert_eq!(turnaround(&crate::helpers::client(), &w).await.0, 401);
}
