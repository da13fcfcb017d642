//! Parsed newtypes: once a value has one of these types it is valid.

use serde::Serialize;
use std::fmt;

/// Why a value was refused. The `key` is a message-catalogue key, so the web
/// layer can say it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}")]
pub struct Invalid {
    pub key: &'static str,
}

const fn invalid(key: &'static str) -> Invalid {
    Invalid { key }
}

/// Field name → message key, collected while parsing a form.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<(String, &'static str)>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn add(&mut self, field: &str, key: &'static str) {
        self.0.push((field.to_owned(), key));
    }
    /// Record the error of a failed parse under `field`, and give back the value.
    pub fn check<T>(&mut self, field: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.key);
                None
            }
        }
    }
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, k)| *k)
    }
}

/// A URL path segment: lowercase ASCII letters, digits and single hyphens.
/// Swedish letters are folded (å, ä → a; ö → o) and everything else becomes
/// a hyphen.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 80;

    /// Normalise free text into a slug ("Över ån!" → "over-an").
    pub fn normalise(input: &str) -> Result<Slug, Invalid> {
        let folded = deunicode::deunicode(input).to_lowercase();
        let mut out = String::with_capacity(folded.len());
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        if out.len() > Self::MAX_LEN {
            out.truncate(Self::MAX_LEN);
            while out.ends_with('-') {
                out.pop();
            }
        }
        if out.is_empty() {
            return Err(invalid("error-slug-empty"));
        }
        Ok(Slug(out))
    }

    /// A blog's address: not one of the site's own paths, nor one that
    /// looks like a site file (`feed.atom`, `sitemap.xml`, `robots.txt`, …).
    pub fn for_blog(input: &str) -> Result<Slug, Invalid> {
        let s = Slug::normalise(input)?;
        if RESERVED_BLOG_SLUGS.contains(&s.as_str())
            || RESERVED_BLOG_PREFIXES
                .iter()
                .any(|p| s.as_str().starts_with(p))
        {
            return Err(invalid("error-slug-reserved"));
        }
        Ok(s)
    }

    /// A post's or page's address inside a blog: not one of the blog's own paths.
    pub fn for_blog_item(input: &str) -> Result<Slug, Invalid> {
        let s = Slug::normalise(input)?;
        if RESERVED_POST_SLUGS.contains(&s.as_str()) || s.as_str().starts_with("feed") {
            return Err(invalid("error-slug-reserved"));
        }
        Ok(s)
    }

    /// Accept only a value that is already a normalised slug (from a URL).
    pub fn parse_exact(input: &str) -> Option<Slug> {
        match Slug::normalise(input) {
            Ok(s) if s.0 == input => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Paths at the root of the site that a blog may not take.
pub const RESERVED_BLOG_SLUGS: &[&str] = &[
    "admin",
    "kanaler",
    "channels",
    "assets",
    "media",
    "healthz",
    "readyz",
    "metrics",
    "sok",
    "search",
    "sign-in",
    "sign-out",
    "accessibility",
    "tillganglighet",
    "feed",
    "sitemap",
    "robots",
    "api",
    "static",
    "prenumeration",
    "subscription",
    "folj",
    "follow",
];

/// Beginnings a blog's address may not have: the site's files and feeds.
pub const RESERVED_BLOG_PREFIXES: &[&str] = &["feed", "sitemap", "robots", "favicon", "opensearch"];

/// Paths inside a blog that a post or page may not take.
pub const RESERVED_POST_SLUGS: &[&str] = &[
    "tag",
    "author",
    "feed",
    "page",
    "p",
    "kommentarspolicy",
    "comment-policy",
    "prenumerera",
    "subscribe",
];

/// An e-mail address, trimmed and lower-cased. Checked for shape only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let s = input.trim().to_lowercase();
        let valid = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Email(s))
        } else {
            Err(invalid("error-email"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Required single-line text with a length limit, trimmed.
pub fn required_text(input: &str, max_chars: usize) -> Result<String, Invalid> {
    let s = input.trim();
    if s.is_empty() {
        Err(invalid("error-required"))
    } else if s.chars().count() > max_chars {
        Err(invalid("error-too-long"))
    } else if s.chars().any(|c| c.is_control()) {
        Err(invalid("error-control-chars"))
    } else {
        Ok(s.to_owned())
    }
}

/// Optional text (may be multi-line) with a length limit; empty becomes "".
pub fn optional_text(input: &str, max_chars: usize) -> Result<String, Invalid> {
    let s = input.trim();
    if s.chars().count() > max_chars {
        Err(invalid("error-too-long"))
    } else if s
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err(invalid("error-control-chars"))
    } else {
        Ok(s.to_owned())
    }
}

/// Like [`required_text`], but line breaks and tabs are allowed (notes,
/// comments).
pub fn required_multiline(input: &str, max_chars: usize) -> Result<String, Invalid> {
    let s = optional_text(input, max_chars)?;
    if s.is_empty() {
        Err(invalid("error-required"))
    } else {
        Ok(s)
    }
}

/// Largest Markdown body accepted from a form, in bytes.
pub const MAX_BODY_BYTES: usize = 200_000;

pub fn markdown_body(input: &str) -> Result<String, Invalid> {
    if input.len() > MAX_BODY_BYTES {
        return Err(invalid("error-body-too-long"));
    }
    optional_text(input, MAX_BODY_BYTES)
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }, $err:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        /// Serialised as its stored text.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        /// Read from its stored text.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(|e| serde::de::Error::custom(e.key))
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Result<$name, Invalid> {
                match s.trim() { $($text => Ok($name::$variant),)+ _ => Err(invalid($err)) }
            }
        }

        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(s: String) -> Result<$name, Invalid> {
                $name::parse(&s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// The language a blog is written in, and so the language of its UI.
    Language { Sv = "sv", En = "en" },
    "error-language"
);

string_enum!(
    /// Who may read a blog. Internal blogs answer only to signed-in staff.
    Audience { Public = "public", Internal = "internal" },
    "error-audience"
);

string_enum!(
    /// Where a post is in its life. Only `Published` posts are ever shown to readers.
    PostState { Draft = "draft", Scheduled = "scheduled", Published = "published", Unpublished = "unpublished" },
    "error-state"
);

string_enum!(
    /// Where a reader's comment stands. Only `Published` comments are shown.
    CommentState {
        /// Waiting for a moderator (pre-moderation).
        Pending = "pending",
        /// Shown to readers.
        Published = "published",
        /// Not shown: refused before publication, with a reason.
        Rejected = "rejected",
        /// Not shown any more: removed after publication, with a reason.
        Hidden = "hidden",
        /// Not shown: spam.
        Spam = "spam",
        /// Not shown, at once: secret or a case (patient data…), for the registrar.
        Secret = "secret",
    },
    "error-state"
);

string_enum!(
    /// A version of the social-media guidelines: written as a draft, then in
    /// force, then superseded by the next (kept readable).
    GuidelineState { Draft = "draft", Published = "published", Superseded = "superseded" },
    "error-state"
);

string_enum!(
    /// Where a reported incident is: reported, being handled, closed with notes.
    IncidentStatus { Open = "open", Handling = "handling", Closed = "closed" },
    "error-state"
);

string_enum!(
    /// An inventory survey takes answers while open.
    SurveyState { Open = "open", Closed = "closed" },
    "error-state"
);

string_enum!(
    /// Where a post is in its review, apart from whether it is published:
    /// idea → draft → in review → changes requested → approved.
    Workflow { Idea = "idea", Draft = "draft", InReview = "in_review", ChangesRequested = "changes_requested", Approved = "approved" },
    "error-workflow"
);

/// A step in a post's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    /// An idea becomes a draft someone writes.
    Start,
    /// The writer asks for review.
    Submit,
    /// A reviewer approves.
    Approve,
    /// A reviewer sends it back.
    RequestChanges,
}

impl ReviewStep {
    pub fn parse(s: &str) -> Result<ReviewStep, Invalid> {
        match s {
            "start" => Ok(ReviewStep::Start),
            "submit" => Ok(ReviewStep::Submit),
            "approve" => Ok(ReviewStep::Approve),
            "request_changes" => Ok(ReviewStep::RequestChanges),
            _ => Err(invalid("error-action")),
        }
    }
    pub fn event(self) -> &'static str {
        match self {
            ReviewStep::Start => "started",
            ReviewStep::Submit => "submitted",
            ReviewStep::Approve => "approved",
            ReviewStep::RequestChanges => "changes-requested",
        }
    }
    /// The workflow state after this step, or an error if the step does not
    /// apply (approving something not in review, say).
    pub fn apply(self, from: Workflow) -> Result<Workflow, Invalid> {
        match (self, from) {
            (ReviewStep::Start, Workflow::Idea) => Ok(Workflow::Draft),
            (ReviewStep::Submit, Workflow::Draft | Workflow::ChangesRequested) => {
                Ok(Workflow::InReview)
            }
            (ReviewStep::Approve, Workflow::InReview) => Ok(Workflow::Approved),
            (ReviewStep::RequestChanges, Workflow::InReview | Workflow::Approved) => {
                Ok(Workflow::ChangesRequested)
            }
            _ => Err(invalid("error-review-step")),
        }
    }
}

