//! German texts of the change history: what a change did and what the manufacturing site
//! reported, a journey's optional steps and a score's severity band.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HistSet => "Neues geplantes Datum",
        Msg::HistConfirm => "Datum bestätigt",
        Msg::HistDelay => "Verzögert",
        Msg::HistDone => "Erledigt",
        Msg::HistCancel => "Abgesagt",
        Msg::HistRemanufacture => "Neuherstellung",
        Msg::HistClosed => "Behandlung abgeschlossen: {status}",
        Msg::EvApheresisReceived => "Herstellungsort: Apheresematerial erhalten",
        Msg::EvManufacturingStarted => "Herstellungsort: Herstellung begonnen",
        Msg::EvProductReleased => "Herstellungsort: Produkt freigegeben",
        Msg::EvOutOfSpecification => "Herstellungsort: außerhalb der Spezifikation, Neuherstellung",
        Msg::EvShipped => "Herstellungsort: Produkt versandt",
        Msg::EvDelivered => "Herstellungsort: Produkt geliefert",
        Msg::EvDelayed => "Herstellungsort: verzögert",
        Msg::StepOptional => "(optional)",
        Msg::BandMinimal => "minimal",
        Msg::BandMild => "leicht",
        Msg::BandModerate => "mittelgradig",
        Msg::BandModeratelySevere => "mittelschwer",
        Msg::BandSevere => "schwer",
        Msg::BandNormal => "unauffällig",
        Msg::BandBelowCutoff => "unter dem Grenzwert",
        Msg::BandAtOrAboveCutoff => "am oder über dem Grenzwert",
        Msg::ScaleTotal => "Gesamtwert",
        Msg::ScaleAnxiety => "Angst",
        Msg::ScaleDepression => "Depression",
        Msg::StepAfterRule => "nach {step}, so lange wie die Regel des Landes vorsieht",
        _ => return None,
    })
}
