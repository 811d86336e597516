//! French texts of "Ask the team".
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::KindMessages => "Réponses de votre équipe soignante",
        Msg::ProblemTooManyWaiting => "Plusieurs messages attendent déjà une réponse. Attendez la réponse de l'équipe, ou appelez si cela ne peut pas attendre.",
        Msg::ProblemReplyHoursInvalid => "Indiquez un nombre d'heures de 1 à 168 (une semaine).",
        Msg::MessagesTitle => "Demander à l'équipe",
        Msg::MessagesExplain => "Écrivez à votre équipe soignante pour tout ce qui peut attendre un peu : une question sur un médicament, un document, un rendez-vous.",
        Msg::MessagesNotEmergency => "Pas pour les urgences : les messages ne sont pas lus jour et nuit. Si vous ne vous sentez pas bien, appelez maintenant votre équipe soignante. En cas d'urgence, appelez le {number}.",
        Msg::MessagesPromise => "L'équipe s'efforce de répondre dans les {hours} heures.",
        Msg::MessagesNone => "Aucun message pour l'instant.",
        Msg::MessageLabel => "Votre message",
        Msg::MessageSend => "Envoyer à l'équipe",
        Msg::MessageSendAnyway => "Cela peut attendre : envoyer mon message",
        Msg::MessageAdviceFirst => "Votre message ressemble à un signe qui ne doit pas attendre une réponse. Lisez d'abord ceci :",
        Msg::MessageSent => "Envoyé. La réponse de l'équipe apparaîtra ici, et vous serez prévenu.",
        Msg::MessageWaiting => "En attente de réponse",
        Msg::MessageTeamAuthor => "{name}, équipe soignante",
        Msg::MessageRedFlagNote => "Mots d'alerte : l'auteur a été invité à appeler tout de suite, et a choisi d'envoyer.",
        Msg::MessagesWaited => "En attente depuis {hours} h (promis sous {promise} h)",
        Msg::MessagesOverdue => "Délai de réponse promis dépassé",
        Msg::MessageReplyLabel => "Votre réponse",
        Msg::MessageReplySend => "Envoyer la réponse",
        Msg::MessageReplied => "Réponse envoyée. Le patient est prévenu.",
        Msg::MessagesWaitingTitle => "Messages en attente de réponse",
        Msg::MessagesWaitingNone => "Aucun message n'attend.",
        Msg::MessagesWaitingSince => "{count} en attente depuis le {date}",
        Msg::MessagesWaitingRedFlag => "Mots d'alerte",
        Msg::ReplyHoursLabel => "Délai de réponse promis aux messages (heures)",
        Msg::ReplyHoursSave => "Enregistrer le délai",
        Msg::ReplyHoursSaved => "Délai enregistré.",
        _ => return None,
    })
}
