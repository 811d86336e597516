//! English texts of the check-in instruments page (issue 23).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::InstrumentsTitle => "Check-in instruments",
        Msg::InstrumentsIntro => "The built-in schedules, triage rules and reminders are version 0. Add your centre's own, for a questionnaire you imported: each change is a new version, checked like the built-in files and logged. Past answers and flags keep the versions they were given under.",
        Msg::InstrumentsTriageWaits => "A change of triage rules decides what nurses are alerted to: it takes effect only once a nurse, not the person who made it, approves it.",
        Msg::InstrumentsKindSchedule => "Check-in schedules",
        Msg::InstrumentsKindTriage => "Triage rules",
        Msg::InstrumentsKindReminders => "Reminders",
        Msg::InstrumentsInForce => "In force: version {version}",
        Msg::InstrumentsFellBack => "This centre's version no longer fits, so the built-in rules are used until it is fixed:",
        Msg::InstrumentsNoSiteRules => "No rules of this centre's own.",
        Msg::InstrumentsRemove => "Remove",
        Msg::InstrumentsAddTitle => "Add a rule",
        Msg::InstrumentsKindLabel => "Kind of rule",
        Msg::InstrumentsRuleLabel => "The rule, as JSON, as in the built-in file (its id starts with site-)",
        Msg::InstrumentsAdd => "Add the rule",
        Msg::InstrumentsRefused => "Nothing was changed:",
        Msg::InstrumentsSavedInForce => "Version {number} is saved and in force.",
        Msg::InstrumentsSavedWaiting => "Version {number} is saved: it waits for a nurse to approve it.",
        Msg::InstrumentsSetAside => "Version {number} is set aside.",
        Msg::InstrumentsWaitingTitle => "Waiting for approval",
        Msg::InstrumentsWaitingNone => "Nothing waits for approval.",
        Msg::InstrumentsApproveHint => "Approve only what you have read in full: from then on, these rules decide which answers alert the nurses.",
        Msg::InstrumentsApprove => "Approve",
        Msg::InstrumentsRefuse => "Refuse",
        Msg::InstrumentsWithdraw => "Withdraw",
        Msg::InstrumentsHistoryTitle => "Versions",
        Msg::InstrumentsQuestionnaires => "Questionnaires a rule may name",
        Msg::StateInForce => "In force",
        Msg::StateWaiting => "Waiting",
        Msg::StateSetAside => "Set aside",
        Msg::StateReplaced => "Replaced",
        Msg::ColumnVersion => "Version",
        Msg::ColumnChange => "Change",
        Msg::ColumnState => "State",
        Msg::ColumnProposedBy => "Made by",
        _ => return None,
    })
}
