//! English texts of what patients get back: the wait, the diary's one tap, the calendar.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::DiaryNoneOfThese => "None of these today",
        Msg::DiaryNoneOfTheseHint => "Answers “No” to every sign below, but not to one you answered “Yes”. Your temperature is still needed.",
        Msg::WaitingPublished => "Published figure for this product, not this centre's own: cells are usually ready {low} to {high} days after collection, then sent back.",
        Msg::WaitingPublishedAbout => "Published figure for this product, not this centre's own: cells are usually ready about {days} days after collection, then sent back.",
        Msg::CalendarName => "Hospital visits",
        Msg::CalendarVisit => "Hospital visit",
        Msg::CalendarTravelFree => "Free to travel further",
        Msg::CalendarDrivingFree => "Free to drive again",
        Msg::CalendarTitle => "Calendar",
        Msg::CalendarExplain => "Add the planned visits to your phone's calendar. It follows the timeline: when a date moves, it moves in your calendar too, within a few hours.",
        Msg::CalendarPrivate => "Keep this address to yourself: anyone who has it can see the dates. Unless you choose otherwise, titles only say “Hospital visit”, so a shared calendar does not tell what the visits are for.",
        Msg::CalendarFor => "Visits of {name}",
        Msg::CalendarAddressLabel => "Calendar address",
        Msg::CalendarOpen => "Open in my calendar app",
        Msg::CalendarDetailedLabel => "Name each step in the titles (for example “CAR-T infusion”)",
        Msg::CalendarTitlesNeutral => "Titles say “Hospital visit”.",
        Msg::CalendarTitlesDetailed => "Titles name each step.",
        Msg::CalendarMake => "Make a calendar address",
        Msg::CalendarRemake => "Make a new address (the old one stops working)",
        Msg::CalendarRevoke => "Stop this calendar",
        Msg::CalendarMade => "The calendar address is ready: copy it into your calendar app, or open it there.",
        Msg::CalendarRevoked => "That calendar address no longer works.",
        Msg::ProblemTooManyQuestions => "Your list already holds 50 open questions. Take some back, or wait until your care team has gone through them.",
        Msg::QuestionsTitle => "Questions for the next visit",
        Msg::QuestionsExplain => "Write down what you want to ask, when you think of it. Your care team reads the list before your visit.",
        Msg::QuestionsNotUrgent => "Not for anything urgent: if you feel unwell, call your care team now.",
        Msg::QuestionsNextVisit => "Next visit: {date}",
        Msg::QuestionsNone => "No questions yet.",
        Msg::QuestionLabel => "Your question",
        Msg::QuestionAdd => "Add to the list",
        Msg::QuestionTakeBack => "Take back",
        Msg::QuestionMarkDiscussed => "Mark as discussed",
        Msg::QuestionAskedBy => "{name}, {date}",
        Msg::QuestionDiscussedOn => "discussed on {date}",
        _ => return None,
    })
}
