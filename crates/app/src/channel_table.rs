//! The channel inventory as a spreadsheet, read: every row of an imported
//! table is checked first — every problem named by row and column —, then
//! shown as what saving would change (each row added, changed — which
//! fields, old and new — or unchanged), and only when the person confirms
//! that preview are all rows saved in one transaction (a file with one bad
//! row saves nothing; an inventory changed since the preview saves nothing
//! and is previewed again). A row whose address is already in the inventory
//! updates that channel; a column the file lacks keeps what the channel has.

use crate::{require, App, Result};
use lykta_domain::table::{Column, Row, Table};
use lykta_domain::{
    optional_text, parse_date, required_text, stockholm_instant, Action, Actor, ChannelStatus,
    Language, Platform, Target,
};
use lykta_domain::{UnitId, UserId};
use lykta_i18n::Catalogues;
use lykta_store::{Channel, ChannelInput, ImportOutcome, ImportedChannel, StoreError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The columns: Swedish header first, English second (what an export
/// writes in each language), then other names people use.
pub const COLUMNS: &[Column] = &[
    col("platform", &["plattform", "platform"], true),
    col("name", &["namn", "name", "konto", "account"], true),
    col("url", &["adress", "url", "address", "länk", "link"], true),
    col("unit", &["enhet", "unit"], false),
    col(
        "owners",
        &["ansvariga", "owners", "responsible", "ansvarig"],
        false,
    ),
    col("purpose", &["syfte", "purpose"], false),
    col("goal", &["mål", "goal"], false),
    col("audience", &["målgrupp", "audience"], false),
    col("cadence", &["tänkt takt", "cadence", "takt"], false),
    col("status", &["läge", "status"], false),
    col("created", &["startad", "created", "skapad"], false),
    col(
        "last_activity",
        &["senaste aktivitet", "last activity", "last_activity"],
        false,
    ),
    col(
        "guidelines",
        &["riktlinjer kvitterade", "guidelines acknowledged"],
        false,
    ),
];

const fn col(key: &'static str, names: &'static [&'static str], required: bool) -> Column {
    Column {
        key,
        names,
        required,
    }
}

/// What became of an import.
pub enum Imported {
    /// Every row is good; nothing is saved until the person confirms this.
    Preview(Preview),
    /// Saved, exactly as previewed.
    Saved(ImportOutcome),
    /// The inventory changed since the preview: nothing was saved; this is
    /// what saving would change now.
    Changed(Preview),
    /// Nothing was saved: the problems (each row's, in order; at most
    /// [`SHOWN_PROBLEMS`]) and how many more there were.
    Refused { problems: Vec<Problem>, more: usize },
}

/// Most problems listed; the rest are counted.
pub const SHOWN_PROBLEMS: usize = 100;

/// A problem with one cell: the spreadsheet's row, the column's header as
/// the file has it, a message key and its detail (the offending value).
#[derive(Debug, serde::Serialize)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub key: &'static str,
    pub value: String,
}

/// What saving a checked file would change, row by row, and a digest of
/// it (with the versions it was read at) that the confirmation must match.
#[derive(Debug, serde::Serialize)]
pub struct Preview {
    pub rows: Vec<RowPreview>,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub digest: String,
}

/// One row of the file: `kind` is `added`, `changed` or `unchanged`;
/// `changes` the fields it sets (for an added channel: every field given).
#[derive(Debug, serde::Serialize)]
pub struct RowPreview {
    pub row: usize,
    pub url: String,
    pub name: String,
    pub kind: &'static str,
    pub changes: Vec<FieldChange>,
}

/// One field of a row: its column as the file names it, the value before
/// and after (message keys when `keyed`: platforms and statuses).
#[derive(Debug, serde::Serialize)]
pub struct FieldChange {
    pub column: String,
    pub old: String,
    pub new: String,
    pub keyed: bool,
}

/// A platform named the way a person wrote it (its key, or its name in
/// either language, in any case), if it is one we know.
pub fn platform_named(cat: &Catalogues, text: &str) -> Option<Platform> {
    let wanted = text.trim().to_lowercase();
    if wanted == "twitter" {
        return Some(Platform::X);
    }
    Platform::ALL.iter().copied().find(|p| {
        p.as_str() == wanted
            || [Language::Sv, Language::En].iter().any(|l| {
                cat.get(*l, &format!("platform-{}", p.as_str()), &[])
                    .to_lowercase()
                    == wanted
            })
    })
}

/// Everything an import needs to look values up.
struct Lookup {
    /// The inventory by address.
    channels: HashMap<String, Channel>,
    units: HashMap<String, UnitId>,
    unit_names: HashMap<UnitId, String>,
    people: HashMap<String, UserId>,
    emails: HashMap<UserId, String>,
    /// Status names in both languages, lowercased.
    statuses: HashMap<String, ChannelStatus>,
}

impl Lookup {
    async fn load(store: &lykta_store::Store, cat: &Catalogues) -> Result<Lookup> {
        let mut statuses = HashMap::new();
        for st in ChannelStatus::ALL {
            let st = *st;
            statuses.insert(st.as_str().to_owned(), st);
            for lang in [Language::Sv, Language::En] {
                let name = cat.get(lang, &format!("channel-status-{}", st.as_str()), &[]);
                statuses.insert(name.to_lowercase(), st);
            }
        }
        let units = store.units().await?;
        let users = store.users().await?;
        Ok(Lookup {
            channels: store
                .channels(&[])
                .await?
                .into_iter()
                .map(|c| (c.url.clone(), c))
                .collect(),
            units: units
                .iter()
                .flat_map(|u| [(u.name.to_lowercase(), u.id), (u.slug.to_string(), u.id)])
                .collect(),
            unit_names: units.into_iter().map(|u| (u.id, u.name)).collect(),
            people: users
                .iter()
                .map(|u| (u.email.to_lowercase(), u.id))
                .collect(),
            emails: users.into_iter().map(|u| (u.id, u.email)).collect(),
            statuses,
        })
    }
}

/// A row's values, owned, once every cell has been checked.
struct Checked {
    platform: Platform,
    name: String,
    url: String,
    unit_id: Option<UnitId>,
    owners: Vec<UserId>,
    purpose: String,
    goal: String,
    audience: String,
    cadence: String,
    status: ChannelStatus,
    created_at: Option<i64>,
    last_activity_at: Option<i64>,
}

/// Check one row. A row whose address is already in the inventory updates
/// that channel: a column the file does not have (and an empty status)
/// keeps what the channel has; a new channel needs its owners.
fn check_row(
    cat: &Catalogues,
    row: &Row,
    headers: &HashMap<&'static str, String>,
    l: &Lookup,
    problems: &mut Vec<Problem>,
) -> Option<Checked> {
    let before = problems.len();
    let mut bad = |key: &'static str, error: &'static str, value: &str| {
        let column = headers.get(key).cloned().unwrap_or_else(|| {
            let names = COLUMNS.iter().find(|c| c.key == key).map(|c| c.names);
            names.map_or(key, |n| n[0]).to_owned()
        });
        problems.push(Problem {
            row: row.number,
            column,
            key: error,
            value: value.chars().take(80).collect(),
        });
    };
    let has = |key: &str| headers.contains_key(key);
    let platform = platform_named(cat, row.get("platform"));
    if platform.is_none() {
        bad("platform", "error-import-platform", row.get("platform"));
    }
    let name = required_text(row.get("name"), 200)
        .map_err(|e| bad("name", e.key, row.get("name")))
        .ok();
    let url = match url::Url::parse(row.get("url")) {
        Ok(u) if matches!(u.scheme(), "https" | "http") => Some(u.to_string()),
        _ => {
            bad("url", "error-channel-url", row.get("url"));
            None
        }
    };
    let existing = url.as_ref().and_then(|u| l.channels.get(u));
    let unit_id = match row.get("unit") {
        _ if !has("unit") => existing.and_then(|c| c.unit_id),
        "" => None,
        u => {
            let id = l.units.get(&u.to_lowercase()).copied();
            if id.is_none() {
                bad("unit", "error-import-unit", u);
            }
            id
        }
    };
    let mut owners = Vec::new();
    let mut unknown_owner = false;
    for address in row
        .get("owners")
        .split([',', ';', ' ', '\n'])
        .filter(|a| !a.is_empty())
    {
        match l.people.get(&address.to_lowercase()) {
            Some(id) if !owners.contains(id) => owners.push(*id),
            Some(_) => {}
            None => {
                unknown_owner = true;
                bad("owners", "error-import-person", address)
            }
        }
    }
    match existing {
        Some(c) if !has("owners") => owners = c.owners.iter().map(|o| o.user_id).collect(),
        _ if owners.is_empty() && !unknown_owner => bad("owners", "error-channel-owner", ""),
        _ => {}
    }
    let mut text = |key: &'static str, kept: fn(&Channel) -> &String| match existing {
        Some(c) if !has(key) => kept(c).clone(),
        _ => optional_text(row.get(key), 1000)
            .map_err(|e| bad(key, e.key, ""))
            .unwrap_or_default(),
    };
    let (purpose, goal, audience, cadence) = (
        text("purpose", |c| &c.purpose),
        text("goal", |c| &c.goal),
        text("audience", |c| &c.audience),
        text("cadence", |c| &c.cadence),
    );
    let status = match row.get("status") {
        "" => Some(existing.map_or(ChannelStatus::Active, |c| c.status)),
        s => {
            let st = l.statuses.get(&s.to_lowercase()).copied();
            if st.is_none() {
                bad("status", "error-import-status", s);
            }
            st
        }
    };
    let mut date = |key: &'static str| match row.get(key) {
        "" => None,
        d => match parse_date(d) {
            Ok(day) => Some(stockholm_instant(day, 12, 0)),
            Err(_) => {
                bad(key, "error-import-date", d);
                None
            }
        },
    };
    // The spreadsheet shows days: a date the channel already has keeps its
    // time of day, so a file exported and read in again changes nothing.
    let same_day = |new: Option<i64>, old: Option<i64>| match (new, old) {
        (Some(n), Some(o))
            if lykta_domain::stockholm_date(n) == lykta_domain::stockholm_date(o) =>
        {
            Some(o)
        }
        _ => new,
    };
    let created_at = same_day(date("created"), existing.map(|c| c.created_at));
    let last_activity_at = match existing {
        Some(c) if !has("last_activity") => c.last_activity_at,
        _ => same_day(
            date("last_activity"),
            existing.and_then(|c| c.last_activity_at),
        ),
    };
    if problems.len() > before {
        return None;
    }
    Some(Checked {
        platform: platform?,
        name: name?,
        url: url?,
        unit_id,
        owners,
        purpose,
        goal,
        audience,
        cadence,
        status: status?,
        created_at,
        last_activity_at,
    })
}

