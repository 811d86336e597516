//! Who may see the patient's record. The home lists them (read only: the home is served
//! without the wasm); `/caregivers` is where the patient invites, withdraws and removes them.
use super::forms::{issued_view, ActionFeedback, Field};
use crate::{
    api::accounts::{
        caregivers_of, CancelCaregiverInvitation, CaregiverRow, CaregiverStatus, InviteCaregiver, RevokeCaregiver,
    },
    error::AppError,
    i18n::Msg,
    tr,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// On the patient's home: the caregivers and invitations, and the way to change them.
#[component]
pub fn CaregiversSummary(patient_id: i64, caregivers: Vec<CaregiverRow>) -> impl IntoView {
    let rows = (!caregivers.is_empty()).then(|| {
        view! {
            <ul class="list">
                {caregivers.into_iter().map(|row| view! {
                    <li><span>{format!("{} ({})", row.name, row.email)}</span>
                    {status_word(row.status).map(|word| view! { " — "<em>{tr(word)}</em> })}</li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <section class="card" id="caregivers">
            <h2>{tr(Msg::CaregiversTitle)}</h2>
            {rows.is_none().then(|| view! { <p>{tr(Msg::NoCaregivers)}</p> })}
            {rows}
            <p><a class="button" href=format!("/caregivers?patient={patient_id}")>{tr(Msg::ManageCaregivers)}</a></p>
        </section>
    }
}

/// What an invitation not yet redeemed says of itself; nothing for a caregiver who joined.
fn status_word(status: CaregiverStatus) -> Option<Msg> {
    match status {
        CaregiverStatus::Joined => None,
        CaregiverStatus::Invited => Some(Msg::CaregiverInvited),
        CaregiverStatus::Expired => Some(Msg::CaregiverInvitationExpired),
    }
}

/// `/caregivers?patient=`: inviting, withdrawing and removing caregivers.
#[component]
pub fn CaregiversPage() -> impl IntoView {
    let query = use_query_map();
    let list = Resource::new_blocking(
        move || query.read().get("patient").and_then(|p| p.parse::<i64>().ok()),
        |patient| async move {
            match patient {
                Some(patient_id) => caregivers_of(patient_id).await.map(|rows| (patient_id, rows)),
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <h1>{tr(Msg::CaregiversTitle)}</h1>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || list.get().map(|result| match result {
                Ok((patient_id, caregivers)) => view! { <MyCaregivers patient_id caregivers/> }.into_any(),
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
            })}
        </Suspense>
        <p><a href="/">{tr(Msg::BackHome)}</a></p>
    }
}

#[component]
pub fn MyCaregivers(patient_id: i64, caregivers: Vec<CaregiverRow>) -> impl IntoView {
    let invite = ServerAction::<InviteCaregiver>::new();
    let revoke = ServerAction::<RevokeCaregiver>::new();
    let cancel = ServerAction::<CancelCaregiverInvitation>::new();
    // The page arrives with the list; it is fetched again only after a change.
    let caregivers = Resource::new(
        move || (invite.version().get(), revoke.version().get(), cancel.version().get()),
        move |changes| {
            let initial = caregivers.clone();
            async move {
                if changes == (0, 0, 0) {
                    Ok(initial)
                } else {
                    caregivers_of(patient_id).await
                }
            }
        },
    );
    view! {
        <section class="card">
            <ActionFeedback outcome=revoke.value()/>
            <ActionFeedback outcome=cancel.value()/>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || caregivers.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p>{tr(Msg::NoCaregivers)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="list">
                            {rows.into_iter().map(|row| caregiver_item(patient_id, row, revoke, cancel)).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
            <h2>{tr(Msg::InviteCaregiverTitle)}</h2>
            {issued_view(invite.value())}
            <ActionFeedback outcome=invite.value()/>
            <ActionForm action=invite attr:class="stack">
                <input type="hidden" name="patient_id" value=patient_id/>
                <Field name="form[name]" key="name" id="caregiver-name" label=Msg::NameLabel outcome=invite.value()/>
                <Field name="form[email]" key="email" id="caregiver-email" label=Msg::EmailLabel kind="email" outcome=invite.value()/>
                <button type="submit">{tr(Msg::Invite)}</button>
            </ActionForm>
        </section>
    }
}

/// One caregiver: a linked account with a way to remove its access, or an invitation not yet
/// redeemed with a way to withdraw it.
fn caregiver_item(
    patient_id: i64,
    row: CaregiverRow,
    revoke: ServerAction<RevokeCaregiver>,
    cancel: ServerAction<CancelCaregiverInvitation>,
) -> impl IntoView {
    let who = format!("{} ({})", row.name, row.email);
    match row.status {
        CaregiverStatus::Joined => view! {
            <li data-caregiver-id=row.id>
                <span>{who}</span>
                <ActionForm action=revoke attr:class="inline">
                    <input type="hidden" name="patient_id" value=patient_id/>
                    <input type="hidden" name="caregiver_id" value=row.id/>
                    <button type="submit" class="secondary">{tr(Msg::Revoke)}</button>
                </ActionForm>
            </li>
        }
        .into_any(),
        CaregiverStatus::Invited | CaregiverStatus::Expired => {
            let state = status_word(row.status).map(tr);
            view! {
                <li data-invitation-id=row.id>
                    <span>{who}" — "<em>{state}</em></span>
                    <ActionForm action=cancel attr:class="inline">
                        <input type="hidden" name="patient_id" value=patient_id/>
                        <input type="hidden" name="invitation_id" value=row.id/>
                        <button type="submit" class="secondary">{tr(Msg::CancelInvitation)}</button>
                    </ActionForm>
                </li>
            }
            .into_any()
        }
    }
}
