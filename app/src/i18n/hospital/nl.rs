//! Dutch texts of the hospital's side (hospital number, hospital systems).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HospitalNumberLabel => "Ziekenhuisnummer (optioneel)",
        Msg::HospitalNumberHint => "Het nummer van de patiënt in het eigen dossier van het ziekenhuis. De systemen van het ziekenhuis vinden de patiënt ermee; het verlaat nooit de app in een onderzoeksexport.",
        Msg::HospitalNumberTitle => "Ziekenhuisnummer",
        Msg::HospitalNumberNone => "Er is geen ziekenhuisnummer vastgelegd.",
        Msg::HospitalNumberSave => "Ziekenhuisnummer opslaan",
        Msg::HospitalNumberSaved => "Ziekenhuisnummer opgeslagen.",
        Msg::ProblemHospitalNumberInvalid => "Gebruik alleen letters, cijfers, - / en ., hoogstens 32 tekens, beginnend en eindigend met een letter of cijfer.",
        Msg::ProblemHospitalNumberTaken => "Een andere patiënt van dit centrum heeft dit ziekenhuisnummer. Controleer het in het dossier van het ziekenhuis.",
        Msg::ProblemOriginInvalid => "Geef alleen het begin van het adres, bijvoorbeeld https://pager.hospital.example of https://pager.hospital.example:8443.",
        Msg::ProblemOriginNotAllowed => "Dit adres hoort niet bij de toegestane oorsprongen. Een beheerder zet de oorsprong eerst op de lijst.",
        Msg::HospitalSystemsTitle => "Ziekenhuissystemen",
        Msg::HospitalSystemsIntro => "Bij een rode vlag krijgen de systemen van het ziekenhuis (een oproepsysteem, een inbox van het patiëntendossier) een ondertekende webhook in het Standard Webhooks-formaat. Webhooks gaan alleen naar de oorsprongen die hier precies vermeld staan.",
        Msg::OriginsTitle => "Toegestane oorsprongen",
        Msg::OriginLabel => "Oorsprong (https://host of https://host:poort)",
        Msg::OriginAdd => "Deze oorsprong toestaan",
        Msg::OriginRemove => "Deze oorsprong verwijderen",
        Msg::OriginsNone => "Nog geen oorsprong toegestaan: er kan geen webhook vertrekken.",
        Msg::HospitalWebhooksTitle => "Webhooks voor rode vlaggen",
        Msg::HospitalWebhookUrlLabel => "Adres (URL)",
        Msg::HospitalWebhookCreate => "Webhook toevoegen",
        Msg::HospitalWebhookRevoke => "Niet meer versturen",
        Msg::HospitalWebhookStopped => "gestopt",
        Msg::HospitalWebhooksNone => "Nog geen webhook.",
        Msg::DeliveriesTitle => "Laatste verzendingen",
        Msg::DeliveriesExplain => "Het bericht van elke rode vlag, per webhook: de stand en het laatste antwoord van de ontvanger. De inhoud wordt hier niet getoond.",
        Msg::DeliveriesNone => "Nog niets verstuurd.",
        Msg::ColumnWebhook => "Webhook",
        Msg::ColumnAttempts => "Pogingen",
        Msg::ColumnAnswer => "Laatste antwoord",
        Msg::DeliveryPending => "wacht, volgende poging om {time}",
        Msg::DeliverySending => "wordt verstuurd",
        Msg::DeliverySent => "afgeleverd",
        Msg::DeliveryFailed => "opgegeven",
        Msg::DeliveryNoAnswer => "geen antwoord",
        _ => return None,
    })
}
