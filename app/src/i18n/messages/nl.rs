//! Dutch texts of "Ask the team".
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::KindMessages => "Antwoorden van uw zorgteam",
        Msg::ProblemTooManyWaiting => "Er wachten al meerdere berichten op antwoord. Wacht op het antwoord van het team, of bel als het niet kan wachten.",
        Msg::ProblemReplyHoursInvalid => "Geef een aantal uren van 1 tot 168 (één week).",
        Msg::MessagesTitle => "Vraag het team",
        Msg::MessagesExplain => "Schrijf uw zorgteam over alles wat even kan wachten: een vraag over een medicijn, een formulier, een afspraak.",
        Msg::MessagesNotEmergency => "Niet voor noodgevallen: berichten worden niet dag en nacht gelezen. Voelt u zich niet goed, bel dan nu uw zorgteam. Bel in een noodgeval {number}.",
        Msg::MessagesPromise => "Het team probeert binnen {hours} uur te antwoorden.",
        Msg::MessagesNone => "Nog geen berichten.",
        Msg::MessageLabel => "Uw bericht",
        Msg::MessageSend => "Naar het team sturen",
        Msg::MessageSendAnyway => "Het kan wachten: mijn bericht sturen",
        Msg::MessageAdviceFirst => "Uw bericht lijkt op een teken dat niet op een antwoord mag wachten. Lees eerst dit:",
        Msg::MessageSent => "Verstuurd. Het antwoord van het team verschijnt hier, en u krijgt een melding.",
        Msg::MessageWaiting => "Wacht op antwoord",
        Msg::MessageTeamAuthor => "{name}, zorgteam",
        Msg::MessageRedFlagNote => "Alarmwoorden: de schrijver kreeg het advies nu te bellen, en koos ervoor te versturen.",
        Msg::MessagesWaited => "Wacht {hours} u (beloofd binnen {promise} u)",
        Msg::MessagesOverdue => "Beloofde antwoordtijd voorbij",
        Msg::MessageReplyLabel => "Uw antwoord",
        Msg::MessageReplySend => "Antwoord versturen",
        Msg::MessageReplied => "Antwoord verstuurd. De patiënt krijgt een melding.",
        Msg::MessagesWaitingTitle => "Berichten die op antwoord wachten",
        Msg::MessagesWaitingNone => "Er wacht geen bericht.",
        Msg::MessagesWaitingSince => "{count} wachtend sinds {date}",
        Msg::MessagesWaitingRedFlag => "Alarmwoorden",
        Msg::ReplyHoursLabel => "Beloofde antwoordtijd op berichten (uren)",
        Msg::ReplyHoursSave => "Antwoordtijd opslaan",
        Msg::ReplyHoursSaved => "Antwoordtijd opgeslagen.",
        _ => return None,
    })
}
