//! The organisation's settings and its units.

use crate::error::{AppError, AppResult};
use crate::routes::forms::{error_map, Fields};
use crate::routes::staff::{admin_page, media_choice, require, see_other};
use crate::session::{SignedIn, Staff};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lykta_domain::UnitId;
use lykta_domain::UserId;
use lykta_domain::{
    markdown_body, optional_text, required_text, Action, Email, FieldErrors, Language, Slug, Target,
};
use lykta_store::StoreError;
use minijinja::{context, Value};

pub(super) async fn organisation(
    State(state): State<AppState>,
    Staff(s): Staff,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let org = state.organisation().await?;
    org_form(
        &state,
        &s,
        StatusCode::OK,
        Value::from_serialize(&org),
        &FieldErrors::default(),
    )
    .await
}

pub(super) async fn save_organisation(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let name = e.check("name", required_text(f.get("name"), 200));
    let lang = e.check(
        "default_language",
        Language::parse(f.get("default_language")),
    );
    let email = if f.get("contact_email").trim().is_empty() {
        Some(String::new())
    } else {
        e.check(
            "contact_email",
            Email::parse(f.get("contact_email")).map(|m| m.to_string()),
        )
    };
    let phone = e.check("contact_phone", optional_text(f.get("contact_phone"), 50));
    let statement = e.check(
        "accessibility_statement",
        markdown_body(f.get("accessibility_statement")),
    );
    let logo = media_choice(&state, &f, "logo_media_id", &mut e).await;
    match (name, lang, email, phone, statement) {
        (
            Some(name),
            Some(default_language),
            Some(contact_email),
            Some(contact_phone),
            Some(accessibility_statement),
        ) if e.is_empty() => {
            let org = lykta_store::Organisation {
                name,
                default_language,
                contact_email,
                contact_phone,
                logo_media_id: logo,
                accessibility_statement,
                updated_at: state.now(),
                logo_url: None,
            };
            state.store.save_organisation(&org).await?;
            Ok(see_other("/admin/organisation"))
        }
        _ => {
            org_form(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                Value::from_serialize(f.values()),
                &e,
            )
            .await
        }
    }
}

async fn org_form(
    state: &AppState,
    s: &SignedIn,
    status: StatusCode,
    values: Value,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let managers = state.store.unit_managers().await?;
    let units: Vec<Value> = state
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| {
            let mine: Vec<&(UnitId, UserId, String)> = managers.iter().filter(|m| m.0 == u.id).collect();
            context! { u => u, manager_ids => mine.iter().map(|m| m.1).collect::<Vec<_>>(), manager_names => mine.iter().map(|m| m.2.as_str()).collect::<Vec<_>>() }
        })
        .collect();
    let ctx = context! {
        values => values, errors => error_map(errors), units => units,
        media => state.store.all_media().await?, people => state.store.users().await?,
    };
    admin_page(
        state,
        s,
        status,
        "admin/organisation.html",
        "admin-organisation",
        ctx,
    )
    .await
}

/// Make exactly the chosen people a unit's managers.
pub(super) async fn set_unit_managers(
    State(state): State<AppState>,
    Staff(s): Staff,
    Path(id): Path<UnitId>,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    if !state.store.units().await?.iter().any(|u| u.id == id) {
        return Err(AppError::NotFound(None));
    }
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    let users = state.store.users().await?;
    let ids =
        crate::routes::forms::chosen_people(&f, "managers", &users, &mut e, "error-no-such-person");
    if !e.is_empty() {
        return Err(AppError::BadRequest("error-no-such-person"));
    }
    state.store.set_unit_managers(id, &ids).await?;
    Ok(see_other(&format!("/admin/organisation#unit-{id}")))
}

pub(super) async fn add_unit(
    State(state): State<AppState>,
    Staff(s): Staff,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, Action::ManageOrganisation, Target::Organisation)?;
    let f = Fields::parse(&body);
    let mut e = FieldErrors::default();
    if let Some(name) = e.check("unit_name", required_text(f.get("unit_name"), 120)) {
        match Slug::normalise(&name) {
            Ok(slug) => match state
                .store
                .create_unit(slug.as_str(), &name, state.now())
                .await
            {
                Ok(_) => return Ok(see_other("/admin/organisation")),
                Err(StoreError::Conflict(_)) => e.add("unit_name", "error-unit-taken"),
                Err(err) => return Err(err.into()),
            },
            Err(err) => e.add("unit_name", err.key),
        }
    }
    let org = state.organisation().await?;
    org_form(
        &state,
        &s,
        StatusCode::UNPROCESSABLE_ENTITY,
        Value::from_serialize(&org),
        &e,
    )
    .await
}
