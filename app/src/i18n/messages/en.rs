//! English texts of "Ask the team".
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::KindMessages => "Replies from your care team",
        Msg::ProblemTooManyWaiting => "Several messages are already waiting for a reply. Please wait for the team's answer, or call if it cannot wait.",
        Msg::ProblemReplyHoursInvalid => "Give a number of hours from 1 to 168 (one week).",
        Msg::MessagesTitle => "Ask the team",
        Msg::MessagesExplain => "Write to your care team about anything that can wait a little: a question about a medicine, a form, an appointment.",
        Msg::MessagesNotEmergency => "Not for emergencies: messages are not read around the clock. If you feel unwell, call your care team now. In an emergency, call {number}.",
        Msg::MessagesPromise => "The team aims to reply within {hours} hours.",
        Msg::MessagesNone => "No messages yet.",
        Msg::MessageLabel => "Your message",
        Msg::MessageSend => "Send to the team",
        Msg::MessageSendAnyway => "It can wait: send my message",
        Msg::MessageAdviceFirst => "Your message reads like a sign that should not wait for a reply. Read this first:",
        Msg::MessageSent => "Sent. The team's answer will appear here, and you will be told.",
        Msg::MessageWaiting => "Waiting for a reply",
        Msg::MessageTeamAuthor => "{name}, care team",
        Msg::MessageRedFlagNote => "Red-flag words: the writer was advised to call now, and chose to send.",
        Msg::MessagesWaited => "Waiting {hours} h (promised within {promise} h)",
        Msg::MessagesOverdue => "Past the promised reply time",
        Msg::MessageReplyLabel => "Your reply",
        Msg::MessageReplySend => "Send the reply",
        Msg::MessageReplied => "Reply sent. The patient is told.",
        Msg::MessagesWaitingTitle => "Messages waiting for a reply",
        Msg::MessagesWaitingNone => "No message is waiting.",
        Msg::MessagesWaitingSince => "{count} waiting since {date}",
        Msg::MessagesWaitingRedFlag => "Red-flag words",
        Msg::ReplyHoursLabel => "Promised reply time to messages (hours)",
        Msg::ReplyHoursSave => "Save the reply time",
        Msg::ReplyHoursSaved => "Reply time saved.",
        _ => return None,
    })
}
