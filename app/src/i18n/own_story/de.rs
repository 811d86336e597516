//! German texts of what patients get back: the wait, the diary's one tap, the calendar.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::DiaryNoneOfThese => "Heute keines dieser Zeichen",
        Msg::DiaryNoneOfTheseHint => "Beantwortet jedes Zeichen unten mit „Nein“, außer denen, bei denen Sie „Ja“ angegeben haben. Ihre Temperatur wird trotzdem gebraucht.",
        Msg::WaitingPublished => "Veröffentlichte Angabe für dieses Produkt, nicht die dieses Zentrums: Die Zellen sind meist {low} bis {high} Tage nach der Entnahme fertig und werden dann zurückgeschickt.",
        Msg::WaitingPublishedAbout => "Veröffentlichte Angabe für dieses Produkt, nicht die dieses Zentrums: Die Zellen sind meist etwa {days} Tage nach der Entnahme fertig und werden dann zurückgeschickt.",
        Msg::CalendarName => "Krankenhaustermine",
        Msg::CalendarVisit => "Krankenhaustermin",
        Msg::CalendarTravelFree => "Frei, weiter zu reisen",
        Msg::CalendarDrivingFree => "Wieder frei, Auto zu fahren",
        Msg::CalendarTitle => "Kalender",
        Msg::CalendarExplain => "Übernehmen Sie die geplanten Termine in den Kalender Ihres Telefons. Er folgt dem Zeitplan: Verschiebt sich ein Datum, verschiebt es sich innerhalb weniger Stunden auch in Ihrem Kalender.",
        Msg::CalendarPrivate => "Behalten Sie diese Adresse für sich: Wer sie kennt, kann die Termine sehen. Wenn Sie nichts anderes wählen, lauten die Titel nur „Krankenhaustermin“, sodass ein geteilter Kalender nicht verrät, wofür die Termine sind.",
        Msg::CalendarFor => "Termine von {name}",
        Msg::CalendarAddressLabel => "Kalenderadresse",
        Msg::CalendarOpen => "In meiner Kalender-App öffnen",
        Msg::CalendarDetailedLabel => "Jeden Schritt im Titel nennen (zum Beispiel „CAR-T-Infusion“)",
        Msg::CalendarTitlesNeutral => "Die Titel lauten „Krankenhaustermin“.",
        Msg::CalendarTitlesDetailed => "Die Titel nennen jeden Schritt.",
        Msg::CalendarMake => "Eine Kalenderadresse erstellen",
        Msg::CalendarRemake => "Eine neue Adresse erstellen (die alte funktioniert dann nicht mehr)",
        Msg::CalendarRevoke => "Diesen Kalender beenden",
        Msg::CalendarMade => "Die Kalenderadresse ist bereit: Kopieren Sie sie in Ihre Kalender-App oder öffnen Sie sie dort.",
        Msg::CalendarRevoked => "Diese Kalenderadresse funktioniert nicht mehr.",
        Msg::ProblemTooManyQuestions => "Ihre Liste enthält schon 50 offene Fragen. Nehmen Sie einige zurück oder warten Sie, bis Ihr Behandlungsteam sie durchgegangen ist.",
        Msg::QuestionsTitle => "Fragen für den nächsten Termin",
        Msg::QuestionsExplain => "Schreiben Sie auf, was Sie fragen möchten, sobald es Ihnen einfällt. Ihr Behandlungsteam liest die Liste vor Ihrem Termin.",
        Msg::QuestionsNotUrgent => "Nicht für Dringendes: Wenn es Ihnen nicht gut geht, rufen Sie jetzt Ihr Behandlungsteam an.",
        Msg::QuestionsNextVisit => "Nächster Termin: {date}",
        Msg::QuestionsNone => "Noch keine Fragen.",
        Msg::QuestionLabel => "Ihre Frage",
        Msg::QuestionAdd => "Zur Liste hinzufügen",
        Msg::QuestionTakeBack => "Zurücknehmen",
        Msg::QuestionMarkDiscussed => "Als besprochen markieren",
        Msg::QuestionAskedBy => "{name}, {date}",
        Msg::QuestionDiscussedOn => "besprochen am {date}",
        _ => return None,
    })
}
