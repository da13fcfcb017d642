//! Templates (minijinja, compiled into the binary, autoescaping HTML) and the
//! functions they may call: `t()` for catalogue text and `date()`.

use lykta_domain::Language;
use lykta_i18n::Catalogues;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, State};
use std::sync::Arc;

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),+]
    };
}

const TEMPLATES: &[(&str, &str)] = templates![
    "base.html",
    "macros.html",
    "reader.html",
    "search.html",
    "search_results.html",
    "admin/search.html",
    "front.html",
    "listing.html",
    "post.html",
    "page.html",
    "error.html",
    "comment_slow.html",
    "sign_in.html",
    "admin/base.html",
    "admin/dashboard.html",
    "admin/blog_form.html",
    "admin/posts.html",
    "admin/members.html",
    "admin/post_form.html",
    "admin/post_channels.html",
    "admin/live_preview.html",
    "admin/revision.html",
    "admin/page_form.html",
    "admin/media.html",
    "admin/organisation.html",
    "admin/users.html",
    "admin/person.html",
    "forgot_password.html",
    "reset_password.html",
    "subscribe.html",
    "subscription.html",
    "admin/subscribers.html",
    "admin/profile.html",
    "admin/outbox.html",
    "admin/jobs.html",
    "admin/comments.html",
    "admin/record.html",
    "admin/record_person.html",
    "admin/record_print.html",
    "admin/record_entry.html",
    "admin/plan.html",
    "admin/plan_item.html",
    "admin/plan_approval.html",
    "invitation.html",
    "policy.html",
    "channels.html",
    "follow.html",
    "admin/channels.html",
    "admin/channel_form.html",
    "admin/channel_import.html",
    "admin/surveys.html",
    "admin/survey.html",
    "admin/survey_answer.html",
    "admin/guidelines.html",
    "admin/guideline.html",
    "admin/guideline_form.html",
    "admin/guideline_reach.html",
    "admin/scenarios.html",
    "admin/scenario.html",
    "admin/incidents.html",
    "admin/incident.html",
    "admin/incident_form.html",
];

fn lang_of(state: &State) -> Language {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(|s| Language::parse(s).ok()))
        .unwrap_or(Language::Sv)
}

pub fn environment(cat: Arc<Catalogues>) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    for (name, src) in TEMPLATES {
        env.add_template(name, src)?;
    }
    let c = cat.clone();
    env.add_function(
        "t",
        move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, Error> {
            let mut args = Vec::new();
            for k in kwargs.args() {
                let v: Value = kwargs.get(k)?;
                args.push((k, v.to_string()));
            }
            Ok(c.get(lang_of(state), key, &args))
        },
    );
    let c = cat;
    env.add_function(
        "date",
        move |state: &State, ts: i64| -> Result<String, Error> { Ok(c.date(lang_of(state), ts)) },
    );
    env.add_function("datetime_local", |ts: i64| -> String { datetime_local(ts) });
    env.add_function("iso", |ts: i64| -> String {
        lykta_domain::Timestamp(ts).rfc3339()
    });
    // A count with its thousands grouped as the language writes them
    // ("1 000" with a no-break space, "1,000").
    env.add_filter("grouped", |state: &State, n: i64| -> String {
        let sep = match lang_of(state) {
            Language::Sv => '\u{a0}',
            Language::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(d);
        }
        if n < 0 {
            out.insert(0, '-');
        }
        out
    });
    env.add_filter("or_empty", |v: Value| -> Value {
        if v.is_none() || v.is_undefined() {
            Value::from("")
        } else {
            v
        }
    });
    Ok(env)
}

/// The value for an `<input type="datetime-local">`, in Swedish local time.
pub fn datetime_local(ts: i64) -> String {
    let local = ts + i64::from(lykta_domain::stockholm_offset(ts));
    let d = lykta_domain::Timestamp(local).to_datetime();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute()
    )
}
