//! What happened after each sample referral: its intake history and the follow-through a
//! diligent team would have logged.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::words::STAFF;
use super::{Rng, at_day};
use crate::{
    Channel, Code, DeclineReason, Purpose, Referral, ReferralStatus, StatusChange, Touchpoint,
    TouchpointId,
};

/// Thank-yous, decision notices, progress updates and feedback requests, as a diligent team
/// would have logged them, mostly on time.
pub(super) fn follow_through(
    referrals: &[Referral],
    today: NaiveDate,
    rng: &mut Rng,
) -> Vec<Touchpoint> {
    let mut touches = Vec::new();
    for r in referrals {
        let mut log = |purpose: Purpose,
                       after: NaiveDate,
                       within: usize,
                       percent: u64,
                       rng: &mut Rng|
         -> Option<NaiveDate> {
            let day = after.checked_add_days(Days::new(rng.below(within + 1) as u64))?;
            if day > today || !rng.chance(percent) {
                return None;
            }
            let at = at_day(day, rng);
            touches.push(Touchpoint {
                id: TouchpointId::from_parts(at.timestamp_millis(), rng.wide()),
                partner_id: r.partner_id,
                contact_id: r.contact_id,
                referral_id: Some(r.id),
                at,
                channel: *rng.pick(&[Channel::Email, Channel::Call, Channel::Email]),
                purpose,
                note: String::new(),
                logged_by: rng.pick(STAFF).to_string(),
                device: "Sample tablet".into(),
            });
            Some(day)
        };
        log(Purpose::ThankYou, r.received_on, 2, 95, rng);
        if let Some(decided) = r.current().filter(|c| c.status.is_closed()) {
            log(Purpose::DecisionNotice, decided.on, 2, 90, rng);
            if decided.status == ReferralStatus::ServicesStarted {
                let start = decided.on.checked_add_days(Days::new(18)).unwrap_or(decided.on);
                if let Some(update) = log(Purpose::ProgressUpdate, start, 6, 85, rng) {
                    log(Purpose::FeedbackRequest, update, 7, 70, rng);
                }
            }
        }
    }
    touches
}

/// A plausible intake history, never running past `today`.
pub(super) fn history(
    received: NaiveDate,
    today: NaiveDate,
    created: DateTime<Utc>,
    rng: &mut Rng,
) -> Vec<StatusChange> {
    let mut changes = vec![StatusChange {
        status: ReferralStatus::Received,
        on: received,
        reason: None,
        recorded_at: created,
    }];
    let mut day = received;
    let outcome = match rng.below(100) {
        0..=59 => ReferralStatus::ServicesStarted,
        60..=69 => ReferralStatus::Declined,
        70..=77 => ReferralStatus::NotEligible,
        78..=84 => ReferralStatus::Waitlisted,
        85..=89 => ReferralStatus::Withdrawn,
        _ => ReferralStatus::Contacted,
    };
    let steps = match outcome {
        ReferralStatus::ServicesStarted => {
            vec![ReferralStatus::Contacted, ReferralStatus::AssessmentScheduled, outcome]
        }
        ReferralStatus::Contacted => vec![outcome],
        other if rng.chance(50) => vec![ReferralStatus::Contacted, other],
        other => vec![other],
    };
    for (n, &status) in steps.iter().enumerate() {
        day = day
            .checked_add_days(Days::new(1 + rng.below(if n == 2 { 14 } else { 5 }) as u64))
            .unwrap_or(day);
        if day > today {
            break;
        }
        changes.push(StatusChange {
            status,
            on: day,
            reason: (status == ReferralStatus::Declined).then(|| *rng.pick(DeclineReason::ALL)),
            recorded_at: created + chrono::Duration::days((day - received).num_days()),
        });
    }
    changes
}
