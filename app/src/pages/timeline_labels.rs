//! How timeline words read in the reader's language.
use crate::{
    domain::timeline::{MilestoneKind, MilestoneStatus, Stage, TreatmentStatus},
    i18n::{dates, fill, t, Locale, Msg},
    tr, use_locale,
};

/// A milestone's name; follow-ups say which visit ("day +100", "year 5").
pub fn milestone_name(kind: MilestoneKind, key: &str) -> String {
    milestone_name_in(use_locale(), kind, key)
}

/// The same, in a language already looked up (long lists look it up once, not per row).
pub fn milestone_name_in(locale: Locale, kind: MilestoneKind, key: &str) -> String {
    use MilestoneKind::*;
    let tr = |msg| t(locale, msg);
    let msg = match kind {
        Referral => Msg::MsReferral,
        Eligibility => Msg::MsEligibility,
        Apheresis => Msg::MsApheresis,
        CellsShipped => Msg::MsCellsShipped,
        ManufacturingStarted => Msg::MsManufacturingStarted,
        ProductReleased => Msg::MsProductReleased,
        ProductShipped => Msg::MsProductShipped,
        ProductReceived => Msg::MsProductReceived,
        Bridging => Msg::MsBridging,
        Lymphodepletion => Msg::MsLymphodepletion,
        Infusion => Msg::MsInfusion,
        Discharge => Msg::MsDischarge,
        StayNearCentreEnds => Msg::MsStayNearEnds,
        DrivingRestrictionEnds => Msg::MsDrivingEnds,
        FollowUp => {
            if let Some(year) = key.strip_prefix("follow_up_year_") {
                return fill(tr(Msg::MsFollowUpYear), &[("year", year)]);
            }
            let day = key.strip_prefix("follow_up_day_").unwrap_or("?");
            return fill(tr(Msg::MsFollowUpDay), &[("day", day)]);
        }
    };
    tr(msg).to_string()
}

pub fn status_label(status: MilestoneStatus) -> &'static str {
    tr(match status {
        MilestoneStatus::Planned => Msg::StPlanned,
        MilestoneStatus::Confirmed => Msg::StConfirmed,
        MilestoneStatus::Done => Msg::StDone,
        MilestoneStatus::Delayed => Msg::StDelayed,
        MilestoneStatus::Cancelled => Msg::StCancelled,
    })
}

pub fn stage_label(stage: Option<Stage>) -> &'static str {
    tr(match stage {
        None => Msg::StageNoTreatment,
        Some(Stage::Preparing) => Msg::StagePreparing,
        Some(Stage::CellsInProduction) => Msg::StageCellsInProduction,
        Some(Stage::AwaitingInfusion) => Msg::StageAwaitingInfusion,
        Some(Stage::CloseMonitoring) => Msg::StageCloseMonitoring,
        Some(Stage::FollowUp) => Msg::StageFollowUp,
    })
}

pub fn treatment_status_label(status: TreatmentStatus) -> &'static str {
    tr(match status {
        TreatmentStatus::Active => Msg::TsActive,
        TreatmentStatus::Completed => Msg::TsCompleted,
        TreatmentStatus::Withdrawn => Msg::TsWithdrawn,
        TreatmentStatus::Transferred => Msg::TsTransferred,
        TreatmentStatus::Deceased => Msg::TsDeceased,
    })
}

/// An ISO date as the reader's language writes it.
pub fn date_text(iso: &str) -> String {
    dates::long_date(use_locale(), iso)
}

/// An "HH:MM" time of day as the reader's locale writes it ("14:05", "2:05 PM").
pub fn time_text(hh_mm: &str) -> String {
    dates::time_of_day(use_locale(), hh_mm)
}

/// A date and a time of day together, in the reader's locale.
pub fn date_time_text(iso: &str, hh_mm: &str) -> String {
    dates::date_and_time(use_locale(), iso, hh_mm)
}

/// "YYYY-MM-DD HH:MM" (a time already in the reader's zone), in the reader's locale.
pub fn day_and_time(at: &str) -> String {
    let (day, time) = at.split_once(' ').unwrap_or((at, ""));
    date_time_text(day, time)
}

/// A delay's coded reason in the reader's language.
pub fn delay_reason_name(reason: crate::domain::timeline::delay_reason::DelayReason) -> &'static str {
    use crate::domain::timeline::delay_reason::DelayReason;
    tr(match reason {
        DelayReason::Slot => Msg::DelaySlot,
        DelayReason::Shipping => Msg::DelayShipping,
        DelayReason::OutOfSpecification => Msg::DelayOutOfSpecification,
        DelayReason::PatientCondition => Msg::DelayPatientCondition,
        DelayReason::Other => Msg::DelayOther,
    })
}
