//! Fixtures for tests that drive the sync engine the way a device does: a recognisable
//! partner, a fixed clock, and a `Replica` of a device's documents that carries out the
//! document side of the engine's effects, so each test driver only handles its network.
//!
//! Built for `shared`'s own tests, and for other crates' tests with the `testing` feature.

use std::collections::{BTreeSet, HashMap, VecDeque};

use automerge::ChangeHash;
use chrono::{DateTime, Utc};

use super::{Effect, OutboxEntry, SyncEngine};
use crate::doc::{DocError, DocKey, Record, RecordDoc};
use crate::{CheckInCadence, Partner, PartnerId, PartnerKind, PartnerTier};

/// A fixed moment, so records written in tests do not depend on the clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default()
}

/// A key hospital partner numbered `n`, with a recognisable name.
pub fn partner(n: u128, name: &str) -> Partner {
    Partner::new(
        PartnerId::from_parts(1_700_000_000_000, n),
        PartnerKind::Hospital,
        name,
        PartnerTier::Key,
        CheckInCadence::Monthly,
    )
}

/// Occurs when a test device cannot do what a real driver would.
#[derive(Debug, thiserror::Error)]
pub enum ReplicaError {
    #[error(transparent)]
    Doc(#[from] DocError),
    /// A real driver skips the snapshot then; a test device should never get there.
    #[error("{0} cannot be saved whole: a change waits for one it depends on")]
    NotWhole(DocKey),
}

/// A device's documents, kept the way the app's driver keeps them.
#[derive(Default)]
pub struct Replica {
    pub docs: HashMap<DocKey, RecordDoc>,
    /// Blobs from the relay merged into a document.
    pub applied: usize,
    /// Blobs from the relay that did not open; the cursor moved past them.
    pub unopenable: usize,
    next_outbox: u64,
}

impl Replica {
    /// A local edit at `at`: stored in its document and returned as the outbox entry to queue.
    pub fn edit<R: Record>(
        &mut self,
        record: &R,
        at: DateTime<Utc>,
    ) -> Result<OutboxEntry, ReplicaError> {
        let key = record.doc_key();
        let doc = self.docs.entry(key).or_insert_with(|| RecordDoc::new(key));
        let chunk = doc.put(record, at)?;
        doc.mark_persisted(chunk.heads);
        Ok(OutboxEntry { id: self.next_outbox_id(), doc: key, bytes: chunk.bytes })
    }

    /// A fresh outbox key, in order, as durable storage hands them out.
    pub fn next_outbox_id(&mut self) -> u64 {
        self.next_outbox += 1;
        self.next_outbox
    }

    /// Every document and its heads: equal sets mean equal data.
    pub fn heads(&mut self) -> BTreeSet<(DocKey, Vec<ChangeHash>)> {
        self.docs
            .iter_mut()
            .map(|(k, d)| {
                let mut h = d.heads();
                h.sort();
                (*k, h)
            })
            .collect()
    }

    /// The records of one document, empty if this device does not hold it.
    pub fn records<R: Record>(&mut self, key: DocKey) -> Vec<R> {
        self.docs.get_mut(&key).map(|d| d.contents().records().0).unwrap_or_default()
    }

    fn whole(&mut self, doc: DocKey) -> Result<Vec<u8>, ReplicaError> {
        self.docs.get_mut(&doc).and_then(RecordDoc::snapshot).ok_or(ReplicaError::NotWhole(doc))
    }
}

/// The engine's effects still to be carried out, in order.
pub struct Effects(VecDeque<Effect>);

impl Effects {
    pub fn new(effects: Vec<Effect>) -> Self {
        Self(effects.into())
    }

    /// The next effect for the test's driver (sending, the outbox, the socket, sign-out,
    /// cursors). Document effects before it are carried out here, in order, on `replica`,
    /// and the engine's answers to them join the queue.
    pub fn next(
        &mut self,
        engine: &mut SyncEngine,
        replica: &mut Replica,
    ) -> Result<Option<Effect>, ReplicaError> {
        while let Some(effect) = self.0.pop_front() {
            match effect {
                Effect::Apply(change) => {
                    match change.content {
                        Ok(opened) => {
                            let doc = replica
                                .docs
                                .entry(opened.doc)
                                .or_insert_with(|| RecordDoc::new(opened.doc));
                            doc.apply(&opened.bytes)?;
                            replica.applied += 1;
                        }
                        Err(_) => replica.unopenable += 1,
                    }
                    self.0.extend(engine.applied(change.doc_id, change.seq));
                }
                Effect::WantSnapshot { doc, covers } => {
                    let bytes = replica.whole(doc)?;
                    self.0.extend(engine.snapshot_ready(doc, covers, &bytes));
                }
                Effect::WantResend { doc } => {
                    let bytes = replica.whole(doc)?;
                    self.0.extend(engine.resend_ready(doc, &bytes));
                }
                other => return Ok(Some(other)),
            }
        }
        Ok(None)
    }
}
