//! The treatment timeline over HTTP: nurses plan and move it, patients and caregivers read
//! it, and every refusal leaves what was saved untouched.
use crate::helpers::{call, count, spawn, Kind, TestApp};
use crate::on_both_databases;
use app::{
    api::timeline::TimelineView,
    domain::{
        role::Role,
        timeline::{MilestoneKind, MilestoneStatus},
    },
};
use chrono::{Days, NaiveDate};
use reqwest::Client;

on_both_databases!(
    a_nurse_starts_a_treatment_and_the_patient_sees_the_next_step,
    a_delayed_release_moves_everything_after_it_and_the_patient_is_told_why,
    bad_changes_are_refused_with_a_reason_and_nothing_changes,
    only_the_patient_their_caregivers_and_their_nurses_read_the_timeline,
    a_closed_treatment_is_frozen,
    a_patient_abroad_reads_times_in_their_own_time_zone,
    the_nurse_list_shows_each_patient_stage_next_step_and_delay,
);

pub struct Ward {
    pub app: TestApp,
    pub nurse: Client,
    pub patient_id: i64,
    pub centre_id: i64,
}

pub fn today() -> NaiveDate {
    server::zones::today_in(server::zones::zone_or_utc("Europe/Brussels"))
}

/// A centre, its nurse signed in, and one enrolled patient.
pub async fn ward(kind: Kind) -> Ward {
    let app = spawn(kind).await;
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
    let (id, version) = (w.patient_id.to_string(), version.to_string());
    call(
        &w.nurse,
        &w.app,
        "timeline/change",
        &[
            ("patient_id", &id),
            ("form[milestone]", milestone),
            ("form[action]", action),
            ("form[date]", date),
            ("form[reason]", reason),
            ("form[version]", &version),
        ],
    )
    .await
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

async fn bad_changes_are_refused_with_a_reason_and_nothing_changes(kind: Kind) {
    let w = ward(kind).await;
    start(&w, "academic-cd19-poc", "POC-0003").await;
    let (_, view) = read(&w.nurse, &w).await;
    let view = view.expect("timeline");
    let version = view.treatment.as_ref().map(|t| t.version).unwrap_or(-1);
    let release = date_of(&view, MilestoneKind::ProductReleased);
    let before_release = release.checked_sub_days(Days::new(3)).expect("date").to_string();
    let apheresis = date_of(&view, MilestoneKind::Apheresis);
    let before_apheresis = apheresis.checked_sub_days(Days::new(2)).expect("date").to_string();
    let far = today().checked_add_days(Days::new(400)).expect("date").to_string();
    let cases = [
        ("infusion", "confirm", before_release.as_str(), "MustFollow"),
        ("product_released", "confirm", before_apheresis.as_str(), "MustFollow"),
        ("apheresis", "confirm", far.as_str(), "TooFarFromToday"),
        ("teleportation", "confirm", before_release.as_str(), "UnknownMilestone"),
        ("infusion", "cancel", "", "CannotCancel"),
        ("infusion", "reschedule", "", "ChoiceInvalid"),
        ("infusion", "confirm", "31/12/2026", "DateInvalid"),
    ];
    for (milestone, action, date, expected) in cases {
        let (status, body) = change(&w, version, milestone, action, date, "checking").await;
        assert_eq!(status, 422, "{milestone} {action} {date}: {body}");
        assert!(body.contains(expected), "{milestone} {action} {date}: {body}");
    }
    let (status, body) = change(&w, version, "infusion", "confirm", &release.to_string(), "").await;
    assert_eq!((status, body.contains("reason")), (422, true), "{body}");
    let (status, body) = change(
        &w,
        version + 5,
        "infusion",
        "confirm",
        &release.to_string(),
        "slot booked",
    )
    .await;
    assert_eq!(status, 409, "a change made on an old version is refused: {body}");
    let (_, again) = read(&w.nurse, &w).await;
    assert_eq!(again.expect("timeline").treatment, view.treatment, "nothing changed");
    assert_eq!(count(&w.app, "timeline_changes").await, 0);
    // The order reference is the chain-of-identity id: unique, and never the patient's name.
    let other = w.app.user(Role::Patient, "bo@example.org", Some(w.centre_id)).await;
    let other_id = other.to_string();
    let today = today().to_string();
    let start_other = |reference: &'static str| {
        let (id, today) = (other_id.clone(), today.clone());
        let (nurse, app) = (&w.nurse, &w.app);
        async move {
            call(
                nurse,
                app,
                "timeline/start",
                &[
                    ("patient_id", &id),
                    ("form[product_id]", "axi-cel"),
                    ("form[order_reference]", reference),
                    ("form[start_on]", &today),
                ],
            )
            .await
        }
    };
    let (status, body) = start_other("POC-0003").await;
    assert!(status == 422 && body.contains("OrderReferenceTaken"), "{body}");
    let (status, body) = start_other("BO-EXAMPLE-7").await;
    assert!(status == 422 && body.contains("OrderReferenceHasName"), "{body}");
    let (status, body) = start(&w, "axi-cel", "ORD-NEW").await;
    assert!(status == 422 && body.contains("ActiveTreatmentExists"), "{body}");
    assert_eq!(count(&w.app, "treatments").await, 1);
}

