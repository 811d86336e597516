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
        _ => return None,
    })
}
