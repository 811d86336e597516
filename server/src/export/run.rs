//! Writing an export out: its files, one after another, into a zip or one file alone, sent
//! on in chunks as they fill. A failure stops the stream where it is: a zip then lacks its
//! central directory and manifest, and the export is recorded as failed.
use super::{
    fhir,
    files::{self, File, Member},
    inputs::Inputs,
    journeys_csv, redcap_files, wide_csv, ExportError,
};
use crate::storage::{
    audit::Entry,
    now,
    research_exports::{self, StoredExport},
    research_rows::{self, Responses},
    Db,
};
use app::domain::{
    checkins::Questionnaire,
    research::{codebook::codebook, redcap::RedcapFile, Dataset, ExportRequest},
};
use std::{collections::BTreeMap, io::Write};

/// Where the bytes go: a file, or the body of an HTTP response.
#[async_trait::async_trait]
pub trait Sink: Send {
    async fn send(&mut self, bytes: Vec<u8>) -> std::io::Result<()>;
}

#[async_trait::async_trait]
impl Sink for tokio::fs::File {
    async fn send(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        tokio::io::AsyncWriteExt::write_all(self, &bytes).await
    }
}

/// Bytes are sent on once this many are waiting.
const CHUNK: usize = 256 * 1024;

pub struct Out<'s> {
    zip: Option<super::zip::ZipStream>,
    plain: Vec<u8>,
    sink: &'s mut dyn Sink,
}

impl<'s> Out<'s> {
    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self.zip.as_mut() {
            Some(zip) => zip.write_all(bytes),
            None => {
                self.plain.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    fn waiting(&self) -> usize {
        self.zip.as_ref().map_or(self.plain.len(), |z| z.buffered())
    }

    async fn send_waiting(&mut self) -> std::io::Result<()> {
        let bytes = match self.zip.as_mut() {
            Some(zip) => zip.take(),
            None => std::mem::take(&mut self.plain),
        };
        if bytes.is_empty() {
            Ok(())
        } else {
            self.sink.send(bytes).await
        }
    }

    pub async fn send_if_full(&mut self) -> std::io::Result<()> {
        if self.waiting() >= CHUNK {
            self.send_waiting().await?;
        }
        Ok(())
    }
}

/// Counts records read, saves progress now and then for the export page, and keeps the
/// output moving.
pub struct Progress<'d> {
    db: &'d Db,
    export_id: i64,
    done: i64,
    saved: i64,
}

const SAVE_EVERY: i64 = 5_000;

impl<'d> Progress<'d> {
    pub async fn tick(&mut self, out: &mut Out<'_>) -> Result<(), ExportError> {
        self.done += 1;
        if self.done - self.saved >= SAVE_EVERY {
            research_exports::set_progress(self.db, self.export_id, self.done).await?;
            self.saved = self.done;
        }
        out.send_if_full().await?;
        Ok(())
    }
}

/// How an export is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packaging {
    /// Every file, then the manifest, in one zip.
    Zip,
    /// One file alone.
    Single(File),
}

pub fn request_of(export: &StoredExport) -> Result<ExportRequest, ExportError> {
    serde_json::from_str(&export.parameters)
        .map_err(|_| ExportError::Data("the export's parameters are unreadable".into()))
}

/// Whether the export may still be written: within its life, and no member has withdrawn
/// consent since it was made. Asked once before a download (the page's, the command
/// line's), not for each file.
pub async fn still_open(db: &Db, export: &StoredExport) -> Result<(), ExportError> {
    if export.export_key.is_none() || export.expires_at <= now() {
        return Err(ExportError::Expired);
    }
    if research_exports::has_withdrawn_member(db, export.id).await? {
        return Err(ExportError::Withdrawn);
    }
    Ok(())
}

