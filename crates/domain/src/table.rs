//! Reading a spreadsheet saved as CSV, the way people actually save them:
//! UTF-8 with or without a byte-order mark, UTF-16 ("Unicode text"), or
//! Windows-1252 (Excel's default in Sweden); separated by semicolons (Excel
//! with a Swedish locale), commas or tabs. Columns are found by their header,
//! in Swedish or English, in any order. Cell values are checked by the
//! caller, which reports problems by row and column.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::collections::HashMap;

/// Largest file accepted.
pub const MAX_TABLE_BYTES: usize = 1024 * 1024;
/// Most rows accepted (after the header).
pub const MAX_TABLE_ROWS: usize = 5_000;

/// A column the caller knows: its key and the header names it goes by.
pub struct Column {
    pub key: &'static str,
    /// Header names, compared case-insensitively after trimming.
    pub names: &'static [&'static str],
    pub required: bool,
}

/// Why a file could not be read at all. Each carries a message key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {MAX_TABLE_BYTES} bytes")]
    TooLarge,
    #[error("more than {MAX_TABLE_ROWS} rows")]
    TooManyRows,
    #[error("row {row}: {message}")]
    Malformed { row: usize, message: String },
    #[error("column {0} is missing")]
    MissingColumn(&'static str),
    #[error("column {0:?} is not one we know")]
    UnknownColumn(String),
    #[error("column {0:?} appears twice")]
    DuplicateColumn(String),
}

impl TableError {
    /// The message key in the catalogues (arguments: row, column, message).
    pub fn key(&self) -> &'static str {
        match self {
            TableError::Empty => "error-table-empty",
            TableError::TooLarge => "error-table-too-large",
            TableError::TooManyRows => "error-table-too-many-rows",
            TableError::Malformed { .. } => "error-table-malformed",
            TableError::MissingColumn(_) => "error-table-missing-column",
            TableError::UnknownColumn(_) => "error-table-unknown-column",
            TableError::DuplicateColumn(_) => "error-table-duplicate-column",
        }
    }
}

/// One data row: its number as a spreadsheet shows it (the header is row 1)
/// and its cells by column key (absent optional columns are empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// The trimmed cell of a column, or "", without the quote [`cell`]
    /// puts before text a spreadsheet would take for a formula.
    pub fn get(&self, key: &str) -> &str {
        let v = self.cells.get(key).map(|s| s.trim()).unwrap_or("");
        match v.strip_prefix('\'') {
            Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
            _ => v,
        }
    }
}

/// What a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell for a CSV file that people open in Excel: text that starts like a
/// formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a name someone typed
/// cannot run as a formula on a colleague's computer. [`Row::get`] takes it
/// off again on import.
pub fn cell(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A file read into rows, with what it was found to be.
#[derive(Debug)]
pub struct Table {
    /// The encoding the file was read as ("UTF-8", "windows-1252", "UTF-16LE"…).
    pub encoding: &'static str,
    pub delimiter: char,
    /// The header name each column key was found under, for messages.
    pub headers: HashMap<&'static str, String>,
    pub rows: Vec<Row>,
}

/// Decode bytes: a byte-order mark wins; otherwise UTF-8 if the bytes are
/// valid UTF-8, else Windows-1252 (which every byte sequence is).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), UTF_8.name()),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), WINDOWS_1252.name())
        }
    }
}

/// The separator used in the header line: the most frequent of `;`, `,`
/// and tab outside quotes (semicolon on a tie, as Swedish Excel writes).
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|c| c.1)
        .map(|c| c.0)
        .unwrap_or(b';')
}

/// Line numbers of byte offsets, counted forward once. The csv crate puts a
/// record's position just after the previous line break, before any blank
/// lines, so those are stepped over first.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line a record at `p` starts on (offsets only grow).
    fn row_at(&mut self, p: Option<&csv::Position>) -> usize {
        let mut start = p.map_or(self.at, |p| usize::try_from(p.byte()).unwrap_or(self.at));
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let end = start.min(self.text.len()).max(self.at);
        // A line ends in LF, CRLF or — as Excel for Mac's "CSV (Macintosh)"
        // writes — a lone CR.
        self.line += (self.at..end)
            .filter(|&i| match self.text[i] {
                b'\n' => true,
                b'\r' => self.text.get(i + 1) != Some(&b'\n'),
                _ => false,
            })
            .count();
        self.at = end;
        self.line
    }
}

