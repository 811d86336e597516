//! French texts of passkey sign-in and of the phone marked as one's own.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::PasskeySignIn => "Se connecter avec une clé d'accès",
        Msg::PasskeysTitle => "Clés d'accès",
        Msg::PasskeysExplain => "Une clé d'accès vous permet de vous connecter avec votre empreinte, votre visage ou le verrouillage de votre téléphone, sans taper votre mot de passe. Elle reste sur votre téléphone.",
        Msg::PasskeyCreate => "Créer une clé d'accès sur ce téléphone",
        Msg::PasskeysNone => "Vous n'avez pas encore de clé d'accès.",
        Msg::PasskeyItem => "Clé d'accès {n}",
        Msg::PasskeyCreatedOn => "créée le {date}",
        Msg::PasskeyLastUsed => "utilisée pour la dernière fois le {date}",
        Msg::PasskeyNeverUsed => "pas encore utilisée",
        Msg::PasskeyRemove => "Supprimer cette clé d'accès",
        Msg::PasskeyUnsupported => "Ce navigateur ne peut pas utiliser de clé d'accès. Connectez-vous avec votre mot de passe.",
        Msg::PasskeyCancelled => "Aucune clé d'accès n'a été utilisée. Réessayez, ou connectez-vous avec votre mot de passe.",
        Msg::PasskeyWorking => "Suivez ce que demande votre téléphone…",
        Msg::PasskeyAdded => "Votre clé d'accès est prête. La prochaine fois, choisissez « Se connecter avec une clé d'accès ».",
        Msg::PasskeyFailed => "Cette clé d'accès n'a pas pu être utilisée. Réessayez, ou connectez-vous avec votre mot de passe.",
        Msg::PasskeyRemoved => "La clé d'accès a été supprimée. Elle peut encore figurer sur votre téléphone : vous pouvez l'y effacer.",
        Msg::OwnDeviceLabel => "Ce téléphone est à moi : personne d'autre ne l'utilise",
        Msg::OwnDeviceExplain => "Quand vous vous connectez ici avec une clé d'accès, vous restez alors connecté jusqu'à 30 jours, ou 7 jours sans ouvrir l'application. Ne choisissez pas cela sur un téléphone ou un ordinateur partagé.",
        Msg::OwnDeviceSave => "Enregistrer",
        Msg::OwnDeviceSaved => "Enregistré.",
        Msg::OwnDeviceUnknown => "Connectez-vous une fois sur ce téléphone avec votre mot de passe, puis réessayez.",
        _ => return None,
    })
}
