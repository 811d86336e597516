//! Dutch texts of passkey sign-in and of the phone marked as one's own.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::PasskeySignIn => "Inloggen met een toegangssleutel",
        Msg::PasskeysTitle => "Toegangssleutels",
        Msg::PasskeysExplain => "Met een toegangssleutel logt u in met uw vingerafdruk, uw gezicht of de schermvergrendeling van uw telefoon, zonder uw wachtwoord te typen. Hij blijft op uw telefoon.",
        Msg::PasskeyCreate => "Een toegangssleutel maken op deze telefoon",
        Msg::PasskeysNone => "U hebt nog geen toegangssleutel.",
        Msg::PasskeyItem => "Toegangssleutel {n}",
        Msg::PasskeyCreatedOn => "gemaakt op {date}",
        Msg::PasskeyLastUsed => "laatst gebruikt op {date}",
        Msg::PasskeyNeverUsed => "nog niet gebruikt",
        Msg::PasskeyRemove => "Deze toegangssleutel verwijderen",
        Msg::PasskeyUnsupported => "Deze browser kan geen toegangssleutels gebruiken. Log in met uw wachtwoord.",
        Msg::PasskeyCancelled => "Er is geen toegangssleutel gebruikt. Probeer het opnieuw, of log in met uw wachtwoord.",
        Msg::PasskeyWorking => "Volg wat uw telefoon vraagt…",
        Msg::PasskeyAdded => "Uw toegangssleutel is klaar. Kies de volgende keer „Inloggen met een toegangssleutel”.",
        Msg::PasskeyFailed => "Die toegangssleutel kon niet worden gebruikt. Probeer het opnieuw, of log in met uw wachtwoord.",
        Msg::PasskeyRemoved => "De toegangssleutel is verwijderd. Hij kan nog op uw telefoon staan: u kunt hem daar wissen.",
        Msg::OwnDeviceLabel => "Deze telefoon is van mij: niemand anders gebruikt hem",
        Msg::OwnDeviceExplain => "Als u hier inlogt met een toegangssleutel, blijft u dan tot 30 dagen ingelogd, of 7 dagen zonder de app te openen. Kies dit niet op een gedeelde telefoon of computer.",
        Msg::OwnDeviceSave => "Opslaan",
        Msg::OwnDeviceSaved => "Opgeslagen.",
        Msg::OwnDeviceUnknown => "Log eenmaal op deze telefoon in met uw wachtwoord en probeer het dan opnieuw.",
        _ => return None,
    })
}
