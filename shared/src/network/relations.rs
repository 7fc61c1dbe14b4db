//! Meetings, reviews, the appreciation ledger and the agency policy, held in memory.

use std::collections::HashMap;

use crate::doc::{Contents, RecordProblem};
use crate::{
    AgencyPolicy, ContactId, Event, EventId, EventSeries, EventSeriesId, Gift, GiftId, Invitation,
    Lead, LeadId, Meeting, MeetingId, PartnerId, ReferralId, Review, ReviewId,
};

/// Everything about events one relations document holds.
#[derive(Debug, Default, Clone)]
pub struct EventRecords {
    pub events: Vec<Event>,
    pub series: Vec<EventSeries>,
    pub invitations: Vec<Invitation>,
    /// People captured at the event's table; none in documents from before health-fair mode.
    pub leads: Vec<Lead>,
}

impl EventRecords {
    /// Reads the event records; older documents simply have none.
    pub fn read(contents: &Contents) -> (Self, Vec<RecordProblem>) {
        let (events, mut problems) = contents.records();
        let (series, more) = contents.records();
        problems.extend(more);
        let (invitations, more) = contents.records();
        problems.extend(more);
        let (leads, more) = contents.records();
        problems.extend(more);
        (Self { events, series, invitations, leads }, problems)
    }
}

#[derive(Debug, Default, Clone)]
pub struct Relations {
    pub meetings: HashMap<MeetingId, Meeting>,
    pub reviews: HashMap<ReviewId, Review>,
    pub gifts: HashMap<GiftId, Gift>,
    /// `None` until the team saves its own; then the defaults no longer apply.
    pub policy: Option<AgencyPolicy>,
    pub events: HashMap<EventId, Event>,
    pub series: HashMap<EventSeriesId, EventSeries>,
    /// Each invitee's standing, by event and contact.
    pub invitations: HashMap<(EventId, ContactId), Invitation>,
    /// CSV imports, for the history and its Undo.
    pub imports: HashMap<crate::ImportId, crate::ImportBatch>,
    /// People captured at events, by lead.
    pub leads: HashMap<LeadId, Lead>,
}

impl Relations {
    pub fn replace(
        &mut self,
        meetings: Vec<Meeting>,
        reviews: Vec<Review>,
        gifts: Vec<Gift>,
        policy: Option<AgencyPolicy>,
    ) {
        self.meetings = meetings.into_iter().map(|m| (m.id, m)).collect();
        self.reviews = reviews.into_iter().map(|r| (r.id, r)).collect();
        self.gifts = gifts.into_iter().map(|g| (g.id, g)).collect();
        self.policy = policy;
    }

    pub fn replace_events(&mut self, records: EventRecords) {
        self.events = records.events.into_iter().map(|e| (e.id, e)).collect();
        self.series = records.series.into_iter().map(|s| (s.id, s)).collect();
        self.invitations =
            records.invitations.into_iter().map(|i| ((i.event_id, i.contact_id), i)).collect();
        self.leads = records.leads.into_iter().map(|l| (l.id, l)).collect();
    }

    /// An event's leads, in the order they were captured.
    pub fn leads_of(&self, event: EventId) -> Vec<&Lead> {
        let mut v: Vec<&Lead> = self.leads.values().filter(|l| l.event_id == event).collect();
        v.sort_by_key(|l| (l.captured_at, l.id));
        v
    }

    /// An event's invitations, in no particular order.
    pub fn invitations_to(&self, event: EventId) -> Vec<&Invitation> {
        self.invitations.values().filter(|i| i.event_id == event).collect()
    }

    /// Events a partner co-hosts, newest first.
    pub fn co_hosted_by(&self, partner: PartnerId) -> Vec<&Event> {
        let mut v: Vec<&Event> =
            self.events.values().filter(|e| e.co_hosts.contains(&partner)).collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.starts_at));
        v
    }

    /// A referral's care-plan meetings, soonest first.
    pub fn meetings_for(&self, referral: ReferralId) -> Vec<&Meeting> {
        let mut v: Vec<&Meeting> =
            self.meetings.values().filter(|m| m.referral_id == referral).collect();
        v.sort_by_key(|m| m.at);
        v
    }

    /// A partner's reviews, newest first.
    pub fn reviews_of(&self, partner: PartnerId) -> Vec<&Review> {
        let mut v: Vec<&Review> =
            self.reviews.values().filter(|r| r.partner_id == partner).collect();
        v.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
        v
    }

    /// Every partner's reviews, newest first, grouped in one pass: Today asks for all of them,
    /// and asking [`Relations::reviews_of`] per partner scanned every review once per partner.
    pub fn reviews_by_partner(&self) -> HashMap<PartnerId, Vec<&Review>> {
        let mut by: HashMap<PartnerId, Vec<&Review>> = HashMap::new();
        for review in self.reviews.values() {
            by.entry(review.partner_id).or_default().push(review);
        }
        for reviews in by.values_mut() {
            reviews.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
        }
        by
    }

    /// Appreciation given to a partner's organization or people, newest first.
    pub fn gifts_to(&self, partner: PartnerId) -> Vec<&Gift> {
        let mut v: Vec<&Gift> = self.gifts.values().filter(|g| g.partner_id == partner).collect();
        v.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
        v
    }
}
