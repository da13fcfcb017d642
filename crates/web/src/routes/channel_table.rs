//! The channel inventory as a spreadsheet: exported as CSV (UTF-8 with a
//! byte-order mark and semicolons in Swedish, so Excel opens it as it is),
//! and imported from CSV in whatever encoding and separator Excel saved it
//! with. An import is checked whole first — every problem named by row and
//! column — and then saved in one transaction: a file with one bad row saves
//! nothing. Rows whose address is already in the inventory update that
//! channel; the others are added as they stand.
//!
//! Limits: 1 MiB and 5 000 rows per file (`lykta_domain::table`).

use super::staff::{admin_page, require};
use super::{csv_download, CsvFormat};
use crate::error::{AppError, AppResult};
use crate::routes::Routes;
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use lykta_domain::table::{read_table, Column, Row, MAX_TABLE_BYTES};
use lykta_domain::UnitId;
use lykta_domain::UserId;
use lykta_domain::{
    iso_date, optional_text, parse_date, required_text, stockholm_date, stockholm_instant, Action,
    ChannelStatus, Language, Platform, Target,
};
use lykta_store::{Channel, ChannelInput, ImportedChannel, StoreError};
use minijinja::{context, Value};
use std::collections::HashMap;

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/channels.csv", get(export))
        .route(
            "/admin/channels/import",
            get(import_form)
                .post(import)
                .layer(DefaultBodyLimit::max(MAX_TABLE_BYTES + 64 * 1024)),
        )
}

/// The columns: Swedish header first, English second (what an export
/// writes in each language), then other names people use.
const COLUMNS: &[Column] = &[
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

fn header_for(c: &Column, lang: Language) -> &'static str {
    match lang {
        Language::Sv => c.names[0],
        Language::En => c.names[1],
    }
}

/// The inventory as CSV, for those who keep it (it has everyone's e-mail
/// address and who has acknowledged the guidelines).
async fn export(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let lang = state.organisation().await?.default_language;
    let date = |t: Option<i64>| t.map(|t| iso_date(stockholm_date(t))).unwrap_or_default();
    let header: Vec<String> = COLUMNS
        .iter()
        .map(|c| header_for(c, lang).to_owned())
        .collect();
    let mut rows = vec![header];
    for c in state.store.channels(&[]).await? {
        let owners: Vec<&str> = c.owners.iter().map(|o| o.email.as_str()).collect();
        rows.push(vec![
            state.t(lang, &format!("platform-{}", c.platform.as_str())),
            c.name.clone(),
            c.url.clone(),
            c.unit_name.clone().unwrap_or_default(),
            owners.join(", "),
            c.purpose.clone(),
            c.goal.clone(),
            c.audience.clone(),
            c.cadence.clone(),
            state.t(lang, &format!("channel-status-{}", c.status.as_str())),
            date(Some(c.created_at)),
            date(c.last_activity_at),
            c.acknowledged_version()
                .map(|v| v.to_string())
                .unwrap_or_default(),
        ]);
    }
    let format = CsvFormat {
        delimiter: match lang {
            Language::Sv => b';',
            Language::En => b',',
        },
        bom: true,
    };
    let name = format!("{}.csv", state.t(lang, "channels-file-name"));
    csv_download(&name, format, rows)
}

async fn page(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    ctx: Value,
) -> AppResult<Response> {
    let ctx = context! {
        ..ctx,
        ..context! { columns => COLUMNS.iter().map(|c| c.names[0]).collect::<Vec<_>>() }
    };
    admin_page(
        state,
        s,
        status,
        "admin/channel_import.html",
        "channels-import",
        ctx,
    )
    .await
}

async fn import_form(State(state): State<AppState>, Staff(s): Staff) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    page(&state, &s, StatusCode::OK, context! {}).await
}

/// A problem with one cell: the spreadsheet's row, the column's header as
/// the file has it, a message key and its detail (the offending value).
#[derive(serde::Serialize)]
struct Problem {
    row: usize,
    column: String,
    key: &'static str,
    value: String,
}

