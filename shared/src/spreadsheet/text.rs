//! Bytes to a table and back: the encodings spreadsheets are saved in, the delimiter they use,
//! and the cells a spreadsheet program would run as formulas.

use std::borrow::Cow;

use super::SpreadsheetError;

/// What a spreadsheet export holds: a header row and the rows under it, as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// More rows than any agency's partner list; a bigger file is probably not one.
pub const MAX_ROWS: usize = 20_000;

/// UTF-8 (with or without Excel's byte-order mark), or else Windows-1252, which Excel on
/// Windows writes for "CSV" and in which every byte is a character.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

/// Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five unused bytes keep their code.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Comma, unless the header line has more semicolons (Excel in much of Europe and in some
/// US locales' settings).
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Reads a spreadsheet export. Blank rows are skipped; short rows are padded so every row has
/// a cell per header.
pub fn read_table(bytes: &[u8]) -> Result<Table, SpreadsheetError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(first)) => first.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => {
            return Err(SpreadsheetError::Unreadable { line: line_of(&e), reason: e.to_string() });
        }
        None => return Err(SpreadsheetError::Empty),
    };
    if headers.iter().all(String::is_empty) {
        return Err(SpreadsheetError::Empty);
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| SpreadsheetError::Unreadable {
            line: line_of(&e),
            reason: e.to_string(),
        })?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(SpreadsheetError::TooManyRows { max: MAX_ROWS });
        }
        let mut row: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        row.resize(headers.len().max(row.len()), String::new());
        rows.push(row);
    }
    Ok(Table { headers, rows })
}

fn line_of(error: &csv::Error) -> u64 {
    error.position().map_or(0, csv::Position::line)
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading apostrophe, so an export can never run code (OWASP's
/// advice against CSV injection). Phone numbers written "+1 555…" get one too; Excel hides it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV file Excel and LibreOffice open as UTF-8: byte-order mark, RFC 4180 quoting, CRLF
/// line ends, every cell neutralised.
pub fn write_table(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut out = String::from("\u{FEFF}");
    // Writing to a Vec cannot fail, and every cell is already UTF-8.
    let _ = writer.write_record(headers.iter().map(|h| neutralise(h).into_owned()));
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| neutralise(c).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}
