//! The variables of each CSV file of an export, in the order the writers write them: name,
//! type, unit and what it means. The codebook describes them; the writers take their
//! headers from here.

/// (name, type, unit, description)
pub(super) type Variable = (&'static str, &'static str, &'static str, &'static str);

const RESEARCH_ID: Variable = (
    "research_id",
    "string",
    "",
    "Pseudonymous patient id: a keyed hash under the project's key, the same in every export of the project",
);
const TIME: [Variable; 3] = [
    (
        "timepoint",
        "code",
        "",
        "Nominal timepoint of the check-in window answered, as the schedule named it when the answer came: baseline, D28, D100, D180, D365, Y2 to Y15 for the scheduled instruments; the period of a repeating one (waiting, D0-D28, apheresis-D365); unscheduled for an answer outside every window. Answers stored before answers kept their timepoint are placed by their day from infusion: baseline (before infusion), acute (days 0-20), D28 (21-63), D100 (64-139), D180 (140-272), D365 (273-547), Y2 to Y15 (365 x n, +/- 182 days), after-Y15",
    ),
    (
        "week",
        "integer",
        "weeks",
        "Whole weeks from the patient's anchor (week 0: days 0-6), by the calendar of the centre; empty where the k check released the timepoint alone",
    ),
    (
        "weeks_after_due",
        "integer",
        "weeks",
        "Whole weeks from the day the window was due to the answer (0: within a week); empty unscheduled, for answers stored without their window, or where the k check released the timepoint alone",
    ),
];
const INSTRUMENT: [Variable; 3] = [
    ("instrument", "string", "", "Questionnaire name (see instruments)"),
    ("version", "string", "", "Questionnaire version answered"),
    (
        "reported_by",
        "code",
        "",
        "Who answered: patient, or caregiver on the patient's behalf",
    ),
];

const PATIENTS: [Variable; 8] = [
    ("anchor", "code", "", "Day 0 of this patient: infusion, or apheresis if not (yet) infused when the project was approved"),
    ("anchor_period", "code", "", "When day 0 fell: a quarter (2026-Q2), or its year, or empty, as coarse as k needs"),
    ("age_band", "code", "years", "Age on the anchor day in 10-year bands (90+ as one), or 20-year bands (80+) where generalised; empty if unknown"),
    ("sex", "code", "", "Sex as recorded at enrolment"),
    ("product", "code", "", "CAR-T product of the latest treatment"),
    ("centre", "string", "", "Treating centre; empty unless the deployment allows it and k holds"),
    ("country", "code", "", "Country of the centre, ISO 3166-1 alpha-2; empty where generalised to region"),
    ("region", "code", "", "UN M49 sub-region of the centre's country; its continent where no other deployed country shares the sub-region, \"any\" where none shares the continent (a region of one deployed country would name it)"),
];
const JOURNEYS: [Variable; 17] = [
    (
        "treatment",
        "integer",
        "",
        "1 for the patient's first treatment, 2 for the next",
    ),
    ("product", "code", "", "CAR-T product"),
    (
        "manufacturing",
        "code",
        "",
        "How the cells were made: centralised (shipped to a manufacturing site and back) or point_of_care (made in the hospital: the journey ships no cells)",
    ),
    ("status", "code", "", "Where the treatment stood at the export's cut"),
    (
        "apheresis_week",
        "integer",
        "weeks",
        "Week of apheresis (done, else planned) from the anchor; empty where released in bands",
    ),
    ("apheresis_done", "boolean", "", "Whether apheresis was done by the cut"),
    (
        "release_week",
        "integer",
        "weeks",
        "Week the product was (or was planned to be) released; empty where released in bands",
    ),
    (
        "release_done",
        "boolean",
        "",
        "Whether the product was released by the cut",
    ),
    (
        "infusion_week",
        "integer",
        "weeks",
        "Week of infusion (done, else planned); empty where released in bands",
    ),
    (
        "infusion_done",
        "boolean",
        "",
        "Whether the infusion was done by the cut",
    ),
    (
        "manufacturing_weeks",
        "code",
        "weeks",
        "Apheresis to release in whole weeks, or a band (0-4, 5-8, 9-12, 13+) where coarsened",
    ),
    (
        "release_to_infusion_weeks",
        "code",
        "weeks",
        "Release to infusion in whole weeks, or a band where coarsened",
    ),
    (
        "vein_to_vein_weeks",
        "code",
        "weeks",
        "Apheresis to infusion in whole weeks, or a band where coarsened",
    ),
    (
        "release_delay",
        "code",
        "days",
        "Release later than first planned: none, 1-7, 8-14, 15-28, 29+ days, or none/late where coarsened",
    ),
    (
        "infusion_delay",
        "code",
        "days",
        "Infusion later than first planned, in the same bands",
    ),
    (
        "remanufactures",
        "code",
        "",
        "Times a run was started again after one failed (re-manufacture, out of specification) by the cut; 0 or 1+ where coarsened",
    ),
    (
        "delay_reasons",
        "code",
        "",
        "The coded reasons given for the treatment's delays by the cut, space-separated: slot, shipping, out_of_specification, patient_condition, other; where coarsened, their groups: manufacturing (slot, shipping, out_of_specification), patient, other. Empty: no reason given. Free text is never exported",
    ),
];

