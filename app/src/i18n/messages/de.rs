//! German texts of "Ask the team".
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::KindMessages => "Antworten Ihres Behandlungsteams",
        Msg::ProblemTooManyWaiting => "Mehrere Nachrichten warten schon auf Antwort. Bitte warten Sie auf die Antwort des Teams, oder rufen Sie an, wenn es nicht warten kann.",
        Msg::ProblemReplyHoursInvalid => "Geben Sie eine Stundenzahl von 1 bis 168 (eine Woche) an.",
        Msg::MessagesTitle => "Das Team fragen",
        Msg::MessagesExplain => "Schreiben Sie Ihrem Behandlungsteam zu allem, was etwas warten kann: eine Frage zu einem Medikament, einem Formular, einem Termin.",
        Msg::MessagesNotEmergency => "Nicht für Notfälle: Nachrichten werden nicht rund um die Uhr gelesen. Wenn es Ihnen nicht gut geht, rufen Sie jetzt Ihr Behandlungsteam an. Im Notfall rufen Sie {number} an.",
        Msg::MessagesPromise => "Das Team antwortet möglichst innerhalb von {hours} Stunden.",
        Msg::MessagesNone => "Noch keine Nachrichten.",
        Msg::MessageLabel => "Ihre Nachricht",
        Msg::MessageSend => "An das Team senden",
        Msg::MessageSendAnyway => "Es kann warten: Nachricht senden",
        Msg::MessageAdviceFirst => "Ihre Nachricht klingt nach einem Zeichen, das nicht auf eine Antwort warten sollte. Lesen Sie zuerst dies:",
        Msg::MessageSent => "Gesendet. Die Antwort des Teams erscheint hier, und Sie werden benachrichtigt.",
        Msg::MessageWaiting => "Wartet auf Antwort",
        Msg::MessageTeamAuthor => "{name}, Behandlungsteam",
        Msg::MessageRedFlagNote => "Warnwörter: Der Verfasser wurde aufgefordert, sofort anzurufen, und hat trotzdem gesendet.",
        Msg::MessagesWaited => "Wartet seit {hours} Std. (zugesagt binnen {promise} Std.)",
        Msg::MessagesOverdue => "Zugesagte Antwortzeit überschritten",
        Msg::MessageReplyLabel => "Ihre Antwort",
        Msg::MessageReplySend => "Antwort senden",
        Msg::MessageReplied => "Antwort gesendet. Der Patient wird benachrichtigt.",
        Msg::MessagesWaitingTitle => "Nachrichten, die auf Antwort warten",
        Msg::MessagesWaitingNone => "Keine Nachricht wartet.",
        Msg::MessagesWaitingSince => "{count} wartend seit {date}",
        Msg::MessagesWaitingRedFlag => "Warnwörter",
        Msg::ReplyHoursLabel => "Zugesagte Antwortzeit auf Nachrichten (Stunden)",
        Msg::ReplyHoursSave => "Antwortzeit speichern",
        Msg::ReplyHoursSaved => "Antwortzeit gespeichert.",
        _ => return None,
    })
}
