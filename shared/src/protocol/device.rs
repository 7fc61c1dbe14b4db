//! Devices as the relay lists them, and what each may do in its team.

use super::DeviceId;
use super::codec::FrameError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: DeviceId,
    /// The device's name sealed with the team key; devices open it to show it.
    pub name: Vec<u8>,
    /// Unix milliseconds of the device's last sync; 0 if never.
    pub last_sync_ms: u64,
    pub revoked: bool,
    /// The device asking.
    pub is_you: bool,
    pub role: Role,
}

/// What a device may do in its team. Every device syncs; only admins invite, remove devices and
/// change roles, so one member cannot lock the team out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Member,
    /// The team's creator is the first admin; admins can make others admins.
    Admin,
}

impl Role {
    pub(super) fn byte(self) -> u8 {
        match self {
            Self::Member => 0,
            Self::Admin => 1,
        }
    }
    pub(super) fn from_byte(b: u8) -> Result<Self, FrameError> {
        match b {
            0 => Ok(Self::Member),
            1 => Ok(Self::Admin),
            _ => Err(FrameError::BadValue("role")),
        }
    }
}
