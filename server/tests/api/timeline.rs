//! The treatment timeline over HTTP: nurses plan and move it, patients and caregivers read
//! it, and every refusal leaves what was saved untouched.
use crate::helpers::{call, count, spawn, Kind, TestApp};
use crate::on_both_databases;
use app::{
    api::timeline::TimelineView,
    domain::{role::Role, timeline::MilestoneKind},
};
use chrono::{Days, NaiveDate};
use reqwest::Client;

on_both_databases!(
    a_nurse_starts_a_treatment_and_the_patient_sees_the_next_step,
    a_delayed_release_moves_everything_after_it_and_the_patient_is_told_why,
    the_nurse_list_shows_each_patient_stage_next_step_and_delay,
);

pub struct Ward {
    pub app: TestApp,
    pub nurse: Client,
    pub patient_id: i64,
    pub centre_id: i64,
}

/// Whether it is before 07:00 in Brussels by the server's clock: a reminder due earlier that
/// day is then still held through the quiet hours (22:00 to 07:00), and so still ahead.
pub fn before_quiet_hours_end(app: &TestApp) -> bool {
    let now = server::clock::Clock::now(&*app.clock);
    let zone = server::zones::zone_or_utc("Europe/Brussels");
    server::zones::local(now, zone).is_some_and(|(_, time, _)| time.as_str() < "07:00")
}

pub fn today() -> NaiveDate {
    server::zones::today_in(server::zones::zone_or_utc("Europe/Brussels"))
}

/// A centre, its nurse signed in, and one enrolled patient.
pub async fn ward(kind: Kind) -> Ward {
    ward_on(spawn(kind).await).await
}

/// The same, on a server the test started.
pub async fn ward_on(app: TestApp) -> Ward {
    let centre_id = app.centre("Leuven").await;
    app.user(Role::Nurse, "nurse@leuven.example", Some(centre_id)).await;
    let patient_id = app.user(Role::Patient, "ann@example.org", Some(centre_id)).await;
    let nurse = app.signed_in("nurse@leuven.example").await;
    Ward {
        app,
        nurse,
        patient_id,
        centre_id,
    }
}

pub async fn start(w: &Ward, product: &str, reference: &str) -> (u16, String) {
    let id = w.patient_id.to_string();
    let start_on = today().to_string();
    call(
        &w.nurse,
        &w.app,
        "timeline/start",
        &[
            ("patient_id", &id),
            ("form[product_id]", product),
            ("form[order_reference]", reference),
            ("form[start_on]", &start_on),
        ],
    )
    .await
}

