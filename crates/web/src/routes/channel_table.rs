//! The channel inventory as a spreadsheet: exported as CSV (UTF-8 with a
//! byte-order mark and semicolons in Swedish, so Excel opens it as it is),
//! and imported from CSV in whatever encoding and separator Excel saved it
//! with. An upload is checked whole first — every problem named by row and
//! column — and shown as a preview of what saving would change; the
//! preview's "save the changes" sends the file back (base64 in a hidden
//! field of the same multipart form, with the preview's digest) and saves it
//! in one transaction, unless the inventory changed since (409, previewed
//! again). Rows whose address is already in the inventory update that
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
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64;
use base64::Engine as _;
use lykta_app::channel_table::{Imported, COLUMNS};
use lykta_domain::table::{read_table, Column, MAX_TABLE_BYTES};
use lykta_domain::{iso_date, stockholm_date, Action, Language, Target};
use minijinja::{context, Value};

pub fn routes() -> Routes {
    Routes::new()
        .route("/admin/channels.csv", get(export))
        .route(
            "/admin/channels/import",
            get(import_form)
                .post(import)
                // The confirmation carries the file in base64 (4/3 larger).
                .layer(DefaultBodyLimit::max(MAX_TABLE_BYTES / 3 * 4 + 64 * 1024)),
        )
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
    let lang = super::staff::language(&state, &s).await?;
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

/// The fields of the import form: an uploaded file, or (confirming a
/// preview) the file as previewed and the preview's digest.
#[derive(Default)]
struct Upload {
    file: Option<axum::body::Bytes>,
    previewed: Option<String>,
    digest: Option<String>,
}

async fn import(
    State(state): State<AppState>,
    Staff(s): Staff,
    mut multipart: Multipart,
) -> AppResult<Response> {
    require(&s, Action::ManageChannels, Target::Organisation)?;
    let mut upload = Upload::default();
    // Over the limit — whether the body says so or the file part runs past
    // it — the person hears how large a file may be.
    let too_large = || async {
        let ctx = context! { file_error => "error-table-too-large" };
        page(&state, &s, StatusCode::PAYLOAD_TOO_LARGE, ctx).await
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large().await,
            Err(_) => return Err(AppError::BadRequest("error-upload")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large().await,
            Err(_) => return Err(AppError::BadRequest("error-upload")),
        };
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "file" => upload.file = Some(bytes.clone()),
            "previewed" => upload.previewed = Some(text()),
            "digest" => upload.digest = Some(text()),
            _ => {}
        }
    }
    // Confirming a preview: the file comes back as it was previewed.
    let confirming = upload.digest.is_some();
    let bytes = match upload.previewed {
        Some(b64) if confirming => axum::body::Bytes::from(
            BASE64
                .decode(b64.trim())
                .map_err(|_| AppError::BadRequest("error-upload"))?,
        ),
        _ => upload.file.unwrap_or_default(),
    };
    if bytes.is_empty() {
        let ctx = context! { file_error => "error-table-empty" };
        return page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, ctx).await;
    }
    if bytes.len() > MAX_TABLE_BYTES {
        return too_large().await;
    }
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
    let read_as = context! {
        encoding => table.encoding,
        delimiter => match table.delimiter { ';' => "semicolon", ',' => "comma", _ => "tab" },
        rows => table.rows.len(),
    };
    let imported = match upload.digest {
        Some(digest) => {
            state
                .app
                .import_channel_table(&s.actor, &table, &digest)
                .await?
        }
        None => state.app.preview_channel_table(&s.actor, &table).await?,
    };
    // A preview carries the file on to the confirmation.
    let preview = |preview, changed: bool| {
        let previewed = BASE64.encode(&bytes);
        context! { preview => preview, changed => changed, previewed => previewed, read_as => read_as }
    };
    match imported {
        Imported::Preview(p) => page(&state, &s, StatusCode::OK, preview(p, false)).await,
        Imported::Changed(p) => page(&state, &s, StatusCode::CONFLICT, preview(p, true)).await,
        Imported::Saved(outcome) => {
            let ctx = context! { outcome => outcome, read_as => read_as };
            page(&state, &s, StatusCode::OK, ctx).await
        }
        Imported::Refused { problems, more } => {
            let ctx = context! {
                problems => problems, more => more, read_as => read_as,
                file_error => table.rows.is_empty().then_some("error-table-no-rows"),
            };
            page(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, ctx).await
        }
    }
}
