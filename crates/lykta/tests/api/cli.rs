//! The `lykta` command line: help, exit codes, configuration errors.

use std::process::Command;

fn lykta() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lykta"));
    for (k, _) in std::env::vars() {
        if k.starts_with("LYKTA_") {
            c.env_remove(k);
        }
    }
    c
}

#[test]
fn help_and_errors_follow_conventions() {
    let out = lykta().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for sub in ["serve", "migrate", "user", "config"] {
        assert!(help.contains(sub), "{help}");
    }
    assert!(lykta()
        .args(["user", "add", "--help"])
        .output()
        .unwrap()
        .status
        .success());

    let out = lykta().arg("frobnicate").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "unknown command is a usage error"
    );

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lykta.toml");
    std::fs::write(&cfg, "listen = \"inte en adress\"\n").unwrap();
    let out = lykta()
        .args(["--config", cfg.to_str().unwrap(), "config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("listen") && err.contains("inte en adress"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one-line error: {err}");

    std::fs::write(&cfg, "lissten = \"127.0.0.1:1\"\n").unwrap();
    let out = lykta()
        .args(["--config", cfg.to_str().unwrap(), "config", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("lissten") && err.contains("lykta.toml"),
        "names the key and the file: {err}"
    );

    std::fs::write(
        &cfg,
        "[[disposal_rules]]\nname = \"allt\"\ncomment_state = \"published\"\nafter_days = 1\n",
    )
    .unwrap();
    let out = lykta()
        .args(["--config", cfg.to_str().unwrap(), "config", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("disposal_rules: allt") && err.contains("published"),
        "published comments are never disposed of: {err}"
    );

    let out = lykta()
        .env("LYKTA_DATABASE_URL", "mysql://x")
        .args(["migrate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("database_url"));
}

#[test]
fn migrate_and_user_management_work_on_a_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let out = lykta().args(["--data-dir", d, "migrate"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("lykta.db").exists());

    let add = |email: &str, pw: &str| {
        let mut child = lykta()
            .args([
                "--data-dir",
                d,
                "user",
                "add",
                "--email",
                email,
                "--name",
                "Test Testsson",
                "--role",
                "admin",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{pw}").unwrap();
        child.wait_with_output().unwrap()
    };
    let out = add("test@example.org", "ett-bra-losenord");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = add("test@example.org", "ett-bra-losenord");
    assert_eq!(out.status.code(), Some(1), "duplicate");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let out = add("inte-epost", "ett-bra-losenord");
    assert_eq!(out.status.code(), Some(1));
    let out = add("kort@example.org", "kort");
    assert_eq!(out.status.code(), Some(1));
    let out = lykta()
        .args(["--data-dir", d, "user", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.contains("test@example.org") && list.contains("admin"));
    assert!(!list.contains("kort@example.org"));

    let bad = dir.path().join("not-a-db");
    std::fs::write(&bad, "garbage").unwrap();
    let out = lykta()
        .args([
            "--database-url",
            &format!("sqlite://{}", bad.display()),
            "migrate",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_permission_table_in_docs_is_generated_from_the_code() {
    let doc = include_str!("../../../../docs/permissions.md");
    let out = lykta().arg("permissions").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(table, lykta_domain::matrix());
    assert!(
        doc.ends_with(&table),
        "docs/permissions.md is stale: run `lykta permissions` and paste the table"
    );
}