pub async fn read(client: &Client, w: &Ward) -> (u16, Option<TimelineView>) {
    let (status, body) = call(
        client,
        &w.app,
        "timeline/read",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

pub fn date_of(view: &TimelineView, kind: MilestoneKind) -> NaiveDate {
    let t = view.treatment.as_ref().expect("a treatment");
    let m = t.milestones.iter().find(|m| m.kind == kind).expect("milestone");
    m.date.parse().expect("an ISO date")
}

pub async fn change(w: &Ward, version: i64, milestone: &str, action: &str, date: &str, reason: &str) -> (u16, String) {
    change_with(w, version, (milestone, action, date, reason), &[]).await
}

/// As [`change`], with more fields of the form (`form[delay_reason]`, say).
pub async fn change_with(
    w: &Ward,
    version: i64,
    (milestone, action, date, reason): (&str, &str, &str, &str),
    more: &[(&str, &str)],
) -> (u16, String) {
    let (id, version) = (w.patient_id.to_string(), version.to_string());
    let mut form = vec![
        ("patient_id", id.as_str()),
        ("form[milestone]", milestone),
        ("form[action]", action),
        ("form[date]", date),
        ("form[reason]", reason),
        ("form[version]", version.as_str()),
    ];
    form.extend_from_slice(more);
    call(&w.nurse, &w.app, "timeline/change", &form).await
}

/// A treatment of axi-cel started today, with referral, eligibility and collection done
/// today (each change sent with `more` fields too): the cells are being made.
pub async fn collected(w: &Ward, reference: &str, more: &[(&str, &str)]) -> TimelineView {
    let (status, body) = start(w, "axi-cel", reference).await;
    assert_eq!(status, 200, "{body}");
    let (_, view) = read(&w.nurse, w).await;
    let version = view.and_then(|v| v.treatment).map(|t| t.version).expect("a treatment");
    let on = today().to_string();
    for (n, key) in ["referral", "eligibility", "apheresis"].iter().enumerate() {
        let (status, body) = change_with(w, version + n as i64, (key, "done", &on, "done"), more).await;
        assert_eq!(status, 200, "{key}: {body}");
    }
    read(&w.nurse, w).await.1.expect("timeline")
}

async fn a_nurse_starts_a_treatment_and_the_patient_sees_the_next_step(kind: Kind) {
    let w = ward(kind).await;
    let (status, body) = start(&w, "axi-cel", "ORD-2026-0001").await;
    assert_eq!(status, 200, "{body}");
    let patient = w.app.signed_in("ann@example.org").await;
    let (status, view) = read(&patient, &w).await;
    assert_eq!(status, 200);
    let view = view.expect("a timeline");
    let t = view.treatment.as_ref().expect("treatment");
    assert_eq!(t.order_reference, None, "patients do not see the order reference");
    assert_eq!(
        t.milestones.len(),
        14 + 4 + 14,
        "14 steps, 4 follow-ups, yearly visits for years 2 to 15"
    );
    assert_eq!(
        (date_of(&view, MilestoneKind::Infusion) - date_of(&view, MilestoneKind::Apheresis)).num_days(),
        30
    );
    // The server-rendered page says what is next and whom to call, before any script runs.
    let page = patient
        .get(w.app.url(&format!("/patients/{}", w.patient_id)))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(page.contains("Next step"), "next step shown");
    assert!(page.contains("+32 16 33 22 11"), "hotline shown");
    assert!(page.contains("Cell collection (apheresis)"));
    let card = patient
        .get(w.app.url(&format!("/patients/{}/card", w.patient_id)))
        .send()
        .await
        .expect("card")
        .text()
        .await
        .expect("body");
    assert!(card.contains("cytokine release syndrome") && card.contains("Yescarta"));
    assert_eq!(count(&w.app, "treatments").await, 1);
}

async fn a_delayed_release_moves_everything_after_it_and_the_patient_is_told_why(kind: Kind) {
    let w = ward(kind).await;
    start(&w, "axi-cel", "ORD-2026-0002").await;
    let (_, before) = read(&w.nurse, &w).await;
    let before = before.expect("timeline");
    let version = before.treatment.as_ref().map(|t| t.version).unwrap_or(-1);
    let release = date_of(&before, MilestoneKind::ProductReleased);
    let later = release.checked_add_days(Days::new(7)).expect("date").to_string();
    // The preview says what will move, and saves nothing.
    let id = w.patient_id.to_string();
    let (status, preview) = call(
        &w.nurse,
        &w.app,
        "timeline/preview",
        &[
            ("patient_id", &id),
            ("form[milestone]", "product_released"),
            ("form[action]", "delay"),
            ("form[date]", &later),
            ("form[reason]", ""),
            ("form[version]", ""),
        ],
    )
    .await;
    assert_eq!(status, 200, "{preview}");
    assert!(
        preview.contains("\"infusion\""),
        "the preview lists the infusion: {preview}"
    );
    assert_eq!(count(&w.app, "timeline_changes").await, 0);
    let previews: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'timeline.preview'")
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit")
            .get("n")
    };
    assert_eq!(previews, 1, "a preview reads the timeline, so it is audit-logged");
    let (status, body) = change(
        &w,
        version,
        "product_released",
        "delay",
        &later,
        "Manufacturing slot moved by the site",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let patient = w.app.signed_in("ann@example.org").await;
    let (_, after) = read(&patient, &w).await;
    let after = after.expect("timeline");
    for kind in [
        MilestoneKind::ProductShipped,
        MilestoneKind::Infusion,
        MilestoneKind::StayNearCentreEnds,
        MilestoneKind::FollowUp,
    ] {
        assert_eq!(
            (date_of(&after, kind) - date_of(&before, kind)).num_days(),
            7,
            "{kind:?}"
        );
    }
    assert_eq!(
        date_of(&after, MilestoneKind::Apheresis),
        date_of(&before, MilestoneKind::Apheresis)
    );
    let notice = after
        .treatment
        .as_ref()
        .and_then(|t| t.notice.clone())
        .expect("the patient is told");
    assert_eq!(notice.kind, MilestoneKind::Infusion);
    assert_eq!(notice.reason, "Manufacturing slot moved by the site");
    let (status, history) = call(&w.nurse, &w.app, "timeline/history", &[("patient_id", &id)]).await;
    assert_eq!(status, 200);
    assert!(history.contains("Manufacturing slot moved by the site") && history.contains("nurse@leuven.example"));
    assert_eq!(count(&w.app, "timeline_changes").await, 1);
    assert!(
        count(&w.app, "milestone_history").await >= 20,
        "every moved milestone is in the history"
    );
}

async fn the_nurse_list_shows_each_patient_stage_next_step_and_delay(kind: Kind) {
    use app::{api::timeline::BoardRow, domain::timeline::Stage};
    let w = ward(kind).await;
    let waiting = w.app.user(Role::Patient, "bo@example.org", Some(w.centre_id)).await;
    let elsewhere = w.app.centre("Ghent").await;
    w.app.user(Role::Patient, "cy@example.org", Some(elsewhere)).await;
    start(&w, "axi-cel", "ORD-BOARD-1").await;
    async fn board(w: &Ward) -> Vec<BoardRow> {
        let (status, body) = call(&w.nurse, &w.app, "timeline/board", &[]).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<Vec<BoardRow>>(&body).expect("rows")
    }
    // A name with the board's field separator in it still reads back whole.
    sqlx::query("UPDATE patients SET full_name = $1 WHERE user_id = $2")
        .bind("Bo \u{1f}| Odd")
        .bind(waiting)
        .execute(&w.app.db.pool)
        .await
        .expect("rename");
    let rows = board(&w).await;
    assert_eq!(rows.len(), 2, "only this centre's patients: {rows:?}");
    assert!(rows.iter().any(|r| r.name == "Bo \u{1f}| Odd"), "{rows:?}");
    let ann = rows.iter().find(|r| r.patient_id == w.patient_id).expect("ann");
    assert_eq!(
        (ann.stage, ann.next_kind, ann.delayed),
        (Some(Stage::Preparing), Some(MilestoneKind::Referral), false)
    );
    assert_eq!(ann.next_on.as_deref(), Some(today().to_string().as_str()));
    let bo = rows.iter().find(|r| r.patient_id == waiting).expect("bo");
    assert_eq!((bo.stage, bo.next_kind), (None, None), "no treatment yet");
    // Apheresis done, release delayed: the list says so.
    let (_, view) = read(&w.nurse, &w).await;
    let version = view
        .as_ref()
        .and_then(|v| v.treatment.as_ref())
        .map(|t| t.version)
        .unwrap_or(-1);
    let today = today().to_string();
    for (n, key) in ["referral", "eligibility", "apheresis"].iter().enumerate() {
        let (status, body) = change(&w, version + n as i64, key, "done", &today, "done early").await;
        assert_eq!(status, 200, "{key}: {body}");
    }
    let (_, view) = read(&w.nurse, &w).await;
    let view = view.expect("timeline");
    let release = date_of(&view, MilestoneKind::ProductReleased)
        .checked_add_days(Days::new(4))
        .expect("date")
        .to_string();
    let version = view.treatment.as_ref().map(|t| t.version).unwrap_or(-1);
    assert_eq!(
        change(&w, version, "product_released", "delay", &release, "slot moved")
            .await
            .0,
        200
    );
    let rows = board(&w).await;
    let ann = rows.iter().find(|r| r.patient_id == w.patient_id).expect("ann");
    assert_eq!((ann.stage, ann.delayed), (Some(Stage::CellsInProduction), true));
    assert_eq!(ann.next_kind, Some(MilestoneKind::CellsShipped));
}

/// A nurse delays the infusion by this many days; answers its (old, new) dates.
pub async fn delay_infusion(w: &Ward, days: u64) -> (String, String) {
    let (_, view) = read(&w.nurse, w).await;
    let t = view.expect("timeline").treatment.expect("treatment");
    let infusion = t
        .milestones
        .iter()
        .find(|m| m.kind == app::domain::timeline::MilestoneKind::Infusion)
        .expect("infusion");
    let later =
        (NaiveDate::parse_from_str(&infusion.date, "%Y-%m-%d").expect("date") + chrono::Days::new(days)).to_string();
    let (status, body) = change(w, t.version, &infusion.key, "delay", &later, "Manufacturing slot moved").await;
    assert_eq!(status, 200, "{body}");
    (infusion.date.clone(), later)
}
