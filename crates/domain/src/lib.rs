//! Lykta's domain: parsed newtypes, roles and the one permission check, post
//! states and audience rules. Knows nothing of IO, SQL, HTTP or HTML.
#![forbid(unsafe_code)]

pub mod cadence;
pub mod clock;
pub mod document;
pub mod event;
pub mod ids;
pub mod permission;
pub mod quiz;
pub mod reading;
pub mod table;
pub mod types;
pub mod workdays;

pub use clock::{
    iso_date, parse_date, stockholm_date, stockholm_instant, stockholm_local_to_utc,
    stockholm_offset, Clock, ManualClock, SystemClock,
};
pub use document::{Document, DocumentText};
pub use event::DomainEvent;
pub use ids::*;
pub use permission::{can, matrix, Action, Actor, Membership, Target};
pub use types::*;
