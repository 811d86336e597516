//! Dutch texts of staff's two-step sign-in.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SecondStepTitle => "Tweede stap",
        Msg::SecondStepExplain => "Open uw authenticator-app en typ de 6-cijferige code die ze voor Vein-to-Vein toont. Telefoon kwijt? Typ dan een van uw herstelcodes.",
        Msg::SecondStepCodeLabel => "Code",
        Msg::SecondStepContinue => "Doorgaan",
        Msg::SecondStepRefused => "Die code klopt niet of werd al gebruikt. Typ de code die uw app nu toont.",
        Msg::SecondFactorTitle => "Aanmelden in twee stappen",
        Msg::SecondFactorExplain => "Met aanmelden in twee stappen opent uw wachtwoord alleen uw account niet: u typt ook een code uit een authenticator-app op uw telefoon (elke app voor eenmalige codes, zoals FreeOTP, Aegis of Microsoft Authenticator).",
        Msg::SecondFactorOn => "Aanmelden in twee stappen staat aan. Resterende herstelcodes: {n}.",
        Msg::SecondFactorOff => "Aanmelden in twee stappen staat uit.",
        Msg::SecondFactorStart => "Aanmelden in twee stappen instellen",
        Msg::SecondFactorAddKey => "Voeg deze sleutel toe aan uw authenticator-app (of open de link op de telefoon met de app) en typ dan de code die de app toont.",
        Msg::SecondFactorKeyLabel => "Sleutel:",
        Msg::SecondFactorLink => "Openen in een authenticator-app",
        Msg::SecondFactorConfirm => "Aanzetten",
        Msg::SecondFactorRecoveryTitle => "Uw herstelcodes",
        Msg::SecondFactorRecoveryExplain => "Elke code meldt u één keer aan zonder uw telefoon. Bewaar ze op een veilige plek, niet bij uw telefoon: ze worden alleen nu getoond.",
        Msg::SecondFactorNewCodes => "Nieuwe herstelcodes maken",
        Msg::SecondFactorRemove => "Aanmelden in twee stappen uitzetten",
        Msg::SecondFactorRemoveHint => "Typ een code uit uw app (of een herstelcode) om het uit te zetten.",
        Msg::SecondStepNeeded => "Uw centrum vraagt personeel om in twee stappen aan te melden. Stel dat eerst in: Instellingen, dan Aanmelden in twee stappen.",
        Msg::SecondFactorRequiredNote => "Uw centrum verplicht aanmelden in twee stappen voor elk personeelsaccount.",
        Msg::SecondFactorRequire => "Verplichten voor elk personeelsaccount",
        Msg::SecondFactorRequireStop => "Niet langer verplichten",
        Msg::SecondFactorRequireExplain => "Beheerders: zolang het verplicht is, kan een personeelsaccount zonder het alleen het instellen, en niemand kan het zijne uitzetten.",
        _ => return None,
    })
}
