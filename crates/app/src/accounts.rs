//! Accounts: staff added by an administrator or `lykta user`, passwords, and
//! people who sign in through the organisation's identity provider (OpenID
//! Connect) — found by their identity, linked by a verified e-mail, or
//! created at their first sign-in.

use crate::secrets::hash_password_async;
use crate::{require, App, Error, Result};
use lykta_domain::{Action, Actor, Email, Password, Role, Slug, Target};
use lykta_domain::{BlogId, UnitId, UserId};
use lykta_store::{Acceptor, NewUser, StoreError, User};

/// Who takes up an invitation to a blog.
pub enum Acceptance<'a> {
    /// A signed-in person.
    SignedIn(UserId),
    /// Someone without an account: one is made for the invited address.
    NewAccount { name: &'a str, password: Password },
}

/// A new staff account, already parsed.
pub struct NewAccount<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub role: Role,
    pub title: &'a str,
    pub password: Password,
    /// The unit they work in, if any.
    pub unit: Option<UnitId>,
}

/// How one identity provider's people are let in (from its settings).
pub struct ProviderPolicy<'a> {
    pub id: &'a str,
    /// Only people the provider marks as employees get in.
    pub requires_employee: bool,
    /// Treat the provider's e-mail as verified for ordinary employees.
    pub trust_email: bool,
    /// The role of people created at their first sign-in.
    pub role: Role,
}

/// What the provider says about the person (from a verified ID token).
#[derive(Debug, Default, Clone)]
pub struct Claims {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub employee: Option<bool>,
}

/// Why a person who signed in at the provider is not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRefusal {
    NotEmployee,
    NoEmail,
    Disabled,
    /// An account with that address exists, but the provider has not
    /// verified the address (or it was taken meanwhile).
    EmailTaken,
}

impl SignInRefusal {
    /// The message key.
    pub fn key(self) -> &'static str {
        match self {
            SignInRefusal::NotEmployee => "error-oidc-not-employee",
            SignInRefusal::NoEmail => "error-oidc-no-email",
            SignInRefusal::Disabled => "error-oidc-disabled",
            SignInRefusal::EmailTaken => "error-oidc-email-taken",
        }
    }
}

impl App {
    /// An administrator adds a staff account with a password.
    pub async fn add_account(&self, actor: Option<&Actor>, a: NewAccount<'_>) -> Result<UserId> {
        if let Some(actor) = actor {
            require(actor, Action::ManageUsers, Target::Organisation)?;
        }
        let slug = Slug::normalise(a.name).map_err(|e| Error::field("name", e.key))?;
        let hash = hash_password_async(a.password).await?;
        let u = NewUser {
            email: a.email,
            slug: &slug,
            name: a.name,
            role: a.role,
            title: a.title,
            bio: "",
            unit_id: a.unit,
            password_hash: Some(&hash),
        };
        match self.store.create_user(&u, self.now()).await {
            Err(StoreError::Conflict(_)) => Err(Error::field("email", "error-email-taken")),
            other => Ok(other?),
        }
    }

