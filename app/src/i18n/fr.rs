use super::Msg;

/// Incomplete: missing messages fall back to English.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SignInTitle | Msg::SignIn => "Se connecter",
        Msg::EmailLabel => "E-mail",
        Msg::PasswordLabel => "Mot de passe",
        Msg::SignOut => "Se déconnecter",
        Msg::CallCentre => "Appeler {centre}, jour et nuit",
        Msg::PatientHomeTitle => "Votre traitement",
        _ => return None,
    })
}
