//! Demo mode: a labelled, synthetic care centre with one account per role, seeded on an
//! empty database only. Its accounts can sign in only while demo mode is on.
use crate::{
    auth::password,
    error::StartupError,
    storage::{
        accounts::{self, NewPatient, NewUser},
        audit::Entry,
        centres::{self, NewCentre},
        timeline::{self as timeline_store, NewTreatment},
        Db,
    },
    zones,
};
use app::{
    domain::{
        role::Role,
        timeline::{apply, plan, summary, Action, Catalogue, MilestoneKind, Source, Timeline},
    },
    i18n::Locale,
};

pub const DEMO_PASSWORD: &str = "demo-password";

pub const DEMO_LOGINS: &[(&str, Role)] = &[
    ("admin@demo.example", Role::Admin),
    ("nurse@demo.example", Role::Nurse),
    ("researcher@demo.example", Role::Researcher),
    ("caregiver@demo.example", Role::Caregiver),
    ("patient.waiting@demo.example", Role::Patient),
    ("patient.infused@demo.example", Role::Patient),
    ("patient.followup@demo.example", Role::Patient),
    ("patient.quiet@demo.example", Role::Patient),
];

/// Seeds the demo centre if the database has no users; answers whether it did. All of it
/// in one transaction: a failed seed leaves an empty database, which the next start seeds.
pub async fn seed_if_empty(db: &Db, catalogue: &Catalogue) -> Result<bool, StartupError> {
    if accounts::count_users(db).await? > 0 {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD.to_string())
        .await
        .map_err(|e| StartupError::Other(e.to_string()))?;
    let mut tx = db.pool.begin().await?;
    let centre_id = centres::create(
        &mut *tx,
        &NewCentre {
            name: "Demo Centre (synthetic)",
            country: "BE",
            time_zone: "Europe/Brussels",
            hotline: "+32 16 00 00 00",
            is_demo: true,
        },
    )
    .await?;
    let mut patient_ids = Vec::new();
    let mut caregiver_id = None;
    for (email, role) in DEMO_LOGINS {
        let (display_name, centre) = match role {
            Role::Admin => ("Demo Admin", None),
            Role::Nurse => ("Demo Nurse", Some(centre_id)),
            Role::Researcher => ("Demo Researcher", None),
            Role::Caregiver => ("Demo Caregiver", None),
            Role::Patient => (demo_patient_name(email), Some(centre_id)),
        };
        let user_id = accounts::create_user(
            &mut *tx,
            &NewUser {
                role: *role,
                email,
                display_name,
                centre_id: centre,
                locale: Locale::En,
                time_zone: Some("Europe/Brussels"),
                is_demo: true,
            },
        )
        .await?;
        accounts::set_password_hash(&mut *tx, user_id, &hash).await?;
        if *role == Role::Caregiver {
            caregiver_id = Some(user_id);
        }
        if *role == Role::Patient {
            accounts::create_patient(
                &mut *tx,
                user_id,
                centre_id,
                &NewPatient {
                    full_name: display_name,
                    date_of_birth: "1960-01-01",
                    sex: "unknown",
                    phone: "+32 400 00 00 00",
                    enrolled_by: None,
                },
            )
            .await?;
            patient_ids.push(user_id);
        }
    }
    if let (Some(caregiver), Some(patient)) = (caregiver_id, patient_ids.first()) {
        accounts::link_caregiver(&mut *tx, caregiver, *patient, None).await?;
    }
    tx.commit().await?;
    seed_treatments(db, catalogue, &patient_ids).await?;
    Ok(true)
}

/// One patient waiting for delayed cells, one at day +12, one in follow-up. Dates count
/// from today, so the demo always shows these stages.
async fn seed_treatments(db: &Db, catalogue: &Catalogue, patient_ids: &[i64]) -> Result<(), StartupError> {
    let plans = [
        ("axi-cel", "DEMO-AXI-0001", MilestoneKind::ManufacturingStarted, 25),
        ("tisa-cel", "DEMO-TIS-0002", MilestoneKind::Discharge, 12 + 50),
        ("liso-cel", "DEMO-LIS-0003", MilestoneKind::FollowUp, 200 + 50),
        // Infused three days ago and sends no diary: the silence watch flags them.
        ("tisa-cel", "DEMO-QUIET-0004", MilestoneKind::Infusion, 3 + 50),
    ];
    for (patient_id, (product, reference, done_until, days_ago)) in patient_ids.iter().zip(plans) {
        let seed = TreatmentSeed {
            product,
            reference,
            done_until,
            days_ago,
        };
        seed_treatment(db, catalogue, *patient_id, &seed, "demo-seed").await?;
    }
    Ok(())
}

