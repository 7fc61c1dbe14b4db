//! How the referral network is split into Automerge documents.
//!
//! - `partners` and `contacts`: the directory. Small (thousands of records); partners load
//!   before the first screen shows, contacts right after.
//! - `referrals/YYYY-MM` and `touchpoints/YYYY-MM`: one document per calendar month (UTC) of
//!   each record's creation, read from its id. A month holds a few hundred to a couple of
//!   thousand records, so each document loads in tens of milliseconds and a device can open
//!   with the newest months and fetch older ones in the background.
//!
//! Inside a document every record sits directly under the root map at `"<kind>/<id>"`. There
//! is no shared container object to create, so two devices that start the same document
//! offline never produce conflicting containers that would hide each other's records.
//! See `docs/design/documents.md` for the measurements behind this.

mod conflict_words;
mod conflicts;
mod key;
mod merge;
mod read;
mod record;
mod record_doc;
mod unchosen;

pub use conflicts::{ConflictValue, FieldConflict, Resolution};
pub use key::{DocKey, DocKeyParseError, Period};
pub use read::{Contents, Fields, ReadError, ReadRecord};
pub use record::Record;
pub use record_doc::{ChunkProblem, DocError, PendingChunk, RecordDoc, RecordProblem};
