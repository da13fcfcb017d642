//! Reading submitted forms: every field as text (repeated keys kept), parsed
//! into domain types by the handlers, with field errors collected for a 422.

use axum::body::Bytes;
use lykta_domain::FieldErrors;
use lykta_domain::UserId;
use std::collections::HashMap;

pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &Bytes) -> Fields {
        Fields(url::form_urlencoded::parse(body).into_owned().collect())
    }
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    /// The submitted values, to fill the form again after an error.
    pub fn values(&self) -> HashMap<&str, &str> {
        let mut m = HashMap::new();
        for (k, v) in &self.0 {
            if k != "csrf" {
                m.entry(k.as_str()).or_insert(v.as_str());
            }
        }
        m
    }
}

/// Field errors as a map for templates: field name → message key.
pub fn error_map(errors: &FieldErrors) -> HashMap<String, &'static str> {
    errors.0.iter().map(|(f, k)| (f.clone(), *k)).collect()
}

/// The people chosen in a multiple select (`field`, user ids), each once; an
/// id that is no one's puts `error` at the field.
pub fn chosen_people(
    f: &Fields,
    field: &str,
    users: &[lykta_store::User],
    e: &mut FieldErrors,
    error: &'static str,
) -> Vec<UserId> {
    let mut ids = Vec::new();
    for raw in f.all(field) {
        match raw
            .parse::<UserId>()
            .ok()
            .filter(|id| users.iter().any(|u| u.id == *id))
        {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => e.add(field, error),
        }
    }
    ids
}

/// What a colleague saved while the person typed (a stale save), for the
/// `conflict_panel` macro: their version, and each field's label (a message
/// key) and text. The form keeps the person's text and builds on `version`.
pub(crate) fn conflict(version: i64, fields: &[(&'static str, &str)]) -> minijinja::Value {
    let fields: Vec<minijinja::Value> = fields
        .iter()
        .map(|(label, text)| minijinja::context! { label => label, text => text })
        .collect();
    minijinja::context! { version => version, fields => fields }
}
