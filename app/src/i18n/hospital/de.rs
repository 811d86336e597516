//! German texts of the hospital's side (hospital number, hospital systems).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HospitalNumberLabel => "Krankenhausnummer (freiwillig)",
        Msg::HospitalNumberHint => "Die Nummer des Patienten in der Akte des Krankenhauses. Die Systeme des Krankenhauses finden den Patienten damit; sie erscheint nie in einem Forschungsexport.",
        Msg::HospitalNumberTitle => "Krankenhausnummer",
        Msg::HospitalNumberNone => "Es ist keine Krankenhausnummer erfasst.",
        Msg::HospitalNumberSave => "Krankenhausnummer speichern",
        Msg::HospitalNumberSaved => "Krankenhausnummer gespeichert.",
        Msg::ProblemHospitalNumberInvalid => "Verwenden Sie nur Buchstaben, Ziffern, - / und ., höchstens 32 Zeichen, am Anfang und Ende ein Buchstabe oder eine Ziffer.",
        Msg::ProblemHospitalNumberTaken => "Ein anderer Patient dieses Zentrums hat diese Krankenhausnummer. Prüfen Sie sie in der Akte des Krankenhauses.",
        Msg::ProblemOriginInvalid => "Geben Sie nur den Anfang der Adresse an, zum Beispiel https://pager.hospital.example oder https://pager.hospital.example:8443.",
        Msg::ProblemOriginNotAllowed => "Diese Adresse gehört nicht zu den erlaubten Ursprüngen. Ein Administrator setzt ihren Ursprung zuerst auf die Liste.",
        Msg::HospitalSystemsTitle => "Krankenhaussysteme",
        Msg::HospitalSystemsIntro => "Bei einem roten Alarm erhalten die Systeme des Krankenhauses (ein Rufsystem, ein Eingang der Patientenakte) einen signierten Webhook im Format Standard Webhooks. Webhooks gehen nur an die hier genau aufgeführten Ursprünge.",
        Msg::OriginsTitle => "Erlaubte Ursprünge",
        Msg::OriginLabel => "Ursprung (https://Host oder https://Host:Port)",
        Msg::OriginAdd => "Diesen Ursprung erlauben",
        Msg::OriginRemove => "Diesen Ursprung entfernen",
        Msg::OriginsNone => "Noch kein Ursprung erlaubt: Es kann kein Webhook gesendet werden.",
        Msg::HospitalWebhooksTitle => "Webhooks für rote Alarme",
        Msg::HospitalWebhookUrlLabel => "Adresse (URL)",
        Msg::HospitalWebhookCreate => "Webhook hinzufügen",
        Msg::HospitalWebhookRevoke => "Nicht mehr senden",
        Msg::HospitalWebhookStopped => "gestoppt",
        Msg::HospitalWebhooksNone => "Noch kein Webhook.",
        Msg::DeliveriesTitle => "Letzte Zustellungen",
        Msg::DeliveriesExplain => "Die Nachricht jedes roten Alarms, je Webhook: ihr Stand und die letzte Antwort des Empfängers. Der Inhalt wird hier nicht gezeigt.",
        Msg::DeliveriesNone => "Noch nichts gesendet.",
        Msg::ColumnWebhook => "Webhook",
        Msg::ColumnAttempts => "Versuche",
        Msg::ColumnAnswer => "Letzte Antwort",
        Msg::DeliveryPending => "wartet, nächster Versuch um {time}",
        Msg::DeliverySending => "wird gesendet",
        Msg::DeliverySent => "zugestellt",
        Msg::DeliveryFailed => "aufgegeben",
        Msg::DeliveryNoAnswer => "keine Antwort",
        _ => return None,
    })
}