/// Writes the export (or one of its files) to the sink, and records the outcome and an
/// audit entry. Answers the rows written per file.
pub async fn write(
    db: &Db,
    export: &StoredExport,
    packaging: Packaging,
    sink: &mut dyn Sink,
    audit: Entry<'_>,
) -> Result<BTreeMap<String, u64>, ExportError> {
    if export.export_key.is_none() || export.expires_at <= now() {
        return Err(ExportError::Expired);
    }
    let request = request_of(export)?;
    let files = File::all_of(&request);
    if let Packaging::Single(file) = packaging {
        if !files.contains(&file) {
            return Err(ExportError::NoSuchFile(file.name().into()));
        }
    }
    let outcome = async {
        let total = records_to_read(db, export, &request, packaging).await?;
        research_exports::set_running(db, export.id, total).await?;
        let inputs = Inputs::load(db, export).await?;
        write_files(db, export, &request, packaging, sink, inputs).await
    }
    .await;
    let (result, subject) = match &outcome {
        Ok(counts) => {
            let counts = serde_json::to_string(counts).unwrap_or_default();
            let subject = format!(
                "research_export:{} {} rows={counts}",
                export.id,
                packaging_name(packaging)
            );
            (Ok(counts), subject)
        }
        Err(error) => (
            Err(error.to_string()),
            format!("research_export:{} {} failed", export.id, packaging_name(packaging)),
        ),
    };
    let recorded = research_exports::finish(
        db,
        export.id,
        result.as_deref().map_err(String::as_str),
        audit.subject(subject.as_str()),
    )
    .await;
    let counts = outcome?;
    recorded?;
    Ok(counts)
}

/// What the files of this download will read, one tick each.
async fn records_to_read(
    db: &Db,
    export: &StoredExport,
    request: &ExportRequest,
    packaging: Packaging,
) -> Result<i64, ExportError> {
    let files = match packaging {
        Packaging::Zip => File::all_of(request),
        Packaging::Single(file) => vec![file],
    };
    let (id, at) = (export.id, export.snapshot_at);
    let mut total = 0;
    for file in files {
        total += match file {
            File::Csv(Dataset::Items) => research_rows::count_responses(db, id, at, Responses::Questionnaires).await?,
            File::Csv(Dataset::Diary) => research_rows::count_responses(db, id, at, Responses::Diary).await?,
            File::Csv(Dataset::Scores) => research_rows::count_responses(db, id, at, Responses::All).await?,
            File::Responses => research_rows::count_responses(db, id, at, responses_of(request)).await?,
            File::Csv(Dataset::Flags) => research_rows::count_flags(db, id, at).await?,
            File::Csv(Dataset::Journeys) => research_rows::count_treatments(db, id, at).await?,
            File::Wide => research_rows::count_responses(db, id, at, Responses::Questionnaires).await?,
            File::Redcap(RedcapFile::Data) => redcap_records(db, request, (id, at)).await?,
            File::Labels(_) | File::Redcap(_) => 0,
            File::Patients | File::Codebook | File::Manifest => 0,
        };
    }
    Ok(total)
}

/// What the REDCap data file reads: the responses, treatments and flags its datasets hold.
async fn redcap_records(db: &Db, request: &ExportRequest, (id, at): (i64, i64)) -> Result<i64, ExportError> {
    let has = |d: Dataset| request.datasets.contains(&d);
    let responses = match (has(Dataset::Items) || has(Dataset::Scores), has(Dataset::Diary)) {
        (false, false) => 0,
        (true, false) => research_rows::count_responses(db, id, at, Responses::Questionnaires).await?,
        (false, true) => research_rows::count_responses(db, id, at, Responses::Diary).await?,
        (true, true) => research_rows::count_responses(db, id, at, Responses::All).await?,
    };
    let treatments = if has(Dataset::Journeys) {
        research_rows::count_treatments(db, id, at).await?
    } else {
        0
    };
    let flags = if has(Dataset::Flags) {
        research_rows::count_flags(db, id, at).await?
    } else {
        0
    };
    Ok(responses + treatments + flags)
}

/// Which responses the FHIR file holds: those of the item-level datasets asked for.
fn responses_of(request: &ExportRequest) -> Responses {
    match (
        request.datasets.contains(&Dataset::Items),
        request.datasets.contains(&Dataset::Diary),
    ) {
        (true, false) => Responses::Questionnaires,
        (false, true) => Responses::Diary,
        _ => Responses::All,
    }
}