fn normalise(header: &str) -> String {
    header.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// Read `bytes` as a table with the given columns.
pub fn read_table(bytes: &[u8], columns: &[Column]) -> Result<Table, TableError> {
    if bytes.len() > MAX_TABLE_BYTES {
        return Err(TableError::TooLarge);
    }
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(TableError::Empty);
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(TableError::Malformed {
                row: 1,
                message: e.to_string(),
            })
        }
        None => return Err(TableError::Empty),
    };
    // Which column key sits at each position.
    let mut keys: Vec<Option<&'static str>> = Vec::new();
    let mut headers: HashMap<&'static str, String> = HashMap::new();
    for raw in header.iter() {
        let name = normalise(raw);
        if name.is_empty() {
            keys.push(None);
            continue;
        }
        let Some(col) = columns.iter().find(|c| c.names.contains(&name.as_str())) else {
            return Err(TableError::UnknownColumn(raw.trim().to_owned()));
        };
        if headers.insert(col.key, raw.trim().to_owned()).is_some() {
            return Err(TableError::DuplicateColumn(raw.trim().to_owned()));
        }
        keys.push(Some(col.key));
    }
    if let Some(missing) = columns
        .iter()
        .find(|c| c.required && !headers.contains_key(c.key))
    {
        return Err(TableError::MissingColumn(missing.names[0]));
    }
    // Row numbers as a spreadsheet shows them: the line a record starts on
    // (blank lines are rows too), less the line breaks inside quoted cells
    // before it (a cell with a line break is still one row).
    let breaks = |r: &csv::StringRecord| r.iter().map(|c| c.matches('\n').count()).sum::<usize>();
    let mut lines = LineCounter::new(text.as_bytes());
    let mut extra = breaks(&header);
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                return Err(TableError::Malformed {
                    row: lines.row_at(e.position()).saturating_sub(extra),
                    message: e.to_string(),
                })
            }
        };
        let number = lines.row_at(record.position()).saturating_sub(extra);
        extra += breaks(&record);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > keys.len() && record.iter().skip(keys.len()).any(|c| !c.trim().is_empty())
        {
            return Err(TableError::Malformed {
                row: number,
                message: format!("{} cells, the header has {}", record.len(), keys.len()),
            });
        }
        if rows.len() == MAX_TABLE_ROWS {
            return Err(TableError::TooManyRows);
        }
        let cells = keys
            .iter()
            .zip(record.iter())
            .filter_map(|(k, v)| k.map(|k| (k, v.to_owned())))
            .collect();
        rows.push(Row { number, cells });
    }
    Ok(Table {
        encoding,
        delimiter: char::from(delimiter),
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            key: "name",
            names: &["namn", "name"],
            required: true,
        },
        Column {
            key: "unit",
            names: &["enhet", "unit"],
            required: false,
        },
    ];

    #[test]
    fn windows_1252_with_semicolons_from_excel() {
        // "Namn;Enhet\r\nRöntgen;Bild och funktion\r\n" as Excel saves it.
        let bytes = b"Namn;Enhet\r\nR\xf6ntgen;Bild och funktion\r\n\r\n";
        let t = read_table(bytes, COLUMNS).expect("reads");
        assert_eq!(t.encoding, "windows-1252");
        assert_eq!(t.delimiter, ';');
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[0].get("name"), "Röntgen");
        assert_eq!(t.headers["unit"], "Enhet");
    }

    #[test]
    fn utf8_bom_commas_quotes_and_any_order() {
        let bytes = "\u{feff}unit,NAME\n\"Vård, Älvdal\",\"Säg \"\"hej\"\"\"\n".as_bytes();
        let t = read_table(bytes, COLUMNS).expect("reads");
        assert_eq!(t.encoding, "UTF-8");
        assert_eq!(t.rows[0].get("unit"), "Vård, Älvdal");
        assert_eq!(t.rows[0].get("name"), "Säg \"hej\"");
    }

    #[test]
    fn utf16_from_unicode_text() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "name\tunit\nÅsa\tX\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = read_table(&bytes, COLUMNS).expect("reads");
        assert_eq!(t.encoding, "UTF-16LE");
        assert_eq!(t.rows[0].get("name"), "Åsa");
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let t = read_table(b"namn;enhet\n\nx;y\n\"a\nb\";c\nz;w\n", COLUMNS).expect("reads");
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 4, 5]);
        assert_eq!(t.rows[1].get("name"), "a\nb");
    }

    #[test]
    fn rows_are_numbered_whatever_ends_the_lines() {
        for text in [
            &b"namn;enhet\rx;y\r\rz;w\r"[..],
            b"namn;enhet\r\nx;y\r\n\r\nz;w\r\n",
        ] {
            let t = read_table(text, COLUMNS).expect("reads");
            let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
            assert_eq!(numbers, [2, 4], "{text:?}");
        }
    }

    #[test]
    fn formulas_are_defused_and_read_back() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("Röntgen"), "Röntgen");
        let t = read_table("namn\n'=1+1\n'vanlig\n".as_bytes(), COLUMNS).expect("reads");
        assert_eq!(t.rows[0].get("name"), "=1+1");
        assert_eq!(t.rows[1].get("name"), "'vanlig");
    }

    #[test]
    fn header_problems_are_named() {
        assert_eq!(
            read_table(b"enhet\nx\n", COLUMNS).unwrap_err(),
            TableError::MissingColumn("namn")
        );
        assert_eq!(
            read_table(b"namn;farg\nx;y\n", COLUMNS).unwrap_err(),
            TableError::UnknownColumn("farg".into())
        );
        assert_eq!(
            read_table(b"namn;Name\nx;y\n", COLUMNS).unwrap_err(),
            TableError::DuplicateColumn("Name".into())
        );
        assert_eq!(read_table(b"  \n", COLUMNS).unwrap_err(), TableError::Empty);
        assert!(matches!(
            read_table(b"namn;enhet\na;b;c\n", COLUMNS).unwrap_err(),
            TableError::Malformed { row: 2, .. }
        ));
    }
}
