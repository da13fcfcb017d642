//! The channel inventory: a unit asks for a channel (a communicator adds one
//! straight away as active), communicators keep the entries up to date and
//! decide on requests.

use crate::{require, App, Error, Result};
use lykta_domain::{
    can, optional_text, Action, Actor, ChannelId, ChannelStatus, FieldErrors, Platform, Target,
    UnitId, UserId,
};
use lykta_store::{ChannelInput, StoreError};

/// Longest reason for declining a request.
pub const MAX_REASON_CHARS: usize = 1000;

/// A channel as entered, already parsed (text limits, URL, date).
#[derive(Debug, Clone)]
pub struct ChannelContent {
    pub platform: Platform,
    pub name: String,
    pub url: String,
    pub unit_id: Option<UnitId>,
    pub purpose: String,
    pub goal: String,
    pub audience: String,
    pub cadence: String,
    pub owners: Vec<UserId>,
    pub last_activity_at: Option<i64>,
}

impl ChannelContent {
    fn input(&self) -> ChannelInput<'_> {
        ChannelInput {
            platform: self.platform,
            name: &self.name,
            url: &self.url,
            unit_id: self.unit_id,
            purpose: &self.purpose,
            goal: &self.goal,
            audience: &self.audience,
            cadence: &self.cadence,
            owner_ids: &self.owners,
            last_activity_at: self.last_activity_at,
        }
    }
}

/// A communicator's answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelDecision {
    Approve,
    Decline,
}

fn url_taken() -> Error {
    Error::field("url", "error-channel-url-taken")
}

impl App {
    /// The inventory's rules for an entry: its unit exists, it has at least
    /// one responsible person, and each of them has an account.
    async fn check_channel(&self, c: &ChannelContent) -> Result<()> {
        let mut e = FieldErrors::default();
        if let Some(unit) = c.unit_id {
            if !self.store.units().await?.iter().any(|u| u.id == unit) {
                e.add("unit_id", "error-unknown-unit");
            }
        }
        if c.owners.is_empty() {
            e.add("owners", "error-channel-owner");
        } else {
            let users = self.store.users().await?;
            if !c.owners.iter().all(|o| users.iter().any(|u| u.id == *o)) {
                e.add("owners", "error-no-such-person");
            }
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(e))
        }
    }

    /// Ask for a channel; a communicator's entry is active at once.
    pub async fn add_channel(&self, actor: &Actor, c: &ChannelContent) -> Result<ChannelId> {
        require(actor, Action::RequestChannel, Target::Organisation)?;
        self.check_channel(c).await?;
        let status = if can(Some(actor), Action::ManageChannels, Target::Organisation) {
            ChannelStatus::Active
        } else {
            ChannelStatus::Requested
        };
        match self
            .store
            .create_channel(&c.input(), status, actor.user_id, self.now())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(url_taken()),
            other => Ok(other?),
        }
    }

    /// Change an entry, if nobody saved it since `version`. A request keeps
    /// its status: it is decided with a reason, not by editing.
    pub async fn edit_channel(
        &self,
        actor: &Actor,
        id: ChannelId,
        version: i64,
        status: ChannelStatus,
        c: &ChannelContent,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let current = self.store.channel(id).await?;
        self.check_channel(c).await?;
        let status = if current.status == ChannelStatus::Requested {
            ChannelStatus::Requested
        } else {
            status
        };
        if current.status != ChannelStatus::Closed {
            self.check_channel_closable(actor, id, status).await?;
        }
        match self
            .store
            .update_channel(id, version, &c.input(), status, self.now())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(url_taken()),
            other => Ok(other?),
        }
    }

    /// Approve or decline a request; declining needs a reason.
    pub async fn decide_channel(
        &self,
        actor: &Actor,
        id: ChannelId,
        decision: ChannelDecision,
        reason: &str,
    ) -> Result<()> {
        require(actor, Action::ManageChannels, Target::Organisation)?;
        let reason =
            optional_text(reason, MAX_REASON_CHARS).map_err(|e| Error::field("reason", e.key))?;
        let to = match decision {
            ChannelDecision::Approve => ChannelStatus::Active,
            ChannelDecision::Decline => ChannelStatus::Declined,
        };
        if to == ChannelStatus::Declined && reason.is_empty() {
            return Err(Error::field("reason", "error-channel-reason"));
        }
        match self
            .store
            .decide_channel(id, to, &reason, actor.user_id, self.now())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-channel-decided")),
            other => Ok(other?),
        }
    }
}
