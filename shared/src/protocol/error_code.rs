//! Why the relay refused something, as one byte on the wire.

use super::codec::FrameError;

/// Why the relay refused something. Each says what the device should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The frame could not be decoded.
    BadFrame,
    /// Unknown team, device or token: the device must join the team again.
    Unauthorized,
    /// This device was removed from the team.
    Revoked,
    /// A frame or blob over the size limit.
    TooLarge,
    /// Too many messages; slow down and retry.
    RateLimited,
    /// A pull for a document the team never stored.
    UnknownDoc,
    /// The invite is unknown, used or expired.
    InviteInvalid,
    /// The setup code is wrong or the relay already has a team.
    SetupInvalid,
    /// Too many wrong codes from this address; wait before trying again.
    TooManyAttempts,
    /// The request is not allowed (e.g. before signing in).
    NotAllowed,
    /// The relay failed; retry later.
    Internal,
    /// The relay is shutting down to restart; reconnect shortly.
    Restarting,
    /// A sequence number the document cannot have: a snapshot covering changes the relay does
    /// not hold, or a number above 2^63−1.
    BadSequence,
    /// The team has as many documents as the relay allows; a new one is refused.
    TooManyDocs,
    /// This device opened more connections than the relay allows; its oldest was closed.
    TooManyConnections,
    /// The relay's disk is nearly full; it stores nothing more until space is freed.
    DiskFull,
    /// The team stored as much as the relay allows it.
    TeamQuota,
    /// This device stored as much as the relay allows one device.
    DeviceQuota,
    /// Only an admin may do this (invite, remove a device, change a role).
    NotAdmin,
    /// The team's last admin cannot be removed or made a member.
    LastAdmin,
    /// A push sealed under a team key epoch older than the team's newest: fetch the new key
    /// (or, if none comes, this device was left out of the rotation) and seal again.
    StaleEpoch,
    /// A key rotation for an epoch that already exists or skips one: another admin rotated
    /// first; fetch the keys and rotate again only if still needed.
    EpochConflict,
}

impl ErrorCode {
    // New codes go at the end, so the bytes of existing ones never change.
    pub(crate) const ALL: [Self; 22] = [
        Self::BadFrame,
        Self::Unauthorized,
        Self::Revoked,
        Self::TooLarge,
        Self::RateLimited,
        Self::UnknownDoc,
        Self::InviteInvalid,
        Self::SetupInvalid,
        Self::TooManyAttempts,
        Self::NotAllowed,
        Self::Internal,
        Self::Restarting,
        Self::BadSequence,
        Self::TooManyDocs,
        Self::TooManyConnections,
        Self::DiskFull,
        Self::TeamQuota,
        Self::DeviceQuota,
        Self::NotAdmin,
        Self::LastAdmin,
        Self::StaleEpoch,
        Self::EpochConflict,
    ];

    pub(super) fn byte(self) -> u8 {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0) as u8 + 1
    }

    pub(super) fn from_byte(b: u8) -> Result<Self, FrameError> {
        Self::ALL
            .get(usize::from(b).wrapping_sub(1))
            .copied()
            .ok_or(FrameError::BadValue("error code"))
    }

    /// Whether reconnecting could help; false means a person has to act.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::RateLimited
                | Self::Internal
                | Self::TooManyAttempts
                | Self::Restarting
                | Self::TooManyConnections
        )
    }
}
