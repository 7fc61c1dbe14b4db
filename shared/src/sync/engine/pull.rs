//! Pulling: the relay's document list, pulls after a cursor, changes forwarded live, snapshots
//! that must not be trusted, and a relay that went back in time.

use std::collections::HashMap;

use super::{Effect, RemoteChange, SyncEngine};
use crate::protocol::{Blob, BlobKind, ClientMessage, DocId};
use crate::seal::{Opened, SealError};
use crate::sync::status::{SnapshotFault, StopReason};

impl SyncEngine {
    /// One page of the relay's document list: pull what is behind, ask for the next page.
    pub(super) fn listed(
        &mut self,
        docs: Vec<(DocId, u64)>,
        more: bool,
        now_ms: u64,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        let last = docs.last().map(|(doc, _)| *doc);
        let listed_before = self.listing.len();
        for (doc, latest) in docs {
            self.listing.insert(doc, latest);
            let d = self.doc(doc);
            d.latest = latest;
            if latest > d.handed && !d.pulling {
                effects.push(self.pull(doc));
            }
        }
        // A page that adds nothing new ends the list, so a relay repeating one page cannot keep
        // a device asking forever.
        match last {
            Some(after) if more && self.listing.len() > listed_before => {
                effects.push(Effect::Send(ClientMessage::ListDocs { after: Some(after) }));
                return effects;
            }
            _ => {
                let listing = std::mem::take(&mut self.listing);
                effects.extend(self.rolled_back(&listing));
            }
        }
        if effects.is_empty() && self.is_idle() {
            self.synced_at_ms = Some(now_ms);
        }
        effects
    }

    /// Documents where the relay is behind this device's cursor: it went back in time (a
    /// restore). The cursor follows it back, so later changes are not skipped, and the whole
    /// document goes up again as one change.
    fn rolled_back(&mut self, listed: &HashMap<DocId, u64>) -> Vec<Effect> {
        let mut effects = Vec::new();
        for (&doc_id, d) in &mut self.docs {
            let latest = listed.get(&doc_id).copied().unwrap_or(0);
            if latest >= d.cursor {
                continue;
            }
            d.cursor = latest;
            d.handed = latest;
            d.latest = latest;
            effects.push(Effect::Cursor { doc_id, seq: latest });
            if let Some(doc) = d.name {
                effects.push(Effect::WantResend { doc });
            }
        }
        effects
    }

    /// The reply to our pull: everything after the cursor we asked from, in order.
    pub(super) fn pulled(
        &mut self,
        doc: DocId,
        items: Vec<Blob>,
        more: bool,
        now_ms: u64,
    ) -> Vec<Effect> {
        self.doc(doc).pulling = false;
        let mut effects = Vec::new();
        for blob in items {
            if blob.seq <= self.read(doc, |d| d.handed) {
                continue; // arrived live meanwhile, or a snapshot we are already past
            }
            let content = self.open(doc, &blob);
            if let Some(epoch) = self.missing_key(&content) {
                // Skipping it would lose the change for good; wait for the key instead.
                self.stopped = Some(StopReason::MissingKeyUpdate { epoch });
                self.keys.halted = true;
                self.doc(doc).repull = false;
                return effects;
            }
            if blob.kind == BlobKind::Snapshot
                && let Some(reason) = self.unusable_snapshot(doc, blob.seq, &content)
            {
                // The rest of the page follows the snapshot; applying it would skip changes.
                // This document stays where it is until the snapshot is deleted.
                self.stopped = Some(reason);
                self.doc(doc).repull = false;
                return effects;
            }
            effects.push(self.hand_over(doc, blob.seq, content));
        }
        if more || std::mem::take(&mut self.doc(doc).repull) {
            effects.push(self.pull(doc));
        } else if self.docs.values().all(|d| !d.pulling) && self.outbox.is_empty() {
            self.synced_at_ms = Some(now_ms);
        }
        effects
    }

    /// Why a snapshot from the relay must not be applied: it claims to cover changes the relay
    /// says it does not have, or it does not open (random bytes, or re-pushed with a `covers` it
    /// was not sealed for). Its cursor would jump past changes this device never received.
    fn unusable_snapshot(
        &self,
        doc: DocId,
        covers: u64,
        content: &Result<Opened, SealError>,
    ) -> Option<StopReason> {
        let latest = self.read(doc, |d| d.latest);
        let fault = if covers > latest {
            SnapshotFault::BeyondLatest { latest }
        } else {
            match content {
                Ok(_) => return None,
                Err(e) => SnapshotFault::Unopenable { error: e.to_string() },
            }
        };
        Some(StopReason::DamagedSnapshot { doc, covers, fault })
    }

    /// A change another device just stored. Applied only if it is the next one; after a gap
    /// the missing ones are pulled first (or after the pull already under way).
    pub(super) fn live(&mut self, doc: DocId, blob: Blob) -> Vec<Effect> {
        let handed = self.read(doc, |d| d.handed);
        if blob.kind != BlobKind::Change || blob.seq <= handed {
            return Vec::new();
        }
        let d = self.doc(doc);
        d.latest = d.latest.max(blob.seq);
        if blob.seq == handed + 1 {
            let content = self.open(doc, &blob);
            if let Some(epoch) = self.missing_key(&content) {
                self.stopped = Some(StopReason::MissingKeyUpdate { epoch });
                self.keys.halted = true;
                return Vec::new();
            }
            return vec![self.hand_over(doc, blob.seq, content)];
        }
        if d.pulling {
            d.repull = true;
            Vec::new()
        } else {
            vec![self.pull(doc)]
        }
    }

    fn pull(&mut self, doc: DocId) -> Effect {
        let d = self.doc(doc);
        d.pulling = true;
        Effect::Send(ClientMessage::Pull { doc, after: d.handed })
    }

    /// Opens a blob from the relay; a snapshot opens only as covering what it was sealed for.
    fn open(&self, doc: DocId, blob: &Blob) -> Result<Opened, SealError> {
        let covers = if blob.kind == BlobKind::Snapshot { blob.seq } else { 0 };
        self.keys.keyring.open(self.creds.team, doc, blob.kind, covers, &blob.data)
    }

    /// The epoch of a blob sealed under a key the team has and this device still lacks. A blob
    /// naming an epoch beyond the team's newest is junk (or a format-1 blob whose nonce looks
    /// like a header) and is skipped like any blob that does not open.
    fn missing_key(&self, content: &Result<Opened, SealError>) -> Option<u32> {
        match content {
            Err(SealError::UnknownEpoch(epoch)) if *epoch <= self.keys.team_epoch => Some(*epoch),
            _ => None,
        }
    }

    /// Passes an opened blob (or why it did not open) to the driver to store.
    fn hand_over(&mut self, doc: DocId, seq: u64, content: Result<Opened, SealError>) -> Effect {
        let d = self.doc(doc);
        if let Ok(opened) = &content {
            d.name = Some(opened.doc);
        }
        d.handed = seq;
        Effect::Apply(RemoteChange { doc_id: doc, seq, content })
    }

    /// The driver stored a remote change (and its cursor) durably.
    pub fn applied(&mut self, doc_id: DocId, seq: u64) -> Vec<Effect> {
        let d = self.doc(doc_id);
        d.cursor = d.cursor.max(seq);
        self.count_change(doc_id)
    }
}