    /// Take up the invitation behind `token_hash`: the role in its blog,
    /// and for someone new an employee account for the invited address, in
    /// one transaction. `Refused("error-invitation-used")` if the link was
    /// used, revoked or expired meanwhile; a field error if the address
    /// already has an account (that person signs in first). Returns (person,
    /// blog).
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        who: Acceptance<'_>,
    ) -> Result<(UserId, BlogId)> {
        let now = self.now();
        let refused = |e: StoreError| match e {
            StoreError::Conflict("email") => Error::field("name", "error-invitation-sign-in-first"),
            StoreError::Conflict(_) => Error::Refused("error-invitation-used"),
            other => other.into(),
        };
        let (name, password) = match who {
            Acceptance::SignedIn(id) => {
                return self
                    .store
                    .accept_invitation(token_hash, &Acceptor::Existing(id), now)
                    .await
                    .map_err(refused)
            }
            Acceptance::NewAccount { name, password } => (name, password),
        };
        let inv = self.store.invitation_by_token(token_hash).await?;
        let email = Email::parse(&inv.email)
            .map_err(|_| anyhow::anyhow!("stored invitation address is invalid"))?;
        if self.store.user_for_sign_in(&email).await?.is_some() {
            return Err(Error::field("name", "error-invitation-sign-in-first"));
        }
        // A name of only punctuation still gets an address.
        let base = Slug::normalise(name)
            .or_else(|_| Slug::normalise("person"))
            .map_err(|_| anyhow::anyhow!("no address for a person"))?;
        let slug = self.store.free_user_slug(&base).await?;
        let hash = hash_password_async(password).await?;
        let who = Acceptor::New(NewUser {
            email: &email,
            slug: &slug,
            name,
            role: Role::Employee,
            title: "",
            bio: "",
            unit_id: None,
            password_hash: Some(&hash),
        });
        self.store
            .accept_invitation(token_hash, &who, now)
            .await
            .map_err(refused)
    }

    /// Move a person to a unit (or out of every unit).
    pub async fn move_to_unit(
        &self,
        actor: &Actor,
        user: UserId,
        unit: Option<UnitId>,
    ) -> Result<()> {
        require(actor, Action::ManageUsers, Target::Organisation)?;
        if let Some(unit) = unit {
            if !self.store.units().await?.iter().any(|u| u.id == unit) {
                return Err(Error::field("unit_id", "error-unknown-unit"));
            }
        }
        Ok(self.store.set_user_unit(user, unit).await?)
    }

    /// Set a person's password by `lykta user set-password`: every session
    /// of theirs ends.
    pub async fn set_password(&self, user: UserId, password: Password) -> Result<()> {
        let hash = hash_password_async(password).await?;
        let how = lykta_store::PasswordChange::Operator;
        self.store
            .change_password(Some(user), &hash, how, self.now())
            .await?;
        Ok(())
    }

    /// The person linked to this identity; else the account with the same
    /// verified e-mail, now linked; else a new account. Nothing is created or
    /// changed for someone who is refused.
    pub async fn sign_in_with_provider(
        &self,
        p: &ProviderPolicy<'_>,
        person: &Claims,
    ) -> Result<Result<User, SignInRefusal>> {
        let now = self.now();
        if p.requires_employee && person.employee != Some(true) {
            tracing::warn!(subject = %person.subject, "employee claim not true");
            return Ok(Err(SignInRefusal::NotEmployee));
        }
        let Some(email) = person.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
            tracing::warn!(subject = %person.subject, "no usable e-mail");
            return Ok(Err(SignInRefusal::NoEmail));
        };
        let name = person
            .name
            .as_deref()
            .map(|n| {
                n.chars()
                    .filter(|c| !c.is_control())
                    .take(120)
                    .collect::<String>()
            })
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| {
                email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            });
        if let Some(user) = self.store.user_by_identity(p.id, &person.subject).await? {
            if user.disabled {
                return Ok(Err(SignInRefusal::Disabled));
            }
            let unit = self.unit_named(person).await?;
            self.store
                .update_from_provider(user.id, &name, unit, now)
                .await?;
            return Ok(Ok(self.store.user(user.id).await?));
        }
        if let Some(user) = self.store.user_by_email(&email).await? {
            // An address the provider has not verified links only an ordinary
            // employee's account: never an administrator's, communicator's or
            // registrar's (they link by signing in with their password first).
            let privileged = user.role != Role::Employee;
            if !(person.email_verified || (p.trust_email && !privileged)) {
                tracing::warn!(%email, "has an account, but the provider has not verified the address");
                return Ok(Err(SignInRefusal::EmailTaken));
            }
            if user.disabled {
                return Ok(Err(SignInRefusal::Disabled));
            }
            self.store
                .link_identity(p.id, &person.subject, user.id, now)
                .await?;
            let unit = self.unit_named(person).await?;
            self.store
                .update_from_provider(user.id, &name, unit, now)
                .await?;
            tracing::info!(user = %user.id, provider = %p.id, "linked an existing account by its e-mail");
            return Ok(Ok(self.store.user(user.id).await?));
        }
        let unit = self.unit_named(person).await?;
        let base = Slug::normalise(&name)
            .or_else(|_| Slug::normalise(email.as_str().split('@').next().unwrap_or_default()))
            .or_else(|_| Slug::normalise("person"))
            .map_err(|e| anyhow::anyhow!("slug: {e}"))?;
        let slug = self.store.free_user_slug(&base).await?;
        let new = NewUser {
            email: &email,
            slug: &slug,
            name: &name,
            role: p.role,
            title: "",
            bio: "",
            unit_id: unit,
            password_hash: None,
        };
        match self
            .store
            .create_user_with_identity(&new, p.id, &person.subject, now)
            .await
        {
            Ok(id) => {
                tracing::info!(user = %id, provider = %p.id, "created an account at first sign-in");
                Ok(Ok(self.store.user(id).await?))
            }
            // Another sign-in of the same person got there first.
            Err(StoreError::Conflict(_)) => {
                match self.store.user_by_identity(p.id, &person.subject).await? {
                    Some(user) => Ok(Ok(user)),
                    None => {
                        tracing::warn!(%email, "was taken meanwhile");
                        Ok(Err(SignInRefusal::EmailTaken))
                    }
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The unit the provider names, by its slug; created if new.
    async fn unit_named(&self, person: &Claims) -> Result<Option<UnitId>> {
        let Some(unit) = person.unit.as_deref() else {
            return Ok(None);
        };
        let name: String = unit.chars().filter(|c| !c.is_control()).take(100).collect();
        let Ok(slug) = Slug::normalise(&name) else {
            return Ok(None);
        };
        Ok(Some(
            self.store
                .unit_for_slug(slug.as_str(), &name, self.now())
                .await?,
        ))
    }
}

/// How long a session lasts, in seconds.
pub const SESSION_SECONDS: i64 = 12 * 3600;

impl App {
    /// Who signs in with `email` and `password`: refused with
    /// `error-locked` while the account is locked after repeated failures,
    /// and with `error-sign-in` for a wrong password, an unknown address
    /// or an account without a password — the same words, so the page does
    /// not tell which addresses have accounts. A deactivated account is
    /// named as such only to someone who gave its right password. A wrong
    /// password counts towards the lock.
    pub async fn check_password(&self, email: &Email, password: &str) -> Result<UserId> {
        let wrong = Error::Refused("error-sign-in");
        let now = self.now();
        let Some((user, Some(hash))) = self.store.user_for_sign_in(email).await? else {
            return Err(wrong);
        };
        if user.locked_until.is_some_and(|t| t > now) {
            return Err(Error::Refused("error-locked"));
        }
        let password = password.to_owned();
        let ok =
            tokio::task::spawn_blocking(move || crate::secrets::verify_password(&password, &hash))
                .await
                .map_err(|e| anyhow::anyhow!(e))?;
        if !ok {
            self.store.record_failed_sign_in(user.id, now).await?;
            return Err(wrong);
        }
        // Said only to someone who knows the password.
        if user.disabled {
            return Err(Error::Refused("people-error-deactivated"));
        }
        Ok(user.id)
    }

    /// Sign `user` in (by password, provider or invitation): failed
    /// attempts are forgotten and a session starts, for
    /// [`SESSION_SECONDS`]. Returns the secret for the cookie (only its
    /// hash is stored).
    pub async fn start_session(&self, user: UserId) -> Result<String> {
        let now = self.now();
        self.store.record_sign_in(user, now).await?;
        let token = crate::secrets::random_token();
        let expires_at = now + SESSION_SECONDS;
        self.store
            .create_session(
                &crate::secrets::token_hash(&token),
                user,
                &crate::secrets::random_token(),
                now,
                expires_at,
            )
            .await?;
        tracing::info!(user = %user, "signed in");
        Ok(token)
    }

    /// Sign out: the session ends on every node at once.
    pub async fn end_session(&self, token: &str) -> Result<()> {
        Ok(self
            .store
            .delete_session(&crate::secrets::token_hash(token))
            .await?)
    }
}
