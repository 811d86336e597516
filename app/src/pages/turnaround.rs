//! `/turnaround`: manufacturing turnaround at a glance, for the centre's nurses. Per product
//! and model, month by month: collection to release and release to infusion (the median as a
//! line, the middle half as a band), the releases delayed and by how long, and re-manufactures,
//! each chart with the same figures as a table beside it.
use crate::{
    api::turnaround::{manufacturing_turnaround, ProductTurnaround},
    domain::{
        checkins::charts::{HEIGHT, WIDTH},
        turnaround::{BandChart, Model, Month, Spread},
    },
    i18n::{dates::decimal, fill, Msg},
    tr, use_locale,
};
use leptos::prelude::*;

#[component]
pub fn TurnaroundPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| manufacturing_turnaround());
    view! {
        <div class="desk">
            <h1>{tr(Msg::TurnaroundTitle)}</h1>
            <p class="hint">{tr(Msg::TurnaroundIntro)}</p>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                    Ok(v) if v.products.is_empty() => view! { <p>{tr(Msg::TurnaroundNone)}</p> }.into_any(),
                    Ok(v) => v.products.into_iter().map(|p| view! { <ProductCard p/> }).collect_view().into_any(),
                })}
            </Suspense>
        </div>
    }
}

fn model_label(model: Model) -> &'static str {
    tr(match model {
        Model::Centralised => Msg::ModelCentralised,
        Model::PointOfCare => Msg::ModelPointOfCare,
    })
}

/// "17 (14–21)": the median and the middle half, in days.
fn spread_text(s: Option<Spread>) -> String {
    let locale = use_locale();
    s.map(|s| {
        fill(
            tr(Msg::TurnaroundSpread),
            &[
                ("median", &decimal(locale, s.median, 0)),
                ("low", &decimal(locale, s.p25, 0)),
                ("high", &decimal(locale, s.p75, 0)),
            ],
        )
    })
    .unwrap_or_else(|| "—".to_string())
}

#[component]
fn ProductCard(p: ProductTurnaround) -> impl IntoView {
    let title = format!("{} · {}", p.product, model_label(p.model));
    let summary = |pick: fn(&Month) -> Option<Spread>| {
        p.months
            .iter()
            .map(|m| format!("{}: {}", m.month, spread_text(pick(m))))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let release_words = summary(|m| m.collection_to_release);
    let infusion_words = summary(|m| m.release_to_infusion);
    view! {
        <section class="card turnaround" data-product=p.product.clone()>
            <h2>{title}</h2>
            <div class="trends">
                <Band title=tr(Msg::TurnaroundToRelease) chart=p.to_release words=release_words/>
                <Band title=tr(Msg::TurnaroundToInfusion) chart=p.to_infusion words=infusion_words/>
            </div>
            <div class="scroll">
                <table class="dense months">
                    <thead><tr>
                        <th scope="col">{tr(Msg::ColumnMonth)}</th>
                        <th scope="col">{tr(Msg::ColumnReleases)}</th>
                        <th scope="col">{tr(Msg::TurnaroundToRelease)}</th>
                        <th scope="col">{tr(Msg::TurnaroundToInfusion)}</th>
                        <th scope="col">{tr(Msg::ColumnDelayed)}</th>
                        <th scope="col">{tr(Msg::ColumnRemanufactured)}</th>
                    </tr></thead>
                    <tbody>
                        {p.months.into_iter().map(|m| view! {
                            <tr data-month=m.month.clone()>
                                <th scope="row">{m.month.clone()}</th>
                                <td data-label=tr(Msg::ColumnReleases)>{m.releases}</td>
                                <td data-label=tr(Msg::TurnaroundToRelease)>{spread_text(m.collection_to_release)}</td>
                                <td data-label=tr(Msg::TurnaroundToInfusion)>{spread_text(m.release_to_infusion)}</td>
                                <td data-label=tr(Msg::ColumnDelayed)>{fill(tr(Msg::TurnaroundDelayed), &[
                                    ("count", &m.delayed.to_string()),
                                    ("days", &spread_text(m.delay_days)),
                                ])}</td>
                                <td data-label=tr(Msg::ColumnRemanufactured)>{m.remanufactures}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One measure over the months: the band of the middle half, the median's line and dots.
#[component]
fn Band(title: &'static str, chart: Option<BandChart>, words: String) -> impl IntoView {
    let label = format!("{title}: {words}");
    view! {
        <figure class="trend">
            {chart.map(|c| view! {
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label.clone()>
                    <polygon class="band" points=c.band/>
                    <polyline class="series" points=c.median.line.clone() fill="none"/>
                    {c.median.dots.iter().map(|(x, y)| view! { <circle cx=*x cy=*y r="3"/> }).collect_view()}
                    <text x="2" y="12" class="axis">{format!("{:.0}", c.median.y_max)}</text>
                    <text x="2" y=HEIGHT - 2.0 class="axis">"0"</text>
                </svg>
            })}
            <figcaption>{title}</figcaption>
        </figure>
    }
}