/// The columns of a CSV file of the export, in order.
pub fn columns_of(file: &str) -> Vec<&'static str> {
    variables(file).iter().map(|v| v.0).collect()
}

pub(super) fn variables(file: &str) -> Vec<Variable> {
    let mut v = vec![RESEARCH_ID];
    match file {
        "patients.csv" => v.extend(PATIENTS),
        "items.csv" | "diary.csv" => {
            v.extend(TIME);
            v.extend(INSTRUMENT);
            v.extend([
                ("item", "string", "", "The item's linkId (see instruments); empty, with an empty value, for a response with nothing exportable (free text only)"),
                ("value", "string", "", "The answer: an option code, a number or true/false; free-text answers are never exported"),
            ]);
        }
        "scores.csv" => {
            v.extend(TIME);
            v.extend(INSTRUMENT);
            v.extend([
                ("scale", "string", "", "The scale scored (see instruments)"),
                (
                    "score",
                    "integer",
                    "points",
                    "Total, prorated when up to the allowed number of items are missing; empty when more are",
                ),
                ("band", "code", "", "Severity band of the score"),
                (
                    "positive",
                    "boolean",
                    "",
                    "At or above the scale's screening cut-off; empty if it has none",
                ),
                (
                    "missing_items",
                    "integer",
                    "items",
                    "Items of the scale left unanswered",
                ),
            ]);
        }
        "flags.csv" => {
            v.extend(TIME);
            v.extend([
                ("rule", "string", "", "The triage rule that raised the flag"),
                ("level", "code", "", "urgent, high or review"),
                ("advice", "code", "", "What the patient was told to do at once: emergency_first, crisis or call_care_team; empty for none"),
                ("minutes_to_acknowledge", "integer", "minutes", "From the flag being raised to a nurse acknowledging it; empty if not by the export"),
                ("minutes_to_resolve", "integer", "minutes", "From the flag being raised to it being resolved; empty if not by the export"),
            ]);
        }
        "journeys.csv" => v.extend(JOURNEYS),
        _ => {}
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    /// The writers take their headers from here: these are the columns, in order.
    fn every_column_written_is_described() {
        for (file, header) in [
            (
                "items.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "weeks_after_due",
                    "instrument",
                    "version",
                    "reported_by",
                    "item",
                    "value",
                ],
            ),
            (
                "flags.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "weeks_after_due",
                    "rule",
                    "level",
                    "advice",
                    "minutes_to_acknowledge",
                    "minutes_to_resolve",
                ],
            ),
            (
                "patients.csv",
                vec![
                    "research_id",
                    "anchor",
                    "anchor_period",
                    "age_band",
                    "sex",
                    "product",
                    "centre",
                    "country",
                    "region",
                ],
            ),
            (
                "diary.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "weeks_after_due",
                    "instrument",
                    "version",
                    "reported_by",
                    "item",
                    "value",
                ],
            ),
            (
                "scores.csv",
                vec![
                    "research_id",
                    "timepoint",
                    "week",
                    "weeks_after_due",
                    "instrument",
                    "version",
                    "reported_by",
                    "scale",
                    "score",
                    "band",
                    "positive",
                    "missing_items",
                ],
            ),
            (
                "journeys.csv",
                vec![
                    "research_id",
                    "treatment",
                    "product",
                    "manufacturing",
                    "status",
                    "apheresis_week",
                    "apheresis_done",
                    "release_week",
                    "release_done",
                    "infusion_week",
                    "infusion_done",
                    "manufacturing_weeks",
                    "release_to_infusion_weeks",
                    "vein_to_vein_weeks",
                    "release_delay",
                    "infusion_delay",
                    "remanufactures",
                    "delay_reasons",
                ],
            ),
        ] {
            let names: Vec<&str> = variables(file).iter().map(|v| v.0).collect();
            assert_eq!(names, header, "{file}");
        }
    }
}
