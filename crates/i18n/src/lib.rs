//! Swedish and English text (UI, e-mail) from Fluent message catalogues.
#![forbid(unsafe_code)]

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use lykta_domain::Language;

pub struct Catalogues {
    sv: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: unic_langid::LanguageIdentifier, sources: &[&str]) -> FluentBundle<FluentResource> {
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    b.set_use_isolating(false);
    for source in sources {
        let resource = match FluentResource::try_new((*source).to_owned()) {
            Ok(r) => r,
            // The catalogues are compiled in and checked by tests; a broken
            // line is skipped rather than taking the site down.
            Err((r, errors)) => {
                tracing::error!(?errors, "message catalogue has errors");
                r
            }
        };
        if let Err(errors) = b.add_resource(resource) {
            tracing::error!(?errors, "message catalogue has duplicate keys");
        }
    }
    b
}

/// The Swedish catalogue, in parts.
const SV: &[&str] = &[
    include_str!("../messages/sv.ftl"),
    include_str!("../messages/sv-plan.ftl"),
    include_str!("../messages/sv-oidc.ftl"),
    include_str!("../messages/sv-org.ftl"),
    include_str!("../messages/sv-jobs.ftl"),
    include_str!("../messages/sv-editor.ftl"),
    include_str!("../messages/sv-moderation.ftl"),
    include_str!("../messages/sv-people.ftl"),
    include_str!("../messages/sv-dashboard.ftl"),
    include_str!("../messages/sv-everyday.ftl"),
    include_str!("../messages/sv-reader.ftl"),
    include_str!("../messages/sv-subscriptions.ftl"),
    include_str!("../messages/sv-search.ftl"),
    include_str!("../messages/sv-documents.ftl"),
    include_str!("../messages/sv-searchperf.ftl"),
    include_str!("../messages/sv-spokes.ftl"),
    include_str!("../messages/sv-spokes2.ftl"),
    include_str!("../messages/sv-deliver.ftl"),
    include_str!("../messages/sv-follow.ftl"),
    include_str!("../messages/sv-bluesky.ftl"),
    include_str!("../messages/sv-platforms.ftl"),
    include_str!("../messages/sv-replies.ftl"),
];
/// The English catalogue, in the same parts.
const EN: &[&str] = &[
    include_str!("../messages/en.ftl"),
    include_str!("../messages/en-plan.ftl"),
    include_str!("../messages/en-oidc.ftl"),
    include_str!("../messages/en-org.ftl"),
    include_str!("../messages/en-jobs.ftl"),
    include_str!("../messages/en-editor.ftl"),
    include_str!("../messages/en-moderation.ftl"),
    include_str!("../messages/en-people.ftl"),
    include_str!("../messages/en-dashboard.ftl"),
    include_str!("../messages/en-everyday.ftl"),
    include_str!("../messages/en-reader.ftl"),
    include_str!("../messages/en-subscriptions.ftl"),
    include_str!("../messages/en-search.ftl"),
    include_str!("../messages/en-documents.ftl"),
    include_str!("../messages/en-searchperf.ftl"),
    include_str!("../messages/en-spokes.ftl"),
    include_str!("../messages/en-spokes2.ftl"),
    include_str!("../messages/en-deliver.ftl"),
    include_str!("../messages/en-follow.ftl"),
    include_str!("../messages/en-bluesky.ftl"),
    include_str!("../messages/en-platforms.ftl"),
    include_str!("../messages/en-replies.ftl"),
];

impl Catalogues {
    pub fn load() -> Self {
        Catalogues {
            sv: bundle(unic_langid::langid!("sv"), SV),
            en: bundle(unic_langid::langid!("en"), EN),
        }
    }

    /// A day as people write it, in Swedish local time: "4 december 2026".
    pub fn date(&self, lang: Language, ts: i64) -> String {
        let local = ts + i64::from(lykta_domain::stockholm_offset(ts));
        let d = lykta_domain::Timestamp(local).to_datetime();
        let month = self.get(lang, &format!("month-{}", u8::from(d.month())), &[]);
        format!("{} {} {}", d.day(), month, d.year())
    }

    /// The message `key` in `lang`, with arguments. A missing key shows as
    /// the key itself (and tests check that no key is missing).
    pub fn get(&self, lang: Language, key: &str, args: &[(&str, String)]) -> String {
        let b = match lang {
            Language::Sv => &self.sv,
            Language::En => &self.en,
        };
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            match v.parse::<f64>() {
                Ok(n) => fargs.set(*k, FluentValue::from(n)),
                Err(_) => fargs.set(*k, FluentValue::from(v.clone())),
            }
        }
        let mut errors = vec![];
        b.format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    pub fn has(&self, lang: Language, key: &str) -> bool {
        let b = match lang {
            Language::Sv => &self.sv,
            Language::En => &self.en,
        };
        b.has_message(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message exists in both languages, once.
    #[test]
    fn catalogues_have_the_same_keys_once() {
        let keys = |sources: &[&str]| {
            let mut keys: Vec<String> = sources
                .iter()
                .flat_map(|s| s.lines())
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                .collect();
            let n = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(n, keys.len(), "a key is defined twice");
            keys
        };
        let (sv, en) = (keys(SV), keys(EN));
        let only_sv: Vec<_> = sv.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !sv.contains(k)).collect();
        assert!(
            only_sv.is_empty() && only_en.is_empty(),
            "only in Swedish: {only_sv:?}; only in English: {only_en:?}"
        );
        let c = Catalogues::load();
        assert_eq!(
            c.get(Language::Sv, "mail-digest-subject", &[("week", "3".into())]),
            "Veckans läge i bloggarna, vecka 3"
        );
    }
}
