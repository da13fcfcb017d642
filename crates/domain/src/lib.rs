//! Lykta's domain: parsed newtypes, roles and the one permission check, post
//! states and audience rules. Knows nothing of IO, SQL, HTTP or HTML.
#![forbid(unsafe_code)]

pub mod permission;
pub mod types;

pub use permission::{can, Action, Actor, Target};
pub use types::*;
