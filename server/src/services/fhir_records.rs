//! The hospital's FHIR API, read for a client holding a token (`fhir_tokens`): a search
//! ([`search`]) or a read by id ([`read`]), within the client's centres and granted kinds.
//! Each page is audit-logged about every patient whose records it holds, in the client's
//! name (`fhir_client:3`); a page that holds none is logged once, about no one.
use super::{checkin_review::questionnaires_of, Services};
use crate::storage::{
    audit::{self, Entry},
    checkins::ResponseRecord,
    fhir_clients::Holder,
    fhir_reads::{self, level_of, Filter},
    timeline::{self, StoredTreatment},
    StorageError,
};
use app::domain::{
    checkins::{result_words::team_told, Answers, Score},
    fhir_api::{
        scopes::{read_back, Granted},
        search::{parse, PatientChoice, Place, Refusal, Search},
        searchset::{bundle, Found},
        Kind,
    },
    my_data::fhir_resources::{FlagFacts, MessageFacts, PlanFacts, ResponseFacts, Sender, Writer},
};
use app::{
    error::AppError,
    i18n::{t, Locale},
    pages::timeline_labels::milestone_name_in,
};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{any::AnyRow, Row};

#[derive(Debug)]
pub enum FhirRefusal {
    /// The token does not grant this (`"read"` or `"search"`) for this kind.
    NotGranted(Kind, &'static str),
    NotFound,
    Search(Refusal),
    Unavailable,
}

impl From<AppError> for FhirRefusal {
    fn from(error: AppError) -> Self {
        tracing::error!(?error, "a FHIR read failed");
        FhirRefusal::Unavailable
    }
}

/// The client asking, as its token says, and from where.
pub struct Asking {
    pub holder: Holder,
    pub client_addr: String,
    /// The API's address, `https://app.example/fhir`.
    pub base: String,
}

impl Asking {
    fn granted(&self) -> Granted {
        read_back(&self.holder.scopes)
    }

    fn may(&self, kind: Kind, what: &'static str) -> Result<(), FhirRefusal> {
        let access = self.granted().get(&kind).copied().unwrap_or_default();
        let ok = if what == "read" { access.read } else { access.search };
        ok.then_some(()).ok_or(FhirRefusal::NotGranted(kind, what))
    }

