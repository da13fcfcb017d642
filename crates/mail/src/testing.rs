//! A real SMTP server for tests: Python's `aiosmtpd` storing every mail in a Maildir.
//!
//! Needs `LYKTA_TEST_PYTHON`, a Python with `aiosmtpd` installed (`scripts/install-test-deps`
//! makes `.venv-test/`; `scripts/test` sets the variable).

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{bail, Context};
use mail_parser::{MessageParser, MimeHeaders};

/// How long the server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// How often to look at the port or the Maildir.
const POLL: Duration = Duration::from_millis(50);

/// A running `aiosmtpd` on 127.0.0.1, killed on drop.
pub struct SmtpPeer {
    child: Child,
    port: u16,
    /// `<tempdir>/maildir`, created by aiosmtpd.
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope recipients (`RCPT TO`), bare addresses.
    pub to: Vec<String>,
    /// The envelope sender (`MAIL FROM`), a bare address.
    pub from: String,
    /// The decoded subject.
    pub subject: String,
    /// The decoded first text part, line endings as `\n`.
    pub text: String,
    /// The decoded `text/html` part, line endings as `\n`; empty when there is none.
    pub html: String,
    /// The top-level headers, `(name, value)` as sent (values trimmed, folding kept).
    pub headers: Vec<(String, String)>,
    /// The Message-ID without angle brackets.
    pub message_id: String,
    /// The message as stored, with aiosmtpd's `X-Peer`, `X-MailFrom` and `X-RcptTo` headers.
    pub raw: String,
}

impl Received {
    /// The first value of the header `name` (any case), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

impl SmtpPeer {
    /// Starts `$LYKTA_TEST_PYTHON -m aiosmtpd` on a free port and waits (up to 10 s) until it
    /// accepts connections.
    ///
    /// Returns `Ok(None)` when `LYKTA_TEST_PYTHON` is unset, so the test can skip; with
    /// `LYKTA_TEST_REQUIRE_TOOLS=1` that panics instead.
    pub async fn start() -> anyhow::Result<Option<SmtpPeer>> {
        let python = match std::env::var_os("LYKTA_TEST_PYTHON").filter(|p| !p.is_empty()) {
            Some(python) => PathBuf::from(python),
            None if std::env::var("LYKTA_TEST_REQUIRE_TOOLS").as_deref() == Ok("1") => panic!(
                "LYKTA_TEST_PYTHON is not set but LYKTA_TEST_REQUIRE_TOOLS=1: run \
                 scripts/install-test-deps and set LYKTA_TEST_PYTHON=.venv-test/bin/python, \
                 or run the tests through scripts/test"
            ),
            None => return Ok(None),
        };
        // The free port is found by binding and letting go, so another process may take it
        // in between; try again with a new port when the server exits early.
        let mut last_error = None;
        for _ in 0..3 {
            match Self::start_once(&python).await {
                Ok(peer) => return Ok(Some(peer)),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("aiosmtpd did not start")))
    }

    async fn start_once(python: &Path) -> anyhow::Result<SmtpPeer> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        let dir = tempfile::tempdir()?;
        // Python's Maildir creates the folder with its tmp/new/cur only when it does not
        // exist yet; an existing empty folder would fail on the first mail.
        let maildir = dir.path().join("maildir");
        let log_path = dir.path().join("aiosmtpd.log");
        let log = std::fs::File::create(&log_path)?;
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", python.display()))?;
        // From here on, Drop kills the child whatever happens.
        let mut peer = SmtpPeer {
            child,
            port,
            maildir,
            _dir: dir,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
                .await
                .is_ok()
            {
                return Ok(peer);
            }
            let log = || std::fs::read_to_string(&log_path).unwrap_or_default();
            if let Some(status) = peer.child.try_wait()? {
                bail!(
                    "aiosmtpd exited ({status}) before accepting connections:\n{}",
                    log()
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "aiosmtpd did not accept connections on port {port} within {START_TIMEOUT:?}:\n{}",
                    log()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The URL for [`crate::MailSettings::smtp_url`]: `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    ///
    /// # Panics
    /// When a stored message cannot be read or parsed.
    pub fn received(&self) -> Vec<Received> {
        let new = self.maildir.join("new");
        let mut files: Vec<(SystemTime, PathBuf)> = match std::fs::read_dir(&new) {
            Ok(entries) => entries
                .map(|entry| {
                    let entry = entry.expect("reading the Maildir");
                    let modified = entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .expect("mtime of a stored mail");
                    (modified, entry.path())
                })
                .collect(),
            // The Maildir appears with the first connection's handler, not before.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("reading {}: {e}", new.display()),
        };
        files.sort();
        files.iter().map(|(_, path)| parse(path)).collect()
    }

    /// Waits until at least `n` messages have arrived or `timeout` has passed, and returns
    /// what is there then.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        self.wait_until(timeout, |received| received.len() >= n)
            .await
    }

    /// Wait until what has arrived satisfies `done` (or `timeout` passes),
    /// and return it all — for when other mail may arrive in between.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let received = self.received();
            if done(&received) || Instant::now() >= deadline {
                return received;
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Drop for SmtpPeer {
    fn drop(&mut self) {
        // It may have exited already; nothing to do about a failure here.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one Maildir file.
fn parse(path: &Path) -> Received {
    let bytes = std::fs::read(path).expect("reading a stored mail");
    let message = MessageParser::default()
        .parse(&bytes)
        .unwrap_or_else(|| panic!("{} is not a mail", path.display()));
    let header = |name: &str| message.header_raw(name).map(|v| v.trim().to_owned());
    let to = match header("X-RcptTo") {
        Some(list) => list.split(',').map(|a| a.trim().to_owned()).collect(),
        None => message
            .to()
            .map(|to| {
                to.iter()
                    .filter_map(|a| a.address())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let from = header("X-MailFrom")
        .or_else(|| {
            message
                .from()
                .and_then(|f| f.first())
                .and_then(|a| a.address())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    Received {
        to,
        from,
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message
            .body_text(0)
            .map(|t| t.replace("\r\n", "\n"))
            .unwrap_or_default(),
        html: message
            .parts
            .iter()
            .find(|part| {
                part.content_type()
                    .is_some_and(|ct| ct.ctype() == "text" && ct.subtype() == Some("html"))
            })
            .and_then(|part| part.text_contents())
            .map(|t| t.replace("\r\n", "\n"))
            .unwrap_or_default(),
        headers: message
            .headers_raw()
            .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
            .collect(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
        raw: String::from_utf8_lossy(&bytes).into_owned(),
    }
}
