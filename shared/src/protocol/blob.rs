//! Sealed blobs as they travel: what one holds and the number the relay gave it.

use super::codec::FrameError;

/// What a sealed blob holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobKind {
    /// New changes to a document.
    Change,
    /// A whole document, covering every blob up to the sequence number it names.
    Snapshot,
}

impl BlobKind {
    pub(super) fn byte(self) -> u8 {
        match self {
            Self::Change => 0,
            Self::Snapshot => 1,
        }
    }
    pub(super) fn from_byte(b: u8) -> Result<Self, FrameError> {
        match b {
            0 => Ok(Self::Change),
            1 => Ok(Self::Snapshot),
            _ => Err(FrameError::BadValue("blob kind")),
        }
    }
}

/// One stored blob, with the sequence number the relay gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub seq: u64,
    pub kind: BlobKind,
    pub data: Vec<u8>,
}
