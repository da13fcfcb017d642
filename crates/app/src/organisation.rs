//! The organisation's settings and units (administrators), and each
//! person's own profile and mail preferences.

use crate::{require, App, Error, Result};
use lykta_domain::{Action, Actor, FieldErrors, Language, Password, Slug, Target};
use lykta_domain::{MediaId, UnitId, UserId};
use lykta_store::{MailPrefs, Organisation, StoreError};

/// Days before a due date that reminders may be set to.
pub const MAX_REMINDER_DAYS: i64 = 30;

/// A person's profile as the form gives it (`None` where a field did not
/// parse; its message is in `errors`).
pub struct Profile {
    pub name: Option<String>,
    pub title: Option<String>,
    pub bio: Option<String>,
    pub photo: Option<MediaId>,
    pub photo_alt: Option<String>,
    /// The language chosen for the admin and one's mail (`None`: the
    /// organisation's).
    pub language: Option<Language>,
    /// A new password, if one was given.
    pub password: Option<OwnPassword>,
    pub errors: FieldErrors,
}

/// A new password for oneself, and the session (its token's hash) that
/// stays signed in; every other session of the person ends.
pub struct OwnPassword {
    pub password: Password,
    pub keep_session: String,
}

impl App {
    /// `Some(id)` if the image exists; otherwise the field's error.
    async fn existing_media(
        &self,
        id: Option<MediaId>,
        field: &str,
        e: &mut FieldErrors,
    ) -> Result<Option<MediaId>> {
        let Some(id) = id else { return Ok(None) };
        match self.store.media(id).await {
            Ok(_) => Ok(Some(id)),
            Err(StoreError::NotFound) => {
                e.add(field, "error-media");
                Ok(None)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Save the organisation's settings (its logo must be an image in the
    /// library). `errors` holds what the form's parsing found already.
    pub async fn save_organisation(
        &self,
        actor: &Actor,
        org: Option<Organisation>,
        mut errors: FieldErrors,
    ) -> Result<()> {
        require(actor, Action::ManageOrganisation, Target::Organisation)?;
        let logo = org.as_ref().and_then(|o| o.logo_media_id);
        self.existing_media(logo, "logo_media_id", &mut errors)
            .await?;
        match org {
            Some(mut org) if errors.is_empty() => {
                org.updated_at = self.now();
                Ok(self.store.save_organisation(&org).await?)
            }
            _ => Err(Error::Invalid(errors)),
        }
    }

    /// Add a unit; its address name comes from its name.
    pub async fn add_unit(&self, actor: &Actor, name: &str) -> Result<UnitId> {
        require(actor, Action::ManageOrganisation, Target::Organisation)?;
        let name =
            lykta_domain::required_text(name, 120).map_err(|e| Error::field("unit_name", e.key))?;
        let slug = Slug::normalise(&name).map_err(|e| Error::field("unit_name", e.key))?;
        match self
            .store
            .create_unit(slug.as_str(), &name, self.now())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::field("unit_name", "error-unit-taken")),
            other => Ok(other?),
        }
    }

    /// Make exactly `people` the unit's managers (each must have an account).
    pub async fn set_unit_managers(
        &self,
        actor: &Actor,
        unit: UnitId,
        people: &[UserId],
    ) -> Result<()> {
        require(actor, Action::ManageOrganisation, Target::Organisation)?;
        if !self.store.units().await?.iter().any(|u| u.id == unit) {
            return Err(Error::NotFound);
        }
        let users = self.store.users().await?;
        if !people.iter().all(|p| users.iter().any(|u| u.id == *p)) {
            return Err(Error::field("managers", "error-no-such-person"));
        }
        let mut ids = people.to_vec();
        ids.dedup();
        Ok(self.store.set_unit_managers(unit, &ids).await?)
    }

    /// Save `actor`'s own profile (a portrait needs its description) and
    /// language, and their new password if they gave one (which ends their
    /// other sessions).
    pub async fn save_profile(&self, actor: &Actor, p: Profile) -> Result<()> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        let mut e = p.errors;
        let photo = self
            .existing_media(p.photo, "photo_media_id", &mut e)
            .await?;
        if photo.is_some() && p.photo_alt.as_deref().is_some_and(str::is_empty) {
            e.add("photo_alt", "error-alt-required");
        }
        let (Some(name), Some(title), Some(bio), Some(photo_alt), true) =
            (p.name, p.title, p.bio, p.photo_alt, e.is_empty())
        else {
            return Err(Error::Invalid(e));
        };
        self.store
            .update_profile(
                actor.user_id,
                &name,
                &title,
                &bio,
                photo,
                &photo_alt,
                p.language,
                self.now(),
            )
            .await?;
        if let Some(own) = p.password {
            self.change_own_password(actor, own.password, &own.keep_session)
                .await?;
        }
        Ok(())
    }

    /// Which mail `actor` gets, and how many days ahead reminders come.
    pub async fn set_mail_prefs(&self, actor: &Actor, prefs: &MailPrefs) -> Result<()> {
        require(actor, Action::UseAdmin, Target::Organisation)?;
        if !(1..=MAX_REMINDER_DAYS).contains(&prefs.reminder_days) {
            return Err(Error::field("reminder_days", "error-reminder-days"));
        }
        Ok(self.store.set_mail_prefs(actor.user_id, prefs).await?)
    }
}
