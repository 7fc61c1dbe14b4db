//! Charts drawn as SVG, each a figure with its summary in words and its numbers as a table,
//! so a screen reader, a printout and a glance all get the same facts.

use leptos::prelude::*;

/// One bar: its label and one value per series (stacked in series order).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub values: Vec<f64>,
}

impl Bar {
    fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

const HEIGHT: f64 = 200.0;
const BAR: f64 = 28.0;
const GAP: f64 = 12.0;
const LEFT: f64 = 44.0;

/// A round number at or above `max`, so the axis reads 0, half, top.
fn axis_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let step = 10f64.powf(max.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * step)
        .find(|t| *t >= max)
        .unwrap_or(max)
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// The table alternative: a row per bar, a column per series, and the total when stacked.
fn table(title: String, series: Vec<String>, rows: Vec<Bar>, first: &'static str) -> impl IntoView {
    let stacked = series.len() > 1;
    let head = series;
    view! {
        <details class="table-alt">
            <summary>"Show as a table"</summary>
            <table class="table">
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col">{first}</th>
                    {head.into_iter().map(|s| view! { <th scope="col">{s}</th> }).collect_view()}
                    {stacked.then(|| view! { <th scope="col">"Total"</th> })}
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|b| view! {
                        <tr>
                            <th scope="row">{b.label.clone()}</th>
                            {b.values.iter().map(|v| view! { <td>{number(*v)}</td> }).collect_view()}
                            {stacked.then(|| view! { <td>{number(b.total())}</td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

fn legend(items: Vec<String>) -> impl IntoView {
    (items.len() > 1).then(|| {
        view! {
            <ul class="legend" aria-hidden="true">
                {items.into_iter().enumerate().map(|(i, s)| view! {
                    <li><span class=format!("swatch s{i}")></span>{s}</li>
                }).collect_view()}
            </ul>
        }
    })
}

/// Vertical (stacked) bars over time, e.g. referrals per month split by partner kind.
#[component]
pub fn ColumnChart(
    title: String,
    summary: String,
    series: Vec<String>,
    bars: Vec<Bar>,
    #[prop(default = "Month")] first_column: &'static str,
) -> impl IntoView {
    let top = axis_top(bars.iter().map(Bar::total).fold(0.0, f64::max));
    let width = LEFT + bars.len() as f64 * (BAR + GAP) + GAP;
    let y = move |v: f64| HEIGHT - v / top * HEIGHT + 10.0;
    let columns = bars.iter().enumerate().map(|(i, bar)| {
        let x = LEFT + GAP + i as f64 * (BAR + GAP);
        let mut base = 0.0;
        let parts = bar.values.iter().enumerate().filter(|(_, v)| **v > 0.0).map(|(s, v)| {
            let (from, to) = (y(base), y(base + v));
            base += v;
            view! { <rect class=format!("s{s}") x=x y=to width=BAR height=from - to /> }
        }).collect_view();
        let short: String = bar.label.chars().take(3).collect();
        view! {
            <g>{parts}<text class="tick" x=x + BAR / 2.0 y=HEIGHT + 26.0 text-anchor="middle">{short}</text></g>
        }
    }).collect_view();
    let ticks = [0.0, top / 2.0, top].map(|t| {
        view! {
            <g>
                <line class="grid" x1=LEFT x2=width y1=y(t) y2=y(t) />
                <text class="tick" x=LEFT - 6.0 y=y(t) + 4.0 text-anchor="end">{number(t)}</text>
            </g>
        }
    });
    let table = table(title.clone(), series.clone(), bars.clone(), first_column);
    view! {
        <figure class="card chart">
            <figcaption><h2>{title}</h2><p>{summary.clone()}</p></figcaption>
            <svg role="img" aria-label=summary viewBox=format!("0 0 {width} {}", HEIGHT + 36.0) preserveAspectRatio="xMinYMin meet">
                {ticks.into_iter().collect_view()}
                {columns}
            </svg>
            {legend(series)}
            {table}
        </figure>
    }
}

/// Horizontal bars with their values written beside them, e.g. top referrers or the funnel.
#[component]
pub fn BarList(
    title: String,
    summary: String,
    bars: Vec<Bar>,
    #[prop(default = "")] unit: &'static str,
    #[prop(default = "Partner")] first_column: &'static str,
    #[prop(default = "Count")] value_column: &'static str,
    /// The last bar sums "everyone else", so it is drawn in grey, apart from the ranked ones.
    #[prop(default = false)]
    rest_last: bool,
) -> impl IntoView {
    let top = bars.iter().map(Bar::total).fold(0.0, f64::max).max(1.0);
    let (label_width, bar_width) = (260.0, 250.0);
    let height = bars.len() as f64 * 32.0 + 4.0;
    let rows = bars.iter().enumerate().map(|(i, bar)| {
        let y = i as f64 * 32.0 + 4.0;
        let label: String = if bar.label.chars().count() > 32 {
            format!("{}…", bar.label.chars().take(31).collect::<String>())
        } else {
            bar.label.clone()
        };
        let w = (bar.total() / top * bar_width).max(if bar.total() > 0.0 { 2.0 } else { 0.0 });
        view! {
            <g>
                <text class="tick" x=label_width - 8.0 y=y + 18.0 text-anchor="end">{label}</text>
                <rect class=if rest_last && i + 1 == bars.len() { "s6" } else { "s0" } x=label_width y=y + 4.0 width=w height=20.0 />
                <text class="value" x=label_width + w + 6.0 y=y + 19.0>{format!("{}{unit}", number(bar.total()))}</text>
            </g>
        }
    }).collect_view();
    let table = table(title.clone(), vec![value_column.to_string()], bars.clone(), first_column);
    view! {
        <figure class="card chart">
            <figcaption><h2>{title}</h2><p>{summary.clone()}</p></figcaption>
            {(!bars.is_empty()).then(|| view! {
                <svg role="img" aria-label=summary viewBox=format!("0 0 {} {height}", label_width + bar_width + 60.0) preserveAspectRatio="xMinYMin meet">
                    {rows}
                </svg>
            })}
            {table}
        </figure>
    }
}
