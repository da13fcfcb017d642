//! Black-box tests: a real Lykta over HTTP on loopback, on SQLite and (when
//! the test command started one) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod application;
mod authoring;
mod authz;
mod bluesky;
mod cache;
mod channels;
mod cli;
mod conflicts;
mod dashboards;
mod dialogue;
mod documents;
mod editor;
mod external;
mod guidelines;
mod helpers;
mod incidents;
mod jobs;
mod killed;
mod media;
mod moderation;
mod oidc;
mod operations;
mod own_texts;
mod people;
mod plan;
mod platforms;
mod public;
mod reader;
mod replies;
mod search;
mod security;
mod spokes;
mod subscriptions;
mod surveys;
mod syndication;
mod team;
