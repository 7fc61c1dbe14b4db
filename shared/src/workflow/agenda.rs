//! Today's list arranged for reading: by urgency (overdue, due today, this week, coming up),
//! and within each by partner, so a neglected partner is one row with "3 things", not three.
//!
//! The count each group shows and the count in the navigation badge come from the same
//! `Agenda`, so they agree by construction (they once read 37 and 41: the badge counted only
//! what was due now, the heading every check-in due within a week).

use chrono::{Days, NaiveDate};

use super::today::{DutyDue, MeetingDue, Today};
use crate::cadence::CadenceStatus;
use crate::{MeetingId, PartnerId, ReferralId};

/// How far ahead "this week" reaches, in days after today.
const WEEK_DAYS: i64 = 7;

/// How soon something is due; groups are shown in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    Overdue,
    DueToday,
    ThisWeek,
    ComingUp,
}

impl Urgency {
    pub const ALL: [Urgency; 4] =
        [Urgency::Overdue, Urgency::DueToday, Urgency::ThisWeek, Urgency::ComingUp];

    /// Where something due on `due` falls, seen from `today`.
    pub fn of(due: NaiveDate, today: NaiveDate) -> Self {
        match (due - today).num_days() {
            d if d < 0 => Self::Overdue,
            0 => Self::DueToday,
            d if d <= WEEK_DAYS => Self::ThisWeek,
            _ => Self::ComingUp,
        }
    }

    /// The group's heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "Overdue",
            Self::DueToday => "Due today",
            Self::ThisWeek => "This week",
            Self::ComingUp => "Coming up",
        }
    }

    /// A stable name for ids and test hooks.
    pub fn code(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::DueToday => "today",
            Self::ThisWeek => "week",
            Self::ComingUp => "later",
        }
    }

    /// Counted in the navigation badge: it needs doing now, not merely soon.
    pub fn is_due_now(self) -> bool {
        matches!(self, Self::Overdue | Self::DueToday)
    }
}

/// What one thing on Today is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thing {
    CheckIn(CadenceStatus),
    Duty(DutyDue),
    Review,
    Meeting(MeetingId),
}

impl Thing {
    /// Check-ins (once a partner has been contacted at all) and referral follow-ups can be put
    /// off; a review or a meeting has a date someone else is waiting on.
    pub fn can_set_aside(&self) -> bool {
        match self {
            Thing::CheckIn(status) => !matches!(status, CadenceStatus::NeverContacted),
            Thing::Duty(_) => true,
            Thing::Review | Thing::Meeting(_) => false,
        }
    }
}

/// What a "set aside" puts off: partners' check-ins and referrals' follow-ups (all of a
/// referral's follow-ups at once, so one sent late does not bring the next straight back).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetAsideTargets {
    pub check_ins: Vec<PartnerId>,
    pub referrals: Vec<ReferralId>,
}

impl SetAsideTargets {
    pub fn is_empty(&self) -> bool {
        self.check_ins.is_empty() && self.referrals.is_empty()
    }

    /// Adds what `row` holds that can be set aside.
    fn add(&mut self, row: &PartnerRow) {
        for item in row.items.iter().filter(|i| i.thing.can_set_aside()) {
            match &item.thing {
                Thing::CheckIn(_) if !self.check_ins.contains(&row.partner) => {
                    self.check_ins.push(row.partner)
                }
                Thing::Duty(d) if !self.referrals.contains(&d.referral) => {
                    self.referrals.push(d.referral)
                }
                _ => {}
            }
        }
    }

    /// Whether setting these aside takes `item` (owed to `partner`) off Today.
    pub fn covers(&self, partner: PartnerId, item: &Item) -> bool {
        match &item.thing {
            Thing::CheckIn(_) => item.thing.can_set_aside() && self.check_ins.contains(&partner),
            Thing::Duty(d) => self.referrals.contains(&d.referral),
            Thing::Review | Thing::Meeting(_) => false,
        }
    }
}

/// How many listed things a set-aside takes off Today, by kind, for its confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Covered {
    pub check_ins: usize,
    pub follow_ups: usize,
}

impl Covered {
    pub fn total(self) -> usize {
        self.check_ins + self.follow_ups
    }
}

/// One thing to do for a partner, and the day it is (or was) due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub due: NaiveDate,
    pub thing: Thing,
}

/// Everything one partner is owed within one group, most overdue first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRow {
    pub partner: PartnerId,
    pub items: Vec<Item>,
}

impl PartnerRow {
    /// The partner's check-in in this row, if one is due.
    pub fn check_in(&self) -> Option<CadenceStatus> {
        self.items.iter().find_map(|i| match i.thing {
            Thing::CheckIn(s) => Some(s),
            _ => None,
        })
    }