    fn subject(&self) -> String {
        format!("fhir_client:{}", self.holder.client.id)
    }
}

/// The identifier system of a centre's hospital numbers, under the API's address.
pub fn number_system(base: &str, centre_id: i64) -> String {
    format!("{base}/sid/hospital-number/{centre_id}")
}

/// A search of `kind`, its query's pairs as sent; answers the searchset Bundle.
pub async fn search(
    services: &Services,
    asking: &Asking,
    kind: Kind,
    pairs: &[(String, String)],
    self_url: &str,
) -> Result<String, FhirRefusal> {
    asking.may(kind, "search")?;
    let search = parse(kind, pairs).map_err(FhirRefusal::Search)?;
    let mut filter = filter_for(services, asking, &search).await?;
    filter.limit = search.count + 1;
    let mut rows = fhir_reads::page(&services.db, kind, &filter).await?;
    let more = rows.len() as i64 > search.count;
    rows.truncate(search.count as usize);
    let next = match rows.last() {
        Some(last) if more => Some(next_link(&asking.base, kind, pairs, place_of(last)?)),
        _ => None,
    };
    let found = written(services, asking, kind, &rows).await?;
    logged(services, asking, "fhir.search", &rows).await?;
    let now = at(services.clock.now()).to_rfc3339_opts(SecondsFormat::Secs, true);
    bundle(self_url, next.as_deref(), &found, &now).map_err(|error| {
        tracing::error!(%error, "a FHIR page did not serialise");
        FhirRefusal::Unavailable
    })
}

/// One resource of `kind` by its id, if the client may read it.
pub async fn read(services: &Services, asking: &Asking, kind: Kind, id: &str) -> Result<String, FhirRefusal> {
    asking.may(kind, "read")?;
    let number = kind.number_of(id).ok_or(FhirRefusal::NotFound)?;
    let filter = Filter {
        centres: asking.holder.client.centres.clone(),
        only: Some(number),
        limit: 1,
        ..Filter::default()
    };
    let rows = fhir_reads::page(&services.db, kind, &filter).await?;
    if rows.is_empty() {
        return Err(FhirRefusal::NotFound);
    }
    let found = written(services, asking, kind, &rows).await?;
    logged(services, asking, "fhir.read", &rows).await?;
    found
        .into_iter()
        .next()
        .map(|f| f.resource)
        .ok_or(FhirRefusal::NotFound)
}

/// The search's bounds, the patient it names resolved within the client's centres.
async fn filter_for(services: &Services, asking: &Asking, search: &Search) -> Result<Filter, FhirRefusal> {
    let mut centres = asking.holder.client.centres.clone();
    let patients = match &search.patient {
        None => None,
        Some(PatientChoice::Id(id)) => Some(vec![*id]),
        Some(PatientChoice::Number { system, value }) => {
            if let Some(system) = system {
                // Only a centre's own system names its numbers; another names no one here.
                centres.retain(|c| number_system(&asking.base, *c) == *system);
            }
            Some(fhir_reads::patients_numbered(&services.db, &centres, value).await?)
        }
    };
    Ok(Filter {
        centres,
        patients,
        from: search.from,
        until: search.until,
        statuses: search.statuses.clone(),
        after: search.after.map(|p| (p.at, p.number)),
        only: None,
        limit: search.count,
    })
}

fn place_of(row: &AnyRow) -> Result<Place, FhirRefusal> {
    Ok(Place {
        at: row.try_get("at").map_err(StorageError::from)?,
        number: row.try_get("number").map_err(StorageError::from)?,
    })
}

/// The next page's address: the same search, from after `place`.
fn next_link(base: &str, kind: Kind, pairs: &[(String, String)], place: Place) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs.iter().filter(|(n, _)| n != "_after") {
        query.append_pair(name, value);
    }
    query.append_pair("_after", &place.encode());
    format!("{base}/{}?{}", kind.name(), query.finish())
}

async fn logged(services: &Services, asking: &Asking, action: &str, rows: &[AnyRow]) -> Result<(), FhirRefusal> {
    let mut patients: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("patient_id"))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StorageError::from)?;
    patients.sort_unstable();
    patients.dedup();
    let subject = asking.subject();
    let entry = Entry::new(action, &asking.client_addr).subject(subject.as_str());
    if patients.is_empty() {
        audit::record(&services.db, entry).await?;
    } else {
        audit::record_each(&services.db, entry, &patients).await?;
    }
    Ok(())
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// What each row holds, written as its kind's resource.
async fn written(services: &Services, asking: &Asking, kind: Kind, rows: &[AnyRow]) -> Result<Vec<Found>, FhirRefusal> {
    let refer = |key: &str| match key.split_once('/') {
        Some((name, n)) => match (Kind::parse(name), n.parse::<i64>()) {
            (Some(k), Ok(n)) => format!("{name}/{}", k.id_of(n)),
            _ => key.to_string(),
        },
        None => key.to_string(),
    };
    let responses = if kind == Kind::QuestionnaireResponse {
        response_records(rows)?
    } else {
        Vec::new()
    };
    let questionnaires = questionnaires_of(services, &responses).await?;
    let mut found = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let number: i64 = row.try_get("number").map_err(StorageError::from)?;
        let patient_id: i64 = row.try_get("patient_id").map_err(StorageError::from)?;
        let stored: String = row.try_get("locale").map_err(StorageError::from)?;
        let locale = Locale::parse(&stored).unwrap_or_default();
        // Read before the writer is made: it is not held across an await.
        let treatment = match kind {
            Kind::CarePlan => timeline::load(&services.db, number).await?,
            _ => None,
        };
        let writer = Writer::new(&refer, locale.language());
        let resource = match kind {
            Kind::Patient => Some(patient(&asking.base, row, number)?.to_string()),
            Kind::CarePlan => treatment.map(|t| care_plan(&writer, locale, patient_id, &t)),
            Kind::QuestionnaireResponse => {
                let r = &responses[i];
                let Some(q) = questionnaires.get(&r.questionnaire) else {
                    tracing::warn!(
                        response = r.id,
                        "a response's questionnaire is unknown: left out of the page"
                    );
                    continue;
                };
                let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
                let scores: Vec<Score> = serde_json::from_str(&r.scores).unwrap_or_default();
                let facts = ResponseFacts {
                    id: r.id,
                    questionnaire: q,
                    authored: at(r.answered_at),
                    by_caregiver: r.reported_by == "caregiver",
                    answers: &answers,
                    scores: &scores,
                };
                Some(writer.response(patient_id, &facts).map_err(StorageError::from)?)
            }
            Kind::Flag => Some(writer.flag(patient_id, &flag(row, locale, number)?).to_string()),
            Kind::Communication => Some(message(&writer, row, patient_id, number)?.to_string()),
        };
        if let Some(resource) = resource {
            let full_url = format!("{}/{}/{}", asking.base, kind.name(), kind.id_of(number));
            found.push(Found { full_url, resource });
        }
    }
    Ok(found)
}

