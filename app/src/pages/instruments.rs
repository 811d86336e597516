//! `/admin/instruments`: a centre's own check-in schedules, triage rules and reminders.
//! Admins add and remove rules as JSON in the built-in files' form (each change a new
//! version, refused with every problem listed); nurses approve or refuse a triage change,
//! which waits for them. Both read what is in force and every version before it.
use crate::{
    api::instruments::{
        instruments, AddSiteRule, DecideVersion, InstrumentsView, KindView, RemoveSiteRule, VersionView,
    },
    error::AppError,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

fn kind_title(kind: &str) -> Msg {
    match kind {
        "schedule" => Msg::InstrumentsKindSchedule,
        "triage" => Msg::InstrumentsKindTriage,
        _ => Msg::InstrumentsKindReminders,
    }
}

fn state_words(state: &str) -> Msg {
    match state {
        "in_force" => Msg::StateInForce,
        "waiting" => Msg::StateWaiting,
        "set_aside" => Msg::StateSetAside,
        _ => Msg::StateReplaced,
    }
}

/// What a change answered: its new version, or every problem with it.
fn outcome_view(result: Result<VersionView, AppError>) -> AnyView {
    match result {
        Ok(v) => {
            let msg = match v.state.as_str() {
                "in_force" => Msg::InstrumentsSavedInForce,
                "waiting" => Msg::InstrumentsSavedWaiting,
                _ => Msg::InstrumentsSetAside,
            };
            let number = v.number.to_string();
            view! { <p class="feedback notice" role="status">{fill(tr(msg), &[("number", &number)])}</p> }.into_any()
        }
        Err(AppError::Rules(problems)) => view! {
            <div class="feedback error" role="alert">
                <p>{tr(Msg::InstrumentsRefused)}</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
        Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
    }
}

#[component]
pub fn InstrumentsPage() -> impl IntoView {
    let add = ServerAction::<AddSiteRule>::new();
    let remove = ServerAction::<RemoveSiteRule>::new();
    let decide = ServerAction::<DecideVersion>::new();
    let data = Resource::new_blocking(
        move || (add.version().get(), remove.version().get(), decide.version().get()),
        |_| instruments(),
    );
    view! {
        <h1>{tr(Msg::InstrumentsTitle)}</h1>
        <p>{tr(Msg::InstrumentsIntro)}</p>
        <p>{tr(Msg::InstrumentsTriageWaits)}</p>
        {move || remove.value().get().map(outcome_view)}
        {move || decide.value().get().map(outcome_view)}
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || data.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(view) => view! { <Instruments view=view add=add remove=remove decide=decide/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Instruments(
    view: InstrumentsView,
    add: ServerAction<AddSiteRule>,
    remove: ServerAction<RemoveSiteRule>,
    decide: ServerAction<DecideVersion>,
) -> impl IntoView {
    let may_change = view.may_change;
    let waiting: Vec<VersionView> = view.history.iter().filter(|v| v.state == "waiting").cloned().collect();
    view! {
        <Waiting waiting=waiting may_approve=view.may_approve may_change=may_change decide=decide/>
        {view.kinds.into_iter().map(|kind| view! { <KindCard kind=kind may_change=may_change remove=remove/> }).collect_view()}
        {may_change.then(|| view! { <AddRule add=add questionnaires=view.questionnaires.clone()/> })}
        <History history=view.history/>
    }
}

#[component]
fn Waiting(
    waiting: Vec<VersionView>,
    may_approve: bool,
    may_change: bool,
    decide: ServerAction<DecideVersion>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{tr(Msg::InstrumentsWaitingTitle)}</h2>
            {waiting.is_empty().then(|| view! { <p>{tr(Msg::InstrumentsWaitingNone)}</p> })}
            {(!waiting.is_empty() && may_approve).then(|| view! { <p>{tr(Msg::InstrumentsApproveHint)}</p> })}
            {waiting.into_iter().map(|v| {
                let heading = format!("{} · {} {} · {}", tr(kind_title(&v.kind)), tr(Msg::ColumnVersion), v.number, v.change);
                let refuse = if may_approve { Msg::InstrumentsRefuse } else { Msg::InstrumentsWithdraw };
                view! {
                    <article data-waiting=format!("{}-{}", v.kind, v.number)>
                        <h3>{heading}</h3>
                        <p class="muted">{format!("{} · {}", v.proposed_by, v.proposed_at)}</p>
                        <pre class="scroll" tabindex="0">{v.rules.clone().unwrap_or_default()}</pre>
                        {may_approve.then(|| decide_form(decide, &v, true, Msg::InstrumentsApprove))}
                        {(may_approve || may_change).then(|| decide_form(decide, &v, false, refuse))}
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

fn decide_form(decide: ServerAction<DecideVersion>, v: &VersionView, approve: bool, label: Msg) -> impl IntoView {
    let class = if approve { "" } else { "secondary" };
    let (kind, number) = (v.kind.clone(), v.number.to_string());
    view! {
        <ActionForm action=decide attr:class="inline">
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="number" value=number/>
            <input type="hidden" name="approve" value=approve.to_string()/>
            <button type="submit" class=class>{tr(label)}</button>
        </ActionForm>
    }
}

fn remove_form(remove: ServerAction<RemoveSiteRule>, kind: String, id: String) -> impl IntoView {
    view! {
        <ActionForm action=remove attr:class="inline">
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="id" value=id/>
            <button type="submit" class="secondary">{tr(Msg::InstrumentsRemove)}</button>
        </ActionForm>
    }
}

#[component]
fn KindCard(kind: KindView, may_change: bool, remove: ServerAction<RemoveSiteRule>) -> impl IntoView {
    let title_id = format!("kind-{}", kind.kind);
    let in_force = fill(tr(Msg::InstrumentsInForce), &[("version", &kind.version)]);
    let name = kind.kind.clone();
    let (labelled_by, data_kind, title) = (title_id.clone(), kind.kind.clone(), tr(kind_title(&kind.kind)));
    view! {
        <section class="card" aria-labelledby=labelled_by data-kind=data_kind>
            <h2 id=title_id>{title}</h2>
            <p class="muted">{in_force}</p>
            {(!kind.problems.is_empty()).then(|| view! {
                <div class="feedback error" role="alert">
                    <p>{tr(Msg::InstrumentsFellBack)}</p>
                    <ul>{kind.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            {kind.site_rules.is_empty().then(|| view! { <p>{tr(Msg::InstrumentsNoSiteRules)}</p> })}
            <ul class="list">
                {kind.site_rules.into_iter().map(|rule| {
                    let form = may_change.then(|| remove_form(remove, name.clone(), rule.id.clone()));
                    let data_rule = rule.id.clone();
                    view! {
                        <li data-rule=data_rule>
                            <strong>{rule.id}</strong>
                            <pre class="scroll" tabindex="0">{rule.json}</pre>
                            {form}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn AddRule(add: ServerAction<AddSiteRule>, questionnaires: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="add-rule-title">
            <h2 id="add-rule-title">{tr(Msg::InstrumentsAddTitle)}</h2>
            <ActionForm action=add attr:class="stack" attr:id="add-site-rule">
                <label for="rule-kind">{tr(Msg::InstrumentsKindLabel)}</label>
                <select id="rule-kind" name="kind">
                    {["schedule", "triage", "reminders"].into_iter().map(|k| view! {
                        <option value=k>{tr(kind_title(k))}</option>
                    }).collect_view()}
                </select>
                <label for="rule-json">{tr(Msg::InstrumentsRuleLabel)}</label>
                <textarea id="rule-json" name="rule" rows="12" spellcheck="false"></textarea>
                <button type="submit">{tr(Msg::InstrumentsAdd)}</button>
            </ActionForm>
            // Beside the form: on a phone the top of the page is out of sight.
            {move || add.value().get().map(outcome_view)}
            <h3>{tr(Msg::InstrumentsQuestionnaires)}</h3>
            <ul class="list">
                {questionnaires.into_iter().map(|(name, title)| view! {
                    <li><code>{name}</code>" · "{title}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A list, not a table: it reads on a phone without scrolling sideways.
#[component]
fn History(history: Vec<VersionView>) -> impl IntoView {
    (!history.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="history-title">
                <h2 id="history-title">{tr(Msg::InstrumentsHistoryTitle)}</h2>
                <ul class="list">
                    {history.into_iter().map(|v| {
                        let heading = format!("{} · {} {}", tr(kind_title(&v.kind)), tr(Msg::ColumnVersion), v.number);
                        view! {
                            <li>
                                <strong>{heading}</strong>
                                <span>{format!("{}: {}", tr(Msg::ColumnChange), v.change)}</span>
                                <span>{format!("{}: {}", tr(Msg::ColumnState), tr(state_words(&v.state)))}</span>
                                <span class="muted">{format!("{}: {} · {}", tr(Msg::ColumnProposedBy), v.proposed_by, v.proposed_at)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
