//! Synthetic patients for tests and benchmarks: names, emails, phones, birth dates, order
//! references, consent, treatments and check-in answers, all made up and reproducible from
//! a seed. Refuses a database that holds a real centre (neither synthetic nor demo).
mod checkins;
mod journeys;

use journeys::{close_deceased, death_of, record_changes, treatment, variation};

use crate::{
    error::StartupError,
    services::{checkins::CheckinCatalogue, timeline_views::planned_instants},
    storage::{
        accounts::{self, NewPatient, NewUser},
        audit::Entry,
        centres::{self, NewCentre},
        now,
        reminders::ReminderPlan,
        timeline::{self as timeline_store, NewTreatment},
        Db,
    },
};
use app::{
    domain::{
        checkins::Questionnaire,
        role::Role,
        timeline::{plan, summary, Catalogue, MilestoneKind},
    },
    i18n::Locale,
};
use chrono::NaiveDate;
use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};

/// Centres in several countries, one of them small, so that anonymisation has to
/// generalise some groups and suppress others.
const CENTRES: [(&str, &str, &str, u32); 6] = [
    ("Synthetic Centre Leuven", "BE", "Europe/Brussels", 30),
    ("Synthetic Centre Lyon", "FR", "Europe/Paris", 25),
    ("Synthetic Centre Utrecht", "NL", "Europe/Amsterdam", 20),
    ("Synthetic Centre Köln", "DE", "Europe/Berlin", 15),
    ("Synthetic Centre Lisboa", "PT", "Europe/Lisbon", 8),
    ("Synthetic Centre Reykjavík", "IS", "Atlantic/Reykjavik", 2),
];

const FIRST: [&str; 12] = [
    "Aline", "Bram", "Chloé", "Dirk", "Elif", "Florian", "Greet", "Hugo", "Ines", "Jonas", "Katrien", "Lucas",
];
const LAST: [&str; 12] = [
    "Peeters",
    "Janssens",
    "Dubois",
    "Lambert",
    "Müller",
    "Schmidt",
    "De Vries",
    "Bakker",
    "Martin",
    "Silva",
    "Jónsdóttir",
    "Wouters",
];
/// Centralised products, and one made in the hospital (point of care, no shipping legs).
const PRODUCTS: [&str; 5] = ["axi-cel", "tisa-cel", "liso-cel", "cilta-cel", "academic-cd19-poc"];

/// What was seeded, and the identifying values a test searches the exports for.
#[derive(Debug, Default)]
pub struct Seeded {
    pub patients: usize,
    pub responses: usize,
    pub answers: usize,
    pub consented: Vec<i64>,
    pub withdrawn: Vec<i64>,
    pub unconsented: Vec<i64>,
    pub identifiers: Vec<String>,
    /// Treatments closed because the patient died.
    pub deceased: usize,
}

pub struct Options {
    pub patients: usize,
    pub responses_per_patient: usize,
    /// Each patient answers each window with their own adherence, drawn from this to 1.
    pub lowest_adherence: f64,
    pub seed: u64,
}

