//! Team key epochs as the relay handles them: device public keys and sealed epoch keys, both
//! opaque to it (see `crate::keyring` on the device side).
//!
//! The relay stores what devices register and hands it back; it never holds a key that opens
//! anything. It reads one thing: the clear epoch header of a sealed blob, so it can refuse
//! a push sealed under a key epoch the team has rotated away from.

/// Longest sealed epoch key the relay stores (today's format is 109 bytes).
pub const MAX_SEALED_KEY: usize = 256;

/// The format byte of a sealed blob that names its key epoch in the clear: `2 ‖ epoch (u32,
/// big-endian) ‖ …`. Format 1 (no header) belongs to epoch 0.
pub const SEAL_FORMAT_EPOCH: u8 = 2;
const EPOCH_HEADER: usize = 5;

/// The key epoch a sealed blob names, and the rest of it; `None` if it is not format 2.
pub fn sealed_epoch(sealed: &[u8]) -> Option<(u32, &[u8])> {
    let (header, rest) = sealed.split_at_checked(EPOCH_HEADER)?;
    let (&format, epoch) = header.split_first()?;
    let epoch: [u8; 4] = epoch.try_into().ok()?;
    (format == SEAL_FORMAT_EPOCH).then_some((u32::from_be_bytes(epoch), rest))
}

/// A device's X25519 public key with the tag that vouches for it, made with the team key of
/// `epoch`; the relay cannot check or forge the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRecord {
    pub device: super::DeviceId,
    pub public: [u8; 32],
    pub epoch: u32,
    pub tag: [u8; 32],
}

/// One sealed epoch key for one device, as an admin uploads it after a rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedKeyFor {
    pub device: super::DeviceId,
    pub sealed: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_format_two_header_names_an_epoch() {
        assert_eq!(sealed_epoch(&[2, 0, 0, 1, 0, 9]), Some((256, &[9][..])));
        assert_eq!(sealed_epoch(&[1, 0, 0, 1, 0, 9]), None);
        assert_eq!(sealed_epoch(&[2, 0, 0]), None);
        assert_eq!(sealed_epoch(&[]), None);
    }
}
