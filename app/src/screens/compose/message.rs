//! The composer's state: the draft, who it goes to, and what leaving the tablet records.

use leptos::prelude::*;
use shared::workflow::messages::{Draft, DraftFor, draft};
use shared::workflow::sent::Sending;
use shared::{Channel, ContactId, Disclosed, PartnerId, PreferredChannel, Purpose, ReferralId};

use crate::state::{AppState, use_app};

/// One of the partner's people the message can go to.
#[derive(Clone)]
pub(super) struct Person {
    pub(super) id: ContactId,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) phone: String,
    pub(super) preferred: PreferredChannel,
}

/// The message being composed and what is known about where it goes; `Copy`, so every part
/// of the screen shares it.
#[derive(Clone, Copy)]
pub(super) struct Message {
    pub(super) app: AppState,
    pub(super) partner: PartnerId,
    pub(super) referral: Option<ReferralId>,
    pub(super) purpose: Purpose,
    pub(super) people: StoredValue<Vec<Person>>,
    pub(super) partner_name: StoredValue<String>,
    pub(super) contact: RwSignal<Option<ContactId>>,
    pub(super) subject: RwSignal<String>,
    pub(super) body: RwSignal<String>,
    pub(super) disclosed: RwSignal<Vec<Disclosed>>,
    pub(super) warnings: RwSignal<Vec<String>>,
    /// How it was handed off (or, before that, how the person says they sent it).
    pub(super) sent_via: RwSignal<Option<Channel>>,
    /// Whether the disclosure log already has this message.
    pub(super) recorded: RwSignal<bool>,
    pub(super) error: RwSignal<Option<String>>,
}

impl Message {
    pub(super) fn new(partner: PartnerId, referral: Option<ReferralId>, purpose: Purpose) -> Self {
        let app = use_app();
        let (name, people, start) = app.network.with_untracked(|n| {
            let people: Vec<Person> = n
                .contacts_of(partner)
                .into_iter()
                .map(|c| Person {
                    id: c.id,
                    name: c.name.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    preferred: c.preferred_channel,
                })
                .collect();
            let start = referral
                .and_then(|r| n.referral(r))
                .and_then(|r| r.contact_id)
                .or_else(|| people.first().map(|c| c.id));
            (n.partner(partner).map(|p| p.name.clone()).unwrap_or_default(), people, start)
        });
        let message = Self {
            app,
            partner,
            referral,
            purpose,
            people: StoredValue::new(people),
            partner_name: StoredValue::new(name),
            contact: RwSignal::new(start),
            subject: RwSignal::default(),
            body: RwSignal::default(),
            disclosed: RwSignal::default(),
            warnings: RwSignal::default(),
            sent_via: RwSignal::new(None),
            recorded: RwSignal::new(false),
            error: RwSignal::new(None),
        };
        message.redraft(start);
        message
    }

    /// Fills the message from the purpose's template for `contact`.
    pub(super) fn redraft(self, contact: Option<ContactId>) {
        self.contact.set(contact);
        // Never the tablet's name: the composer asks for the person's before sending.
        let staff = self.app.settings.with_untracked(|s| s.staff_name.clone());
        let drafted = self.app.network.with_untracked(|n| {
            let policy = n.policy();
            let template = policy.template(self.purpose)?.clone();
            let partner = n.partner(self.partner)?;
            let for_ = DraftFor {
                partner,
                contact: contact.and_then(|c| n.contact(c)),
                referral: self.referral.and_then(|r| n.referral(r)),
                staff: &staff,
            };
            Some(draft(&template, &for_))
        });
        if let Some(d) = drafted {
            self.subject.set(d.subject);
            self.body.set(d.body);
            self.disclosed.set(d.disclosed);
            self.warnings.set(d.warnings);
        }
    }

    /// The chosen person's detail (tracked), or `None` for the colleagues.
    pub(super) fn person<T>(self, pick: impl Fn(&Person) -> T) -> Option<T> {
        let c = self.contact.get()?;
        self.people.with_value(|v| v.iter().find(|p| p.id == c).map(pick))
    }

    pub(super) fn current(self) -> Draft {
        Draft {
            subject: self.subject.get(),
            body: self.body.get(),
            disclosed: vec![],
            warnings: vec![],
        }
    }

    pub(super) fn sending(self, channel: Channel) -> Sending {
        let settings = self.app.settings.get_untracked();
        Sending {
            partner: self.partner,
            contact: self.contact.get_untracked(),
            to: untrack(|| self.person(|p| p.name.clone()))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| self.colleagues()),
            channel,
            purpose: self.purpose,
            subject: self.subject.get_untracked(),
            disclosed: self.disclosed.get_untracked(),
            by: settings.logged_by(),
            device: settings.device_name,
            at: chrono::Utc::now(),
        }
    }

    /// Records what left the tablet about the participant, and how.
    pub(super) fn disclose(self, channel: Channel) {
        self.sent_via.set(Some(channel));
        self.recorded.set(true);
        let Some(id) = self.referral else { return };
        let Some(base) = self.app.network.with_untracked(|n| n.referral(id).cloned()) else {
            return;
        };
        let edited = self.sending(channel).disclose(&base);
        let (app, error) = (self.app, self.error);
        leptos::task::spawn_local(async move {
            if let Err(e) = app.save_edit(base, edited).await {
                error.set(Some(e.to_string()));
            }
        });
    }

    /// Who it goes to when no person is chosen.
    pub(super) fn colleagues(self) -> String {
        format!("Colleagues at {}", self.partner_name.get_value())
    }

    pub(super) fn back(self) -> String {
        self.referral
            .map_or_else(|| format!("/partners/{}", self.partner), |r| format!("/referrals/{r}"))
    }
}