/// A platform named the way a person wrote it (its key, or its name in
/// either language, in any case), if it is one we know.
pub(super) fn platform_named(state: &AppState, text: &str) -> Option<Platform> {
    let wanted = text.trim().to_lowercase();
    if wanted == "twitter" {
        return Some(Platform::X);
    }
    Platform::ALL.iter().copied().find(|p| {
        p.as_str() == wanted
            || [Language::Sv, Language::En].iter().any(|l| {
                state
                    .t(*l, &format!("platform-{}", p.as_str()))
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
    people: HashMap<String, UserId>,
    /// Status names in both languages, lowercased.
    statuses: HashMap<String, ChannelStatus>,
}

impl Lookup {
    async fn load(state: &AppState) -> AppResult<Lookup> {
        let mut statuses = HashMap::new();
        for st in ChannelStatus::ALL {
            let st = *st;
            statuses.insert(st.as_str().to_owned(), st);
            for lang in [Language::Sv, Language::En] {
                let name = state.t(lang, &format!("channel-status-{}", st.as_str()));
                statuses.insert(name.to_lowercase(), st);
            }
        }
        Ok(Lookup {
            channels: state
                .store
                .channels(&[])
                .await?
                .into_iter()
                .map(|c| (c.url.clone(), c))
                .collect(),
            units: state
                .store
                .units()
                .await?
                .into_iter()
                .flat_map(|u| [(u.name.to_lowercase(), u.id), (u.slug.to_string(), u.id)])
                .collect(),
            people: state
                .store
                .users()
                .await?
                .into_iter()
                .map(|u| (u.email.to_lowercase(), u.id))
                .collect(),
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
    state: &AppState,
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
    let platform = platform_named(state, row.get("platform"));
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
    let created_at = date("created");
    let last_activity_at = match existing {
        Some(c) if !has("last_activity") => c.last_activity_at,
        _ => date("last_activity"),
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

/// Most problems listed on the page; the rest are counted.
const SHOWN_PROBLEMS: usize = 100;

async fn import(
    State(state): State<AppState>,
    Staff(s): Staff,
    mut multipart: Multipart,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::BadRequest("error-upload"))?;
                file = Some(bytes);
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                let ctx = context! { file_error => "error-table-too-large" };
                return page(&state, &s, StatusCode::PAYLOAD_TOO_LARGE, ctx).await;
            }
            Err(_) => return Err(AppError::BadRequest("error-upload")),
        }
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        let ctx = context! { file_error => "error-table-empty" };
        return page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, ctx).await;
    };
    let table = match read_table(&bytes, COLUMNS) {
        Ok(t) => t,
        Err(e) => {
            let detail = match &e {
                lykta_domain::table::TableError::Malformed { row, message } => {
                    context! { row => row, message => message }
                }
                lykta_domain::table::TableError::MissingColumn(c) => context! { column => c },
                lykta_domain::table::TableError::UnknownColumn(c)
                | lykta_domain::table::TableError::DuplicateColumn(c) => {
                    context! { column => c }
                }
                _ => context! {},
            };
            let ctx = context! { file_error => e.key(), detail => detail };
            return page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, ctx).await;
        }
    };
    let lookup = Lookup::load(&state).await?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let Some(c) = check_row(&state, row, &table.headers, &lookup, &mut problems) else {
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
        rows.push(c);
    }
    let read_as = context! {
        encoding => table.encoding,
        delimiter => match table.delimiter { ';' => "semicolon", ',' => "comma", _ => "tab" },
        rows => table.rows.len(),
    };
    if !problems.is_empty() || rows.is_empty() {
        let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
        problems.truncate(SHOWN_PROBLEMS);
        let ctx = context! {
            problems => problems, more => more, read_as => read_as,
            file_error => table.rows.is_empty().then_some("error-table-no-rows"),
        };
        return page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, ctx).await;
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
        })
        .collect();
    match state
        .store
        .import_channels(&imported, s.user.id, state.now())
        .await
    {
        Ok(outcome) => {
            let ctx = context! { outcome => outcome, read_as => read_as };
            page(&state, &s, StatusCode::OK, ctx).await
        }
        // Someone added one of the addresses while the file was checked.
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict("error-channel-url-taken")),
        Err(e) => Err(e.into()),
    }
}
