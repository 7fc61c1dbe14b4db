//! Small building blocks shared by the screens.

pub mod conflicts;
pub mod device_status;
pub mod fields;
pub mod install;
pub mod lists;
pub mod quick_log;
pub mod status;
pub mod sync_badge;

pub use conflicts::EditedOnTwoTablets;
pub use device_status::DeviceStatus;
pub use fields::{
    CodeSelect, ErrorSummary, FieldFrame, FilterSelect, Select, TextArea, TextField, described_by,
};
pub use install::InstallAction;
pub use lists::{ListCount, ShowMore};
pub use quick_log::QuickLog;
pub use status::{CadenceBadge, StatusBadge};
pub use sync_badge::SyncBadge;
