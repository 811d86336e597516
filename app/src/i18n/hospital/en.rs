//! English texts of the hospital's side (hospital number, hospital systems).
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::HospitalNumberLabel => "Hospital number (optional)",
        Msg::HospitalNumberHint => "The patient's number in the hospital's own records. The hospital's systems find the patient by it; it never leaves in a research export.",
        Msg::HospitalNumberTitle => "Hospital number",
        Msg::HospitalNumberNone => "No hospital number is recorded.",
        Msg::HospitalNumberSave => "Save the hospital number",
        Msg::HospitalNumberSaved => "Hospital number saved.",
        Msg::ProblemHospitalNumberInvalid => "Use letters, digits, - / and . only, at most 32 characters, starting and ending with a letter or a digit.",
        Msg::ProblemHospitalNumberTaken => "Another patient of this centre has this hospital number. Check it against the hospital's records.",
        Msg::ProblemOriginInvalid => "Give only the start of the address, such as https://pager.hospital.example or https://pager.hospital.example:8443.",
        Msg::ProblemOriginNotAllowed => "This address is not among the allowed origins. An admin adds its origin to the list first.",
        Msg::HospitalSystemsTitle => "Hospital systems",
        Msg::HospitalSystemsIntro => "When a red flag is raised, the hospital's systems (a paging system, an inbox of the patient record) are told by a signed webhook in the Standard Webhooks format. Webhooks go only to the origins listed here, exactly.",
        Msg::OriginsTitle => "Allowed origins",
        Msg::OriginLabel => "Origin (https://host or https://host:port)",
        Msg::OriginAdd => "Allow this origin",
        Msg::OriginRemove => "Remove this origin",
        Msg::OriginsNone => "No origin is allowed yet, so no webhook can be sent.",
        Msg::HospitalWebhooksTitle => "Webhooks for red flags",
        Msg::HospitalWebhookUrlLabel => "Address (URL)",
        Msg::HospitalWebhookCreate => "Add the webhook",
        Msg::HospitalWebhookRevoke => "Stop sending",
        Msg::HospitalWebhookStopped => "stopped",
        Msg::HospitalWebhooksNone => "No webhook yet.",
        Msg::DeliveriesTitle => "Latest deliveries",
        Msg::DeliveriesExplain => "Each red flag's message, by webhook: its state and the receiver's last answer. What it said is not shown here.",
        Msg::DeliveriesNone => "Nothing sent yet.",
        Msg::ColumnWebhook => "Webhook",
        Msg::ColumnAttempts => "Attempts",
        Msg::ColumnAnswer => "Last answer",
        Msg::DeliveryPending => "waiting, next try at {time}",
        Msg::DeliverySending => "being sent",
        Msg::DeliverySent => "delivered",
        Msg::DeliveryFailed => "given up",
        Msg::DeliveryNoAnswer => "no answer",
        _ => return None,
    })
}
