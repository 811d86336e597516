//! The audit log, for admins: who read or changed which patient record, when, from where.
use super::timeline_labels::day_and_time;
use crate::{
    api::accounts::{read_audit_log, AuditFilter},
    i18n::Msg,
    tr,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        AuditFilter {
            patient_id: q.get("patient").and_then(|v| v.trim().parse().ok()),
            actor_id: q.get("actor").and_then(|v| v.trim().parse().ok()),
        }
    };
    let rows = Resource::new(filter, |f| read_audit_log(f.patient_id, f.actor_id));
    let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <h1>{tr(Msg::AuditTitle)}</h1>
        <form method="get" action="/admin/audit" class="stack">
            <label for="audit-patient">{tr(Msg::FilterPatient)}</label>
            <input id="audit-patient" name="patient" inputmode="numeric" value=move || id(filter().patient_id)/>
            <label for="audit-actor">{tr(Msg::FilterActor)}</label>
            <input id="audit-actor" name="actor" inputmode="numeric" value=move || id(filter().actor_id)/>
            <button type="submit">{tr(Msg::Filter)}</button>
        </form>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || rows.get().map(|result| match result {
                Ok(rows) => view! {
                    <div class="scroll" tabindex="0" role="region" aria-label=tr(Msg::AuditTitle)>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr(Msg::ColumnWhen)}</th>
                                <th scope="col">{tr(Msg::ColumnWho)}</th>
                                <th scope="col">{tr(Msg::ColumnAction)}</th>
                                <th scope="col">{tr(Msg::ColumnPatient)}</th>
                                <th scope="col">{tr(Msg::ColumnAddress)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! {
                                    <tr>
                                        <td>{day_and_time(&row.at)}</td>
                                        <td>{id(row.actor_id)}" "{row.actor_role.unwrap_or_default()}</td>
                                        <td>{row.action}" "{row.subject.unwrap_or_default()}</td>
                                        <td>{id(row.patient_id)}</td>
                                        <td>{row.client_addr}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
            })}
        </Suspense>
        <h2>{tr(Msg::AuditExportTitle)}</h2>
        // A plain form to a server route: the answer is a file the browser saves.
        <form method="get" action="/admin/audit/export" class="stack">
            <label for="audit-from">{tr(Msg::AuditExportFrom)}</label>
            <input id="audit-from" name="from" type="date" required/>
            <label for="audit-to">{tr(Msg::AuditExportTo)}</label>
            <input id="audit-to" name="to" type="date" required/>
            <label for="audit-format">{tr(Msg::AuditExportFormat)}</label>
            <select id="audit-format" name="format">
                <option value="ndjson">"FHIR AuditEvent (NDJSON)"</option>
                <option value="csv">"CSV"</option>
            </select>
            <button type="submit">{tr(Msg::AuditExportButton)}</button>
        </form>
    }
}
