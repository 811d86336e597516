//! French texts of staff's two-step sign-in.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SecondStepTitle => "Deuxième étape",
        Msg::SecondStepExplain => "Ouvrez votre application d'authentification et tapez le code à 6 chiffres qu'elle affiche pour Vein-to-Vein. Téléphone perdu ? Tapez plutôt un de vos codes de secours.",
        Msg::SecondStepCodeLabel => "Code",
        Msg::SecondStepContinue => "Continuer",
        Msg::SecondStepRefused => "Ce code n'est pas le bon, ou a déjà servi. Tapez le code que votre application affiche maintenant.",
        Msg::SecondFactorTitle => "Connexion en deux étapes",
        Msg::SecondFactorExplain => "Avec la connexion en deux étapes, votre mot de passe seul n'ouvre pas votre compte : vous tapez aussi un code d'une application d'authentification sur votre téléphone (toute application de codes à usage unique, comme FreeOTP, Aegis ou Microsoft Authenticator).",
        Msg::SecondFactorOn => "La connexion en deux étapes est active. Codes de secours restants : {n}.",
        Msg::SecondFactorOff => "La connexion en deux étapes est désactivée.",
        Msg::SecondFactorStart => "Configurer la connexion en deux étapes",
        Msg::SecondFactorAddKey => "Ajoutez cette clé à votre application d'authentification (ou ouvrez le lien sur le téléphone qui a l'application), puis tapez le code qu'elle affiche.",
        Msg::SecondFactorKeyLabel => "Clé :",
        Msg::SecondFactorLink => "Ouvrir dans une application d'authentification",
        Msg::SecondFactorConfirm => "Activer",
        Msg::SecondFactorRecoveryTitle => "Vos codes de secours",
        Msg::SecondFactorRecoveryExplain => "Chaque code vous connecte une fois sans votre téléphone. Gardez-les en lieu sûr, loin de votre téléphone : ils ne sont affichés que maintenant.",
        Msg::SecondFactorNewCodes => "Créer de nouveaux codes de secours",
        Msg::SecondFactorRemove => "Désactiver la connexion en deux étapes",
        Msg::SecondFactorRemoveHint => "Tapez un code de votre application (ou un code de secours) pour la désactiver.",
        Msg::SecondStepNeeded => "Votre centre demande au personnel de se connecter en deux étapes. Configurez-la d'abord : Réglages, puis Connexion en deux étapes.",
        Msg::SecondFactorRequiredNote => "Votre centre exige la connexion en deux étapes pour chaque compte du personnel.",
        Msg::SecondFactorRequire => "L'exiger pour chaque compte du personnel",
        Msg::SecondFactorRequireStop => "Ne plus l'exiger",
        Msg::SecondFactorRequireExplain => "Administrateurs : tant qu'elle est exigée, un compte du personnel qui ne l'a pas peut seulement la configurer, et personne ne peut désactiver la sienne.",
        _ => return None,
    })
}
