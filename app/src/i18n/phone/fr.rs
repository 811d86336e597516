//! French texts of the phone: the lock screen, the offline page, the plan kept on the
//! phone and the answers kept there until sent.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::LockScreenTitle => "Sur l'écran verrouillé",
        Msg::LockScreenExplain => "Par défaut, un rappel sur votre téléphone dit seulement « Vous avez un nouveau rappel ». Son sujet s'affiche dans l'application.",
        Msg::LockScreenDetail => "Afficher le sujet de chaque rappel",
        Msg::LockScreenWarning => "Toute personne qui voit votre téléphone, même verrouillé, pourra alors le lire, par exemple « {example} ».",
        Msg::NotificationDiscreetTitle => "Vous avez un nouveau rappel",
        Msg::NotificationDiscreetUrgentTitle => "Vous avez un message urgent",
        Msg::NotificationDiscreetBody => "Ouvrez Vein-to-Vein pour le lire",
        Msg::OfflineTitle => "Pas de connexion",
        Msg::OfflineExplain => "Cette page a besoin d'internet. Vein-to-Vein la rouvre dès que votre téléphone est de nouveau en ligne.",
        Msg::OfflineEmergencyTitle => "En cas d'urgence",
        Msg::OfflineOtherNumbers => "Hors d'Europe :",
        Msg::OfflineHotlineWhere => "Le numéro de votre équipe soignante, joignable 24 h/24, figure sur votre carte d'alerte patient. Les appels fonctionnent sans données mobiles.",
        Msg::OfflineTryAgain => "Réessayer",
        Msg::KeepPlanTitle => "Garder mon parcours sur ce téléphone",
        Msg::KeepPlanExplain => "Sans réseau, l'application montre alors encore votre parcours, votre carte d'alerte, le numéro de votre équipe soignante et les questionnaires des prochaines 48 heures. La copie est chiffrée et mise à jour chaque fois que vous ouvrez l'application en ligne. Elle est effacée après 7 jours sans mise à jour, et quand vous vous déconnectez.",
        Msg::KeepPlanWhoCanRead => "Toute personne qui tient ce téléphone déverrouillé peut la lire. Gardez-la seulement sur un téléphone qui n'est qu'à vous.",
        Msg::KeepPlanButton => "Garder mon parcours sur ce téléphone",
        Msg::KeepPlanDrop => "Effacer la copie de ce téléphone",
        Msg::KeepPlanKept => "Gardé sur ce téléphone, mis à jour le {time}.",
        Msg::KeepPlanNone => "Aucune copie sur ce téléphone.",
        Msg::KeepPlanFailed => "La copie n'a pas pu être faite. Réessayez quand vous serez en ligne.",
        Msg::KeepPlanUnsupported => "Ce navigateur ne peut pas garder de copie.",
        Msg::ForgetPhoneTitle => "Oublier ce téléphone",
        Msg::ForgetPhoneExplain => "Vous déconnecte, arrête les rappels sur ce téléphone et efface tout ce que l'application y garde. Les réponses pas encore envoyées sont d'abord envoyées, ou gardées jusqu'à votre prochaine connexion.",
        Msg::ForgetPhoneButton => "Oublier ce téléphone",
        Msg::OfflineSaved => "Enregistré sur ce téléphone. Ce sera envoyé dès que vous serez en ligne.",
        Msg::OfflineSavedSignIn => "Enregistré sur ce téléphone. Ce sera envoyé après votre prochaine connexion.",
        Msg::OfflineUnsent => "Réponses en attente sur ce téléphone : {count}. Elles sont envoyées quand vous êtes en ligne et connecté.",
        Msg::OfflineUnsentOther => "Des réponses données sur ce téléphone attendent la personne qui les a données. Elles sont envoyées quand cette personne se connecte.",
        Msg::OfflineRefused => "Réponses que le serveur n'a pas pu accepter : {count}. Prévenez votre équipe soignante.",
        Msg::OfflinePlanUpdated => "Votre parcours gardé sur ce téléphone, mis à jour le {time}.",
        Msg::OfflineAnswerNow => "Répondre maintenant",
        Msg::SignedOutKept => "Vous êtes déconnecté. Les réponses pas encore envoyées restent sur ce téléphone et seront envoyées après votre prochaine connexion.",
        Msg::SignedOutSent => "Vous êtes déconnecté. Vos réponses données hors ligne ont d'abord été envoyées.",
        Msg::CheckinArrivedLater => "gardé sur le téléphone hors ligne, reçu le {when}",
        Msg::LanguageExplain => "L’application et vos rappels utilisent cette langue, et sa façon d’écrire les dates et les heures.",
        Msg::LanguageSave => "Enregistrer la langue",
        Msg::LanguageSaved => "Langue enregistrée.",
        Msg::InstrumentInEnglish => "Ce questionnaire s’affiche en anglais, car votre équipe de soins n’a pas encore ajouté sa traduction officielle dans votre langue.",
        _ => return None,
    })
}
