//! The questionnaires an export's data answer, built in or imported, by name and version:
//! for the codebook's value labels and the FHIR resources' canonical URLs.
use super::ExportError;
use crate::storage::{research_rows, Db};
use app::domain::checkins::{builtin, import, Questionnaire};

/// Every questionnaire the app has known: the built-in ones and each imported version.
/// Definitions are public, whatever the data hold.
pub async fn every_definition(db: &Db) -> Result<Vec<Questionnaire>, ExportError> {
    let mut all = builtin::all().map_err(|_| ExportError::Data("a built-in questionnaire is unreadable".into()))?;
    for definition in research_rows::imported_definitions(db).await? {
        // An unreadable imported definition only loses its labels (and its scales).
        if let Some(q) = serde_json::from_str(&definition)
            .ok()
            .and_then(|json| import(&json).ok())
        {
            all.push(q);
        }
    }
    Ok(all)
}

pub struct Instruments {
    /// One per (name, version) present in the export, where the definition is known.
    pub known: Vec<Questionnaire>,
}

impl Instruments {
    pub async fn load(db: &Db, export_id: i64, snapshot_at: i64) -> Result<Instruments, ExportError> {
        let present = research_rows::instrument_versions(db, export_id, snapshot_at).await?;
        let all = every_definition(db).await?;
        let mut known = Vec::new();
        for (name, version) in &present {
            if let Some(q) = all.iter().find(|q| q.short_name() == name && &q.version == version) {
                known.push(q.clone());
            }
        }
        Ok(Instruments { known })
    }

    /// `url|version`, as FHIR names a questionnaire; the name alone if not known.
    pub fn canonical(&self, name: &str, version: &str) -> String {
        let url = self
            .known
            .iter()
            .find(|q| q.short_name() == name && q.version == version)
            .map_or(name, |q| q.id.as_str());
        format!("{url}|{version}")
    }
}
