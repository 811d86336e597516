//! What an export's files are laid out by, settled once before they are written: the
//! schedule's timepoints, the wide file's and the REDCap project's layouts where the export
//! holds them, and its CSV data files (which the codebook and the syntax files describe).
use super::{files::File, instruments::Instruments, redcap_files::RedcapPlan, wide_csv::WidePlan};
use app::domain::{
    checkins::CheckinSchedule,
    research::{
        labelled_files::{labelled, timepoint_codes, LabelledFile},
        ExportRequest, Format,
    },
};

/// What the export's files are laid out by: the schedule's timepoints, the wide file's and
/// the REDCap project's layouts where the export holds them, and its CSV data files.
pub struct Plans {
    pub timepoints: Vec<String>,
    pub wide: Option<WidePlan>,
    pub redcap: Option<RedcapPlan>,
    pub data_csv: Vec<&'static str>,
}

impl Plans {
    /// `schedule`: the one in force, with the site's own windows.
    pub fn new(request: &ExportRequest, instruments: &Instruments, schedule: &CheckinSchedule) -> Plans {
        let timepoints = timepoint_codes(schedule);
        let wide = (request.formats.contains(&Format::Wide) && Format::Wide.writes_for(&request.datasets))
            .then(|| WidePlan::new(schedule, instruments, request));
        let redcap = request.formats.contains(&Format::Redcap).then(|| {
            let fixed = labelled(&["patients.csv", "journeys.csv", "flags.csv"], None, &timepoints);
            RedcapPlan::new(request, &fixed, instruments, schedule, &timepoints)
        });
        let data_csv = File::all_of(request)
            .into_iter()
            .filter(|f| matches!(f, File::Patients | File::Csv(_) | File::Wide))
            .map(File::name)
            .collect();
        Plans {
            timepoints,
            wide,
            redcap,
            data_csv,
        }
    }

    /// The CSV data files with their variables labelled.
    pub fn labelled(&self) -> Vec<LabelledFile> {
        labelled(&self.data_csv, self.wide.as_ref().map(|w| &w.layout), &self.timepoints)
    }
}
