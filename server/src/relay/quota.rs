//! Storage quotas and the free-disk check: one device once stored 979 MiB in 31 s, and
//! nothing stopped it before the disk filled and every team's pushes failed.
//!
//! What each device stored is read from the store once (on the first push) and then counted
//! in memory as pushes succeed, so the check costs no query. Concurrent pushes may pass the
//! check together, so a limit can be exceeded by at most one change per open connection.

use std::collections::HashMap;
use std::sync::Mutex;

use shared::protocol::{DeviceId, ErrorCode, TeamId};

use super::Limits;
use super::refusal::Refusal;
use crate::store::{RelayStore, Result};

const MIB: u64 = 1 << 20;

#[derive(Default)]
struct Usage {
    teams: HashMap<TeamId, u64>,
    devices: HashMap<(TeamId, DeviceId), u64>,
}

/// Bytes stored per team and per device, loaded on first use.
#[derive(Default)]
pub struct Storage {
    used: Mutex<Option<Usage>>,
}

impl Storage {
    /// Whether `bytes` more from `device` fit, or why not. Blocking: may read the store and
    /// the disk.
    pub fn check(
        &self,
        store: &dyn RelayStore,
        limits: &Limits,
        team: TeamId,
        device: DeviceId,
        bytes: u64,
    ) -> Result<std::result::Result<(), Refusal>> {
        if let Some(free) = store.free_bytes()
            && free < limits.min_free_disk.saturating_add(bytes)
        {
            tracing::warn!("refusing pushes: {} MiB free on the relay's disk", free / MIB);
            return Ok(Err(Refusal {
                code: ErrorCode::DiskFull,
                message: format!(
                    "the relay's disk is nearly full ({} MiB free); it stores nothing more until \
                     an administrator frees space",
                    free / MIB
                ),
            }));
        }
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        if used.is_none() {
            let mut usage = Usage::default();
            for (team, device, n) in store.usage()? {
                *usage.teams.entry(team).or_default() += n;
                *usage.devices.entry((team, device)).or_default() += n;
            }
            *used = Some(usage);
        }
        let usage = used.as_ref().expect("loaded above");
        let team_used = usage.teams.get(&team).copied().unwrap_or(0);
        if team_used.saturating_add(bytes) > limits.team_quota {
            return Ok(Err(Refusal {
                code: ErrorCode::TeamQuota,
                message: format!(
                    "this team has stored {} MiB on the relay, its limit; ask the relay's \
                     administrator to raise it",
                    team_used / MIB
                ),
            }));
        }
        let device_used = usage.devices.get(&(team, device)).copied().unwrap_or(0);
        if device_used.saturating_add(bytes) > limits.device_quota {
            return Ok(Err(Refusal {
                code: ErrorCode::DeviceQuota,
                message: format!(
                    "this device has stored {} MiB on the relay, the limit for one device; ask \
                     the relay's administrator to raise it",
                    device_used / MIB
                ),
            }));
        }
        Ok(Ok(()))
    }

    /// Counts a blob the store accepted.
    pub fn stored(&self, team: TeamId, device: DeviceId, bytes: u64) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(usage) = used.as_mut() {
            *usage.teams.entry(team).or_default() += bytes;
            *usage.devices.entry((team, device)).or_default() += bytes;
        }
    }
}
