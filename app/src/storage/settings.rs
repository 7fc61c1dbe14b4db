//! Per-device settings: small, never synced, kept in localStorage. Nothing here is health
//! information; the staff member's name lives in their profile (`profiles`), and is only
//! read from here once, from an earlier version, to prefill the first set-up.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "rapport.device";

/// Occurs when localStorage refuses the settings (blocked site data, or out of space).
#[derive(Debug, thiserror::Error)]
#[error("could not save settings: {0}")]
pub struct SettingsError(#[from] gloo_storage::errors::StorageError);

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceSettings {
    /// Who unlocked this tablet; recorded on each touchpoint. Set from the unlocked profile,
    /// never written to localStorage.
    #[serde(skip_serializing)]
    pub staff_name: String,
    /// How this tablet is named in touchpoints and, later, in the team's device list.
    pub device_name: String,
    /// Set while the device holds the generated sample agency.
    pub sample_data: bool,
    /// Seconds without a touch or key before the tablet locks, overriding the team's policy;
    /// `None` follows the policy. Not on any screen: tests set it low.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_lock_seconds: Option<u32>,
    /// The day this tablet last made a backup file; Settings reminds after 30 days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_backup: Option<chrono::NaiveDate>,
}

impl DeviceSettings {
    /// Reads the settings; unreadable settings fall back to defaults instead of blocking the app.
    pub fn load() -> Self {
        LocalStorage::get(KEY)
            .unwrap_or_else(|_| Self { device_name: "This tablet".into(), ..Self::default() })
    }

    pub fn save(&self) -> Result<(), SettingsError> {
        Ok(LocalStorage::set(KEY, self)?)
    }

    /// The name recorded as "logged by": the staff member, or the device if none is set.
    pub fn logged_by(&self) -> String {
        if self.staff_name.trim().is_empty() {
            self.device_name.clone()
        } else {
            self.staff_name.clone()
        }
    }
}