/// What saving `k` would change on the channel `was` (none: a new one).
fn row_preview(
    k: &Checked,
    was: Option<&Channel>,
    row: usize,
    headers: &HashMap<&'static str, String>,
    l: &Lookup,
) -> RowPreview {
    let day = |t: Option<i64>| {
        t.map(|t| lykta_domain::iso_date(lykta_domain::stockholm_date(t)))
            .unwrap_or_default()
    };
    let unit = |u: Option<UnitId>| u.and_then(|u| l.unit_names.get(&u).cloned());
    let people = |ids: &[UserId]| {
        let mut emails: Vec<String> = ids
            .iter()
            .filter_map(|i| l.emails.get(i).cloned())
            .collect();
        emails.sort();
        emails.join(", ")
    };
    let old_owners: Vec<UserId> =
        was.map_or(Vec::new(), |c| c.owners.iter().map(|o| o.user_id).collect());
    let key = |prefix: &str, v: &str| format!("{prefix}-{v}");
    // (column, old, new, keyed), old empty for a new channel.
    let fields = [
        (
            "platform",
            was.map(|c| key("platform", c.platform.as_str())),
            key("platform", k.platform.as_str()),
            true,
        ),
        ("name", was.map(|c| c.name.clone()), k.name.clone(), false),
        (
            "unit",
            was.map(|c| unit(c.unit_id).unwrap_or_default()),
            unit(k.unit_id).unwrap_or_default(),
            false,
        ),
        (
            "owners",
            was.map(|_| people(&old_owners)),
            people(&k.owners),
            false,
        ),
        (
            "purpose",
            was.map(|c| c.purpose.clone()),
            k.purpose.clone(),
            false,
        ),
        ("goal", was.map(|c| c.goal.clone()), k.goal.clone(), false),
        (
            "audience",
            was.map(|c| c.audience.clone()),
            k.audience.clone(),
            false,
        ),
        (
            "cadence",
            was.map(|c| c.cadence.clone()),
            k.cadence.clone(),
            false,
        ),
        (
            "status",
            was.map(|c| key("channel-status", c.status.as_str())),
            key("channel-status", k.status.as_str()),
            true,
        ),
        (
            "created",
            was.map(|c| day(Some(c.created_at))),
            day(k.created_at.or(was.map(|c| c.created_at))),
            false,
        ),
        (
            "last_activity",
            was.map(|c| day(c.last_activity_at)),
            day(k.last_activity_at),
            false,
        ),
    ];
    let changes: Vec<FieldChange> = fields
        .into_iter()
        .filter(|(_, old, new, _)| match old {
            Some(old) => old != new,
            None => !new.is_empty(),
        })
        .map(|(column, old, new, keyed)| FieldChange {
            column: headers.get(column).cloned().unwrap_or_else(|| {
                let names = COLUMNS.iter().find(|c| c.key == column).map(|c| c.names);
                names.map_or(column, |n| n[0]).to_owned()
            }),
            old: old.unwrap_or_default(),
            new,
            keyed,
        })
        .collect();
    // Dates are compared as days (what the file can say); a row the store
    // would find unchanged shows no change.
    let kind = match (was, changes.is_empty()) {
        (None, _) => "added",
        (Some(_), true) => "unchanged",
        (Some(_), false) => "changed",
    };
    RowPreview {
        row,
        url: k.url.clone(),
        name: k.name.clone(),
        kind,
        changes,
    }
}

