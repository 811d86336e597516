//! The nurse's home: the centre's patients, enrolment, codes and caregiver invitations.
use super::{
    account_controls::AwaitingAccounts,
    desk_board::DeskBoard,
    forms::{issued_view, ActionFeedback, Field},
};
use crate::{
    api::accounts::{EnrolPatient, InviteCaregiver, ReissueCode},
    domain::enrolment::Sex,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn NurseHome(centre: String) -> impl IntoView {
    view! {
        <div class="desk">
            <h1>{fill(tr(Msg::NurseHomeTitle), &[("centre", &centre)])}</h1>
            <p class="buttons">
                <a class="button" href="/flags">{tr(Msg::FlagsTitle)}</a>
                <a class="button" href="/handover">{tr(Msg::HandoverLink)}</a>
                <a class="button" href="/turnaround">{tr(Msg::TurnaroundTitle)}</a>
                <a class="button" href="/admin/instruments">{tr(Msg::InstrumentsTitle)}</a>
            </p>
            <AwaitingAccounts/>
            <super::team_messages::WaitingMessages/>
            <DeskBoard/>
            <EnrolForm/>
        </div>
    }
}

/// A patient's account, for their nurse: a fresh sign-in code, and caregiver invitations.
#[component]
pub fn PatientAccountTools(patient_id: i64) -> impl IntoView {
    let reissue = ServerAction::<ReissueCode>::new();
    let invite = ServerAction::<InviteCaregiver>::new();
    let id = patient_id;
    view! {
        <details class="card">
            <summary>{tr(Msg::AccountsTitle)}</summary>
            {issued_view(reissue.value())}
            <ActionFeedback outcome=reissue.value()/>
            <ActionForm action=reissue attr:class="inline">
                <input type="hidden" name="user_id" value=id/>
                <button type="submit" class="secondary">{tr(Msg::NewCode)}</button>
            </ActionForm>
            <h3>{tr(Msg::InviteCaregiverTitle)}</h3>
            {issued_view(invite.value())}
            <ActionFeedback outcome=invite.value()/>
            <ActionForm action=invite attr:class="stack">
                <input type="hidden" name="patient_id" value=id/>
                <Field name="form[name]" key="name" id=format!("cg-name-{id}") label=Msg::NameLabel outcome=invite.value()/>
                <Field name="form[email]" key="email" id=format!("cg-email-{id}") label=Msg::EmailLabel kind="email" outcome=invite.value()/>
                <button type="submit">{tr(Msg::Invite)}</button>
            </ActionForm>
        </details>
    }
}

pub fn sex_label(sex: Sex) -> &'static str {
    tr(match sex {
        Sex::Female => Msg::SexFemale,
        Sex::Male => Msg::SexMale,
        Sex::Other => Msg::SexOther,
        Sex::Unknown => Msg::SexUnknown,
    })
}

#[component]
fn EnrolForm() -> impl IntoView {
    let enrol = ServerAction::<EnrolPatient>::new();
    let outcome = enrol.value();
    view! {
        <section class="card">
            <h2>{tr(Msg::EnrolTitle)}</h2>
            {issued_view(outcome)}
            <ActionFeedback outcome/>
            <ActionForm action=enrol attr:class="stack" attr:id="enrol">
                <Field name="form[full_name]" key="full_name" id="enrol-name" label=Msg::FullNameLabel autocomplete="off" outcome/>
                <Field name="form[date_of_birth]" key="date_of_birth" id="enrol-dob" label=Msg::DateOfBirthLabel kind="date" outcome/>
                <label for="enrol-sex">{tr(Msg::SexLabel)}</label>
                <select id="enrol-sex" name="form[sex]">
                    {Sex::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{sex_label(s)}</option> }).collect_view()}
                </select>
                <Field name="form[email]" key="email" id="enrol-email" label=Msg::EmailLabel kind="email" autocomplete="off" outcome/>
                <Field name="form[phone]" key="phone" id="enrol-phone" label=Msg::PhoneLabel kind="tel" autocomplete="off" outcome/>
                <label for="enrol-locale">{tr(Msg::LanguageLabel)}</label>
                <select id="enrol-locale" name="form[locale]">
                    {super::forms::locale_options(None)}
                </select>
                <Field name="form[time_zone]" key="time_zone" id="enrol-tz" label=Msg::TimeZoneLabel hint=Msg::TimeZoneHint outcome/>
                <Field name="form[hospital_number]" key="hospital_number" id="enrol-hospital-number"
                    label=Msg::HospitalNumberLabel hint=Msg::HospitalNumberHint autocomplete="off" outcome/>
                <button type="submit">{tr(Msg::Enrol)}</button>
            </ActionForm>
        </section>
    }
}
