//! People and reminders for the drill, written straight to the deployment's database
//! (it must have started once: its push key is used for the devices).
use crate::{People, Person, PASSWORD};
use app::{
    domain::{role::Role, timeline::MilestoneKind},
    i18n::Locale,
};
use server::demo::TreatmentSeed;
use server::storage::{
    accounts::{self, NewPatient, NewUser},
    centres::{self, NewCentre},
    push::{self, NewDevice},
    reminders::{self, NewReminder},
    Db,
};
use std::path::PathBuf;

// A real P-256 public key and auth secret (RFC 8291's example device).
const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 40)]
    patients: usize,
    #[arg(long, default_value_t = 2)]
    nurses: usize,
    /// The receiver's `host:port` (the instances let it in with VTV_PUSH_TEST_RECEIVERS).
    #[arg(long)]
    receiver: String,
    /// Reminders to plan, due evenly from 5 s after now to `spread_seconds`.
    #[arg(long, default_value_t = 300)]
    reminders: usize,
    #[arg(long, default_value_t = 60)]
    spread_seconds: i64,
    /// Where to write who signs in (JSON).
    #[arg(long)]
    out: PathBuf,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    anyhow::ensure!(args.patients > 0, "--patients must be 1 or more");
    let db = Db::connect(&args.database_url, 2).await?;
    let key_id = push::current_key_id(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no push key yet: start an instance first"))?;
    let centre = centres::create(
        &db.pool,
        &NewCentre {
            name: "Drill centre",
            country: "BE",
            time_zone: "Europe/Brussels",
            hotline: "+32 16 33 22 11",
            is_demo: false,
        },
    )
    .await?;
    let hash = server::auth::password::hash(PASSWORD.to_string()).await?;
    let catalogue = server::journeys::load(None)?;
    let mut people = People {
        patients: Vec::new(),
        nurses: Vec::new(),
    };
    for i in 0..args.nurses {
        let email = format!("nurse-{i}@drill.example");
        let id = account(&db, Role::Nurse, &email, centre, &hash).await?;
        device(&db, id, &format!("http://{}/push/nurse-{i}", args.receiver), key_id).await?;
        people.nurses.push(Person { id, email });
    }
    for i in 0..args.patients {
        let email = format!("patient-{i}@drill.example");
        let id = account(&db, Role::Patient, &email, centre, &hash).await?;
        accounts::create_patient(
            &db.pool,
            id,
            centre,
            &NewPatient {
                full_name: &format!("Drill patient {i}"),
                date_of_birth: "1970-01-01",
                sex: "female",
                phone: "+32 470 00 00 00",
                enrolled_by: None,
            },
        )
        .await?;
        device(&db, id, &format!("http://{}/push/patient-{i}", args.receiver), key_id).await?;
        // Infused 5 days ago, as the demo's patient at day +12 was 12: a check-in finds its
        // window on the timeline, and a timeline read has one to read.
        let reference = format!("DRILL-{id}");
        let seed = TreatmentSeed {
            product: "tisa-cel",
            reference: &reference,
            done_until: MilestoneKind::Infusion,
            days_ago: 5 + 50,
        };
        server::demo::seed_treatment(&db, &catalogue, id, &seed, "drill-seed").await?;
        people.patients.push(Person { id, email });
    }
    plan_reminders(&db, &people.patients, args.reminders, args.spread_seconds).await?;
    std::fs::write(&args.out, serde_json::to_vec_pretty(&people)?)?;
    println!(
        "seeded {} patients, {} nurses, {} reminders due over {} s",
        args.patients, args.nurses, args.reminders, args.spread_seconds
    );
    Ok(())
}

async fn account(db: &Db, role: Role, email: &str, centre: i64, hash: &str) -> anyhow::Result<i64> {
    let id = accounts::create_user(
        &db.pool,
        &NewUser {
            role,
            email,
            display_name: email,
            centre_id: Some(centre),
            locale: Locale::En,
            time_zone: None,
            is_demo: false,
        },
    )
    .await?;
    accounts::set_password_hash(&db.pool, id, hash).await?;
    Ok(id)
}

async fn device(db: &Db, user_id: i64, endpoint: &str, key_id: i64) -> anyhow::Result<()> {
    push::save_device(
        db,
        &NewDevice {
            user_id,
            endpoint,
            p256dh: P256DH,
            auth: AUTH,
            device: "drill phone",
            vapid_key_id: key_id,
        },
    )
    .await?;
    Ok(())
}

/// Reminders due one after another over the drill, so that every instance's dispatcher
/// claims some, and some are being sent when an instance is killed.
async fn plan_reminders(db: &Db, patients: &[Person], count: usize, spread: i64) -> anyhow::Result<()> {
    let now = server::storage::now();
    for r in 0..count {
        let at = now + 5 + (r as i64 * spread) / count.max(1) as i64;
        let subject = format!("drill-{r}");
        reminders::insert(
            &db.pool,
            &NewReminder {
                user_id: patients[r % patients.len()].id,
                patient_id: None,
                rule: "infusion-day",
                subject: &subject,
                due_at: at,
                send_at: at,
                expires_at: at + 6 * 3600,
                kind: "appointments",
                params: "{}",
                url: "/",
            },
            now,
            false,
        )
        .await?;
    }
    Ok(())
}
