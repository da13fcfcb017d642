//! A blog's team: adding people with a role (guests with an end date),
//! inviting them by a single-use e-mail link, revoking, removing.

use crate::notify::InvitationMail;
use crate::{secrets, App, Error, Result};
use lykta_domain::{Action, Actor, BlogRole, Email, FieldErrors};
use lykta_domain::{BlogId, InvitationId, UserId};
use lykta_store::StoreError;

/// Longest guest access, in days.
pub const MAX_GUEST_DAYS: i64 = 365;
/// A guest's access when none is given, in days.
pub const DEFAULT_GUEST_DAYS: i64 = 30;
/// How long an invitation link works, in days.
pub const INVITATION_DAYS: i64 = 14;

/// Who joins a team, as the form gives it (`None` where a field did not
/// parse; its message is in `errors`).
pub struct Joining {
    pub email: Option<Email>,
    pub role: Option<BlogRole>,
    /// Days of access as typed; empty for the default (guests
    /// [`DEFAULT_GUEST_DAYS`], others no end).
    pub days: String,
    /// The form's fields, for naming errors: (email, role, days).
    pub fields: (&'static str, &'static str, &'static str),
    pub errors: FieldErrors,
}

impl Joining {
    /// Check the days and that the input is whole: (email, role, days).
    fn check(mut self) -> Result<(Email, BlogRole, Option<i64>)> {
        let days = match self.days.trim() {
            "" if self.role == Some(BlogRole::Guest) => Some(DEFAULT_GUEST_DAYS),
            "" => None,
            d => match d.parse::<i64>() {
                Ok(n) if (1..=MAX_GUEST_DAYS).contains(&n) => Some(n),
                _ => {
                    self.errors.add(self.fields.2, "error-days");
                    None
                }
            },
        };
        match (self.email, self.role, self.errors.is_empty()) {
            (Some(email), Some(role), true) => Ok((email, role, days)),
            _ => Err(Error::Invalid(self.errors)),
        }
    }
}

impl App {
    /// Give a person who has an account a role in the blog (a stronger or
    /// weaker one replaces what they had).
    pub async fn set_member(&self, actor: &Actor, blog_id: BlogId, j: Joining) -> Result<()> {
        let blog = self.blog_for(actor, blog_id, Action::ManageMembers).await?;
        let field = j.fields.0;
        let person = match &j.email {
            Some(email) => self.store.user_for_sign_in(email).await?,
            None => None,
        };
        let mut j = j;
        if j.email.is_some() && person.is_none() {
            j.errors.add(field, "error-no-such-person");
        }
        let (_, role, days) = j.check()?;
        let Some((user, _)) = person else {
            return Err(Error::field(field, "error-no-such-person"));
        };
        let now = self.now();
        self.store
            .set_member(
                blog.id,
                user.id,
                role,
                days.map(|d| now + d * 86_400),
                actor.user_id,
                now,
            )
            .await?;
        Ok(())
    }

    /// Invite someone to the blog by e-mail: a single-use link that works
    /// for [`INVITATION_DAYS`] unless revoked. Only the link's hash is
    /// stored; the link itself is only in the mail.
    pub async fn invite(&self, actor: &Actor, blog_id: BlogId, j: Joining) -> Result<InvitationId> {
        let blog = self.blog_for(actor, blog_id, Action::ManageMembers).await?;
        let now = self.now();
        let mut j = j;
        if let Some(email) = &j.email {
            if let Some((u, _)) = self.store.user_for_sign_in(email).await? {
                let member = self.store.memberships(u.id, now).await?;
                if member.iter().any(|m| m.blog_id == blog.id) {
                    j.errors.add(j.fields.0, "error-already-member");
                }
            }
        }
        let (email, role, days) = j.check()?;
        let token = secrets::random_token();
        let expires_at = now + INVITATION_DAYS * 86_400;
        let inv = lykta_store::NewInvitation {
            token_hash: &secrets::token_hash(&token),
            email: &email,
            blog_id: blog.id,
            role,
            member_until: days.map(|d| now + d * 86_400),
            invited_by: actor.user_id,
            expires_at,
        };
        let id = self.store.create_invitation(&inv, now).await?;
        let who = self.store.user(actor.user_id).await?.name;
        let mail = InvitationMail {
            id,
            to: &email,
            who: &who,
            blog: &blog,
            role,
            expires_at,
            token: &token,
        };
        self.notify.invitation(&mail, now).await?;
        self.wake_worker();
        Ok(id)
    }

    /// Withdraw an invitation nobody has used.
    pub async fn revoke_invitation(
        &self,
        actor: &Actor,
        blog_id: BlogId,
        id: InvitationId,
    ) -> Result<()> {
        let blog = self.blog_for(actor, blog_id, Action::ManageMembers).await?;
        match self.store.revoke_invitation(blog.id, id, self.now()).await {
            Err(StoreError::Conflict(_)) => Err(Error::Refused("error-invitation-not-pending")),
            other => Ok(other?),
        }
    }

    /// Take a person off the blog's team.
    pub async fn remove_member(&self, actor: &Actor, blog_id: BlogId, user: UserId) -> Result<()> {
        let blog = self.blog_for(actor, blog_id, Action::ManageMembers).await?;
        Ok(self.store.remove_member(blog.id, user).await?)
    }
}
