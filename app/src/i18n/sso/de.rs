//! German texts of staff sign-in through the hospital's OpenID provider.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SsoSignIn => "Mit dem Konto des Krankenhauses anmelden",
        Msg::SsoStaffOnly => "Für das Behandlungsteam und das Personal. Patienten und Angehörige melden sich mit ihrer eigenen E-Mail-Adresse und ihrem Passwort an.",
        Msg::SsoSignedIn => "Sie sind angemeldet. Vein-to-Vein wird geöffnet…",
        Msg::SsoContinue => "Weiter",
        Msg::SsoNoRole => "Ihr Konto des Krankenhauses hat keine Rolle in Vein-to-Vein. Bitten Sie die IT des Krankenhauses, Sie der richtigen Gruppe hinzuzufügen.",
        Msg::SsoNoCentre => "Ihr Konto des Krankenhauses weist Sie als Pflegekraft aus, aber nicht für welches Zentrum. Bitten Sie die IT des Krankenhauses, Ihr Zentrum einzutragen.",
        Msg::SsoAccountRefused => "Dieses Konto des Krankenhauses kann sich hier nicht anmelden: Das passende Konto ist kein Personalkonto oder wurde abgeschaltet. Fragen Sie eine Administratorin oder einen Administrator.",
        Msg::SsoFailed => "Die Anmeldung über das Krankenhaus hat nicht funktioniert. Versuchen Sie es gleich noch einmal; wenn es weiter scheitert, melden Sie es der IT des Krankenhauses.",
        Msg::SsoStartAgain => "Diese Anmeldung ist abgelaufen oder wurde in einem anderen Browser begonnen. Beginnen Sie neu.",
        Msg::SsoPasswordsOff => "Das Personal meldet sich hier mit dem Konto des Krankenhauses an: Nutzen Sie die Schaltfläche unten.",
        Msg::BreakGlassTitle => "Notfall-Anmeldungen (Break-glass)",
        Msg::BreakGlassExplain => "Diese lokalen Administratorkonten haben sich in den letzten 30 Tagen mit einem Passwort angemeldet, ohne die Anmeldung des Krankenhauses. Prüfen Sie, ob jede nötig war.",
        _ => return None,
    })
}
