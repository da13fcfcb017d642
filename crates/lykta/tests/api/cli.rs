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

/// `lykta …` as a child process that does not block the test's runtime.
async fn lykta_async(args: &[&str]) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || lykta().args(&args).output().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_backup_made_under_load_restores_to_a_site_that_verifies_and_serves_the_same() {
    use crate::helpers::*;
    for backend in backends() {
        let app = spawn_app(backend).await;
        let data = app.dir.path().to_str().unwrap().to_owned();
        let url = app.database_url();
        // Readers comment while the backup is made.
        let writer = {
            let address = app.address.clone();
            tokio::spawn(async move {
                for n in 0..20 {
                    stranger()
                        .post(format!(
                            "{address}/rontgenbloggen/en-dag-pa-akutrontgen/comments"
                        ))
                        .form(&[
                            ("name", "Läsare"),
                            ("email", "lasare@example.org"),
                            (
                                "comment",
                                &format!("Fråga nummer {n} under säkerhetskopieringen"),
                            ),
                        ])
                        .send()
                        .await
                        .unwrap();
                }
            })
        };
        let out_dir = tempfile::tempdir().unwrap();
        let file = out_dir.path().join("lykta-backup.tar");
        let file_s = file.to_str().unwrap().to_owned();
        let done = lykta_async(&[
            "--data-dir",
            &data,
            "--database-url",
            &url,
            "backup",
            "--out",
            &file_s,
        ])
        .await;
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        writer.await.unwrap();
        assert!(
            !lykta_async(&[
                "--data-dir",
                &data,
                "--database-url",
                &url,
                "backup",
                "--out",
                &file_s
            ])
            .await
            .status
            .success(),
            "an existing file is never overwritten"
        );

        // Into a new data folder (and an empty database).
        let target = tempfile::tempdir().unwrap();
        let target_s = target.path().to_str().unwrap().to_owned();
        let new_url = lykta_store::testing::fresh_database_url(backend, target.path())
            .await
            .unwrap();
        let done = lykta_async(&[
            "--data-dir",
            &target_s,
            "--database-url",
            &new_url,
            "restore",
            &file_s,
        ])
        .await;
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        assert!(String::from_utf8_lossy(&done.stdout).contains("the record is whole"));
        let again = lykta_async(&[
            "--data-dir",
            &target_s,
            "--database-url",
            &new_url,
            "restore",
            &file_s,
        ])
        .await;
        assert!(!again.status.success(), "only into an empty folder");

        // The restored site serves the same pages, images included.
        let site = spawn_in(backend, target, Some(new_url.clone())).await;
        for path in [
            "/rontgenbloggen/",
            "/rontgenbloggen/en-dag-pa-akutrontgen",
            "/kanaler",
        ] {
            // The same but for the address each is served at (escaped in
            // attributes, percent-encoded in share links).
            let without = |html: String, address: &str| {
                let encoded: String =
                    url::form_urlencoded::byte_serialize(address.as_bytes()).collect();
                html.replace(address, "")
                    .replace(&address.replace('/', "&#x2f;"), "")
                    .replace(&encoded, "")
            };
            let here = without(public_text(&app, path).await, &app.address);
            let there = without(public_text(&site, path).await, &site.address);
            assert_eq!(here, there, "{path}");
        }
        let page = public_text(&site, "/rontgenbloggen/en-dag-pa-akutrontgen").await;
        let image = page
            .split("src=\"&#x2f;media&#x2f;")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("an image on the post");
        assert_eq!(site.get(&format!("/media/{image}")).await.status(), 200);

        // A damaged file is refused and leaves nothing behind.
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        let bad = out_dir.path().join("skadad.tar");
        std::fs::write(&bad, bytes).unwrap();
        let empty = tempfile::tempdir().unwrap();
        let bad_url = lykta_store::testing::fresh_database_url(backend, empty.path())
            .await
            .unwrap();
        let refused = lykta_async(&[
            "--data-dir",
            empty.path().to_str().unwrap(),
            "--database-url",
            &bad_url,
            "restore",
            bad.to_str().unwrap(),
        ])
        .await;
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("the backup is damaged"));
        assert_eq!(
            std::fs::read_dir(empty.path()).unwrap().count(),
            0,
            "nothing left behind"
        );
    }
}

/// `lykta serve` stops on SIGTERM as a service manager sends it: a browser's
/// idle keep-alive connection does not hold it up, the worker finishes, and
/// the process says so and exits 0.
#[tokio::test]
async fn serve_stops_cleanly_on_sigterm() {
    use std::io::{BufRead, Read};
    let dir = tempfile::tempdir().unwrap();
    let mut child = lykta()
        .args(["--data-dir", dir.path().to_str().unwrap()])
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let url = first
        .trim_end()
        .strip_prefix("Lykta is serving at ")
        .unwrap_or_else(|| panic!("{first}"))
        .trim_end_matches('/')
        .to_owned();
    let browser = reqwest::Client::new();
    let r = browser.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap();

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut status = None;
    for _ in 0..300 {
        status = child.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let Some(status) = status else {
        let _ = child.kill();
        panic!("lykta serve did not stop within 30 s of SIGTERM");
    };
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{log}");
    assert!(log.contains("stopping") && log.contains("stopped"), "{log}");
}