fn patient(base: &str, row: &AnyRow, number: i64) -> Result<serde_json::Value, StorageError> {
    let centre: i64 = row.try_get("centre_id")?;
    let hospital_number: Option<String> = row.try_get("hospital_number")?;
    let mut resource = serde_json::json!({
        "resourceType": "Patient",
        "id": Kind::Patient.id_of(number),
        "active": true,
    });
    if let Some(value) = hospital_number {
        resource["identifier"] = serde_json::json!([{ "system": number_system(base, centre), "value": value }]);
    }
    Ok(resource)
}

fn care_plan(writer: &Writer<'_>, locale: Locale, patient_id: i64, treatment: &StoredTreatment) -> String {
    let steps = treatment
        .timeline
        .milestones
        .iter()
        .map(|m| (m, milestone_name_in(locale, m.kind, &m.key)))
        .collect();
    let plan = PlanFacts {
        treatment_id: treatment.id,
        status: treatment.status,
        product_name: &treatment.product_name,
        steps,
    };
    writer.care_plan(patient_id, &plan).to_string()
}

fn response_records(rows: &[AnyRow]) -> Result<Vec<ResponseRecord>, StorageError> {
    rows.iter()
        .map(|r| {
            Ok(ResponseRecord {
                id: r.try_get("number")?,
                subject: "patient".into(),
                reported_by: r.try_get("reported_by")?,
                questionnaire: r.try_get("questionnaire_name")?,
                answered_at: r.try_get("at")?,
                submitted_at: r.try_get("at")?,
                is_late: false,
                level: None,
                answers: r.try_get("answers")?,
                scores: r.try_get("scores")?,
            })
        })
        .collect()
}

fn flag(row: &AnyRow, locale: Locale, number: i64) -> Result<FlagFacts, StorageError> {
    let level = level_of(row)?;
    Ok(FlagFacts {
        id: number,
        response_id: row.try_get("response_id")?,
        rule: row.try_get("rule")?,
        level,
        told: t(locale, team_told(Some(level)).words()).to_string(),
        raised_at: at(row.try_get("at")?),
        closed_at: row.try_get::<Option<i64>, _>("resolved_at")?.map(at),
    })
}

fn message(writer: &Writer<'_>, row: &AnyRow, patient_id: i64, number: i64) -> Result<serde_json::Value, StorageError> {
    let author: i64 = row.try_get("author_id")?;
    let name: String = row.try_get("display_name")?;
    let text: String = row.try_get("text")?;
    let from = if row.try_get::<i64, _>("from_team")? != 0 {
        Sender::Team { name: &name }
    } else if author == patient_id {
        Sender::Patient
    } else {
        Sender::Caregiver
    };
    let facts = MessageFacts {
        id: number,
        text: &text,
        sent_at: at(row.try_get("at")?),
        from,
    };
    Ok(writer.communication(patient_id, &facts))
}
