//! On the admin page: each centre's practical help for patients who come from far (where to
//! stay, getting there, parking, what to pack) and the language its staff read, which is
//! the alert card's second language. One plain form per centre.
use super::{forms::ActionFeedback, practical_help::topic_msg};
use crate::{
    api::{
        help::{centres_help, CentreHelp, SaveCentreHelp},
        messages::SetReplyHours,
    },
    domain::{practical_help::LONGEST, team_messages::REPLY_HOURS},
    i18n::{Locale, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn CentreHelpEditor() -> impl IntoView {
    let save = ServerAction::<SaveCentreHelp>::new();
    let hours = ServerAction::<SetReplyHours>::new();
    let centres = Resource::new(
        move || (save.version().get(), hours.version().get()),
        |_| centres_help(),
    );
    let outcome = save.value();
    let hours_outcome = hours.value();
    view! {
        <section class="card stack" id="centre-help" aria-labelledby="centre-help-title">
            <h2 id="centre-help-title">{tr(Msg::HelpAdminTitle)}</h2>
            <p class="muted">{tr(Msg::HelpAdminExplain)}</p>
            {move || matches!(outcome.get(), Some(Ok(_))).then(|| view! { <p class="feedback notice" role="status">{tr(Msg::HelpSaved)}</p> })}
            <ActionFeedback outcome/>
            {move || matches!(hours_outcome.get(), Some(Ok(_))).then(|| view! { <p class="feedback notice" role="status">{tr(Msg::ReplyHoursSaved)}</p> })}
            <ActionFeedback outcome=hours_outcome/>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || centres.get().map(|answer| match answer {
                    Ok(rows) => rows.into_iter().map(|centre| view! { <CentreForm centre save hours/> }).collect_view().into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CentreForm(
    centre: CentreHelp,
    save: ServerAction<SaveCentreHelp>,
    hours: ServerAction<SetReplyHours>,
) -> impl IntoView {
    let id = centre.centre_id;
    let reply_hours = centre.reply_hours;
    let languages = Locale::ALL
        .into_iter()
        .filter(|l| l.code() == l.language())
        .map(|l| {
            let selected = l.code() == centre.language;
            view! { <option value=l.code() lang=l.code() selected=selected>{l.native_name()}</option> }
        })
        .collect_view();
    let fields = centre
        .topics
        .into_iter()
        .map(|t| {
            let field = format!("help-{id}-{}", t.topic.as_str());
            view! {
                <label for=field.clone()>{tr(topic_msg(t.topic))}</label>
                <textarea id=field name=t.topic.as_str() rows="4" maxlength=LONGEST>{t.text}</textarea>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="stack" attr:data-centre=id>
            <h3>{centre.name}</h3>
            <input type="hidden" name="centre_id" value=id/>
            <label for=format!("help-{id}-language")>{tr(Msg::CentreLanguageLabel)}</label>
            <select id=format!("help-{id}-language") name="language">{languages}</select>
            {fields}
            <button type="submit">{tr(Msg::HelpSave)}</button>
        </ActionForm>
        <ActionForm action=hours attr:class="stack" attr:data-reply-hours=id>
            <input type="hidden" name="centre_id" value=id/>
            <label for=format!("reply-hours-{id}")>{tr(Msg::ReplyHoursLabel)}</label>
            <input id=format!("reply-hours-{id}") name="hours" type="number" inputmode="numeric"
                min=*REPLY_HOURS.start() max=*REPLY_HOURS.end() value=reply_hours required/>
            <button type="submit" class="secondary">{tr(Msg::ReplyHoursSave)}</button>
        </ActionForm>
    }
}
