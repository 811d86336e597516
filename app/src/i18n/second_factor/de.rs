//! German texts of staff's two-step sign-in.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SecondStepTitle => "Zweiter Schritt",
        Msg::SecondStepExplain => "Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein, den sie für Vein-to-Vein zeigt. Telefon verloren? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein.",
        Msg::SecondStepCodeLabel => "Code",
        Msg::SecondStepContinue => "Weiter",
        Msg::SecondStepRefused => "Dieser Code stimmt nicht oder wurde schon verwendet. Geben Sie den Code ein, den Ihre App jetzt zeigt.",
        Msg::SecondFactorTitle => "Anmeldung in zwei Schritten",
        Msg::SecondFactorExplain => "Mit der Anmeldung in zwei Schritten öffnet Ihr Passwort allein Ihr Konto nicht: Sie geben auch einen Code aus einer Authenticator-App auf Ihrem Telefon ein (jede App für Einmalcodes, etwa FreeOTP, Aegis oder Microsoft Authenticator).",
        Msg::SecondFactorOn => "Die Anmeldung in zwei Schritten ist eingeschaltet. Verbleibende Wiederherstellungscodes: {n}.",
        Msg::SecondFactorOff => "Die Anmeldung in zwei Schritten ist ausgeschaltet.",
        Msg::SecondFactorStart => "Anmeldung in zwei Schritten einrichten",
        Msg::SecondFactorAddKey => "Fügen Sie diesen Schlüssel Ihrer Authenticator-App hinzu (oder öffnen Sie den Link auf dem Telefon mit der App) und geben Sie dann den Code ein, den die App zeigt.",
        Msg::SecondFactorKeyLabel => "Schlüssel:",
        Msg::SecondFactorLink => "In einer Authenticator-App öffnen",
        Msg::SecondFactorConfirm => "Einschalten",
        Msg::SecondFactorRecoveryTitle => "Ihre Wiederherstellungscodes",
        Msg::SecondFactorRecoveryExplain => "Jeder Code meldet Sie einmal ohne Ihr Telefon an. Bewahren Sie sie sicher auf, nicht beim Telefon: Sie werden nur jetzt angezeigt.",
        Msg::SecondFactorNewCodes => "Neue Wiederherstellungscodes erstellen",
        Msg::SecondFactorRemove => "Anmeldung in zwei Schritten ausschalten",
        Msg::SecondFactorRemoveHint => "Geben Sie einen Code aus Ihrer App (oder einen Wiederherstellungscode) ein, um sie auszuschalten.",
        Msg::SecondStepNeeded => "Ihr Zentrum verlangt vom Personal die Anmeldung in zwei Schritten. Richten Sie sie zuerst ein: Einstellungen, dann Anmeldung in zwei Schritten.",
        Msg::SecondFactorRequiredNote => "Ihr Zentrum verlangt die Anmeldung in zwei Schritten für jedes Personalkonto.",
        Msg::SecondFactorRequire => "Für jedes Personalkonto verlangen",
        Msg::SecondFactorRequireStop => "Nicht mehr verlangen",
        Msg::SecondFactorRequireExplain => "Administratoren: Solange sie verlangt wird, kann ein Personalkonto ohne sie sie nur einrichten, und niemand kann seine ausschalten.",
        _ => return None,
    })
}
