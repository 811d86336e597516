//! French texts of what patients get back: the wait, the diary's one tap, the calendar.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::DiaryNoneOfThese => "Aucun de ces signes aujourd'hui",
        Msg::DiaryNoneOfTheseHint => "Répond « Non » à chaque signe ci-dessous, sauf à ceux où vous avez répondu « Oui ». Votre température reste nécessaire.",
        Msg::WaitingPublished => "Chiffre publié pour ce produit, et non celui de ce centre : les cellules sont en général prêtes {low} à {high} jours après le prélèvement, puis renvoyées.",
        Msg::WaitingPublishedAbout => "Chiffre publié pour ce produit, et non celui de ce centre : les cellules sont en général prêtes environ {days} jours après le prélèvement, puis renvoyées.",
        Msg::CalendarName => "Visites à l'hôpital",
        Msg::CalendarVisit => "Visite à l'hôpital",
        Msg::CalendarTravelFree => "Libre de voyager plus loin",
        Msg::CalendarDrivingFree => "Libre de conduire à nouveau",
        Msg::CalendarTitle => "Calendrier",
        Msg::CalendarExplain => "Ajoutez les visites prévues au calendrier de votre téléphone. Il suit le parcours : quand une date change, elle change aussi dans votre calendrier, en quelques heures.",
        Msg::CalendarPrivate => "Gardez cette adresse pour vous : toute personne qui la connaît peut voir les dates. Sauf si vous choisissez autrement, les titres disent seulement « Visite à l'hôpital » : un calendrier partagé ne dit pas à quoi servent les visites.",
        Msg::CalendarFor => "Visites de {name}",
        Msg::CalendarAddressLabel => "Adresse du calendrier",
        Msg::CalendarOpen => "Ouvrir dans mon application de calendrier",
        Msg::CalendarDetailedLabel => "Nommer chaque étape dans les titres (par exemple « Perfusion de CAR-T »)",
        Msg::CalendarTitlesNeutral => "Les titres disent « Visite à l'hôpital ».",
        Msg::CalendarTitlesDetailed => "Les titres nomment chaque étape.",
        Msg::CalendarMake => "Créer une adresse de calendrier",
        Msg::CalendarRemake => "Créer une nouvelle adresse (l'ancienne cesse de fonctionner)",
        Msg::CalendarRevoke => "Arrêter ce calendrier",
        Msg::CalendarMade => "L'adresse du calendrier est prête : copiez-la dans votre application de calendrier, ou ouvrez-la depuis celle-ci.",
        Msg::CalendarRevoked => "Cette adresse de calendrier ne fonctionne plus.",
        Msg::ProblemTooManyQuestions => "Votre liste contient déjà 50 questions ouvertes. Retirez-en quelques-unes, ou attendez que votre équipe soignante les ait parcourues.",
        Msg::QuestionsTitle => "Questions pour la prochaine visite",
        Msg::QuestionsExplain => "Notez ce que vous voulez demander, dès que vous y pensez. Votre équipe soignante lit la liste avant votre visite.",
        Msg::QuestionsNotUrgent => "Pas pour ce qui est urgent : si vous ne vous sentez pas bien, appelez maintenant votre équipe soignante.",
        Msg::QuestionsNextVisit => "Prochaine visite : {date}",
        Msg::QuestionsNone => "Pas encore de questions.",
        Msg::QuestionLabel => "Votre question",
        Msg::QuestionAdd => "Ajouter à la liste",
        Msg::QuestionTakeBack => "Retirer",
        Msg::QuestionMarkDiscussed => "Marquer comme discutée",
        Msg::QuestionAskedBy => "{name}, le {date}",
        Msg::QuestionDiscussedOn => "discutée le {date}",
        _ => return None,
    })
}
