//! The four record kinds, each knowing where it is stored.

use autosurgeon::{Hydrate, Reconcile};

use super::{DocKey, Period};
use crate::{Contact, Partner, Referral, Touchpoint};

/// A record stored at `"<PREFIX>/<id>"` in the document `doc_key()` names.
pub trait Record: Reconcile + Hydrate + Clone {
    const PREFIX: &'static str;
    fn id_text(&self) -> String;
    fn doc_key(&self) -> DocKey;
    fn prop(&self) -> String {
        format!("{}/{}", Self::PREFIX, self.id_text())
    }
}

impl Record for Partner {
    const PREFIX: &'static str = "partner";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Directory
    }
}

impl Record for Contact {
    const PREFIX: &'static str = "contact";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Directory
    }
}

impl Record for Referral {
    const PREFIX: &'static str = "referral";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Referrals(Period::of(self.id.created_at()))
    }
}

impl Record for Touchpoint {
    const PREFIX: &'static str = "touchpoint";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Touchpoints(Period::of(self.id.created_at()))
    }
}
