//! Dutch texts of the change history: what a change did and what the manufacturing site
//! reported, a journey's optional steps and a score's severity band.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HistSet => "Nieuwe geplande datum",
        Msg::HistConfirm => "Datum bevestigd",
        Msg::HistDelay => "Vertraagd",
        Msg::HistDone => "Gedaan",
        Msg::HistCancel => "Geannuleerd",
        Msg::HistRemanufacture => "Opnieuw aanmaken",
        Msg::HistClosed => "Behandeling afgesloten: {status}",
        Msg::EvApheresisReceived => "Productielocatie: afereseproduct ontvangen",
        Msg::EvManufacturingStarted => "Productielocatie: productie gestart",
        Msg::EvProductReleased => "Productielocatie: product vrijgegeven",
        Msg::EvOutOfSpecification => "Productielocatie: buiten specificatie, opnieuw aanmaken",
        Msg::EvShipped => "Productielocatie: product verzonden",
        Msg::EvDelivered => "Productielocatie: product geleverd",
        Msg::EvDelayed => "Productielocatie: vertraagd",
        Msg::StepOptional => "(optioneel)",
        Msg::BandMinimal => "minimaal",
        Msg::BandMild => "licht",
        Msg::BandModerate => "matig",
        Msg::BandModeratelySevere => "matig ernstig",
        Msg::BandSevere => "ernstig",
        Msg::BandNormal => "normaal",
        Msg::BandBelowCutoff => "onder de drempel",
        Msg::BandAtOrAboveCutoff => "op of boven de drempel",
        Msg::ScaleTotal => "totaal",
        Msg::ScaleAnxiety => "angst",
        Msg::ScaleDepression => "depressie",
        Msg::StepAfterRule => "na {step}, zo lang als de regel van het land zegt",
        _ => return None,
    })
}
