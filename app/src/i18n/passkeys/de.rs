//! German texts of passkey sign-in and of the phone marked as one's own.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::PasskeySignIn => "Mit einem Passkey anmelden",
        Msg::PasskeysTitle => "Passkeys",
        Msg::PasskeysExplain => "Mit einem Passkey melden Sie sich mit Ihrem Fingerabdruck, Ihrem Gesicht oder der Bildschirmsperre Ihres Telefons an, ohne Ihr Passwort einzugeben. Er bleibt auf Ihrem Telefon.",
        Msg::PasskeyCreate => "Einen Passkey auf diesem Telefon erstellen",
        Msg::PasskeysNone => "Sie haben noch keinen Passkey.",
        Msg::PasskeyItem => "Passkey {n}",
        Msg::PasskeyCreatedOn => "erstellt am {date}",
        Msg::PasskeyLastUsed => "zuletzt verwendet am {date}",
        Msg::PasskeyNeverUsed => "noch nicht verwendet",
        Msg::PasskeyRemove => "Diesen Passkey entfernen",
        Msg::PasskeyUnsupported => "Dieser Browser kann keine Passkeys verwenden. Melden Sie sich mit Ihrem Passwort an.",
        Msg::PasskeyCancelled => "Es wurde kein Passkey verwendet. Versuchen Sie es erneut oder melden Sie sich mit Ihrem Passwort an.",
        Msg::PasskeyWorking => "Folgen Sie den Anweisungen Ihres Telefons…",
        Msg::PasskeyAdded => "Ihr Passkey ist bereit. Wählen Sie beim nächsten Mal „Mit einem Passkey anmelden“.",
        Msg::PasskeyFailed => "Dieser Passkey konnte nicht verwendet werden. Versuchen Sie es erneut oder melden Sie sich mit Ihrem Passwort an.",
        Msg::PasskeyRemoved => "Der Passkey wurde entfernt. Er kann noch auf Ihrem Telefon stehen: Sie können ihn dort löschen.",
        Msg::OwnDeviceLabel => "Dieses Telefon gehört mir: niemand sonst benutzt es",
        Msg::OwnDeviceExplain => "Wenn Sie sich hier mit einem Passkey anmelden, bleiben Sie dann bis zu 30 Tage angemeldet, oder 7 Tage, ohne die App zu öffnen. Wählen Sie dies nicht auf einem geteilten Telefon oder Computer.",
        Msg::OwnDeviceSave => "Speichern",
        Msg::OwnDeviceSaved => "Gespeichert.",
        Msg::OwnDeviceUnknown => "Melden Sie sich einmal auf diesem Telefon mit Ihrem Passwort an und versuchen Sie es dann erneut.",
        _ => return None,
    })
}