/// A treatment to seed: `product`'s plan started `days_ago`, its milestones done up to
/// `done_until` (those already due), bridging cancelled.
pub struct TreatmentSeed<'a> {
    pub product: &'a str,
    pub reference: &'a str,
    pub done_until: MilestoneKind,
    pub days_ago: i64,
}

/// Writes one seeded treatment for a patient of a Brussels centre (the demo's, and the
/// load drills': a check-in then has its windows to find, as a real patient's has).
pub async fn seed_treatment(
    db: &Db,
    catalogue: &Catalogue,
    patient_id: i64,
    seed: &TreatmentSeed<'_>,
    by: &str,
) -> Result<(), StartupError> {
    let TreatmentSeed {
        product,
        reference,
        done_until,
        days_ago,
    } = *seed;
    let zone = zones::zone_or_utc("Europe/Brussels");
    let today = zones::today_in(zone);
    let plan = catalogue
        .plan_for(product, "BE")
        .ok_or_else(|| StartupError::Other(format!("the seed needs product {product} in the catalogue")))?;
    let timeline = seeded_timeline(Timeline::new(plan, plan::shift(today, -days_ago)), done_until, today);
    let product_name = catalogue.product(product).map(|p| p.name.clone()).unwrap_or_default();
    let template = catalogue
        .product(product)
        .map(|p| p.template.clone())
        .unwrap_or_default();
    let planned_at = crate::services::timeline_views::planned_instants(&timeline, "Europe/Brussels");
    let new = NewTreatment {
        patient_id,
        product_id: product,
        product_name: &product_name,
        template_id: &template,
        order_reference: reference,
        timeline: &timeline,
        planned_at: &planned_at,
        summary: &summary(&timeline),
    };
    let audit = Entry::new("treatment.started", by).about(patient_id);
    // Seeded treatments get their reminders when the dispatcher's sweep replans them.
    timeline_store::create(
        db,
        &new,
        audit,
        None,
        &crate::storage::reminders::ReminderPlan::default(),
    )
    .await
    .map_err(|e| StartupError::Other(format!("seeding treatments: {e}")))?;
    Ok(())
}

/// The milestones due by `today` done, up to `done_until`; no bridging therapy; a release
/// waiting for manufacturing delayed 5 days.
fn seeded_timeline(mut timeline: Timeline, done_until: MilestoneKind, today: chrono::NaiveDate) -> Timeline {
    let keys: Vec<(String, MilestoneKind, chrono::NaiveDate)> = timeline
        .milestones
        .iter()
        .map(|m| (m.key.clone(), m.kind, m.planned_on))
        .collect();
    for (key, kind, on) in keys {
        if kind > done_until || on > today || kind == MilestoneKind::Bridging {
            continue;
        }
        if let Ok(outcome) = apply(&timeline, &key, Action::Done(on), Source::Nurse, today) {
            timeline = outcome.timeline;
        }
    }
    if let Ok(outcome) = apply(&timeline, "bridging", Action::Cancel, Source::Nurse, today) {
        timeline = outcome.timeline;
    }
    if done_until == MilestoneKind::ManufacturingStarted {
        if let Some(release) = timeline.first_of(MilestoneKind::ProductReleased).map(|m| m.planned_on) {
            if let Ok(outcome) = apply(
                &timeline,
                "product_released",
                Action::Delay(plan::shift(release, 5)),
                Source::Integration,
                today,
            ) {
                timeline = outcome.timeline;
            }
        }
    }
    timeline
}

fn demo_patient_name(email: &str) -> &'static str {
    match email {
        "patient.waiting@demo.example" => "Alex Demo (waiting for cells)",
        "patient.infused@demo.example" => "Sam Demo (infused)",
        "patient.quiet@demo.example" => "Kim Demo (infused, not reporting)",
        _ => "Robin Demo (follow-up)",
    }
}

pub fn print_logins(addr: &str) {
    println!("Demo mode: synthetic accounts, password '{DEMO_PASSWORD}', at http://{addr}/login");
    for (email, role) in DEMO_LOGINS {
        println!("  {:<11} {email}", role.as_str());
    }
}
