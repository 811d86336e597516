//! Dutch texts of the nurses' desk.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::FlagSilentSince => "Geen symptomendagboek sinds {when} ({hours} u)",
        Msg::FlagSilentNever => "Geen symptomendagboek sinds de infusie",
        Msg::FlagSnoozeLabel => "Uitstellen met",
        Msg::FlagSnooze => "Uitstellen",
        Msg::FlagSnoozeHours => "{hours} u",
        Msg::AssignLabel => "Toegewezen aan",
        Msg::AssignNobody => "Niemand",
        Msg::AssignSave => "Toewijzen",
        Msg::ProblemSnoozeHours => "Kies hoe lang: 1, 2, 4, 8 of 24 uur.",
        Msg::ProblemNurseUnknown => "Kies een verpleegkundige van dit centrum.",
        Msg::DeskTitle => "Zorg in het centrum",
        Msg::AdmittedSince => "Opgenomen sinds {when}. Tijdens de opname komt er geen stiltemelding.",
        Msg::NotAdmitted => "Niet opgenomen: een dag zonder dagboek in dag 0 tot 14 geeft een melding.",
        Msg::MarkAdmitted => "Markeren als opgenomen",
        Msg::MarkHome => "Markeren als terug thuis",
        Msg::AssignedNurseLabel => "Verpleegkundige voor deze patiënt",
        Msg::NotesTitle => "Verpleegkundige notities",
        Msg::NotesPrivate => {
            "Alleen de verpleegkundigen van dit centrum lezen deze notities; elke lezing wordt vastgelegd."
        }
        Msg::NoteLabel => "Nieuwe notitie",
        Msg::NoteAdd => "Notitie toevoegen",
        Msg::NotesNone => "Nog geen notities.",
        Msg::NoteBy => "{name}, {when}",
        Msg::ColumnLevel => "Niveau",
        Msg::ColumnWhat => "Wat",
        Msg::ColumnRaised => "Gemeld",
        Msg::ColumnActions => "Acties",
        Msg::BoardTitle => "Patiënten",
        Msg::BoardSearchLabel => "Naam of bestelreferentie",
        Msg::BoardStageLabel => "Fase",
        Msg::BoardStageAny => "Elke fase",
        Msg::BoardFlagged => "Met een open melding",
        Msg::BoardMissed => "Vragenlijst gemist",
        Msg::BoardMine => "Mijn patiënten",
        Msg::BoardShowing => "{total} patiënten: pagina {page} van {pages}",
        Msg::BoardNone => "Geen patiënt komt overeen.",
        Msg::BoardPrevious => "Vorige pagina",
        Msg::BoardNextPage => "Volgende pagina",
        Msg::BoardMissedCount => "{count} gemist",
        Msg::BoardOpenFlags => "{count} open",
        Msg::BoardAdmitted => "Opgenomen",
        Msg::ColumnStage => "Fase",
        Msg::ColumnNext => "Volgende stap",
        Msg::ColumnFlags => "Meldingen en vragenlijsten",
        Msg::ColumnNurse => "Verpleegkundige",
        Msg::ColumnOrder => "Bestelreferentie",
        _ => return None,
    })
}
