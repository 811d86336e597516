//! Dutch texts of the check-in instruments page (issue 23).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::InstrumentsTitle => "Vragenlijstinstellingen",
        Msg::InstrumentsIntro => "De ingebouwde schema's, triageregels en herinneringen zijn versie 0. Voeg die van uw centrum toe, voor een geïmporteerde vragenlijst: elke wijziging is een nieuwe versie, gecontroleerd zoals de ingebouwde bestanden en vastgelegd. Eerdere antwoorden en signalen houden de versies waaronder ze gegeven zijn.",
        Msg::InstrumentsTriageWaits => "Een wijziging van de triageregels bepaalt waarvoor verpleegkundigen gewaarschuwd worden: ze geldt pas als een verpleegkundige, niet wie ze maakte, ze goedkeurt.",
        Msg::InstrumentsKindSchedule => "Vragenlijstschema's",
        Msg::InstrumentsKindTriage => "Triageregels",
        Msg::InstrumentsKindReminders => "Herinneringen",
        Msg::InstrumentsInForce => "Geldend: versie {version}",
        Msg::InstrumentsFellBack => "De versie van dit centrum past niet meer: de ingebouwde regels gelden tot ze hersteld is:",
        Msg::InstrumentsNoSiteRules => "Geen eigen regels van dit centrum.",
        Msg::InstrumentsRemove => "Verwijderen",
        Msg::InstrumentsAddTitle => "Een regel toevoegen",
        Msg::InstrumentsKindLabel => "Soort regel",
        Msg::InstrumentsRuleLabel => "De regel, als JSON, zoals in het ingebouwde bestand (de id begint met site-)",
        Msg::InstrumentsAdd => "Regel toevoegen",
        Msg::InstrumentsRefused => "Er is niets gewijzigd:",
        Msg::InstrumentsSavedInForce => "Versie {number} is bewaard en geldt.",
        Msg::InstrumentsSavedWaiting => "Versie {number} is bewaard: ze wacht op goedkeuring door een verpleegkundige.",
        Msg::InstrumentsSetAside => "Versie {number} is terzijde gelegd.",
        Msg::InstrumentsWaitingTitle => "Wacht op goedkeuring",
        Msg::InstrumentsWaitingNone => "Er wacht niets op goedkeuring.",
        Msg::InstrumentsApproveHint => "Keur alleen goed wat u volledig gelezen hebt: vanaf dan bepalen deze regels welke antwoorden de verpleegkundigen waarschuwen.",
        Msg::InstrumentsApprove => "Goedkeuren",
        Msg::InstrumentsRefuse => "Weigeren",
        Msg::InstrumentsWithdraw => "Intrekken",
        Msg::InstrumentsHistoryTitle => "Versies",
        Msg::InstrumentsQuestionnaires => "Vragenlijsten die een regel mag noemen",
        Msg::StateInForce => "Geldend",
        Msg::StateWaiting => "Wacht",
        Msg::StateSetAside => "Terzijde gelegd",
        Msg::StateReplaced => "Vervangen",
        Msg::ColumnVersion => "Versie",
        Msg::ColumnChange => "Wijziging",
        Msg::ColumnState => "Stand",
        Msg::ColumnProposedBy => "Gemaakt door",
        _ => return None,
    })
}
