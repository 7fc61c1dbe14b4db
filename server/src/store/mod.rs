//! Where the relay keeps teams, devices, invites and the sealed blob logs.
//!
//! The trait is small and synchronous so a backend is easy to write and reason about; the
//! relay calls it from blocking threads. SQLite (`sqlite.rs`) is the embedded default; a
//! PostgreSQL backend can implement the same trait for deployments that outgrow one machine.
//!
//! Guarantees every backend must give: `append` returns only after the blob is durably
//! committed; change sequence numbers per (team, document) start at 1 and have no gaps;
//! snapshots never take a change number, and cover only changes that exist (1 ≤ covers ≤ the
//! latest change number), so no snapshot can move a new device's cursor past real changes;
//! key epochs rise one at a time, each rotated once, and no blob sealed under an epoch below
//! the newest is appended after the rotation commits.

pub mod admin;
pub mod backup;
mod lock;
pub mod recovery;
mod sqlite;

pub use lock::DataLock;
pub use sqlite::SqliteStore;

use shared::protocol::{BlobKind, DeviceId, DocId, KeyRecord, SealedKeyFor, TeamId};

/// Occurs when the store cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the relay's database failed: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the relay's data directory {path} cannot be used: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error(
        "another rapport-server is using the data directory {0}; stop it first, or pass a \
         different --data"
    )]
    InUse(String),
}

/// What the relay holds, for its metrics: counts and sizes only, never identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStats {
    pub teams: u64,
    /// Bytes in the database file (sealed blobs and bookkeeping).
    pub bytes: u64,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A SHA-256 digest of a secret (token or code); secrets themselves are never stored.
pub type SecretHash = [u8; 32];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Ok,
    Unknown,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub id: DeviceId,
    /// Sealed by the device with the team key; the relay cannot read it. (Devices of relays
    /// from before sealing have their name here as plain text.)
    pub name: Vec<u8>,
    pub last_sync_ms: u64,
    pub revoked: bool,
    /// Admins invite, remove devices and change roles; the team's creator is the first.
    pub admin: bool,
}

/// What became of a request to change the team's membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The device asking is not an admin (or no longer in the team).
    NotAdmin,
    /// The target device is not in the team (or was already removed, for a role change).
    NoSuchDevice,
    /// Refused because the team would be left without an admin.
    LastAdmin,
}

/// What a pull returns: items in order, and whether more remain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub items: Vec<(u64, BlobKind, Vec<u8>)>,
    pub more: bool,
}

/// What became of a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Stored as this change number (for a snapshot, the number it covers).
    Stored(u64),
    /// Occurs when a snapshot claims to cover changes the document does not have.
    BeyondLatest { latest: u64 },
    /// Occurs when the first change of a new document would exceed the team's `max_docs`.
    TooManyDocs { max: u64 },
    /// Occurs when the blob's clear header names a key epoch below the team's newest: it was
    /// sealed with a key a removed device may hold.
    StaleEpoch { epoch: u32, current: u32 },
}

/// What became of an admin's key rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    Done,
    /// The device asking is not an admin (or no longer in the team).
    NotAdmin,
    /// The epoch is not exactly one above the team's newest: it exists, or it skips some.
    Conflict {
        current: u32,
    },
    /// A key is addressed to a device that is not (or no longer) in the team.
    NotMember(DeviceId),
    /// Two keys are addressed to the same device.
    Duplicate(DeviceId),
}

/// One page of a team's documents, in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsPage {
    pub docs: Vec<(DocId, u64)>,
    /// Whether documents after the last one remain.
    pub more: bool,
}

/// A new device's identity, created with the team or from an invite.
pub struct NewDevice<'a> {
    pub team: TeamId,
    pub device: DeviceId,
    /// Sealed with the team key.
    pub name: &'a [u8],
    pub token: SecretHash,
    pub now_ms: u64,
}

/// A sealed blob a device pushed, as `append` stores it.
pub struct NewBlob<'a> {
    pub team: TeamId,
    pub doc: DocId,
    pub kind: BlobKind,
    /// For a snapshot, the last change number it covers; ignored for a change.
    pub covers: u64,
    /// Sealed with the team key; the relay cannot read it.
    pub data: &'a [u8],
    pub by: DeviceId,
    pub now_ms: u64,
}

