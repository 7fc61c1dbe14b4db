//! What can go wrong when someone acts on the app's data, worded for the person at the tablet.

use crate::repo::SaveError;
use crate::storage::{SettingsError, StorageError};
use crate::sync::LeaveError;
use crate::sync::team::TeamError;

/// Occurs when an action on this device's data or team cannot be done; each message says
/// what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Occurs when a screen acts before storage has opened.
    #[error("Rapport is still opening its data; try again in a moment.")]
    Opening,
    /// Occurs when a save is asked for before storage has opened.
    #[error("Rapport is still opening its data; wait a moment, then save again.")]
    OpeningBeforeSave,
    /// Occurs when a record could not be stored; the form keeps what was typed.
    #[error("Not saved: {0}. Your entry is still on screen; try again.")]
    NotSaved(SaveError),
    /// Occurs when sample data is asked for on a tablet in a team.
    #[error(
        "This tablet is in a team. Sample data would reach every teammate, so it can only be loaded on a tablet outside a team."
    )]
    SampleInTeam,
    /// Occurs when sample data is asked for on a device that already holds partners.
    #[error("This device already has partners. Sample data only goes into an empty Rapport.")]
    SampleOverData,
    /// Occurs when the generated sample agency could not be stored.
    #[error("Sample data could not be saved: {0}")]
    SampleNotSaved(SaveError),
    /// Occurs when a tablet holding the sample agency tries to join or create a team.
    #[error(
        "This tablet holds the sample agency. Remove it in Settings before joining a team, so made-up data never reaches your real team."
    )]
    SampleInRealTeam,
    /// Occurs when clearing the device would lose changes not yet sent to the team.
    #[error(
        "{} have not reached the team yet; clearing now would lose them. Connect and wait until the status says Synced.",
        crate::format::count(*.0, "change", "changes")
    )]
    UnsyncedClear(usize),
    /// Occurs when leaving the team would lose changes not yet sent to it.
    #[error(
        "{} on this tablet have not reached the team yet. Connect to the internet and wait until the status says Synced, then leave.",
        crate::format::count(*.0, "change", "changes")
    )]
    UnsyncedLeave(usize),
    /// Occurs when leaving is asked for on a tablet outside any team.
    #[error("This tablet is not in a team.")]
    NotInTeam,
    /// Occurs when a backup is restored on a tablet whose team's relay already holds its data.
    #[error(
        "This tablet is in a team: its data comes back from the relay when it joins. Restore a backup only on a tablet outside a team."
    )]
    RestoreInTeam,
    /// Occurs when a backup is restored over data already on the tablet.
    #[error(
        "This tablet already holds data. A backup is restored only into an empty Rapport: make a backup of what is here, remove it in Settings › Data, then restore."
    )]
    RestoreOverData,
    /// Occurs when a backup names a document this version of Rapport does not know.
    #[error(
        "The backup holds “{0}”, which this version of Rapport cannot restore; update Rapport, then restore again. Nothing was changed."
    )]
    BackupEntry(String),
    #[error("The backup did not go through: {0}.")]
    Backup(#[from] shared::backup::BackupError),
    /// Occurs when an import's records could not be stored; what was written stays undoable.
    #[error(
        "The import stopped: {0}. Records written before the problem are listed under Past imports, where you can undo them; free some space or reload Rapport, then import the file again."
    )]
    ImportNotSaved(SaveError),
    /// Occurs when undoing an import could not be stored.
    #[error("The import was not undone: {0}. Nothing was removed; reload Rapport and try again.")]
    UndoNotSaved(SaveError),
    #[error(transparent)]
    Team(#[from] TeamError),
    #[error(transparent)]
    Leave(#[from] LeaveError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
}