    /// What "set aside" on this row puts off: everything in it that can be.
    pub fn set_aside_targets(&self) -> SetAsideTargets {
        let mut targets = SetAsideTargets::default();
        targets.add(self);
        targets
    }
}

/// One urgency group: its partners, most overdue first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub urgency: Urgency,
    pub rows: Vec<PartnerRow>,
}

impl Group {
    /// The things in this group: what its heading shows.
    pub fn count(&self) -> usize {
        self.rows.iter().map(|r| r.items.len()).sum()
    }
}

/// Today's list by urgency and partner. Empty groups are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agenda {
    pub groups: Vec<Group>,
}

impl Agenda {
    /// Groups `list` as seen on `today`.
    pub fn of(list: &Today, today: NaiveDate) -> Self {
        let mut items: Vec<(PartnerId, Item)> = Vec::new();
        items.extend(list.check_ins.iter().map(|(p, s)| (*p, check_in_item(*s, today))));
        items.extend(
            list.duties
                .iter()
                .map(|d| (d.partner, Item { due: d.duty.due, thing: Thing::Duty(d.clone()) })),
        );
        items.extend(
            list.reviews.iter().map(|(p, due)| (*p, Item { due: *due, thing: Thing::Review })),
        );
        items.extend(
            list.meetings.iter().map(|m: &MeetingDue| {
                (m.partner, Item { due: m.day, thing: Thing::Meeting(m.id) })
            }),
        );
        // Most overdue first; the partner id keeps equal days in a stable order.
        items.sort_by_key(|(p, i)| (i.due, *p));

        let mut groups: Vec<Group> = Vec::new();
        for urgency in Urgency::ALL {
            let mut rows: Vec<PartnerRow> = Vec::new();
            for (partner, item) in
                items.iter().filter(|(_, i)| Urgency::of(i.due, today) == urgency)
            {
                match rows.iter_mut().find(|r| r.partner == *partner) {
                    Some(row) => row.items.push(item.clone()),
                    None => rows.push(PartnerRow { partner: *partner, items: vec![item.clone()] }),
                }
            }
            if !rows.is_empty() {
                groups.push(Group { urgency, rows });
            }
        }
        Self { groups }
    }

    /// The one count of what is due now: the sum of the "Overdue" and "Due today" headings.
    pub fn due_now(&self) -> usize {
        self.groups.iter().filter(|g| g.urgency.is_due_now()).map(Group::count).sum()
    }

    /// The group for `urgency`, if anything is in it.
    pub fn group(&self, urgency: Urgency) -> Option<&Group> {
        self.groups.iter().find(|g| g.urgency == urgency)
    }

    /// Every overdue check-in and every referral with an overdue follow-up: what "set aside
    /// everything overdue" puts off.
    pub fn overdue_set_aside(&self) -> SetAsideTargets {
        let mut targets = SetAsideTargets::default();
        for row in self.group(Urgency::Overdue).map_or(&[][..], |g| &g.rows) {
            targets.add(row);
        }
        targets
    }

    /// The listed things (in any group) that setting `targets` aside takes off Today: a
    /// referral's follow-up due this week goes with its overdue one.
    pub fn covered(&self, targets: &SetAsideTargets) -> Covered {
        let mut covered = Covered::default();
        for row in self.groups.iter().flat_map(|g| &g.rows) {
            for item in row.items.iter().filter(|i| targets.covers(row.partner, i)) {
                match item.thing {
                    Thing::CheckIn(_) => covered.check_ins += 1,
                    _ => covered.follow_ups += 1,
                }
            }
        }
        covered
    }

    /// Overdue things no set-aside can put off (reviews, meetings): what stays after one.
    pub fn overdue_kept(&self) -> usize {
        self.group(Urgency::Overdue).map_or(0, |g| {
            g.rows.iter().flat_map(|r| &r.items).filter(|i| !i.thing.can_set_aside()).count()
        })
    }
}

/// A never-contacted partner is due today: there is no earlier day it fell due.
fn check_in_item(status: CadenceStatus, today: NaiveDate) -> Item {
    let due = match status {
        CadenceStatus::Overdue { by_days } => today.checked_sub_days(days(by_days)),
        CadenceStatus::DueSoon { due_in_days } | CadenceStatus::OnTrack { due_in_days } => {
            today.checked_add_days(days(due_in_days))
        }
        CadenceStatus::NeverContacted | CadenceStatus::NoCadence => Some(today),
    };
    Item { due: due.unwrap_or(today), thing: Thing::CheckIn(status) }
}

fn days(n: i64) -> Days {
    Days::new(n.unsigned_abs())
}

/// The last day something set aside now for `days` stays off Today; it is back the day after.
pub fn set_aside_until(today: NaiveDate, days: u64) -> NaiveDate {
    let back = today.checked_add_days(Days::new(days)).unwrap_or(today);
    back.pred_opt().unwrap_or(back)
}

#[cfg(test)]
mod tests;
