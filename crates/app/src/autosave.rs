//! Autosave of every versioned Markdown document (posts, pages, guideline
//! drafts, scenario playbooks): the editor keeps what a person types every
//! few seconds, apart from the document — nothing published, nothing in its
//! history — and offers it back until they save (which removes it in the
//! same transaction) or throw it away. Keeping needs the same permission as
//! saving the document.

use crate::{require, Error, Parsed, Result};
use lykta_domain::{Action, Actor, Document, DocumentText, GuidelineState, Target};
use lykta_store::Autosave;
use serde::Serialize;

/// What became of a person's typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Kept,
    /// Kept, but someone saved the document since the version the person
    /// opened (now `current`): saving will show both versions.
    Stale {
        current: i64,
    },
}

/// Typing the editor kept that the document does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct Unsaved {
    #[serde(flatten)]
    pub kept: Autosave,
    /// Someone saved the document after the person opened it.
    pub stale: bool,
}

/// The document as saved: its version and its kept fields.
struct Current {
    version: i64,
    text: DocumentText,
}

/// `doc`'s kept fields, picked by name from the saved row.
fn text_of(doc: Document, row: &impl Serialize) -> Result<Current> {
    let value = serde_json::to_value(row).map_err(anyhow::Error::from)?;
    let text = doc
        .fields()
        .map(|f| {
            let v = value.get(f).and_then(|v| v.as_str()).unwrap_or_default();
            (f.to_owned(), v.to_owned())
        })
        .collect();
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or_default();
    Ok(Current { version, text })
}

impl crate::App {
    /// The document as saved, if `actor` may save it.
    async fn editable(&self, actor: &Actor, doc: Document) -> Result<Current> {
        match doc {
            Document::Post(id) => {
                let (p, _) = self.post_for(actor, id, Action::EditPost).await?;
                text_of(doc, &p.post)
            }
            Document::Page(id) => {
                let page = self.store.page(id).await?;
                self.blog_for(actor, page.blog_id, Action::ManageBlog)
                    .await?;
                text_of(doc, &page)
            }
            Document::Guideline(id) => {
                require(actor, Action::ManageGuidelines, Target::Organisation)?;
                let v = self.store.guideline_version(id).await?;
                if v.state != GuidelineState::Draft {
                    return Err(Error::Refused("error-guideline-published"));
                }
                text_of(doc, &v)
            }
            Document::Scenario(id) => {
                require(actor, Action::HandleIncidents, Target::Organisation)?;
                text_of(doc, &self.store.scenario(id).await?)
            }
        }
    }

    /// Keep what `actor` is typing in `doc`'s editor, opened at `version`:
    /// the same limits as a save, and kept even when someone saved since.
    pub async fn autosave(
        &self,
        actor: &Actor,
        doc: Document,
        version: i64,
        text: Parsed<DocumentText>,
    ) -> Result<Kept> {
        let current = self.editable(actor, doc).await?;
        let fields = text.map_err(Error::Invalid)?;
        let autosave = Autosave {
            doc,
            user_id: actor.user_id,
            fields,
            based_on_version: version,
            saved_at: self.now(),
        };
        self.store.autosave(&autosave).await?;
        Ok(if version < current.version {
            Kept::Stale {
                current: current.version,
            }
        } else {
            Kept::Kept
        })
    }

    /// `actor`'s autosave of `doc` when it holds text the document does not.
    pub async fn unsaved_text(&self, actor: &Actor, doc: Document) -> Result<Option<Unsaved>> {
        let current = self.editable(actor, doc).await?;
        let kept = self.store.autosave_of(doc, actor.user_id).await?;
        Ok(kept
            .filter(|a| {
                current
                    .text
                    .iter()
                    .any(|(f, v)| a.fields.get(f).is_some_and(|k| k != v))
            })
            .map(|kept| Unsaved {
                stale: kept.based_on_version < current.version,
                kept,
            }))
    }

    /// Throw `actor`'s autosave of `doc` away.
    pub async fn discard_autosave(&self, actor: &Actor, doc: Document) -> Result<()> {
        self.editable(actor, doc).await?;
        Ok(self.store.discard_autosave(doc, actor.user_id).await?)
    }
}
