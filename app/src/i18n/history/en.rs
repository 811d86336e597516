//! English texts of the change history: what a change did and what the manufacturing site
//! reported, a journey's optional steps and a score's severity band.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HistSet => "New planned date",
        Msg::HistConfirm => "Date confirmed",
        Msg::HistDelay => "Delayed",
        Msg::HistDone => "Done",
        Msg::HistCancel => "Cancelled",
        Msg::HistRemanufacture => "Re-manufacture",
        Msg::HistClosed => "Treatment closed: {status}",
        Msg::EvApheresisReceived => "Manufacturing site: apheresis material received",
        Msg::EvManufacturingStarted => "Manufacturing site: manufacturing started",
        Msg::EvProductReleased => "Manufacturing site: product released",
        Msg::EvOutOfSpecification => "Manufacturing site: out of specification, re-manufacture",
        Msg::EvShipped => "Manufacturing site: product shipped",
        Msg::EvDelivered => "Manufacturing site: product delivered",
        Msg::EvDelayed => "Manufacturing site: delayed",
        Msg::StepOptional => "(optional)",
        Msg::BandMinimal => "minimal",
        Msg::BandMild => "mild",
        Msg::BandModerate => "moderate",
        Msg::BandModeratelySevere => "moderately severe",
        Msg::BandSevere => "severe",
        Msg::BandNormal => "normal",
        Msg::BandBelowCutoff => "below the cut-off",
        Msg::BandAtOrAboveCutoff => "at or above the cut-off",
        Msg::ScaleTotal => "total",
        Msg::ScaleAnxiety => "anxiety",
        Msg::ScaleDepression => "depression",
        Msg::StepAfterRule => "after {step}, as long as the country's rule says",
        _ => return None,
    })
}
