//! The report's charts, each computed once per period from `shared::reports`.

use chrono::Local;
use leptos::prelude::*;
use shared::model::Code;
use shared::reports::{self, Month, Period};
use shared::{Channel, PartnerKind};

use super::chart::{Bar, BarList, ColumnChart};
use crate::state::use_app;

/// The twelve months ending with the period's last.
fn twelve_months(period: &Period) -> Vec<Month> {
    Month::last(12, period.last)
}

fn labels<T: Code>(all: &[T]) -> Vec<String> {
    all.iter().map(|c| c.label().to_string()).collect()
}

#[component]
pub fn Charts(period: Period) -> impl IntoView {
    let app = use_app();
    let months = twelve_months(&period);
    let charts = Memo::new(move |_| {
        app.network.with(|n| {
            let per_month = reports::referrals_per_month(n, &months);
            let top = reports::referrals_by_partner(n, &period, 15);
            let funnel = reports::funnel(n, &period);
            let speed = reports::time_to_services(n, &months);
            let touches = reports::touchpoints_per_month(n, &months, &Local);
            let kept = reports::check_ins_kept(n, period.last.min(app.day.get_untracked()), &Local);
            let name = |id| {
                n.partner(id).map_or_else(|| "Removed partner".to_string(), |p| p.name.clone())
            };
            let mut top_bars: Vec<Bar> = top
                .top
                .iter()
                .map(|(id, count)| Bar { label: name(*id), values: vec![*count as f64] })
                .collect();
            if top.rest_partners > 0 {
                top_bars.push(Bar {
                    label: format!("{} other partners", top.rest_partners),
                    values: vec![top.rest_referrals as f64],
                });
            }
            let has_rest = top.rest_partners > 0;
            (per_month, top_bars, has_rest, funnel, speed, touches, kept)
        })
    });

    move || {
        let (per_month, top_bars, has_rest, funnel, speed, touches, kept) = charts.get();
        let total: usize = per_month.iter().map(|m| m.total).sum();
        let busiest = per_month.iter().max_by_key(|m| m.total).filter(|m| m.total > 0);
        let month_summary = match busiest {
            Some(m) => format!(
                "{total} referrals in the last 12 months; the most in {} ({}).",
                m.month.label(),
                m.total
            ),
            None => "No referrals in the last 12 months.".to_string(),
        };
        let month_bars: Vec<Bar> = per_month
            .iter()
            .map(|m| Bar {
                label: m.month.label(),
                values: m.by_kind.iter().map(|(_, n)| *n as f64).collect(),
            })
            .collect();

        let top_summary = match top_bars.first() {
            Some(first) => format!("{} referred the most: {}.", first.label, first.values[0]),
            None => "No referrals in this period.".to_string(),
        };

        let stages = [
            ("Received", funnel.received),
            ("Contacted", funnel.contacted),
            ("Assessment scheduled", funnel.assessment),
            ("Services started", funnel.services_started),
        ];
        let funnel_bars: Vec<Bar> = stages
            .iter()
            .map(|(l, n)| Bar { label: l.to_string(), values: vec![*n as f64] })
            .collect();
        let funnel_summary = match funnel.conversion_percent() {
            Some(c) => format!(
                "{} of {} referrals received started services ({c:.0} %).",
                funnel.services_started, funnel.received
            ),
            None => "No referrals were received in this period.".to_string(),
        };
        let closures = funnel.closed_without_services.clone();

        let speed_bars: Vec<Bar> = speed
            .iter()
            .map(|m| Bar { label: m.month.label(), values: vec![m.median_days.unwrap_or(0.0)] })
            .collect();
        let latest = speed.iter().rev().find_map(|m| m.median_days.map(|d| (m.month, d)));
        let speed_summary = match latest {
            Some((m, d)) => format!(
                "In {}, half of the participants who started services waited {d:.0} days or less from referral.",
                m.label()
            ),
            None => "No services started in the last 12 months.".to_string(),
        };

        let touch_bars: Vec<Bar> = touches
            .iter()
            .map(|m| Bar {
                label: m.month.label(),
                values: m.by_channel.iter().map(|(_, n)| *n as f64).collect(),
            })
            .collect();
        let touch_total: usize = touches.iter().map(|m| m.total).sum();
        let mut staff: Vec<(String, usize)> = Vec::new();
        for m in touches.iter().filter(|m| period.months().contains(&m.month)) {
            for (who, count) in &m.by_staff {
                match staff.iter_mut().find(|(w, _)| w == who) {
                    Some((_, c)) => *c += count,
                    None => staff.push((who.clone(), *count)),
                }
            }
        }
        staff.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let staff_bars: Vec<Bar> =
            staff.iter().map(|(w, c)| Bar { label: w.clone(), values: vec![*c as f64] }).collect();

        let kept_bars: Vec<Bar> = kept
            .iter()
            .filter(|k| k.partners > 0)
            .map(|k| Bar {
                label: format!("{} ({} partners)", k.tier.label(), k.partners),
                values: vec![k.percent().unwrap_or(0.0).round()],
            })
            .collect();
        let kept_summary = kept
            .iter()
            .filter_map(|k| k.percent().map(|p| format!("{}: {p:.0} %", k.tier.label())))
            .collect::<Vec<_>>()
            .join(", ");

        view! {
            <ColumnChart title="Referrals per month, by kind of partner".to_string() summary=month_summary series=labels(PartnerKind::ALL) bars=month_bars />
            <BarList title="Who referred in this period".to_string() summary=top_summary bars=top_bars value_column="Referrals" rest_last=has_rest />
            <BarList title="Where this period's referrals got to".to_string() summary=funnel_summary bars=funnel_bars first_column="Stage" value_column="Referrals" />
            <section class="card" aria-label="Closed without services">
                <h2>"Closed without services"</h2>
                {if closures.is_empty() {
                    view! { <p>"None in this period."</p> }.into_any()
                } else {
                    view! { <ul>{closures.into_iter().map(|(status, reason, n)| view! {
                        <li>{format!("{}: {} — {n}", status.label(), reason.map_or("no reason recorded", |r| r.label()))}</li>
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <ColumnChart title="Median days from referral to services starting".to_string() summary=speed_summary series=vec!["Median days".to_string()] bars=speed_bars />
            <ColumnChart title="Touchpoints per month, by channel".to_string() summary=format!("{touch_total} touchpoints logged in the last 12 months.") series=labels(Channel::ALL) bars=touch_bars />
            <BarList title="Touchpoints in this period, by who logged them".to_string() summary=format!("{} staff logged touchpoints in this period.", staff_bars.len()) bars=staff_bars first_column="Staff member" value_column="Touchpoints" />
            <BarList title="Partners checked in with on time, by tier".to_string() summary=if kept_summary.is_empty() { "No partner has a regular check-in.".to_string() } else { format!("On time at the end of the period: {kept_summary}.") } bars=kept_bars unit=" %" first_column="Tier" value_column="On time (%)" />
        }
    }
}
