//! Autosave: what a person typed in the editor of a versioned document,
//! kept apart from the document (one row per person and document, replaced
//! each time) until they save it — which removes it in the same
//! transaction (`discard_autosave_in!`) — or throw it away.

use crate::{with_pool, Result, Store, StoreError};
use lykta_domain::{Document, DocumentText, UserId};

/// What the editor kept of a person's typing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Autosave {
    pub doc: Document,
    pub user_id: UserId,
    /// The document's kept fields by name (see [`Document::fields`]).
    pub fields: DocumentText,
    /// The document's version when the person opened the editor.
    pub based_on_version: i64,
    pub saved_at: i64,
}

pub(crate) const DISCARD_AUTOSAVE_SQL: &str =
    "DELETE FROM autosaves WHERE kind = $1 AND doc_id = $2 AND user_id = $3";

/// Remove `$user`'s autosave of `$doc` inside the transaction `$tx`: what the
/// person saved supersedes what was kept for them.
macro_rules! discard_autosave_in {
    ($tx:expr, $doc:expr, $user:expr) => {{
        let doc: lykta_domain::Document = $doc;
        sqlx::query(crate::autosaves::DISCARD_AUTOSAVE_SQL)
            .bind(doc.kind())
            .bind(doc.id())
            .bind($user)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use discard_autosave_in;

impl Store {
    /// Keep what a person is typing (their one autosave of the document,
    /// replaced each time); the document itself does not change.
    pub async fn autosave(&self, a: &Autosave) -> Result<()> {
        let sql = "INSERT INTO autosaves (kind, doc_id, user_id, fields, based_on_version, saved_at)
                   VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT (kind, doc_id, user_id) DO UPDATE SET fields = $4, based_on_version = $5, saved_at = $6";
        let fields =
            serde_json::to_string(&a.fields).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        with_pool!(self, p => sqlx::query(sql).bind(a.doc.kind()).bind(a.doc.id()).bind(a.user_id)
            .bind(&fields).bind(a.based_on_version).bind(a.saved_at).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// A person's autosave of a document, if there is one.
    pub async fn autosave_of(&self, doc: Document, user_id: UserId) -> Result<Option<Autosave>> {
        let sql = "SELECT fields, based_on_version, saved_at FROM autosaves WHERE kind = $1 AND doc_id = $2 AND user_id = $3";
        let row: Option<(String, i64, i64)> = with_pool!(self, p => sqlx::query_as(sql)
            .bind(doc.kind()).bind(doc.id()).bind(user_id).fetch_optional(p).await)?;
        row.map(|(fields, based_on_version, saved_at)| {
            Ok(Autosave {
                doc,
                user_id,
                fields: serde_json::from_str(&fields)
                    .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
                based_on_version,
                saved_at,
            })
        })
        .transpose()
    }

    /// Throw a person's autosave of a document away.
    pub async fn discard_autosave(&self, doc: Document, user_id: UserId) -> Result<()> {
        with_pool!(self, p => sqlx::query(DISCARD_AUTOSAVE_SQL).bind(doc.kind()).bind(doc.id())
            .bind(user_id).execute(p).await.map(|_| ()))?;
        Ok(())
    }
}
