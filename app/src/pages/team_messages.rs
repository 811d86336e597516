//! "Ask the team", on the patient's page: the patient and their caregivers write to the care
//! team, the centre's nurses reply. Every screen of it says it is not for emergencies, with
//! the hotline. A message that reads like a red flag shows the diary's advice on the screen
//! before anything is sent (`domain::team_messages::gate`, run here in the browser); the send
//! button waits for the page's code for that reason. The nurses' reply is a plain form.
use super::{checkin::UrgentAdvice, tel_href, timeline_labels::date_time_text};
use crate::{
    api::messages::{team_thread, MessageOutcome, MessageThread, ReplyToPatient, SendMessage, TeamMessage},
    domain::{
        team_messages::{gate, Gate, MAX_CHARS},
        triage::{message_words::RedFlagWords, Advice},
    },
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Msg},
    tr, use_locale,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    send: ServerAction<SendMessage>,
    reply: ServerAction<ReplyToPatient>,
}

#[component]
pub fn MessagesPanel(patient_id: i64) -> impl IntoView {
    let actions = Actions {
        send: ServerAction::new(),
        reply: ServerAction::new(),
    };
    // Read again after a message or reply went: not after a refusal or a message held back,
    // which would redraw the form and lose what was being written.
    let reloads = RwSignal::new(0u64);
    Effect::new(move |_| {
        if actions
            .send
            .value()
            .with(|v| matches!(v, Some(Ok(MessageOutcome { sent: true, .. }))))
        {
            reloads.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if actions.reply.value().with(|v| matches!(v, Some(Ok(())))) {
            reloads.update(|n| *n += 1);
        }
    });
    let thread = Resource::new(move || reloads.get(), move |_| team_thread(patient_id));
    view! {
        <section class="card stack" id="messages" aria-labelledby="messages-title">
            <h2 id="messages-title">{tr(Msg::MessagesTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || thread.get().map(|answer| match answer {
                    Ok(thread) => view! { <Thread thread actions/> }.into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Thread(thread: MessageThread, actions: Actions) -> impl IntoView {
    let can_reply = thread.can_reply;
    let waited = thread.waited_hours.map(|hours| {
        let text = fill(
            tr(Msg::MessagesWaited),
            &[
                ("hours", &hours.to_string()),
                ("promise", &thread.reply_hours.to_string()),
            ],
        );
        view! {
            <p data-waited=hours data-overdue=thread.overdue.to_string()>
                {text}
                {thread.overdue.then(|| view! { " " <span class="badge warning">{tr(Msg::MessagesOverdue)}</span> })}
            </p>
        }
        .into_any()
    });
    // A reply answers what the nurse saw: a message sent meanwhile still waits.
    let seen_up_to = thread.messages.iter().map(|m| m.id).max().unwrap_or(0);
    let list = if thread.messages.is_empty() {
        view! { <p class="muted" data-messages="0">{tr(Msg::MessagesNone)}</p> }.into_any()
    } else {
        let count = thread.messages.len();
        let items = thread
            .messages
            .into_iter()
            .map(|message| view! { <Message message can_reply/> })
            .collect_view();
        view! { <ol class="list thread" data-messages=count>{items}</ol> }.into_any()
    };
    let write = thread.can_write.then(|| {
        view! {
            <WriteForm patient_id=thread.patient_id send=actions.send centre=thread.centre.clone() emergency=thread.emergency_number.clone()/>
        }
        .into_any()
    });
    // Each part type-erased: the page's view type would otherwise outgrow the compiler's
    // depth limit in a build without `erase_components` (the release bench).
    let reply = can_reply
        .then(|| view! { <ReplyForm patient_id=thread.patient_id seen_up_to reply=actions.reply/> }.into_any());
    // To the patient's side, on every screen of it; the team knows its own number.
    let not_emergency = thread.can_write.then(|| {
        view! {
            <p class="feedback notice not-emergency" role="note">
                <strong>{fill(tr(Msg::MessagesNotEmergency), &[("number", &thread.emergency_number)])}</strong>
            </p>
            // The hotline as a link, not the page's hotline landmark again.
            <a class="call" href=tel_href(&thread.centre.hotline)>
                <span>{fill(tr(Msg::CallCentre), &[("centre", &thread.centre.name)])}</span>
                <strong>{thread.centre.hotline.clone()}</strong>
            </a>
        }
        .into_any()
    });
    view! {
        {not_emergency}
        <p class="muted">{fill(tr(Msg::MessagesPromise), &[("hours", &thread.reply_hours.to_string())])}</p>
        {waited}
        {list}
        {write}
        {reply}
    }
}

#[component]
fn Message(message: TeamMessage, can_reply: bool) -> impl IntoView {
    let author = if message.from_team {
        fill(tr(Msg::MessageTeamAuthor), &[("name", &message.author)])
    } else {
        message.author.clone()
    };
    // The team is told which message came past the advice; the writer saw it already.
    let red_flag = (can_reply && message.advice.is_some())
        .then(|| view! { <p class="badge warning">{tr(Msg::MessageRedFlagNote)}</p> });
    let waiting = message
        .waiting
        .then(|| view! { " " <span class="badge">{tr(Msg::MessageWaiting)}</span> });
    view! {
        <li
            data-message=message.id
            data-from-team=message.from_team.to_string()
            data-waiting=message.waiting.to_string()
            class=if message.from_team { "from-team" } else { "from-patient" }
        >
            <p class="muted small">{author}", "{date_time_text(&message.on, &message.time)}{waiting}</p>
            {red_flag}
            <p class="message-text">{message.text}</p>
        </li>
    }
}

/// The advice the message calls for, found here before sending, or given back by the server
/// (which reads the same words) when it held a message back.
fn advice_of(outcome: &Option<Result<MessageOutcome, AppError>>) -> Option<Advice> {
    match outcome {
        Some(Ok(MessageOutcome { sent: false, advice })) => *advice,
        _ => None,
    }
}

#[component]
fn WriteForm(
    patient_id: i64,
    send: ServerAction<SendMessage>,
    centre: crate::api::CentreContact,
    emergency: String,
) -> impl IntoView {
    let locale = use_locale();
    let text = RwSignal::new(String::new());
    let held = RwSignal::new(None::<Advice>);
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        match RedFlagWords::shared().map(|words| gate(words, &body, false)) {
            Ok(Gate::ShowAdvice(advice)) => held.set(Some(advice)),
            // Unreadable lists here: the server reads them and holds a red flag back.
            _ => {
                send.dispatch(SendMessage {
                    patient_id,
                    text: body,
                    confirmed: false,
                });
            }
        }
    };
    let send_anyway = move |_| {
        held.set(None);
        send.dispatch(SendMessage {
            patient_id,
            text: text.get_untracked(),
            confirmed: true,
        });
    };
    let advice = move || held.get().or_else(|| send.value().with(advice_of));
    let sent = move || matches!(send.value().get(), Some(Ok(MessageOutcome { sent: true, .. })));
    let problem = move || {
        send.value().with(|result| match result {
            Some(Err(AppError::Invalid(problems))) => problems.first().map(|p| tr(problem_msg(p.problem))),
            Some(Err(error)) => Some(tr(error.message())),
            _ => None,
        })
    };
    view! {
        <p>{tr(Msg::MessagesExplain)}</p>
        {move || sent().then(|| view! { <p class="feedback notice" role="status" data-sent="true">{tr(Msg::MessageSent)}</p> })}
        <form class="stack" on:submit=on_submit>
            <label for="message-text">{tr(Msg::MessageLabel)}</label>
            <textarea
                id="message-text"
                name="text"
                rows="4"
                maxlength=MAX_CHARS
                required
                prop:value=text
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    // Changed words are read again at "Send": the advice given is for the old.
                    held.set(None);
                    if send.value().with_untracked(|v| advice_of(v).is_some()) {
                        send.value().set(None);
                    }
                }
            ></textarea>
            {move || problem().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            {move || advice().map(|a| view! {
                <div class="stack" data-held="true">
                    <p><strong>{tr(Msg::MessageAdviceFirst)}</strong></p>
                    <UrgentAdvice advice=a centre=centre.clone() emergency=emergency.clone() locale/>
                    <button type="button" class="secondary" on:click=send_anyway>{tr(Msg::MessageSendAnyway)}</button>
                </div>
            })}
            <button type="submit" disabled=move || !ready.get() || send.pending().get() || advice().is_some()>
                {tr(Msg::MessageSend)}
            </button>
        </form>
    }
}

#[component]
fn ReplyForm(patient_id: i64, seen_up_to: i64, reply: ServerAction<ReplyToPatient>) -> impl IntoView {
    let problem = move || {
        reply.value().with(|result| match result {
            Some(Err(AppError::Invalid(problems))) => problems.first().map(|p| tr(problem_msg(p.problem))),
            Some(Err(error)) => Some(tr(error.message())),
            _ => None,
        })
    };
    let replied = move || matches!(reply.value().get(), Some(Ok(())));
    view! {
        {move || replied().then(|| view! { <p class="feedback notice" role="status">{tr(Msg::MessageReplied)}</p> })}
        <ActionForm action=reply attr:class="stack">
            <input type="hidden" name="patient_id" value=patient_id/>
            <input type="hidden" name="seen_up_to" value=seen_up_to/>
            <label for="reply-text">{tr(Msg::MessageReplyLabel)}</label>
            <textarea id="reply-text" name="text" rows="4" maxlength=MAX_CHARS required></textarea>
            {move || problem().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <button type="submit">{tr(Msg::MessageReplySend)}</button>
        </ActionForm>
    }
}

/// On the nurses' home page: their centre's threads waiting for a reply, red flags first,
/// then the longest waiting; what waited past the centre's promise is marked.
#[component]
pub fn WaitingMessages() -> impl IntoView {
    let waiting = Resource::new(|| (), |_| crate::api::messages::waiting_messages());
    view! {
        <section class="card stack" id="waiting-messages" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{tr(Msg::MessagesWaitingTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || waiting.get().map(|answer| match answer {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted" data-waiting-threads="0">{tr(Msg::MessagesWaitingNone)}</p> }.into_any(),
                    Ok(rows) => {
                        let count = rows.len();
                        let items = rows.into_iter().map(|row| view! { <WaitingLine row/> }).collect_view();
                        view! { <ul class="list" data-waiting-threads=count>{items}</ul> }.into_any()
                    }
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn WaitingLine(row: crate::api::messages::WaitingThread) -> impl IntoView {
    let since = fill(
        tr(Msg::MessagesWaitingSince),
        &[
            ("count", &row.count.to_string()),
            ("date", &date_time_text(&row.since_on, &row.since_time)),
        ],
    );
    let waited = fill(
        tr(Msg::MessagesWaited),
        &[
            ("hours", &row.waited_hours.to_string()),
            ("promise", &row.reply_hours.to_string()),
        ],
    );
    view! {
        <li data-waiting=row.patient_id data-overdue=row.overdue.to_string()>
            <p><a href=format!("/patients/{}#messages", row.patient_id)>{row.patient_name}</a></p>
            <p class="muted small">{since}" · "{waited}</p>
            <p>
                {row.advice.is_some().then(|| view! { <span class="badge warning">{tr(Msg::MessagesWaitingRedFlag)}</span>" " })}
                {row.overdue.then(|| view! { <span class="badge warning">{tr(Msg::MessagesOverdue)}</span> })}
            </p>
        </li>
    }
}
