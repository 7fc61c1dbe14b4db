//! The Today list: everything that needs doing, most urgent first, in one place.

use chrono::{Days, NaiveDate, TimeZone};

use super::duties::{Duty, referral_duties};
use super::reviews::review_due;
use crate::cadence::{CadenceStatus, cadence_status};
use crate::network::ReferralNetwork;
use crate::{MeetingId, PartnerId, ReferralId};

/// Duties that fell due longer ago than this are treated as lapsed: they stay on the
/// referral's page but no longer crowd Today.
pub const DUTY_WINDOW_DAYS: u64 = 120;
/// How far ahead Today looks for duties, reviews and meetings.
const LOOK_AHEAD_DAYS: u64 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyDue {
    pub referral: ReferralId,
    pub partner: PartnerId,
    pub duty: Duty,
}

/// A care-plan meeting on Today, with the partner of its referral and its agency-local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingDue {
    pub id: MeetingId,
    pub partner: PartnerId,
    pub day: NaiveDate,
}

/// What staff put off: a partner's check-in, or all of one referral's follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Aside {
    CheckIn(PartnerId),
    FollowUps { referral: ReferralId, partner: PartnerId },
}

impl Aside {
    /// The partner the set-aside thing is owed to.
    pub fn partner(self) -> PartnerId {
        match self {
            Self::CheckIn(p) | Self::FollowUps { partner: p, .. } => p,
        }
    }
}

/// One thing set aside, and the last day it stays off Today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SetAside {
    pub what: Aside,
    pub until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Today {
    /// Overdue, never contacted, then due within a week; most urgent first.
    pub check_ins: Vec<(PartnerId, CadenceStatus)>,
    /// Open referral duties due by the day after tomorrow, earliest first.
    pub duties: Vec<DutyDue>,
    /// Key partners whose review is due within two weeks, earliest first.
    pub reviews: Vec<(PartnerId, NaiveDate)>,
    /// Care-plan meetings from a week ago (not yet marked held) to two weeks ahead.
    pub meetings: Vec<MeetingDue>,
    /// Check-ins and referrals' follow-ups staff set aside, soonest back first; not counted
    /// anywhere. A referral is listed only while it still owes an open, unlapsed follow-up.
    pub set_aside: Vec<SetAside>,
}

impl Today {
    /// What the badge counts: the things in Today's "Overdue" and "Due today" groups. It is
    /// the same count those groups' headings add up to, so the two always agree.
    pub fn due_now(&self, today: NaiveDate) -> usize {
        super::agenda::Agenda::of(self, today).due_now()
    }

    /// Nothing at all is listed (set-aside things do not count).
    pub fn is_empty(&self) -> bool {
        self.check_ins.is_empty()
            && self.duties.is_empty()
            && self.reviews.is_empty()
            && self.meetings.is_empty()
    }
}

