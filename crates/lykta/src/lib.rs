//! The `lykta` binary's library: command-line parsing, configuration loading
//! and the demo organisation. Business rules live in the other crates.
#![forbid(unsafe_code)]

pub mod archive;
pub mod backup;
pub mod cli;
pub mod config;
pub mod demo;
