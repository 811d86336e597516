//! The timeline's guards over HTTP: bad changes are refused and change nothing, only the
//! patient's own people read it, a closed treatment is frozen, and times follow the reader.
use crate::helpers::{call, count, Kind};
use crate::on_both_databases;
use crate::timeline::{change, date_of, read, start, today, ward};
use app::domain::{
    role::Role,
    timeline::{MilestoneKind, MilestoneStatus},
};
use chrono::{Days, NaiveDate};

on_both_databases!(
    bad_changes_are_refused_with_a_reason_and_nothing_changes,
    only_the_patient_their_caregivers_and_their_nurses_read_the_timeline,
    a_closed_treatment_is_frozen,
    a_patient_abroad_reads_times_in_their_own_time_zone,
);

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
