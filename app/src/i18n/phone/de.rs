//! German texts of the phone: the lock screen, the offline page, the plan kept on the
//! phone and the answers kept there until sent.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::LockScreenTitle => "Auf dem Sperrbildschirm",
        Msg::LockScreenExplain => "Standardmäßig zeigt eine Erinnerung auf Ihrem Telefon nur „Sie haben eine neue Erinnerung“. Worum es geht, sehen Sie in der App.",
        Msg::LockScreenDetail => "Anzeigen, worum es in jeder Erinnerung geht",
        Msg::LockScreenWarning => "Wer Ihr Telefon sieht, auch gesperrt, kann das dann lesen, zum Beispiel „{example}“.",
        Msg::NotificationDiscreetTitle => "Sie haben eine neue Erinnerung",
        Msg::NotificationDiscreetUrgentTitle => "Sie haben eine dringende Nachricht",
        Msg::NotificationDiscreetBody => "Öffnen Sie Vein-to-Vein, um sie zu lesen",
        Msg::OfflineTitle => "Keine Verbindung",
        Msg::OfflineExplain => "Diese Seite braucht Internet. Vein-to-Vein öffnet sie wieder, sobald Ihr Telefon wieder online ist.",
        Msg::OfflineEmergencyTitle => "Im Notfall",
        Msg::OfflineOtherNumbers => "Außerhalb Europas:",
        Msg::OfflineHotlineWhere => "Die rund um die Uhr erreichbare Nummer Ihres Behandlungsteams steht auf Ihrem Patientenpass. Anrufe funktionieren ohne mobile Daten.",
        Msg::OfflineTryAgain => "Erneut versuchen",
        Msg::KeepPlanTitle => "Meinen Plan auf diesem Telefon behalten",
        Msg::KeepPlanExplain => "Ohne Empfang zeigt die App dann weiterhin Ihren Zeitplan, Ihren Patientenpass, die Nummer Ihres Behandlungsteams und die Fragebögen der nächsten 48 Stunden. Die Kopie ist verschlüsselt und wird bei jedem Öffnen der App mit Verbindung aktualisiert. Sie wird nach 7 Tagen ohne Aktualisierung gelöscht, und wenn Sie sich abmelden.",
        Msg::KeepPlanWhoCanRead => "Wer dieses Telefon entsperrt in der Hand hält, kann sie lesen. Behalten Sie sie nur auf einem Telefon, das allein Ihnen gehört.",
        Msg::KeepPlanButton => "Meinen Plan auf diesem Telefon behalten",
        Msg::KeepPlanDrop => "Die Kopie von diesem Telefon löschen",
        Msg::KeepPlanKept => "Auf diesem Telefon gespeichert, aktualisiert am {time}.",
        Msg::KeepPlanNone => "Keine Kopie auf diesem Telefon.",
        Msg::KeepPlanFailed => "Die Kopie konnte nicht erstellt werden. Versuchen Sie es erneut, wenn Sie online sind.",
        Msg::KeepPlanUnsupported => "Dieser Browser kann keine Kopie behalten.",
        Msg::ForgetPhoneTitle => "Dieses Telefon vergessen",
        Msg::ForgetPhoneExplain => "Meldet Sie ab, beendet die Erinnerungen auf diesem Telefon und löscht alles, was die App hier speichert. Noch nicht gesendete Antworten werden zuerst gesendet oder bis zur nächsten Anmeldung aufbewahrt.",
        Msg::ForgetPhoneButton => "Dieses Telefon vergessen",
        Msg::OfflineSaved => "Auf diesem Telefon gespeichert. Wird gesendet, sobald Sie online sind.",
        Msg::OfflineSavedSignIn => "Auf diesem Telefon gespeichert. Wird gesendet, nachdem Sie sich wieder angemeldet haben.",
        Msg::OfflineUnsent => "Antworten, die auf diesem Telefon warten: {count}. Sie werden gesendet, wenn Sie online und angemeldet sind.",
        Msg::OfflineUnsentOther => "Auf diesem Telefon gegebene Antworten warten auf die Person, die sie gegeben hat. Sie werden gesendet, nachdem sich diese Person anmeldet.",
        Msg::OfflineRefused => "Antworten, die der Server nicht annehmen konnte: {count}. Bitte sagen Sie es Ihrem Behandlungsteam.",
        Msg::OfflinePlanUpdated => "Ihr Plan, wie er auf diesem Telefon gespeichert ist, aktualisiert am {time}.",
        Msg::OfflineAnswerNow => "Jetzt antworten",
        Msg::SignedOutKept => "Sie sind abgemeldet. Noch nicht gesendete Antworten bleiben auf diesem Telefon und werden nach Ihrer nächsten Anmeldung gesendet.",
        Msg::SignedOutSent => "Sie sind abgemeldet. Ihre offline gegebenen Antworten wurden zuerst gesendet.",
        Msg::CheckinArrivedLater => "offline auf dem Telefon gespeichert, eingegangen am {when}",
        Msg::LanguageExplain => "Die App und Ihre Erinnerungen verwenden diese Sprache und ihre Schreibweise für Datum und Uhrzeit.",
        Msg::LanguageSave => "Sprache speichern",
        Msg::LanguageSaved => "Sprache gespeichert.",
        Msg::InstrumentInEnglish => "Dieser Fragebogen wird auf Englisch angezeigt, weil Ihr Behandlungsteam die offizielle Übersetzung in Ihre Sprache noch nicht hinzugefügt hat.",
        _ => return None,
    })
}