pub async fn seed(
    db: &Db,
    journeys: &Catalogue,
    checkins: &CheckinCatalogue,
    options: &Options,
) -> Result<Seeded, StartupError> {
    let real: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM centres WHERE name NOT LIKE 'Synthetic %' AND is_demo = 0")
            .fetch_one(&db.pool)
            .await?;
    if real > 0 {
        return Err(StartupError::Other(
            "this database holds real centres: synthetic patients go only into a database of their own".into(),
        ));
    }
    let mut rng = StdRng::seed_from_u64(options.seed);
    let run = now();
    let weights: u32 = CENTRES.iter().map(|c| c.3).sum();
    let mut centres = Vec::new();
    for (i, (name, country, zone, weight)) in CENTRES.iter().enumerate() {
        let name = format!("{name} {run}");
        let mut tx = db.pool.begin().await?;
        let centre_id = centres::create(
            &mut *tx,
            &NewCentre {
                name: &name,
                country,
                time_zone: zone,
                hotline: "+00 000 00 00",
                is_demo: false,
            },
        )
        .await?;
        let email = format!("nurse{i}.{run}@synthetic.invalid");
        let nurse_id = accounts::create_user(&mut *tx, &staff(Role::Nurse, &email, centre_id, zone)).await?;
        tx.commit().await?;
        centres.push((centre_id, nurse_id, *country, *zone, *weight));
    }
    let mut seeded = Seeded::default();
    let questionnaires: Vec<&Questionnaire> = ["phq-4", "phq-9", "gad-7", "symptom-diary", "goals"]
        .iter()
        .filter_map(|name| checkins.questionnaire(name))
        .collect();
    let today = chrono::Utc::now().date_naive();
    for n in 0..options.patients {
        let mut pick = rng.gen_range(0..weights);
        let &(centre_id, nurse_id, country, zone, _) = centres
            .iter()
            .find(|c| {
                let hit = pick < c.4;
                pick = pick.saturating_sub(c.4);
                hit
            })
            .unwrap_or(&centres[0]);
        let full_name = format!(
            "{} {} {}",
            FIRST.choose(&mut rng).unwrap_or(&"Ana"),
            LAST.choose(&mut rng).unwrap_or(&"Doe"),
            synthetic_surname(n)
        );
        let email = format!("patient{n}.{run}@synthetic.invalid");
        let phone = format!(
            "+32 47{} {:02} {:02} {:02}",
            n % 10,
            (n / 10) % 100,
            (n / 1000) % 100,
            rng.gen_range(0..100)
        );
        let born = NaiveDate::from_ymd_opt(rng.gen_range(1935..2004), rng.gen_range(1..13), rng.gen_range(1..29))
            .unwrap_or(NaiveDate::MIN);
        let sex = ["female", "male"][rng.gen_range(0..2)];
        let product = PRODUCTS[rng.gen_range(0..PRODUCTS.len())];
        let reference = format!("SYN-{}-{run}-{n:06}", product.to_uppercase());
        let mut tx = db.pool.begin().await?;
        let patient_id = accounts::create_user(&mut *tx, &staff(Role::Patient, &email, centre_id, zone)).await?;
        accounts::create_patient(
            &mut *tx,
            patient_id,
            centre_id,
            &NewPatient {
                full_name: &full_name,
                date_of_birth: &born.to_string(),
                sex,
                phone: &phone,
                enrolled_by: Some(nurse_id),
            },
        )
        .await?;
        // The hospital's own number: kept for the hospital's systems, never exported.
        let hospital_number = format!("SYNMRN-{run}-{n:06}");
        crate::storage::enrolment::set_hospital_number(&mut tx, patient_id, Some(&hospital_number))
            .await
            .map_err(|e| StartupError::Other(format!("a hospital number: {e}")))?;
        tx.commit().await?;
        seeded.identifiers.extend([
            full_name.clone(),
            email,
            phone,
            born.to_string(),
            reference.clone(),
            hospital_number,
        ]);

        // Within the year before today that the timeline editor accepts for done steps.
        let start = plan::shift(today, -rng.gen_range(40..330));
        // Most are infused, some wait for their cells, a few have not had apheresis yet.
        let done_until = match rng.gen_range(0..10) {
            0 => MilestoneKind::Eligibility,
            1 | 2 => MilestoneKind::ManufacturingStarted,
            _ => MilestoneKind::FollowUp,
        };
        let vary = variation(&mut rng);
        let (timeline, changes) = treatment(journeys, product, country, start, done_until, today, vary)?;
        let new = NewTreatment {
            patient_id,
            product_id: product,
            product_name: product,
            template_id: "",
            order_reference: &reference,
            timeline: &timeline,
            planned_at: &planned_instants(&timeline, zone),
            summary: &summary(&timeline),
        };
        let treatment_id = timeline_store::create(
            db,
            &new,
            entry("treatment.started", patient_id),
            None,
            &ReminderPlan::default(),
        )
        .await
        .map_err(|e| StartupError::Other(format!("seeding a treatment: {e}")))?;
        record_changes(db, treatment_id, nurse_id, &changes).await?;
        // Opened on its first day, as a real one would have been (exports are cut by date).
        sqlx::query("UPDATE treatments SET created_at = $1 WHERE id = $2")
            .bind(start.and_hms_opt(9, 0, 0).map_or(run, |t| t.and_utc().timestamp()))
            .bind(treatment_id)
            .execute(&db.pool)
            .await?;
        if let Some(died) = death_of(&timeline, vary, today) {
            close_deceased(db, treatment_id, nurse_id).await?;
            // Closed on the day, as a real one would have been (exports read it as of their cut).
            sqlx::query("UPDATE treatments SET closed_at = $1 WHERE id = $2")
                .bind(died.and_hms_opt(12, 0, 0).map_or(run, |t| t.and_utc().timestamp()))
                .bind(treatment_id)
                .execute(&db.pool)
                .await?;
            seeded.deceased += 1;
        }

        consent(db, &mut rng, patient_id, nurse_id, start, &mut seeded).await?;
        let (responses, answers) = checkins::responses(
            db,
            &mut rng,
            &questionnaires,
            checkins,
            &checkins::Who {
                patient_id,
                nurse_id,
                full_name: &full_name,
            },
            &timeline,
            (options.responses_per_patient, options.lowest_adherence),
        )
        .await?;
        seeded.responses += responses;
        seeded.answers += answers;
        seeded.patients += 1;
    }
    Ok(seeded)
}

/// A made-up surname suffix that makes each name unique, so a search for it finds only it.
fn synthetic_surname(n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ber", "dan", "fel", "gor", "hul", "jin", "kor", "lam",
    ];
    let mut name = String::new();
    let mut x = n + 4096;
    while x > 0 {
        name.push_str(SYLLABLES[x % 16]);
        x /= 16;
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or(name)
}

fn staff<'a>(role: Role, email: &'a str, centre_id: i64, zone: &'a str) -> NewUser<'a> {
    NewUser {
        role,
        email,
        display_name: if role == Role::Nurse {
            "Synthetic Nurse"
        } else {
            "Synthetic Patient"
        },
        centre_id: Some(centre_id),
        locale: Locale::En,
        time_zone: Some(zone),
        is_demo: false,
    }
}

fn entry(action: &'static str, patient_id: i64) -> Entry<'static> {
    Entry::new(action, "synthetic-seed").about(patient_id)
}

/// 85 in 100 give consent on paper; 1 in 10 of those withdraw it later.
async fn consent(
    db: &Db,
    rng: &mut StdRng,
    patient_id: i64,
    nurse_id: i64,
    start: NaiveDate,
    seeded: &mut Seeded,
) -> Result<(), StartupError> {
    if rng.gen_range(0..100) >= 85 {
        seeded.unconsented.push(patient_id);
        return Ok(());
    }
    let signed = start.to_string();
    crate::storage::research::record_consent(
        db,
        patient_id,
        true,
        "paper",
        Some(&signed),
        nurse_id,
        entry("research.consent_given", patient_id),
    )
    .await?;
    if rng.gen_range(0..10) == 0 {
        crate::storage::research::record_consent(
            db,
            patient_id,
            false,
            "app",
            None,
            patient_id,
            entry("research.consent_withdrawn", patient_id),
        )
        .await?;
        seeded.withdrawn.push(patient_id);
    } else {
        seeded.consented.push(patient_id);
    }
    Ok(())
}
