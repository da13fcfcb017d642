//! People administration and passwords: administrators edit a person's
//! name, address, organisation role and unit (optimistically), deactivate
//! and reactivate accounts, and send password-reset links; anyone asks for
//! a reset link on the sign-in page (the same answer whether or not the
//! address has an account; rate-limited); a link sets a new password once.
//!
//! Rules: an administrator cannot deactivate themself, and no change may
//! leave the organisation without an active administrator. A deactivated
//! person cannot sign in (password or OpenID Connect) and their sessions end
//! at once; what they wrote, their memberships and the record stay.
//!
//! Accounts that sign in only through the organisation's identity provider
//! (linked, no local password) get no reset link: the mail tells them to
//! sign in with the provider, which stays the one gate for them (and the
//! place where they are offboarded).

use crate::secrets::{hash_password_async, random_token, salted_hash, token_hash};
use crate::{require, App, Error, Parsed, Result};
use lykta_domain::{Action, Actor, Email, Password, Role, Target, UnitId, UserId};
use lykta_store::{PasswordChange, PersonEdit, StoreError};

/// How long a reset link works, in seconds.
pub const RESET_SECONDS: i64 = 3600;
/// The window of the reset form's rate limits, in seconds.
pub const RESET_WINDOW: i64 = 3600;
/// Requests on the reset form per typed address in [`RESET_WINDOW`].
pub const RESETS_PER_ADDRESS: i64 = 3;
/// Requests on the reset form per client address in [`RESET_WINDOW`].
pub const RESETS_PER_CLIENT: i64 = 10;

/// A person as an administrator's form gives it.
pub struct PersonInput {
    pub name: String,
    pub email: Email,
    pub role: Role,
    pub unit: Option<UnitId>,
    /// The version the form was based on.
    pub version: i64,
}

/// What a reset link is good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetLink {
    Usable,
    /// Used, expired or unknown: the message key says which.
    Unusable(&'static str),
}

fn store_refusal(e: StoreError) -> Error {
    match e {
        StoreError::Conflict("last-admin") => Error::Refused("people-error-last-admin"),
        StoreError::Conflict("email") => Error::field("email", "error-email-taken"),
        other => other.into(),
    }
}