fn packaging_name(p: Packaging) -> &'static str {
    match p {
        Packaging::Zip => "zip",
        Packaging::Single(file) => file.name(),
    }
}

async fn write_files(
    db: &Db,
    export: &StoredExport,
    request: &ExportRequest,
    packaging: Packaging,
    sink: &mut dyn Sink,
    inputs: Inputs,
) -> Result<BTreeMap<String, u64>, ExportError> {
    let Inputs {
        members,
        instruments,
        schedule,
    } = inputs;
    let mut ordered: Vec<(i64, &Member)> = members.iter().map(|(id, m)| (*id, m)).collect();
    ordered.sort_by(|a, b| a.1.research_id.cmp(&b.1.research_id));
    let mut out = Out {
        zip: (packaging == Packaging::Zip).then(super::zip::ZipStream::new),
        plain: Vec::new(),
        sink,
    };
    let mut progress = Progress {
        db,
        export_id: export.id,
        done: 0,
        saved: 0,
    };
    let files = match packaging {
        Packaging::Zip => File::all_of(request),
        Packaging::Single(file) => vec![file],
    };
    let key = (export.id, export.snapshot_at);
    let plans = super::plans::Plans::new(request, &instruments, &schedule);
    let mut counts = BTreeMap::new();
    let source = files::Source {
        db,
        export: key,
        members: &members,
    };
    for file in files {
        if let Some(zip) = out.zip.as_mut() {
            zip.start_file(file.name())?;
        }
        let rows = match file {
            File::Patients => files::patients(&mut out, &ordered)?,
            File::Csv(Dataset::Items) => {
                files::answers(&source, Responses::Questionnaires, &mut out, &mut progress).await?
            }
            File::Csv(Dataset::Diary) => files::answers(&source, Responses::Diary, &mut out, &mut progress).await?,
            File::Csv(Dataset::Scores) => files::scores(&source, &mut out, &mut progress).await?,
            File::Csv(Dataset::Flags) => files::flags(&source, &mut out, &mut progress).await?,
            File::Csv(Dataset::Journeys) => journeys_csv::write(&source, &mut out, &mut progress).await?,
            File::Wide => match &plans.wide {
                Some(plan) => wide_csv::write(&source, plan, &mut out, &mut progress).await?,
                None => 0,
            },
            File::Redcap(RedcapFile::Data) => match &plans.redcap {
                Some(plan) => redcap_files::write_data(&source, plan, &ordered, &mut out, &mut progress).await?,
                None => 0,
            },
            File::Redcap(file) => match &plans.redcap {
                Some(plan) => redcap_files::write_project_file(plan, file, &mut out)?,
                None => 0,
            },
            File::Responses => {
                fhir::write(
                    db,
                    key,
                    &members,
                    responses_of(request),
                    &instruments,
                    &mut out,
                    &mut progress,
                )
                .await?
            }
            File::Labels(package) => {
                out.write(package.syntax(&plans.labelled()).as_bytes())?;
                1
            }
            File::Codebook => {
                let summary = serde_json::from_str::<serde_json::Value>(&export.summary).unwrap_or_default();
                let known: Vec<&Questionnaire> = instruments.known.iter().collect();
                let layout = plans.wide.as_ref().map(|w| &w.layout);
                let book = codebook(&plans.data_csv, &known, layout, &plans.timepoints, &summary);
                let text = serde_json::to_vec_pretty(&book).map_err(|e| ExportError::Data(e.to_string()))?;
                out.write(&text)?;
                1
            }
            File::Manifest => 0,
        };
        counts.insert(file.name().to_string(), rows);
        out.send_if_full().await?;
    }
    if let Some(zip) = out.zip.as_mut() {
        zip.start_file(File::Manifest.name())?;
        let manifest = serde_json::json!({
            "complete": true,
            "files": counts,
            "summary": serde_json::from_str::<serde_json::Value>(&export.summary).unwrap_or_default(),
        });
        out.write(manifest.to_string().as_bytes())?;
        if let Some(zip) = out.zip.as_mut() {
            zip.finish()?;
        }
    }
    out.send_waiting().await?;
    research_exports::set_progress(db, export.id, progress.done).await?;
    Ok(counts)
}
