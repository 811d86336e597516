//! French texts of the hospital's side (hospital number, hospital systems).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HospitalNumberLabel => "Numéro hospitalier (facultatif)",
        Msg::HospitalNumberHint => "Le numéro du patient dans le dossier de l'hôpital. Les systèmes de l'hôpital retrouvent le patient grâce à lui ; il ne sort jamais dans un export de recherche.",
        Msg::HospitalNumberTitle => "Numéro hospitalier",
        Msg::HospitalNumberNone => "Aucun numéro hospitalier n’est enregistré.",
        Msg::HospitalNumberSave => "Enregistrer le numéro hospitalier",
        Msg::HospitalNumberSaved => "Numéro hospitalier enregistré.",
        Msg::ProblemHospitalNumberInvalid => "Utilisez seulement des lettres, des chiffres, - / et ., 32 caractères au plus, en commençant et en finissant par une lettre ou un chiffre.",
        Msg::ProblemHospitalNumberTaken => "Un autre patient de ce centre a ce numéro hospitalier. Vérifiez-le dans le dossier de l'hôpital.",
        Msg::ProblemOriginInvalid => "Donnez seulement le début de l'adresse, par exemple https://pager.hospital.example ou https://pager.hospital.example:8443.",
        Msg::ProblemOriginNotAllowed => "Cette adresse n'est pas parmi les origines autorisées. Un administrateur ajoute d'abord son origine à la liste.",
        Msg::HospitalSystemsTitle => "Systèmes de l'hôpital",
        Msg::HospitalSystemsIntro => "Quand une alerte rouge est levée, les systèmes de l'hôpital (un système de bips, une boîte du dossier patient) sont prévenus par un webhook signé au format Standard Webhooks. Les webhooks ne partent que vers les origines listées ici, exactement.",
        Msg::OriginsTitle => "Origines autorisées",
        Msg::OriginLabel => "Origine (https://hôte ou https://hôte:port)",
        Msg::OriginAdd => "Autoriser cette origine",
        Msg::OriginRemove => "Retirer cette origine",
        Msg::OriginsNone => "Aucune origine n'est encore autorisée : aucun webhook ne peut partir.",
        Msg::HospitalWebhooksTitle => "Webhooks des alertes rouges",
        Msg::HospitalWebhookUrlLabel => "Adresse (URL)",
        Msg::HospitalWebhookCreate => "Ajouter le webhook",
        Msg::HospitalWebhookRevoke => "Arrêter l'envoi",
        Msg::HospitalWebhookStopped => "arrêté",
        Msg::HospitalWebhooksNone => "Pas encore de webhook.",
        Msg::DeliveriesTitle => "Derniers envois",
        Msg::DeliveriesExplain => "Le message de chaque alerte rouge, par webhook : son état et la dernière réponse du destinataire. Son contenu n'est pas montré ici.",
        Msg::DeliveriesNone => "Rien d'envoyé pour l'instant.",
        Msg::ColumnWebhook => "Webhook",
        Msg::ColumnAttempts => "Tentatives",
        Msg::ColumnAnswer => "Dernière réponse",
        Msg::DeliveryPending => "en attente, prochain essai à {time}",
        Msg::DeliverySending => "en cours d'envoi",
        Msg::DeliverySent => "remis",
        Msg::DeliveryFailed => "abandonné",
        Msg::DeliveryNoAnswer => "pas de réponse",
        _ => return None,
    })
}
