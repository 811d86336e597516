use super::Msg;

/// Incomplete: missing messages fall back to English.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SignInTitle | Msg::SignIn => "Aanmelden",
        Msg::EmailLabel => "E-mail",
        Msg::PasswordLabel => "Wachtwoord",
        Msg::SignOut => "Afmelden",
        Msg::CallCentre => "Bel {centre}, dag en nacht",
        Msg::PatientHomeTitle => "Uw behandeling",
        _ => return None,
    })
}
