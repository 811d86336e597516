//! German texts of the check-in instruments page (issue 23).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::InstrumentsTitle => "Einstellungen der Fragebögen",
        Msg::InstrumentsIntro => "Die eingebauten Zeitpläne, Triage-Regeln und Erinnerungen sind Version 0. Fügen Sie die Ihres Zentrums hinzu, für einen importierten Fragebogen: Jede Änderung ist eine neue Version, geprüft wie die eingebauten Dateien und protokolliert. Frühere Antworten und Warnungen behalten die Versionen, unter denen sie gegeben wurden.",
        Msg::InstrumentsTriageWaits => "Eine Änderung der Triage-Regeln bestimmt, wovor Pflegekräfte gewarnt werden: Sie gilt erst, wenn eine Pflegekraft, nicht wer sie gemacht hat, sie genehmigt.",
        Msg::InstrumentsKindSchedule => "Zeitpläne der Fragebögen",
        Msg::InstrumentsKindTriage => "Triage-Regeln",
        Msg::InstrumentsKindReminders => "Erinnerungen",
        Msg::InstrumentsInForce => "In Kraft: Version {version}",
        Msg::InstrumentsFellBack => "Die Version dieses Zentrums passt nicht mehr: Bis zur Korrektur gelten die eingebauten Regeln:",
        Msg::InstrumentsNoSiteRules => "Keine eigenen Regeln dieses Zentrums.",
        Msg::InstrumentsRemove => "Entfernen",
        Msg::InstrumentsAddTitle => "Eine Regel hinzufügen",
        Msg::InstrumentsKindLabel => "Art der Regel",
        Msg::InstrumentsRuleLabel => "Die Regel als JSON, wie in der eingebauten Datei (ihre ID beginnt mit site-)",
        Msg::InstrumentsAdd => "Regel hinzufügen",
        Msg::InstrumentsRefused => "Nichts wurde geändert:",
        Msg::InstrumentsSavedInForce => "Version {number} ist gespeichert und in Kraft.",
        Msg::InstrumentsSavedWaiting => "Version {number} ist gespeichert: Sie wartet auf die Genehmigung einer Pflegekraft.",
        Msg::InstrumentsSetAside => "Version {number} ist verworfen.",
        Msg::InstrumentsWaitingTitle => "Wartet auf Genehmigung",
        Msg::InstrumentsWaitingNone => "Nichts wartet auf Genehmigung.",
        Msg::InstrumentsApproveHint => "Genehmigen Sie nur, was Sie ganz gelesen haben: Ab dann bestimmen diese Regeln, welche Antworten die Pflegekräfte warnen.",
        Msg::InstrumentsApprove => "Genehmigen",
        Msg::InstrumentsRefuse => "Ablehnen",
        Msg::InstrumentsWithdraw => "Zurückziehen",
        Msg::InstrumentsHistoryTitle => "Versionen",
        Msg::InstrumentsQuestionnaires => "Fragebögen, die eine Regel nennen darf",
        Msg::StateInForce => "In Kraft",
        Msg::StateWaiting => "Wartet",
        Msg::StateSetAside => "Verworfen",
        Msg::StateReplaced => "Ersetzt",
        Msg::ColumnVersion => "Version",
        Msg::ColumnChange => "Änderung",
        Msg::ColumnState => "Stand",
        Msg::ColumnProposedBy => "Erstellt von",
        _ => return None,
    })
}