async fn only_the_patient_their_caregivers_and_their_nurses_read_the_timeline(kind: Kind) {
    let w = ward(kind).await;
    start(&w, "cilta-cel", "ORD-BCMA-1").await;
    let other_centre = w.app.centre("Ghent").await;
    w.app.user(Role::Nurse, "nurse@ghent.example", Some(other_centre)).await;
    w.app.user(Role::Patient, "cy@example.org", Some(w.centre_id)).await;
    w.app.user(Role::Caregiver, "carer@example.org", None).await;
    for (email, expected) in [
        ("ann@example.org", 200),
        ("cy@example.org", 403),
        ("nurse@ghent.example", 403),
        ("carer@example.org", 403),
    ] {
        let client = w.app.signed_in(email).await;
        assert_eq!(read(&client, &w).await.0, expected, "{email}");
    }
    // Patients read their timeline but do not change it.
    let patient = w.app.signed_in("ann@example.org").await;
    let (status, _) = call(
        &patient,
        &w.app,
        "timeline/change",
        &[
            ("patient_id", &w.patient_id.to_string()),
            ("form[milestone]", "infusion"),
            ("form[action]", "cancel"),
            ("form[date]", ""),
            ("form[reason]", "x"),
            ("form[version]", "0"),
        ],
    )
    .await;
    assert_eq!(status, 403);
    let reads: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'timeline.read' AND patient_id = $1")
            .bind(w.patient_id)
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit")
            .get("n")
    };
    assert_eq!(reads, 1, "the one allowed read is audit-logged");
}

async fn a_closed_treatment_is_frozen(kind: Kind) {
    let w = ward(kind).await;
    start(&w, "axi-cel", "ORD-CLOSE-1").await;
    let id = w.patient_id.to_string();
    let (status, body) = call(
        &w.nurse,
        &w.app,
        "timeline/close",
        &[
            ("patient_id", &id),
            ("status", "withdrawn"),
            ("reason", "Patient chose another treatment"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, view) = read(&w.nurse, &w).await;
    let t = view.expect("timeline").treatment.expect("treatment");
    assert!(t.status.is_closed());
    let (status, body) = change(&w, t.version, "apheresis", "confirm", &today().to_string(), "too late").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("TreatmentClosed"));
    assert!(t.milestones.iter().all(|m| m.status == MilestoneStatus::Planned));
}

async fn a_patient_abroad_reads_times_in_their_own_time_zone(kind: Kind) {
    let w = ward(kind).await;
    start(&w, "axi-cel", "ORD-TZ-1").await;
    let patient = w.app.signed_in("ann@example.org").await;
    let (status, body) = call(
        &patient,
        &w.app,
        "account/time-zone/set",
        &[("time_zone", "Mars/Olympus")],
    )
    .await;
    assert!(status == 422 && body.contains("TimeZoneInvalid"), "{body}");
    let (status, body) = call(
        &patient,
        &w.app,
        "account/time-zone/set",
        &[("time_zone", "America/New_York")],
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "\"America/New_York\""));
    let (_, view) = read(&patient, &w).await;
    let view = view.expect("timeline");
    assert_eq!(view.time_zone, "America/New_York");
    // Infusion is at 10:00 at the centre in Brussels; the patient reads it in New York time,
    // which is 5 or 6 hours earlier depending on both countries' clock changes.
    let infusion = view
        .treatment
        .as_ref()
        .and_then(|t| t.milestones.iter().find(|m| m.kind == MilestoneKind::Infusion))
        .expect("infusion");
    let on: NaiveDate = infusion.date.parse().expect("date");
    let brussels = server::zones::zone_or_utc("Europe/Brussels");
    let at = server::zones::instant(on, chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("time"), brussels)
        .expect("instant");
    let (_, hm, abbr) = server::zones::local(at, server::zones::zone_or_utc("America/New_York")).expect("local");
    assert_eq!(infusion.time.as_deref(), Some(format!("{hm} {abbr}").as_str()));
    assert!(hm == "04:00" || hm == "05:00", "{hm}");
    // Empty goes back to the centre's zone.
    let (_, body) = call(&patient, &w.app, "account/time-zone/set", &[("time_zone", "")]).await;
    assert_eq!(body, "\"Europe/Brussels\"");
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
