//! What a referral obliges us to do for the referrer, and whether it is done.

use chrono::{Days, NaiveDate, TimeZone};

use crate::{AgencyPolicy, DutyKind, Purpose, Referral, ReferralStatus, Touchpoint};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DutyState {
    Open,
    /// Done on this (agency-local) day.
    Done(NaiveDate),
    Dismissed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duty {
    pub kind: DutyKind,
    pub due: NaiveDate,
    pub state: DutyState,
}

impl Duty {
    pub fn is_open(&self) -> bool {
        self.state == DutyState::Open
    }

    /// The touchpoint purpose that completes this duty.
    pub fn purpose(&self) -> Purpose {
        purpose_of(self.kind)
    }
}

pub fn purpose_of(kind: DutyKind) -> Purpose {
    match kind {
        DutyKind::ThankYou => Purpose::ThankYou,
        DutyKind::DecisionNotice => Purpose::DecisionNotice,
        DutyKind::ProgressUpdate => Purpose::ProgressUpdate,
        DutyKind::FeedbackRequest => Purpose::FeedbackRequest,
    }
}

/// Outcomes the referrer must hear about: acceptance (services started) or any "no".
fn is_decision(status: ReferralStatus) -> bool {
    matches!(
        status,
        ReferralStatus::ServicesStarted
            | ReferralStatus::Declined
            | ReferralStatus::NotEligible
            | ReferralStatus::Withdrawn
    )
}

fn plus(day: NaiveDate, days: u16) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days))).unwrap_or(day)
}

/// The duties `referral` creates, given the touchpoints logged about it. Each is done by the
/// first touchpoint with the matching purpose on or after the day the duty arose.
pub fn referral_duties<Tz: TimeZone>(
    referral: &Referral,
    touches: &[&Touchpoint],
    policy: &AgencyPolicy,
    tz: &Tz,
) -> Vec<Duty> {
    let done_since = |purpose: Purpose, since: NaiveDate| -> Option<NaiveDate> {
        touches
            .iter()
            .filter(|t| t.purpose == purpose)
            .map(|t| t.at.with_timezone(tz).date_naive())
            .filter(|d| *d >= since)
            .min()
    };
    let state = |kind: DutyKind, since: NaiveDate| -> DutyState {
        match done_since(purpose_of(kind), since) {
            Some(day) => DutyState::Done(day),
            // A dismissal answers the duty as it stood then, not one a later decision raises.
            None => match referral.dismissed.iter().rev().find(|d| d.duty == kind && d.on >= since)
            {
                Some(d) => DutyState::Dismissed(d.reason.clone()),
                None => DutyState::Open,
            },
        }
    };
    let received = referral.received_on;
    let mut duties = vec![Duty {
        kind: DutyKind::ThankYou,
        due: plus(received, policy.thank_you_days),
        state: state(DutyKind::ThankYou, received),
    }];
    if let Some(decided) = referral.current().filter(|c| is_decision(c.status)) {
        duties.push(Duty {
            kind: DutyKind::DecisionNotice,
            due: plus(decided.on, policy.decision_days),
            state: state(DutyKind::DecisionNotice, decided.on),
        });
        if decided.status == ReferralStatus::ServicesStarted {
            let progress = Duty {
                kind: DutyKind::ProgressUpdate,
                due: plus(decided.on, policy.progress_after_days),
                state: state(DutyKind::ProgressUpdate, decided.on),
            };
            let feedback = match progress.state {
                DutyState::Done(day) => Some(Duty {
                    kind: DutyKind::FeedbackRequest,
                    due: plus(day, policy.feedback_after_days),
                    state: state(DutyKind::FeedbackRequest, day),
                }),
                _ => None,
            };
            duties.push(progress);
            duties.extend(feedback);
        }
    }
    duties
}

#[cfg(test)]
mod tests;