impl App {
    /// Save an administrator's changes to a person.
    pub async fn edit_person(
        &self,
        actor: &Actor,
        id: UserId,
        input: Parsed<PersonInput>,
    ) -> Result<()> {
        require(actor, Action::ManageUsers, Target::Organisation)?;
        let p = input.map_err(Error::Invalid)?;
        if let Some(unit) = p.unit {
            if !self.store.units().await?.iter().any(|u| u.id == unit) {
                return Err(Error::field("unit_id", "error-unknown-unit"));
            }
        }
        // The address the person had when the form was read (the save is
        // refused if anything changed since).
        let before = self.store.user(id).await?;
        let edit = PersonEdit {
            name: &p.name,
            email: &p.email,
            role: p.role,
            unit_id: p.unit,
            version: p.version,
        };
        let now = self.now();
        self.store
            .edit_person(id, &edit, actor.user_id, now)
            .await
            .map_err(store_refusal)?;
        // A changed address: the old one hears of it, so a person whose
        // account was taken over (or mistyped) notices.
        if before.version == p.version && !before.email.eq_ignore_ascii_case(p.email.as_str()) {
            let by = self.store.user(actor.user_id).await?.name;
            match self.store.recipient(id).await {
                Ok(to) => {
                    let change = crate::notify::EmailChange {
                        old: &before.email,
                        new: p.email.as_str(),
                        by: &by,
                        version: p.version + 1,
                    };
                    self.notify.email_changed(&to, &change, now).await?;
                    self.wake_worker();
                }
                // A deactivated account gets no mail.
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Deactivate (`active = false`) or reactivate a person.
    pub async fn set_person_active(&self, actor: &Actor, id: UserId, active: bool) -> Result<()> {
        require(actor, Action::ManageUsers, Target::Organisation)?;
        if !active && id == actor.user_id {
            return Err(Error::Refused("people-error-self"));
        }
        self.store
            .set_person_active(id, active, actor.user_id, self.now())
            .await
            .map_err(store_refusal)?;
        tracing::info!(user = %id, by = %actor.user_id, active, "account activation changed");
        Ok(())
    }

    /// An administrator sends a person a reset link (or, for someone who
    /// signs in only with the identity provider, the mail that says so).
    pub async fn send_password_reset(&self, actor: &Actor, id: UserId) -> Result<()> {
        require(actor, Action::ManageUsers, Target::Organisation)?;
        let user = self.store.user(id).await?;
        if user.disabled {
            return Err(Error::Refused("people-error-reset-deactivated"));
        }
        self.mail_reset(id, actor.user_id).await
    }

    /// Someone on the sign-in page asks for a reset link for `email` (as
    /// typed). The answer is the same whether or not an account exists;
    /// only the rate limits (per typed address, per client address) answer
    /// otherwise, and alike for every address.
    pub async fn request_password_reset(
        &self,
        email: &str,
        client: std::net::IpAddr,
    ) -> Result<()> {
        let now = self.now();
        let typed = email.trim().to_lowercase();
        let (by_email, by_client) = self
            .store
            .count_reset_request(
                &salted_hash(&self.client_salt, &format!("reset:{typed}")),
                &self.client_hash(client),
                now - RESET_WINDOW,
                now,
            )
            .await?;
        if by_email > RESETS_PER_ADDRESS || by_client > RESETS_PER_CLIENT {
            return Err(Error::TooManyRequests);
        }
        let Ok(email) = Email::parse(&typed) else {
            return Ok(());
        };
        match self.store.user_by_email(&email).await? {
            Some(user) if !user.disabled => self.mail_reset(user.id, user.id).await,
            _ => {
                tracing::info!("password reset asked for an address without an active account");
                Ok(())
            }
        }
    }

    /// Make a link for `user` (asked for by `by`) and queue its mail.
    async fn mail_reset(&self, user: UserId, by: UserId) -> Result<()> {
        let now = self.now();
        let to = self.store.recipient(user).await?;
        let provider_only =
            !self.store.has_password(user).await? && !self.store.identities(user).await?.is_empty();
        if provider_only {
            self.notify.provider_sign_in(&to, now).await?;
        } else {
            let token = random_token();
            let hash = token_hash(&token);
            let expires_at = now + RESET_SECONDS;
            self.store
                .create_password_reset(user, &hash, by, now, expires_at)
                .await?;
            self.notify
                .password_reset(&to, &token, &hash, expires_at, now)
                .await?;
        }
        self.wake_worker();
        Ok(())
    }

    /// Whether the link with this secret can still set a password.
    pub async fn password_reset_link(&self, token: &str) -> Result<ResetLink> {
        let reset = match self.store.password_reset(&token_hash(token)).await {
            Ok(r) => r,
            Err(StoreError::NotFound) => return Ok(ResetLink::Unusable("people-reset-unknown")),
            Err(e) => return Err(e.into()),
        };
        Ok(if reset.used_at.is_some() {
            ResetLink::Unusable("people-reset-used")
        } else if reset.expires_at <= self.now() {
            ResetLink::Unusable("people-reset-expired")
        } else if self.store.user(reset.user_id).await?.disabled {
            ResetLink::Unusable("people-reset-unknown")
        } else {
            ResetLink::Usable
        })
    }

    /// Set a new password through a reset link: every session of the
    /// person ends and the link is used up. `Refused` with the reason if the
    /// link cannot be used (any more). Returns the person.
    pub async fn reset_password(&self, token: &str, password: Parsed<Password>) -> Result<UserId> {
        if let ResetLink::Unusable(why) = self.password_reset_link(token).await? {
            return Err(Error::Refused(why));
        }
        let password = password.map_err(Error::Invalid)?;
        let hash = hash_password_async(password).await?;
        let how = PasswordChange::Reset {
            token_hash: &token_hash(token),
        };
        match self
            .store
            .change_password(None, &hash, how, self.now())
            .await
        {
            Ok(user) => {
                tracing::info!(user = %user, "password reset by link");
                Ok(user)
            }
            Err(StoreError::Conflict(_)) => Err(Error::Refused("people-reset-used")),
            Err(e) => Err(e.into()),
        }
    }

    /// `actor` changes their own password: their other sessions end, the one
    /// with `keep_session` (a session token's hash) stays.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        password: Password,
        keep_session: &str,
    ) -> Result<()> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        let hash = hash_password_async(password).await?;
        let how = PasswordChange::Own { keep_session };
        self.store
            .change_password(Some(actor.user_id), &hash, how, self.now())
            .await?;
        Ok(())
    }
}
