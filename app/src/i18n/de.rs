use super::Msg;

/// Incomplete: missing messages fall back to English.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SignInTitle | Msg::SignIn => "Anmelden",
        Msg::EmailLabel => "E-Mail",
        Msg::PasswordLabel => "Passwort",
        Msg::SignOut => "Abmelden",
        Msg::CallCentre => "{centre} anrufen, Tag und Nacht",
        Msg::PatientHomeTitle => "Ihre Behandlung",
        _ => return None,
    })
}
