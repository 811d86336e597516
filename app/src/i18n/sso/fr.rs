//! French texts of staff sign-in through the hospital's OpenID provider.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SsoSignIn => "Se connecter avec le compte de l’hôpital",
        Msg::SsoStaffOnly => "Pour l’équipe soignante et le personnel. Les patients et les aidants se connectent avec leur propre e-mail et mot de passe.",
        Msg::SsoSignedIn => "Vous êtes connecté. Ouverture de Vein-to-Vein…",
        Msg::SsoContinue => "Continuer",
        Msg::SsoNoRole => "Votre compte de l’hôpital n’a pas de rôle dans Vein-to-Vein. Demandez au service informatique de l’hôpital de vous ajouter au bon groupe.",
        Msg::SsoNoCentre => "Votre compte de l’hôpital indique que vous êtes infirmier ou infirmière, mais pas de quel centre. Demandez au service informatique de l’hôpital d’indiquer votre centre.",
        Msg::SsoAccountRefused => "Ce compte de l’hôpital ne peut pas se connecter ici : le compte correspondant n’est pas un compte du personnel, ou il a été désactivé. Demandez à un administrateur.",
        Msg::SsoFailed => "La connexion via l’hôpital n’a pas fonctionné. Réessayez dans un instant ; si cela continue, prévenez le service informatique de l’hôpital.",
        Msg::SsoStartAgain => "Cette connexion a expiré ou a été commencée dans un autre navigateur. Recommencez.",
        Msg::SsoPasswordsOff => "Le personnel se connecte ici avec son compte de l’hôpital : utilisez le bouton ci-dessous.",
        Msg::BreakGlassTitle => "Connexions d’urgence (break-glass)",
        Msg::BreakGlassExplain => "Ces comptes administrateurs locaux se sont connectés avec un mot de passe, sans la connexion de l’hôpital, au cours des 30 derniers jours. Vérifiez que chacune était nécessaire.",
        _ => return None,
    })
}
