//! Black-box tests: a real Lykta over HTTP on loopback, on SQLite and (when
//! the test command started one) PostgreSQL.

mod authoring;
mod cli;
mod external;
mod helpers;
mod media;
mod public;
mod security;
