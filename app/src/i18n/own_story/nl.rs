//! Dutch texts of what patients get back: the wait, the diary's one tap, the calendar.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::DiaryNoneOfThese => "Geen van deze tekenen vandaag",
        Msg::DiaryNoneOfTheseHint => "Beantwoordt elk teken hieronder met „Nee”, behalve de tekenen waarop u „Ja” hebt geantwoord. Uw temperatuur is nog steeds nodig.",
        Msg::WaitingPublished => "Gepubliceerd cijfer voor dit product, niet dat van dit centrum: de cellen zijn meestal {low} tot {high} dagen na de afname klaar en worden dan teruggestuurd.",
        Msg::WaitingPublishedAbout => "Gepubliceerd cijfer voor dit product, niet dat van dit centrum: de cellen zijn meestal ongeveer {days} dagen na de afname klaar en worden dan teruggestuurd.",
        Msg::CalendarName => "Ziekenhuisbezoeken",
        Msg::CalendarVisit => "Ziekenhuisbezoek",
        Msg::CalendarTravelFree => "Vrij om verder te reizen",
        Msg::CalendarDrivingFree => "Weer vrij om te rijden",
        Msg::CalendarTitle => "Agenda",
        Msg::CalendarExplain => "Zet de geplande bezoeken in de agenda van uw telefoon. Die volgt het tijdpad: als een datum verschuift, verschuift hij binnen enkele uren ook in uw agenda.",
        Msg::CalendarPrivate => "Houd dit adres voor uzelf: wie het heeft, kan de datums zien. Tenzij u anders kiest, zeggen de titels alleen „Ziekenhuisbezoek”, zodat een gedeelde agenda niet verraadt waarvoor de bezoeken zijn.",
        Msg::CalendarFor => "Bezoeken van {name}",
        Msg::CalendarAddressLabel => "Agenda-adres",
        Msg::CalendarOpen => "Openen in mijn agenda-app",
        Msg::CalendarDetailedLabel => "Elke stap in de titels noemen (bijvoorbeeld „CAR-T-infusie”)",
        Msg::CalendarTitlesNeutral => "De titels zeggen „Ziekenhuisbezoek”.",
        Msg::CalendarTitlesDetailed => "De titels noemen elke stap.",
        Msg::CalendarMake => "Een agenda-adres maken",
        Msg::CalendarRemake => "Een nieuw adres maken (het oude werkt dan niet meer)",
        Msg::CalendarRevoke => "Deze agenda stoppen",
        Msg::CalendarMade => "Het agenda-adres is klaar: kopieer het in uw agenda-app, of open het daar.",
        Msg::CalendarRevoked => "Dat agenda-adres werkt niet meer.",
        Msg::ProblemTooManyQuestions => "Uw lijst bevat al 50 open vragen. Neem er enkele terug, of wacht tot uw zorgteam ze heeft doorgenomen.",
        Msg::QuestionsTitle => "Vragen voor het volgende bezoek",
        Msg::QuestionsExplain => "Schrijf op wat u wilt vragen, zodra u eraan denkt. Uw zorgteam leest de lijst vóór uw bezoek.",
        Msg::QuestionsNotUrgent => "Niet voor iets dringends: voelt u zich niet goed, bel dan nu uw zorgteam.",
        Msg::QuestionsNextVisit => "Volgend bezoek: {date}",
        Msg::QuestionsNone => "Nog geen vragen.",
        Msg::QuestionLabel => "Uw vraag",
        Msg::QuestionAdd => "Aan de lijst toevoegen",
        Msg::QuestionTakeBack => "Terugnemen",
        Msg::QuestionMarkDiscussed => "Markeren als besproken",
        Msg::QuestionAskedBy => "{name}, {date}",
        Msg::QuestionDiscussedOn => "besproken op {date}",
        _ => return None,
    })
}
