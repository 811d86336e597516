//! Dutch texts of the phone: the lock screen, the offline page, the plan kept on the
//! phone and the answers kept there until sent.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::LockScreenTitle => "Op het vergrendelscherm",
        Msg::LockScreenExplain => "Standaard zegt een herinnering op uw telefoon alleen \"U hebt een nieuwe herinnering\". Waar ze over gaat, ziet u in de app.",
        Msg::LockScreenDetail => "Tonen waar elke herinnering over gaat",
        Msg::LockScreenWarning => "Iedereen die uw telefoon ziet, ook vergrendeld, kan dat dan lezen, bijvoorbeeld \"{example}\".",
        Msg::NotificationDiscreetTitle => "U hebt een nieuwe herinnering",
        Msg::NotificationDiscreetUrgentTitle => "U hebt een dringend bericht",
        Msg::NotificationDiscreetBody => "Open Vein-to-Vein om het te lezen",
        Msg::OfflineTitle => "Geen verbinding",
        Msg::OfflineExplain => "Deze pagina heeft internet nodig. Vein-to-Vein opent ze opnieuw zodra uw telefoon weer online is.",
        Msg::OfflineEmergencyTitle => "Bij een noodgeval",
        Msg::OfflineOtherNumbers => "Buiten Europa:",
        Msg::OfflineHotlineWhere => "Het nummer van uw zorgteam, dag en nacht bereikbaar, staat op uw patiëntenwaarschuwingskaart. Bellen werkt zonder mobiele data.",
        Msg::OfflineTryAgain => "Opnieuw proberen",
        Msg::KeepPlanTitle => "Mijn plan op deze telefoon bewaren",
        Msg::KeepPlanExplain => "Zonder bereik toont de app dan nog steeds uw tijdlijn, uw waarschuwingskaart, het nummer van uw zorgteam en de vragenlijsten van de komende 48 uur. De kopie is versleuteld en wordt bijgewerkt telkens u de app online opent. Ze wordt gewist na 7 dagen zonder bijwerking, en wanneer u afmeldt.",
        Msg::KeepPlanWhoCanRead => "Iedereen die deze telefoon ontgrendeld in handen heeft, kan ze lezen. Bewaar ze alleen op een telefoon die van u alleen is.",
        Msg::KeepPlanButton => "Mijn plan op deze telefoon bewaren",
        Msg::KeepPlanDrop => "De kopie van deze telefoon verwijderen",
        Msg::KeepPlanKept => "Bewaard op deze telefoon, bijgewerkt op {time}.",
        Msg::KeepPlanNone => "Geen kopie op deze telefoon.",
        Msg::KeepPlanFailed => "De kopie kon niet worden gemaakt. Probeer opnieuw wanneer u online bent.",
        Msg::KeepPlanUnsupported => "Deze browser kan geen kopie bewaren.",
        Msg::ForgetPhoneTitle => "Deze telefoon vergeten",
        Msg::ForgetPhoneExplain => "Meldt u af, stopt herinneringen op deze telefoon en verwijdert alles wat de app hier bewaart. Antwoorden die nog niet verstuurd zijn, worden eerst verstuurd of bewaard tot u weer aanmeldt.",
        Msg::ForgetPhoneButton => "Deze telefoon vergeten",
        Msg::OfflineSaved => "Bewaard op deze telefoon. Het wordt verstuurd zodra u online bent.",
        Msg::OfflineSavedSignIn => "Bewaard op deze telefoon. Het wordt verstuurd nadat u opnieuw aanmeldt.",
        Msg::OfflineUnsent => "Antwoorden die op deze telefoon wachten: {count}. Ze worden verstuurd wanneer u online en aangemeld bent.",
        Msg::OfflineUnsentOther => "Antwoorden die op deze telefoon gegeven zijn, wachten op de persoon die ze gaf. Ze worden verstuurd nadat die persoon aanmeldt.",
        Msg::OfflineRefused => "Antwoorden die de server niet kon aanvaarden: {count}. Laat het uw zorgteam weten.",
        Msg::OfflinePlanUpdated => "Uw plan zoals bewaard op deze telefoon, bijgewerkt op {time}.",
        Msg::OfflineAnswerNow => "Nu antwoorden",
        Msg::SignedOutKept => "U bent afgemeld. Antwoorden die nog niet verstuurd zijn, blijven op deze telefoon en worden verstuurd nadat u opnieuw aanmeldt.",
        Msg::SignedOutSent => "U bent afgemeld. Uw offline gegeven antwoorden zijn eerst verstuurd.",
        Msg::CheckinArrivedLater => "offline op de telefoon bewaard, ontvangen op {when}",
        Msg::LanguageExplain => "De app en uw herinneringen gebruiken deze taal, en haar manier om datums en tijden te schrijven.",
        Msg::LanguageSave => "Taal opslaan",
        Msg::LanguageSaved => "Taal opgeslagen.",
        Msg::InstrumentInEnglish => "Deze vragenlijst staat in het Engels, omdat uw zorgteam de officiële vertaling in uw taal nog niet heeft toegevoegd.",
        _ => return None,
    })
}
