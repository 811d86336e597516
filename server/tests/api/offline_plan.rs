//! "Keep my plan on this phone": what a patient's or caregiver's phone may keep, never
//! staff's, each patient in it audit-logged as read.
use crate::helpers::{call, client, Kind};
use crate::offline_checkins::waiting_for_two_weeks;
use crate::on_both_databases;
use crate::timeline::ward;
use app::{api::offline::OfflinePlan, domain::role::Role};

on_both_databases!(
    a_patient_and_a_caregiver_keep_the_plan_and_staff_get_none,
    signing_out_with_answers_waiting_leaves_the_phone_s_storage_alone,
);

async fn a_patient_and_a_caregiver_keep_the_plan_and_staff_get_none(kind: Kind) {
    let w = ward(kind).await;
    waiting_for_two_weeks(&w).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = call(&ann, &w.app, "offline/plan", &[]).await;
    assert_eq!(status, 200, "{body}");
    let plan: OfflinePlan = serde_json::from_str(&body).expect("a plan");
    assert_eq!((plan.owner, plan.patients.len()), (w.patient_id, 1));
    let mine = &plan.patients[0];
    assert_eq!(mine.timeline.patient_id, w.patient_id);
    let treatment = mine.timeline.treatment.as_ref().expect("the timeline");
    assert!(
        treatment.milestones.iter().all(|m| m.explanation.is_some()),
        "each step explained"
    );
    assert!(!mine.timeline.centre.hotline.is_empty());
    assert_eq!(mine.emergency_number, "112");
    assert!(!plan.rules.rules.is_empty(), "the triage rules in force");
    // The PHQ-4 missed 5 days ago is in it, with its questionnaire to answer offline.
    let phq4 = mine
        .checkins
        .iter()
        .find(|c| c.due.questionnaire == "phq-4")
        .expect("phq-4 due");
    assert_eq!(phq4.questionnaire.short_name(), "phq-4");
    assert!(plan.updated_at.len() >= 16, "{}", plan.updated_at);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'offline.plan' AND patient_id = $1")
            .bind(w.patient_id)
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit");
    assert_eq!(audited, 1);

    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let caregiver = w.app.signed_in("carer@example.org").await;
    let (status, body) = call(&caregiver, &w.app, "offline/plan", &[]).await;
    assert_eq!(status, 200, "{body}");
    let theirs: OfflinePlan = serde_json::from_str(&body).expect("a plan");
    assert_eq!(theirs.owner, carer);
    assert_eq!(
        theirs
            .patients
            .iter()
            .map(|p| p.timeline.patient_id)
            .collect::<Vec<_>>(),
        [w.patient_id]
    );

    for (role, email) in [(Role::Researcher, "r@example.org"), (Role::Admin, "a@example.org")] {
        w.app.user(role, email, Some(w.centre_id)).await;
    }
    for email in ["nurse@leuven.example", "r@example.org", "a@example.org"] {
        let staff = w.app.signed_in(email).await;
        assert_eq!(call(&staff, &w.app, "offline/plan", &[]).await.0, 403, "{email}");
    }
    assert_eq!(call(&client(), &w.app, "offline/plan", &[]).await.0, 401);
}

async fn signing_out_with_answers_waiting_leaves_the_phone_s_storage_alone(kind: Kind) {
    let w = ward(kind).await;
    let cases = [
        ("kept", "/login?notice=signed-out-kept", "\"cache\""),
        ("sent", "/login?notice=signed-out-sent", "\"cache\", \"storage\""),
        ("", "/login?notice=signed-out", "\"cache\", \"storage\""),
    ];
    for (unsent, to, cleared) in cases {
        let ann = w.app.signed_in("ann@example.org").await;
        let response = ann
            .post(w.app.url("/auth/logout"))
            .form(&[("endpoint", ""), ("unsent", unsent)])
            .send()
            .await
            .expect("sign-out");
        assert_eq!(crate::helpers::location(&response), to);
        assert_eq!(response.headers()["clear-site-data"], cleared, "{unsent}");
    }
    // "Forget this phone" also forgets it as a device the person signs in from.
    let ann = w.app.signed_in("ann@example.org").await;
    let response = ann
        .post(w.app.url("/auth/logout"))
        .form(&[("forget", "1")])
        .send()
        .await
        .expect("forget");
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("vtv_device=;") && c.contains("Max-Age=0")),
        "{cookies:?}"
    );
}