pub trait RelayStore: Send + Sync + 'static {
    /// Whether a team exists (the relay serves one team per store).
    fn team(&self) -> Result<Option<TeamId>>;
    /// Replaces the one-time setup code (only its hash is kept).
    fn set_setup_code(&self, code: SecretHash) -> Result<()>;
    /// Creates the team and its first device, an admin, if `code` is the current setup code;
    /// consumes it.
    fn create_team(&self, code: SecretHash, device: &NewDevice<'_>) -> Result<bool>;
    /// Stores an invite if `by` is an admin of `team` (`Outcome::NotAdmin` otherwise).
    fn create_invite(
        &self,
        team: TeamId,
        code: SecretHash,
        by: DeviceId,
        expires_ms: u64,
    ) -> Result<Outcome>;
    /// Adds the device if the invite is unused and unexpired; marks it used. A recovery
    /// invite (see `recovery_invite`) makes the device an admin.
    fn redeem_invite(&self, code: SecretHash, device: &NewDevice<'_>) -> Result<bool>;
    /// Stores a one-time code that makes a device an admin, for the operator of the relay's
    /// machine when the team has lost its admins. Returns the team, or `None` if there is none.
    fn recovery_invite(&self, code: SecretHash, expires_ms: u64) -> Result<Option<TeamId>>;
    /// Makes a signed-in device an admin with an unused, unexpired recovery code; consumes it.
    fn claim_admin(
        &self,
        team: TeamId,
        device: DeviceId,
        code: SecretHash,
        now_ms: u64,
    ) -> Result<bool>;
    fn authenticate(&self, team: TeamId, device: DeviceId, token: SecretHash) -> Result<Auth>;
    /// Stores a blob durably; returns its change number (a snapshot returns `covers`), or
    /// refuses a snapshot whose `covers` is 0 or beyond the document's latest change, and the
    /// first change of a new document when the team already has `max_docs`.
    fn append(&self, blob: &NewBlob<'_>, max_docs: u64) -> Result<Appended>;
    /// The newest snapshot covering more than `after`, then later changes, up to `max_bytes`.
    /// `None` if the team never stored the document.
    fn pull(&self, team: TeamId, doc: DocId, after: u64, max_bytes: usize) -> Result<Option<Page>>;
    /// Documents with their latest change numbers, in id order, after `after`, at most `limit`.
    fn docs(&self, team: TeamId, after: Option<DocId>, limit: usize) -> Result<DocsPage>;
    fn devices(&self, team: TeamId) -> Result<Vec<DeviceRow>>;
    /// Removes `device` if `by` is an admin (or `device` itself, leaving) and the team keeps
    /// at least one admin.
    fn revoke(&self, team: TeamId, by: DeviceId, device: DeviceId, now_ms: u64) -> Result<Outcome>;
    /// Makes `device` an admin or a member if `by` is an admin and the team keeps at least one.
    fn set_role(
        &self,
        team: TeamId,
        by: DeviceId,
        device: DeviceId,
        admin: bool,
    ) -> Result<Outcome>;
    fn touch(&self, team: TeamId, device: DeviceId, now_ms: u64) -> Result<()>;
    /// Registers or replaces `record.device`'s public key (the caller checks it is the
    /// signed-in device).
    fn register_key(&self, team: TeamId, record: &KeyRecord) -> Result<()>;
    /// The key records of the team's devices that are not revoked.
    fn device_keys(&self, team: TeamId) -> Result<Vec<KeyRecord>>;
    /// Stores epoch `epoch`'s keys, all or none, if `by` is an admin, `epoch` is exactly one
    /// above the team's newest and every key is for a distinct device still in the team.
    fn rotate(
        &self,
        team: TeamId,
        by: DeviceId,
        epoch: u32,
        keys: &[SealedKeyFor],
        now_ms: u64,
    ) -> Result<Rotation>;
    /// The team's newest epoch, and the keys sealed to `device` for epochs above `after`, in
    /// epoch order.
    fn epoch_keys(&self, team: TeamId, device: DeviceId, after: u32)
    -> Result<(u32, Vec<Vec<u8>>)>;
    /// The key records of the team's devices (not revoked) that lack a sealed key for some
    /// epoch up to the newest.
    fn keys_wanted(&self, team: TeamId) -> Result<Vec<KeyRecord>>;
    /// Stores keys a teammate sealed to `device`, `keys[i]` for epoch `i + 1`, never replacing
    /// one already stored and ignoring epochs above the newest; `false` if `device` is not in
    /// the team.
    fn share_keys(&self, team: TeamId, device: DeviceId, keys: &[Vec<u8>]) -> Result<bool>;
    /// Counts for health checks and metrics; answering at all means the store is reachable.
    fn stats(&self) -> Result<StoreStats>;
    /// Bytes of blobs (changes and snapshots) each device of each team stored, for quotas.
    fn usage(&self) -> Result<Vec<(TeamId, DeviceId, u64)>>;
    /// Bytes the store's disk has free for it, if the backend can tell.
    fn free_bytes(&self) -> Option<u64> {
        None
    }
}