/// A file checked whole: its good rows with what they would change, or
/// its problems.
enum Checks {
    Good(Vec<Checked>, Preview),
    Refused(Vec<Problem>),
}

fn check_table(cat: &Catalogues, table: &Table, lookup: &Lookup) -> Checks {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let Some(c) = check_row(cat, row, &table.headers, lookup, &mut problems) else {
            continue;
        };
        if let Some(first) = seen.insert(c.url.clone(), row.number) {
            problems.push(Problem {
                row: row.number,
                column: table.headers["url"].clone(),
                key: "error-import-duplicate-url",
                value: first.to_string(),
            });
            continue;
        }
        rows.push((row.number, c));
    }
    if !problems.is_empty() || rows.is_empty() {
        return Checks::Refused(problems);
    }
    // The digest covers every value to be saved and the version of each
    // channel it was compared with: the same file against an unchanged
    // inventory gives the same digest.
    let mut digest = Sha256::new();
    let mut previews = Vec::new();
    for (number, c) in &rows {
        let was = lookup.channels.get(&c.url);
        let p = row_preview(c, was, *number, &table.headers, lookup);
        let version = was.map_or(0, |c| c.version);
        digest.update(format!(
            "{number}\u{1f}{}\u{1f}{version}\u{1f}{}\u{1e}",
            c.url, p.kind
        ));
        for f in &p.changes {
            digest.update(format!("{}\u{1f}{}\u{1f}{}\u{1e}", f.column, f.old, f.new));
        }
        previews.push(p);
    }
    let count = |kind: &str| previews.iter().filter(|p| p.kind == kind).count();
    let preview = Preview {
        added: count("added"),
        changed: count("changed"),
        unchanged: count("unchanged"),
        rows: previews,
        digest: hex::encode(digest.finalize()),
    };
    Checks::Good(rows.into_iter().map(|(_, c)| c).collect(), preview)
}

