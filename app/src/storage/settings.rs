//! Per-device settings: small, never synced, kept in localStorage.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "rapport.device";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceSettings {
    /// Who is using this tablet; recorded on each touchpoint.
    pub staff_name: String,
    /// How this tablet is named in touchpoints and, later, in the team's device list.
    pub device_name: String,
    /// Set while the device holds the generated sample agency.
    pub sample_data: bool,
}

impl DeviceSettings {
    /// Reads the settings; unreadable settings fall back to defaults instead of blocking the app.
    pub fn load() -> Self {
        LocalStorage::get(KEY)
            .unwrap_or_else(|_| Self { device_name: "This tablet".into(), ..Self::default() })
    }

    pub fn save(&self) -> Result<(), String> {
        LocalStorage::set(KEY, self).map_err(|e| format!("could not save settings: {e}"))
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
