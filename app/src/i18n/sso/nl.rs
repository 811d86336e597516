//! Dutch texts of staff sign-in through the hospital's OpenID provider.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SsoSignIn => "Aanmelden met uw ziekenhuisaccount",
        Msg::SsoStaffOnly => "Voor het zorgteam en het personeel. Patiënten en mantelzorgers melden zich aan met hun eigen e-mailadres en wachtwoord.",
        Msg::SsoSignedIn => "U bent aangemeld. Vein-to-Vein wordt geopend…",
        Msg::SsoContinue => "Doorgaan",
        Msg::SsoNoRole => "Uw ziekenhuisaccount heeft geen rol in Vein-to-Vein. Vraag de IT-dienst van het ziekenhuis om u aan de juiste groep toe te voegen.",
        Msg::SsoNoCentre => "Uw ziekenhuisaccount zegt dat u verpleegkundige bent, maar niet van welk centrum. Vraag de IT-dienst van het ziekenhuis om uw centrum in te stellen.",
        Msg::SsoAccountRefused => "Dit ziekenhuisaccount kan hier niet aanmelden: het account waarmee het overeenkomt is geen personeelsaccount, of het werd uitgeschakeld. Vraag het aan een beheerder.",
        Msg::SsoFailed => "Aanmelden via het ziekenhuis is niet gelukt. Probeer het zo opnieuw; blijft het mislukken, meld het dan aan de IT-dienst van het ziekenhuis.",
        Msg::SsoStartAgain => "Deze aanmelding is verlopen of werd in een andere browser begonnen. Begin opnieuw.",
        Msg::SsoPasswordsOff => "Personeel meldt zich hier aan met het ziekenhuisaccount: gebruik de knop hieronder.",
        Msg::BreakGlassTitle => "Noodaanmeldingen (break-glass)",
        Msg::BreakGlassExplain => "Deze lokale beheerdersaccounts meldden zich de voorbije 30 dagen aan met een wachtwoord, zonder de aanmelding van het ziekenhuis. Ga na of elke aanmelding nodig was.",
        _ => return None,
    })
}
