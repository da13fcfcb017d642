//! Helpers for test suites: a fresh, empty database on either backend.
//! Compiled only with the `testing` feature (test suites enable it).

use crate::{Backend, Result, StoreError};
use sqlx::postgres::PgPoolOptions;

/// Backends to test against: SQLite always; PostgreSQL when
/// `LYKTA_TEST_POSTGRES_URL` names a server (the test command starts one).
/// With `LYKTA_TEST_REQUIRE_TOOLS=1` a missing PostgreSQL is an error.
pub fn backends() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    if std::env::var("LYKTA_TEST_POSTGRES_URL").is_ok() {
        v.push(Backend::Postgres);
    } else if std::env::var("LYKTA_TEST_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("LYKTA_TEST_REQUIRE_TOOLS=1 but LYKTA_TEST_POSTGRES_URL is not set");
    }
    v
}

/// A database URL for a new, empty database: a SQLite file in `dir`, or a
/// new PostgreSQL database with a unique name on the test server.
pub async fn fresh_database_url(backend: Backend, dir: &std::path::Path) -> Result<String> {
    match backend {
        Backend::Sqlite => Ok(format!("sqlite://{}", dir.join("lykta.db").display())),
        Backend::Postgres => {
            let admin =
                std::env::var("LYKTA_TEST_POSTGRES_URL").map_err(|_| StoreError::UnsupportedUrl)?;
            let name = format!("lykta_test_{}_{}", std::process::id(), unique());
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect(&admin)
                .await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await?;
            pool.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            Ok(format!("{base}/{name}"))
        }
    }
}

/// A new PostgreSQL database on the test server, a copy of the one at
/// `template_url` (which nobody may be connected to). Returns its URL.
pub async fn postgres_copy_of(template_url: &str) -> Result<String> {
    let admin = std::env::var("LYKTA_TEST_POSTGRES_URL").map_err(|_| StoreError::UnsupportedUrl)?;
    let (base, template) = template_url
        .rsplit_once('/')
        .ok_or(StoreError::UnsupportedUrl)?;
    let name = format!("lykta_test_{}_{}", std::process::id(), unique());
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&admin)
        .await?;
    // Two copies of one template at once are refused ("being accessed by other users").
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .execute(&pool)
        .await?;
    pool.close().await;
    Ok(format!("{base}/{name}"))
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    nanos * 1000 + N.fetch_add(1, Ordering::Relaxed)
}