pub fn today<Tz: TimeZone>(network: &ReferralNetwork, today: NaiveDate, tz: &Tz) -> Today {
    let policy = network.policy();
    let horizon = today.checked_add_days(Days::new(LOOK_AHEAD_DAYS)).unwrap_or(today);
    let window = today.checked_sub_days(Days::new(DUTY_WINDOW_DAYS)).unwrap_or(today);

    let mut set_aside: Vec<SetAside> = Vec::new();
    let mut check_ins: Vec<(PartnerId, CadenceStatus)> = network
        .partners()
        .filter(|p| !p.archived)
        .filter(|p| match p.check_in_set_aside_until {
            Some(until) if p.check_in_set_aside(today) => {
                set_aside.push(SetAside { what: Aside::CheckIn(p.id), until });
                false
            }
            _ => true,
        })
        .map(|p| {
            let last = network.last_touch(p.id).map(|at| at.with_timezone(tz).date_naive());
            (p.id, cadence_status(p.cadence, last, today))
        })
        .filter(|(_, s)| {
            matches!(
                s,
                CadenceStatus::Overdue { .. }
                    | CadenceStatus::NeverContacted
                    | CadenceStatus::DueSoon { .. }
            )
        })
        .collect();
    check_ins.sort_by_key(|(id, s)| (-s.urgency(), *id));

    // Only referrals with something recent can owe a duty due within the window: received,
    // moved on, or written about lately (a late progress update raises the feedback request).
    let recent =
        window.checked_sub_days(Days::new(u64::from(policy.progress_after_days))).unwrap_or(window);
    let mut duties: Vec<DutyDue> = network
        .referrals()
        .filter(|r| {
            r.received_on.max(r.status_since()) >= recent
                || network
                    .last_touch_about(r.id)
                    .is_some_and(|at| at.with_timezone(tz).date_naive() >= recent)
        })
        .flat_map(|r| {
            let touches = network.touchpoints_for_referral(r);
            let open: Vec<Duty> = referral_duties(r, &touches, &policy, tz)
                .into_iter()
                .filter(|d| d.is_open() && d.due >= window)
                .collect();
            let aside = r.follow_ups_set_aside(today) && !open.is_empty();
            if let Some(until) = r.follow_ups_set_aside_until.filter(|_| aside) {
                let what = Aside::FollowUps { referral: r.id, partner: r.partner_id };
                set_aside.push(SetAside { what, until });
                return Vec::new();
            }
            open.into_iter()
                .filter(|d| d.due <= horizon)
                .map(|duty| DutyDue { referral: r.id, partner: r.partner_id, duty })
                .collect::<Vec<_>>()
        })
        .collect();
    duties.sort_by_key(|d| (d.duty.due, d.referral));

    let review_horizon = today.checked_add_days(Days::new(14)).unwrap_or(today);
    let reviews_by_partner = network.relations.reviews_by_partner();
    let mut reviews: Vec<(PartnerId, NaiveDate)> = network
        .partners()
        .filter_map(|p| {
            let past = reviews_by_partner.get(&p.id).map_or(&[][..], Vec::as_slice);
            let due = review_due(p, past, &policy)?;
            (due <= review_horizon).then_some((p.id, due))
        })
        .collect();
    reviews.sort_by_key(|(id, due)| (*due, *id));

    let from = today.checked_sub_days(Days::new(7)).unwrap_or(today);
    let mut meetings: Vec<_> = network
        .relations
        .meetings
        .values()
        .filter(|m| !m.held && !m.cancelled)
        .filter(|m| {
            let day = m.at.with_timezone(tz).date_naive();
            day >= from && day <= review_horizon
        })
        .collect();
    meetings.sort_by_key(|m| m.at);
    // The referral's partner now, in case it moved after the meeting was scheduled.
    let meetings = meetings
        .into_iter()
        .map(|m| MeetingDue {
            id: m.id,
            partner: network.referral(m.referral_id).map_or(m.partner_id, |r| r.partner_id),
            day: m.at.with_timezone(tz).date_naive(),
        })
        .collect();
    set_aside.sort_by_key(|s| (s.until, s.what));

    Today { check_ins, duties, reviews, meetings, set_aside }
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::New_York;

    use super::*;
    use crate::sample::{SampleSize, generate};
    use crate::{Channel, DutyKind, Purpose, Touchpoint, TouchpointId};

    fn network() -> (ReferralNetwork, crate::sample::SampleAgency, NaiveDate) {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        let s = generate(SampleSize::Demo, today, 9);
        let mut n = ReferralNetwork::default();
        n.replace_partners(s.partners.clone());
        n.replace_contacts(s.contacts.clone());
        s.referrals.iter().cloned().for_each(|r| n.upsert_referral(r));
        s.touchpoints.iter().cloned().for_each(|t| n.upsert_touchpoint(t));
        (n, s, today)
    }

    #[test]
    fn today_lists_overdue_check_ins_first_and_open_duties_by_due_date() {
        let (n, _, today) = network();
        let t = super::today(&n, today, &New_York);
        assert!(!t.check_ins.is_empty());
        assert!(t.check_ins.windows(2).all(|w| w[0].1.urgency() >= w[1].1.urgency()));
        assert!(t.duties.windows(2).all(|w| w[0].duty.due <= w[1].duty.due));
        assert!(t.duties.iter().all(|d| d.duty.is_open()));
        assert!(t.due_now(today) > 0);
    }

    #[test]
    fn logging_the_thank_you_takes_the_duty_off_today_and_resets_the_partners_clock() {
        let (mut n, _, today) = network();
        let before = super::today(&n, today, &New_York);
        let due = before
            .duties
            .iter()
            .find(|d| d.duty.kind == DutyKind::ThankYou)
            .expect("a thank-you is due")
            .clone();
        let at: chrono::DateTime<chrono::Utc> = "2026-11-26T15:00:00Z".parse().unwrap();
        n.upsert_touchpoint(Touchpoint {
            id: TouchpointId::from_parts(at.timestamp_millis(), 77),
            partner_id: due.partner,
            contact_id: None,
            referral_id: Some(due.referral),
            at,
            channel: Channel::Email,
            purpose: Purpose::ThankYou,
            note: String::new(),
            logged_by: "Ana".into(),
            device: "Tablet".into(),
        });
        let after = super::today(&n, today, &New_York);
        assert!(
            !after
                .duties
                .iter()
                .any(|d| d.referral == due.referral && d.duty.kind == DutyKind::ThankYou)
        );
        assert!(
            !after
                .check_ins
                .iter()
                .any(|(p, s)| *p == due.partner && matches!(s, CadenceStatus::Overdue { .. }))
        );
    }

    #[test]
    fn a_referral_moved_to_another_partner_keeps_its_duties_and_follow_through() {
        let (mut n, s, today) = network();
        let due = super::today(&n, today, &New_York).duties.into_iter().next().expect("a duty");
        let mut moved = n.referral(due.referral).unwrap().clone();
        let other = s.partners.iter().find(|p| p.id != moved.partner_id && !p.archived).unwrap().id;
        moved.partner_id = other;
        n.upsert_referral(moved);
        let after = super::today(&n, today, &New_York);
        let again = after
            .duties
            .iter()
            .find(|d| d.referral == due.referral && d.duty.kind == due.duty.kind)
            .expect("duty kept");
        assert_eq!(again.partner, other);
    }

    #[test]
    fn a_long_waitlisted_referral_that_starts_services_owes_its_notice_on_today() {
        let (mut n, s, today) = network();
        let mut r = s.referrals[0].clone();
        r.received_on = "2026-04-01".parse().unwrap();
        r.status_history.truncate(1);
        r.status_history[0].on = r.received_on;
        r.status_history.push(crate::StatusChange {
            status: crate::ReferralStatus::ServicesStarted,
            on: "2026-11-25".parse().unwrap(),
            reason: None,
            recorded_at: "2026-11-25T15:00:00Z".parse().unwrap(),
        });
        n.upsert_referral(r.clone());
        let t = super::today(&n, today, &New_York);
        let notice = t
            .duties
            .iter()
            .find(|d| d.referral == r.id && d.duty.kind == DutyKind::DecisionNotice)
            .expect("decision notice listed");
        assert_eq!(notice.duty.due, "2026-11-27".parse::<NaiveDate>().unwrap());
        assert!(
            !t.duties.iter().any(|d| d.referral == r.id && d.duty.kind == DutyKind::ThankYou),
            "the thank-you fell due 236 days ago: lapsed, on the referral page only"
        );
    }

    #[test]
    fn the_badge_counts_check_ins_due_today_but_not_ones_due_later() {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        let partner = |n| PartnerId::from_parts(1, n);
        let list = Today {
            check_ins: vec![
                (partner(1), CadenceStatus::DueSoon { due_in_days: 0 }),
                (partner(2), CadenceStatus::DueSoon { due_in_days: 3 }),
                (partner(3), CadenceStatus::Overdue { by_days: 1 }),
            ],
            ..Today::default()
        };
        assert_eq!(list.due_now(today), 2);
    }

    #[test]
    fn a_recent_review_takes_only_its_own_partner_off_todays_reviews() {
        let (mut n, _, today) = network();
        let before = super::today(&n, today, &New_York);
        let (reviewed, _) = *before.reviews.first().expect("a key partner's review is due");
        let review = crate::Review {
            id: crate::ReviewId::from_parts(1_764_000_000_000, 5),
            partner_id: reviewed,
            on: today,
            answered_by: String::new(),
            answers: Vec::new(),
            follow_up: String::new(),
        };
        n.relations.replace(Vec::new(), vec![review], Vec::new(), None);
        let after = super::today(&n, today, &New_York);
        assert!(after.reviews.iter().all(|(p, _)| *p != reviewed));
        assert_eq!(after.reviews.len(), before.reviews.len() - 1);
    }
}
