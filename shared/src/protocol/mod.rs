//! The sync protocol between devices and the relay: binary frames over a WebSocket.
//!
//! The relay stores and forwards *sealed* blobs (see `crate::seal`); nothing in these frames is
//! readable without the team key except ids, sizes and sequence numbers; device names are
//! sealed too. This
//! module has no Automerge and no cryptography in it, so the relay can use it without being
//! able to read a document.
//!
//! Every frame is `[version][tag][fields…]`; integers are LEB128, byte strings and text carry a
//! length prefix. Decoding never trusts a length: each is checked against what remains and
//! against the limits below, and any violation is a `FrameError`, never a panic.

mod blob;
mod codec;
mod device;
mod error_code;
#[cfg(test)]
mod golden;
mod ids;
mod keys;
mod messages;

pub use blob::{Blob, BlobKind};
pub use codec::FrameError;
pub use device::{DeviceInfo, Role};
pub use error_code::ErrorCode;
pub use ids::{DeviceId, DocId, OneTimeCode, OpaqueIdParseError, TeamId, Token};
pub use keys::{KeyRecord, MAX_SEALED_KEY, SEAL_FORMAT_EPOCH, SealedKeyFor, sealed_epoch};
pub use messages::{ClientMessage, ServerMessage};

/// Current wire version; a relay refuses frames of any other.
pub const PROTOCOL_VERSION: u8 = 1;
/// Largest frame either side accepts (about 1 MiB).
pub const MAX_FRAME: usize = 1 << 20;
/// Largest sealed blob a device may push: what fits in a frame with the push's other fields.
pub const MAX_BLOB: usize = MAX_FRAME - 64;
/// Longest device name, in bytes.
pub const MAX_NAME: usize = 80;
/// Longest sealed device name: the relay stores names sealed with the team key (see
/// `crate::seal::TeamKey::seal_name`), never in plaintext.
pub const MAX_SEALED_NAME: usize = MAX_NAME + 64;
/// Longest error message or other text, in bytes.
pub const MAX_TEXT: usize = 1_000;
/// Most blobs or list entries in one frame.
pub const MAX_ITEMS: usize = 10_000;
/// Most documents in one `Docs` reply; a device asks for the next page after the last one.
/// Well under `MAX_ITEMS`, and a full page (about 27 bytes a document) under `MAX_FRAME`.
pub const DOCS_PAGE: usize = 1_000;
const _: () = assert!(DOCS_PAGE <= MAX_ITEMS && DOCS_PAGE * 27 < MAX_FRAME);
