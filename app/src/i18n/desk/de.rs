//! German texts of the nurses' desk.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::FlagSilentSince => "Kein Symptomtagebuch seit {when} ({hours} Std.)",
        Msg::FlagSilentNever => "Kein Symptomtagebuch seit der Infusion",
        Msg::FlagSnoozeLabel => "Zurückstellen um",
        Msg::FlagSnooze => "Zurückstellen",
        Msg::FlagSnoozeHours => "{hours} Std.",
        Msg::AssignLabel => "Zugewiesen an",
        Msg::AssignNobody => "Niemand",
        Msg::AssignSave => "Zuweisen",
        Msg::ProblemSnoozeHours => "Wählen Sie die Dauer: 1, 2, 4, 8 oder 24 Stunden.",
        Msg::ProblemNurseUnknown => "Wählen Sie eine Pflegekraft dieses Zentrums.",
        Msg::DeskTitle => "Betreuung im Zentrum",
        Msg::AdmittedSince => "Stationär seit {when}. Während des Aufenthalts entsteht keine Meldung wegen Schweigens.",
        Msg::NotAdmitted => "Nicht stationär: Ein Tag ohne Tagebuch an den Tagen 0 bis 14 löst eine Meldung aus.",
        Msg::MarkAdmitted => "Als stationär markieren",
        Msg::MarkHome => "Als wieder zu Hause markieren",
        Msg::AssignedNurseLabel => "Zuständige Pflegekraft",
        Msg::NotesTitle => "Pflegenotizen",
        Msg::NotesPrivate => {
            "Nur die Pflegekräfte dieses Zentrums lesen diese Notizen; jedes Lesen wird protokolliert."
        }
        Msg::NoteLabel => "Neue Notiz",
        Msg::NoteAdd => "Notiz hinzufügen",
        Msg::NotesNone => "Noch keine Notizen.",
        Msg::NoteBy => "{name}, {when}",
        Msg::ColumnLevel => "Stufe",
        Msg::ColumnWhat => "Was",
        Msg::ColumnRaised => "Gemeldet",
        Msg::ColumnActions => "Aktionen",
        Msg::BoardTitle => "Patienten",
        Msg::BoardSearchLabel => "Name oder Auftragsreferenz",
        Msg::BoardStageLabel => "Phase",
        Msg::BoardStageAny => "Jede Phase",
        Msg::BoardFlagged => "Mit offener Meldung",
        Msg::BoardMissed => "Fragebogen verpasst",
        Msg::BoardMine => "Meine Patienten",
        Msg::BoardShowing => "{total} Patienten: Seite {page} von {pages}",
        Msg::BoardNone => "Kein Patient passt.",
        Msg::BoardPrevious => "Vorherige Seite",
        Msg::BoardNextPage => "Nächste Seite",
        Msg::BoardMissedCount => "{count} verpasst",
        Msg::BoardOpenFlags => "{count} offen",
        Msg::BoardAdmitted => "Stationär",
        Msg::ColumnStage => "Phase",
        Msg::ColumnNext => "Nächster Schritt",
        Msg::ColumnFlags => "Meldungen und Fragebögen",
        Msg::ColumnNurse => "Pflegekraft",
        Msg::ColumnOrder => "Auftragsreferenz",
        _ => return None,
    })
}
