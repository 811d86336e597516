//! French texts of the check-in instruments page (issue 23).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::InstrumentsTitle => "Instruments de suivi",
        Msg::InstrumentsIntro => "Les calendriers, règles de triage et rappels intégrés sont la version 0. Ajoutez ceux de votre centre, pour un questionnaire importé : chaque changement est une nouvelle version, vérifiée comme les fichiers intégrés et journalisée. Les réponses et alertes passées gardent les versions sous lesquelles elles ont été données.",
        Msg::InstrumentsTriageWaits => "Un changement des règles de triage décide de ce qui alerte les infirmiers : il ne prend effet qu'une fois approuvé par un infirmier, autre que son auteur.",
        Msg::InstrumentsKindSchedule => "Calendriers des questionnaires",
        Msg::InstrumentsKindTriage => "Règles de triage",
        Msg::InstrumentsKindReminders => "Rappels",
        Msg::InstrumentsInForce => "En vigueur : version {version}",
        Msg::InstrumentsFellBack => "La version de ce centre ne convient plus : les règles intégrées s'appliquent jusqu'à sa correction :",
        Msg::InstrumentsNoSiteRules => "Aucune règle propre au centre.",
        Msg::InstrumentsRemove => "Retirer",
        Msg::InstrumentsAddTitle => "Ajouter une règle",
        Msg::InstrumentsKindLabel => "Type de règle",
        Msg::InstrumentsRuleLabel => "La règle, en JSON, comme dans le fichier intégré (son identifiant commence par site-)",
        Msg::InstrumentsAdd => "Ajouter la règle",
        Msg::InstrumentsRefused => "Rien n'a été changé :",
        Msg::InstrumentsSavedInForce => "La version {number} est enregistrée et en vigueur.",
        Msg::InstrumentsSavedWaiting => "La version {number} est enregistrée : elle attend l'approbation d'un infirmier.",
        Msg::InstrumentsSetAside => "La version {number} est écartée.",
        Msg::InstrumentsWaitingTitle => "En attente d'approbation",
        Msg::InstrumentsWaitingNone => "Rien n'attend d'approbation.",
        Msg::InstrumentsApproveHint => "N'approuvez que ce que vous avez lu en entier : ces règles décideront ensuite des réponses qui alertent les infirmiers.",
        Msg::InstrumentsApprove => "Approuver",
        Msg::InstrumentsRefuse => "Refuser",
        Msg::InstrumentsWithdraw => "Retirer la demande",
        Msg::InstrumentsHistoryTitle => "Versions",
        Msg::InstrumentsQuestionnaires => "Questionnaires qu'une règle peut nommer",
        Msg::StateInForce => "En vigueur",
        Msg::StateWaiting => "En attente",
        Msg::StateSetAside => "Écartée",
        Msg::StateReplaced => "Remplacée",
        Msg::ColumnVersion => "Version",
        Msg::ColumnChange => "Changement",
        Msg::ColumnState => "État",
        Msg::ColumnProposedBy => "Auteur",
        _ => return None,
    })
}