impl App {
    /// Check every row of `table` and show what saving it would change;
    /// nothing is saved.
    pub async fn preview_channel_table(&self, actor: &Actor, table: &Table) -> Result<Imported> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let lookup = Lookup::load(&self.store, &self.notify.cat).await?;
        Ok(match check_table(&self.notify.cat, table, &lookup) {
            Checks::Good(_, preview) => Imported::Preview(preview),
            Checks::Refused(problems) => refused(problems),
        })
    }

    /// Save `table` as the person saw it previewed (`previewed`: the
    /// preview's digest), all rows in one transaction. If the inventory
    /// changed since, nothing is saved and the new preview is returned.
    pub async fn import_channel_table(
        &self,
        actor: &Actor,
        table: &Table,
        previewed: &str,
    ) -> Result<Imported> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let cat = &self.notify.cat;
        let lookup = Lookup::load(&self.store, cat).await?;
        let (rows, preview) = match check_table(cat, table, &lookup) {
            Checks::Good(rows, preview) => (rows, preview),
            Checks::Refused(problems) => return Ok(refused(problems)),
        };
        if preview.digest != previewed {
            return Ok(Imported::Changed(preview));
        }
        let imported: Vec<ImportedChannel> = rows
            .iter()
            .map(|c| ImportedChannel {
                input: ChannelInput {
                    platform: c.platform,
                    name: &c.name,
                    url: &c.url,
                    unit_id: c.unit_id,
                    purpose: &c.purpose,
                    goal: &c.goal,
                    audience: &c.audience,
                    cadence: &c.cadence,
                    owner_ids: &c.owners,
                    last_activity_at: c.last_activity_at,
                },
                status: c.status,
                created_at: c.created_at,
                read_at: lookup.channels.get(&c.url).map(|c| c.version),
            })
            .collect();
        match self
            .store
            .import_channels(&imported, actor.user_id, self.now())
            .await
        {
            Ok(outcome) => Ok(Imported::Saved(outcome)),
            // Someone changed or added one of the channels while the file
            // was checked: what saving would change now.
            Err(StoreError::StaleVersion { .. } | StoreError::Conflict(_)) => {
                let lookup = Lookup::load(&self.store, cat).await?;
                Ok(match check_table(cat, table, &lookup) {
                    Checks::Good(_, preview) => Imported::Changed(preview),
                    Checks::Refused(problems) => refused(problems),
                })
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A refusal listing at most [`SHOWN_PROBLEMS`] problems.
fn refused(mut problems: Vec<Problem>) -> Imported {
    let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
    problems.truncate(SHOWN_PROBLEMS);
    Imported::Refused { problems, more }
}
