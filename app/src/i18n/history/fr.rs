//! French texts of the change history: what a change did and what the manufacturing site
//! reported, a journey's optional steps and a score's severity band.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HistSet => "Nouvelle date prévue",
        Msg::HistConfirm => "Date confirmée",
        Msg::HistDelay => "Retardé",
        Msg::HistDone => "Fait",
        Msg::HistCancel => "Annulé",
        Msg::HistRemanufacture => "Nouvelle fabrication",
        Msg::HistClosed => "Traitement clôturé : {status}",
        Msg::EvApheresisReceived => "Site de fabrication : produit d’aphérèse reçu",
        Msg::EvManufacturingStarted => "Site de fabrication : fabrication commencée",
        Msg::EvProductReleased => "Site de fabrication : produit libéré",
        Msg::EvOutOfSpecification => "Site de fabrication : hors spécifications, nouvelle fabrication",
        Msg::EvShipped => "Site de fabrication : produit expédié",
        Msg::EvDelivered => "Site de fabrication : produit livré",
        Msg::EvDelayed => "Site de fabrication : retard",
        Msg::StepOptional => "(facultatif)",
        Msg::BandMinimal => "minime",
        Msg::BandMild => "léger",
        Msg::BandModerate => "modéré",
        Msg::BandModeratelySevere => "modérément sévère",
        Msg::BandSevere => "sévère",
        Msg::BandNormal => "normal",
        Msg::BandBelowCutoff => "sous le seuil",
        Msg::BandAtOrAboveCutoff => "au seuil ou au-dessus",
        Msg::ScaleTotal => "total",
        Msg::ScaleAnxiety => "anxiété",
        Msg::ScaleDepression => "dépression",
        Msg::StepAfterRule => "après {step}, aussi longtemps que le prévoit la règle du pays",
        _ => return None,
    })
}