string_enum!(
    /// Where an account of the organisation lives.
    Platform { Facebook = "facebook", Instagram = "instagram", Linkedin = "linkedin", X = "x", Youtube = "youtube", Tiktok = "tiktok", Mastodon = "mastodon", Bluesky = "bluesky", Website = "website", Newsletter = "newsletter", Other = "other" },
    "error-platform"
);

string_enum!(
    /// How a service a unit tried worked out (the inventory survey).
    SurveyResult { Good = "good", Mixed = "mixed", Poor = "poor", Unknown = "unknown" },
    "error-survey-result"
);

string_enum!(
    /// Where a channel of the inventory stands.
    ChannelStatus { Requested = "requested", Active = "active", Paused = "paused", Closed = "closed", Declined = "declined" },
    "error-channel-status"
);

string_enum!(
    /// When comments are moderated: before they are shown, or after.
    Moderation { Pre = "pre", Post = "post" },
    "error-moderation"
);

string_enum!(
    /// Where a year-plan item stands.
    PlanStatus { Planned = "planned", Writing = "writing", Done = "done", Cancelled = "cancelled" },
    "error-plan-status"
);

string_enum!(
    /// Where a planned activity is meant to appear.
    Channel { Blog = "blog", Intranet = "intranet", Newsletter = "newsletter", Facebook = "facebook", Instagram = "instagram", Linkedin = "linkedin", Event = "event" },
    "error-channel"
);

