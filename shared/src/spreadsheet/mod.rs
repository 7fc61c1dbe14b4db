//! The agency's spreadsheets in and out (issue 14): CSV exports that Excel and LibreOffice
//! open cleanly and that cannot carry a formula, and imports of partners and contacts that are
//! validated row by row and checked for duplicates before anything is written.

mod columns;
mod export;
mod import;
mod text;
mod undo;

pub use columns::{Column, columns_set_twice, parse_kind, parse_role, parse_tier, suggest_columns};
pub use export::{
    Participants, contacts_csv, events_csv, gifts_csv, partners_csv, referrals_csv, touchpoints_csv,
};
pub use import::{
    Choices, DuplicateOf, ImportPlan, Resolution, RowDuplicate, RowProblem, Subject, plan_import,
};
pub use text::{MAX_ROWS, Table, decode, delimiter, neutralise, read_table, write_table};
pub use undo::{UndoPlan, plan_undo};

/// Occurs when a file cannot be read as a spreadsheet export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpreadsheetError {
    #[error(
        "the file is empty or has no header row; export the sheet again with its column names in the first row"
    )]
    Empty,
    #[error(
        "line {line} of the file could not be read ({reason}); check it in the spreadsheet and export again as CSV"
    )]
    Unreadable { line: u64, reason: String },
    #[error("the file has more than {max} rows; split it into smaller files")]
    TooManyRows { max: usize },
}

#[cfg(test)]
mod tests;
