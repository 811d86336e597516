//! French texts of the nurses' desk.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::FlagSilentSince => "Aucun journal des symptômes depuis {when} ({hours} h)",
        Msg::FlagSilentNever => "Aucun journal des symptômes depuis la perfusion",
        Msg::FlagSnoozeLabel => "Reporter de",
        Msg::FlagSnooze => "Reporter",
        Msg::FlagSnoozeHours => "{hours} h",
        Msg::AssignLabel => "Confiée à",
        Msg::AssignNobody => "Personne",
        Msg::AssignSave => "Confier",
        Msg::ProblemSnoozeHours => "Choisissez la durée : 1, 2, 4, 8 ou 24 heures.",
        Msg::ProblemNurseUnknown => "Choisissez un infirmier ou une infirmière de ce centre.",
        Msg::DeskTitle => "Soins au centre",
        Msg::AdmittedSince => {
            "Hospitalisé·e depuis {when}. Aucune alerte de silence n'est levée pendant l'hospitalisation."
        }
        Msg::NotAdmitted => "Non hospitalisé·e : une journée sans journal entre les jours 0 et 14 lève une alerte.",
        Msg::MarkAdmitted => "Marquer hospitalisé·e",
        Msg::MarkHome => "Marquer rentré·e",
        Msg::AssignedNurseLabel => "Infirmier·ère référent·e",
        Msg::NotesTitle => "Notes infirmières",
        Msg::NotesPrivate => {
            "Seuls les infirmiers et infirmières de ce centre lisent ces notes ; chaque lecture est enregistrée."
        }
        Msg::NoteLabel => "Nouvelle note",
        Msg::NoteAdd => "Ajouter la note",
        Msg::NotesNone => "Pas encore de note.",
        Msg::NoteBy => "{name}, {when}",
        Msg::ColumnLevel => "Niveau",
        Msg::ColumnWhat => "Quoi",
        Msg::ColumnRaised => "Levée",
        Msg::ColumnActions => "Actions",
        Msg::BoardTitle => "Patients",
        Msg::BoardSearchLabel => "Nom ou référence de commande",
        Msg::BoardStageLabel => "Étape",
        Msg::BoardStageAny => "Toutes les étapes",
        Msg::BoardFlagged => "Avec une alerte ouverte",
        Msg::BoardMissed => "Questionnaire manqué",
        Msg::BoardMine => "Mes patients",
        Msg::BoardShowing => "{total} patients : page {page} sur {pages}",
        Msg::BoardNone => "Aucun patient ne correspond.",
        Msg::BoardPrevious => "Page précédente",
        Msg::BoardNextPage => "Page suivante",
        Msg::BoardMissedCount => "{count} manqué(s)",
        Msg::BoardOpenFlags => "{count} ouverte(s)",
        Msg::BoardAdmitted => "Hospitalisé·e",
        Msg::ColumnStage => "Étape",
        Msg::ColumnNext => "Prochaine étape",
        Msg::ColumnFlags => "Alertes et questionnaires",
        Msg::ColumnNurse => "Infirmier·ère",
        Msg::ColumnOrder => "Référence de commande",
        _ => return None,
    })
}