string_enum!(
    /// Where a year plan's approval stands.
    PlanApprovalState { Pending = "pending", Approved = "approved", ChangesRequested = "changes_requested" },
    "error-workflow"
);

string_enum!(
    /// A staff member's organisation-wide role. Every check goes through [`crate::can`].
    Role { Admin = "admin", Communicator = "communicator", Registrar = "registrar", Employee = "employee" },
    "error-role"
);

string_enum!(
    /// A role in one blog.
    BlogRole { Editor = "editor", Author = "author", Guest = "guest", Reviewer = "reviewer", Moderator = "moderator" },
    "error-blog-role"
);

/// Seconds since the Unix epoch, UTC. Stored as a 64-bit integer in every backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl From<i64> for Timestamp {
    fn from(v: i64) -> Timestamp {
        Timestamp(v)
    }
}

impl Timestamp {
    pub fn to_datetime(self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }
    pub fn rfc3339(self) -> String {
        self.to_datetime()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }
    /// Parse the value of an `<input type="datetime-local">` (local time given
    /// as an offset in minutes east of UTC).
    pub fn parse_local(input: &str, offset_minutes: i32) -> Result<Timestamp, Invalid> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let fmt_s =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let s = input.trim();
        let pdt = time::PrimitiveDateTime::parse(s, &fmt)
            .or_else(|_| time::PrimitiveDateTime::parse(s, &fmt_s))
            .map_err(|_| invalid("error-datetime"))?;
        let offset = time::UtcOffset::from_whole_seconds(offset_minutes * 60)
            .map_err(|_| invalid("error-datetime"))?;
        Ok(Timestamp(pdt.assume_offset(offset).unix_timestamp()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_swedish_letters() {
        assert_eq!(
            Slug::normalise("Över ån och älven").unwrap().as_str(),
            "over-an-och-alven"
        );
        assert_eq!(
            Slug::normalise("  Röntgen-bloggen!! 2026 ")
                .unwrap()
                .as_str(),
            "rontgen-bloggen-2026"
        );
        assert!(Slug::normalise("!!!").is_err());
        assert!(Slug::normalise("").is_err());
        assert_eq!(
            Slug::normalise(&"a".repeat(200)).unwrap().as_str().len(),
            Slug::MAX_LEN
        );
    }

    #[test]
    fn reserved_addresses_are_refused() {
        assert_eq!(
            Slug::for_blog("Admin").unwrap_err().key,
            "error-slug-reserved"
        );
        assert!(Slug::for_blog("Röntgenbloggen").is_ok());
        for (blog, item) in [
            ("prenumeration", "prenumerera"),
            ("subscription", "subscribe"),
        ] {
            assert!(Slug::for_blog(blog).is_err() && Slug::for_blog_item(item).is_err());
        }
        assert_eq!(
            Slug::for_blog_item("tag").unwrap_err().key,
            "error-slug-reserved"
        );
        assert_eq!(
            Slug::for_blog_item("feed.atom").unwrap_err().key,
            "error-slug-reserved"
        );
        assert!(Slug::for_blog_item("om bloggen").is_ok());
        for site_file in [
            "feed.atom",
            "sitemap.xml",
            "robots.txt",
            "favicon.ico",
            "sok",
        ] {
            assert_eq!(
                Slug::for_blog(site_file).unwrap_err().key,
                "error-slug-reserved",
                "{site_file}"
            );
        }
        assert!(Slug::for_blog("Nyheter").is_ok());
    }

    #[test]
    fn exact_slugs_only_accept_normal_form() {
        assert!(Slug::parse_exact("rontgenbloggen").is_some());
        assert!(Slug::parse_exact("Röntgen").is_none());
        assert!(Slug::parse_exact("a--b").is_none());
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Anna@Example.ORG ").unwrap().as_str(),
            "anna@example.org"
        );
        for bad in [
            "", "anna", "anna@", "@x.se", "a b@x.se", "a@x", "a@@x.se", "a@.se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(required_text("  hej ", 10).unwrap(), "hej");
        assert_eq!(required_text("   ", 10).unwrap_err().key, "error-required");
        assert_eq!(required_text("åäöåäöåäöå", 10).unwrap(), "åäöåäöåäöå");
        assert!(required_text("åäöåäöåäöåx", 10).is_err());
        assert!(required_text("a\u{0}b", 10).is_err());
        assert!(optional_text("rad 1\nrad 2", 100).is_ok());
        assert!(markdown_body(&"x".repeat(MAX_BODY_BYTES + 1)).is_err());
    }

    #[test]
    fn enums_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.as_str()).unwrap(), *l);
        }
        assert!(Audience::parse("secret").is_err());
    }

    #[test]
    fn review_steps() {
        assert_eq!(
            ReviewStep::Submit.apply(Workflow::Draft).unwrap(),
            Workflow::InReview
        );
        assert_eq!(
            ReviewStep::Approve.apply(Workflow::InReview).unwrap(),
            Workflow::Approved
        );
        assert_eq!(
            ReviewStep::RequestChanges
                .apply(Workflow::InReview)
                .unwrap(),
            Workflow::ChangesRequested
        );
        assert_eq!(
            ReviewStep::Submit
                .apply(Workflow::ChangesRequested)
                .unwrap(),
            Workflow::InReview
        );
        assert!(ReviewStep::Approve.apply(Workflow::Draft).is_err());
        assert_eq!(
            ReviewStep::Start.apply(Workflow::Idea).unwrap(),
            Workflow::Draft
        );
        assert!(ReviewStep::Submit.apply(Workflow::Idea).is_err());
        assert!(ReviewStep::Submit.apply(Workflow::InReview).is_err());
    }

    #[test]
    fn local_datetime() {
        let t = Timestamp::parse_local("2026-01-02T10:30", 60).unwrap();
        assert_eq!(t.rfc3339(), "2026-01-02T09:30:00Z");
        assert!(Timestamp::parse_local("tomorrow", 0).is_err());
    }
}

/// A new password: at least [`Password::MIN_CHARS`] characters (NIST SP
/// 800-63B), at most [`Password::MAX_BYTES`] bytes. The one rule for every
/// way a password is set (forms, invitations, `lykta user`).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_BYTES: usize = 256;

    pub fn parse(input: &str) -> Result<Password, Invalid> {
        if input.chars().count() < Self::MIN_CHARS {
            Err(invalid("error-password-short"))
        } else if input.len() > Self::MAX_BYTES {
            Err(invalid("error-too-long"))
        } else {
            Ok(Password(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never shows the password.
impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}
