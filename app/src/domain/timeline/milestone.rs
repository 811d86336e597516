//! The words of the journey: which milestones exist, in which order, and their states.
use serde::{Deserialize, Serialize};

/// Every milestone a journey template may use, in the order a journey passes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MilestoneKind {
    Referral,
    Eligibility,
    Apheresis,
    CellsShipped,
    ManufacturingStarted,
    ProductReleased,
    ProductShipped,
    ProductReceived,
    Bridging,
    Lymphodepletion,
    Infusion,
    Discharge,
    StayNearCentreEnds,
    DrivingRestrictionEnds,
    FollowUp,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 15] = [
        MilestoneKind::Referral,
        MilestoneKind::Eligibility,
        MilestoneKind::Apheresis,
        MilestoneKind::CellsShipped,
        MilestoneKind::ManufacturingStarted,
        MilestoneKind::ProductReleased,
        MilestoneKind::ProductShipped,
        MilestoneKind::ProductReceived,
        MilestoneKind::Bridging,
        MilestoneKind::Lymphodepletion,
        MilestoneKind::Infusion,
        MilestoneKind::Discharge,
        MilestoneKind::StayNearCentreEnds,
        MilestoneKind::DrivingRestrictionEnds,
        MilestoneKind::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneKind::Referral => "referral",
            MilestoneKind::Eligibility => "eligibility",
            MilestoneKind::Apheresis => "apheresis",
            MilestoneKind::CellsShipped => "cells_shipped",
            MilestoneKind::ManufacturingStarted => "manufacturing_started",
            MilestoneKind::ProductReleased => "product_released",
            MilestoneKind::ProductShipped => "product_shipped",
            MilestoneKind::ProductReceived => "product_received",
            MilestoneKind::Bridging => "bridging",
            MilestoneKind::Lymphodepletion => "lymphodepletion",
            MilestoneKind::Infusion => "infusion",
            MilestoneKind::Discharge => "discharge",
            MilestoneKind::StayNearCentreEnds => "stay_near_centre_ends",
            MilestoneKind::DrivingRestrictionEnds => "driving_restriction_ends",
            MilestoneKind::FollowUp => "follow_up",
        }
    }

    pub fn parse(value: &str) -> Option<MilestoneKind> {
        MilestoneKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Steps on the manufacturing side, which a manufacturing site may report on.
    pub fn is_manufacturing(self) -> bool {
        matches!(
            self,
            MilestoneKind::CellsShipped
                | MilestoneKind::ManufacturingStarted
                | MilestoneKind::ProductReleased
                | MilestoneKind::ProductShipped
                | MilestoneKind::ProductReceived
        )
    }

    /// Before infusion a date is typed in by hand; after it, dates are projected.
    pub fn is_before_infusion(self) -> bool {
        self < MilestoneKind::Infusion
    }
}

/// Where a milestone stands. Confirmed, delayed and done milestones carry a date someone
/// gave, so projection keeps them where they are (they are pinned).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MilestoneStatus {
    Planned,
    Confirmed,
    Done,
    Delayed,
    Cancelled,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 5] = [
        MilestoneStatus::Planned,
        MilestoneStatus::Confirmed,
        MilestoneStatus::Done,
        MilestoneStatus::Delayed,
        MilestoneStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::Confirmed => "confirmed",
            MilestoneStatus::Done => "done",
            MilestoneStatus::Delayed => "delayed",
            MilestoneStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<MilestoneStatus> {
        MilestoneStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn is_pinned(self) -> bool {
        matches!(
            self,
            MilestoneStatus::Confirmed | MilestoneStatus::Done | MilestoneStatus::Delayed
        )
    }
}

/// Who last set a milestone by hand; a milestone only ever projected has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    Nurse,
    Integration,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Nurse => "nurse",
            Source::Integration => "integration",
        }
    }

    pub fn parse(value: &str) -> Option<Source> {
        match value {
            "nurse" => Some(Source::Nurse),
            "integration" => Some(Source::Integration),
            _ => None,
        }
    }
}

/// A treatment is active until it is closed; closing freezes its timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TreatmentStatus {
    Active,
    Completed,
    Withdrawn,
    Transferred,
    Deceased,
}

impl TreatmentStatus {
    pub const ALL: [TreatmentStatus; 5] = [
        TreatmentStatus::Active,
        TreatmentStatus::Completed,
        TreatmentStatus::Withdrawn,
        TreatmentStatus::Transferred,
        TreatmentStatus::Deceased,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TreatmentStatus::Active => "active",
            TreatmentStatus::Completed => "completed",
            TreatmentStatus::Withdrawn => "withdrawn",
            TreatmentStatus::Transferred => "transferred",
            TreatmentStatus::Deceased => "deceased",
        }
    }

    pub fn parse(value: &str) -> Option<TreatmentStatus> {
        TreatmentStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn is_closed(self) -> bool {
        self != TreatmentStatus::Active
    }
}
