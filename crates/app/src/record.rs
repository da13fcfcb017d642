//! The public record: the registrar holds an entry back from disposal (a
//! request for it, a case) with a reason, or releases the hold.

use crate::{require, App, Error, Result};
use lykta_domain::{required_text, Action, Actor, Target};

/// Longest reason for a hold.
pub const MAX_HOLD_REASON_CHARS: usize = 300;

/// A hold on a record entry.
pub enum Hold<'a> {
    /// Keep the entry whatever the disposal rules say, for this reason.
    Keep(&'a str),
    Release,
}

impl App {
    /// Hold a record entry back from disposal, or release it.
    pub async fn hold_record(&self, actor: &Actor, entry: i64, hold: Hold<'_>) -> Result<()> {
        require(actor, Action::ManageRecord, Target::Organisation)?;
        let reason = match hold {
            Hold::Release => None,
            Hold::Keep(reason) => Some(
                required_text(reason, MAX_HOLD_REASON_CHARS)
                    .map_err(|_| Error::field("reason", "error-hold-reason"))?,
            ),
        };
        let by = reason.as_deref().map(|r| (actor.user_id, r));
        Ok(self.store.hold_record(entry, by).await?)
    }
}
