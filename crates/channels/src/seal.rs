//! Secrets at rest: ChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`)
//! with a 256-bit key kept outside the database — in a key file in the data
//! folder, made on first use with permissions 0600. A sealed value is
//! `v1.` + base64(nonce ‖ ciphertext); its context (which channel, which
//! field) is bound as associated data, so a sealed token copied to another
//! row does not open there.

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use std::io::Write;
use std::path::Path;

/// The key file's name in the data folder.
pub const KEY_FILE: &str = "channel-secrets.key";

const PREFIX: &str = "v1.";
const NONCE_LEN: usize = 12;

/// Seals and opens secrets with one key. Its `Debug` shows no key.
#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(***)")
    }
}

/// A sealed value that does not open: another key, another context, or
/// changed bytes.
#[derive(Debug, thiserror::Error)]
#[error("a sealed secret cannot be opened (another key file, or changed)")]
pub struct CannotOpen;

impl Sealer {
    pub fn new(key: [u8; 32]) -> Sealer {
        Sealer {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
        }
    }

    /// The key in `path` (64 hex digits), made there with permissions 0600
    /// if there is none yet. Another process making it at the same moment
    /// wins; both then read its key.
    pub fn from_key_file(path: &Path) -> std::io::Result<Sealer> {
        if !path.exists() {
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            let mut open = std::fs::OpenOptions::new();
            open.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
            match open.open(path) {
                Ok(mut f) => {
                    f.write_all(hex(&key).as_bytes())?;
                    f.sync_all()?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        let text = std::fs::read_to_string(path)?;
        let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not 64 hex digits");
        let text = text.trim();
        if text.len() != 64 {
            return Err(bad());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Sealer::new(key))
    }

    /// `plain` sealed for `context` (e.g. `channel:7:access_token`).
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            // Encryption fails only for messages of gigabytes.
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)
        )
    }

    /// The plain text of `sealed`, sealed for `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<crate::Secret, CannotOpen> {
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(b)
                    .ok()
            })
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or(CannotOpen)?;
        let (nonce, msg) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CannotOpen)?;
        String::from_utf8(plain)
            .map(crate::Secret)
            .map_err(|_| CannotOpen)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_context() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let a = Sealer::from_key_file(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sealed = a.seal("channel:1:access_token", "tok-secret");
        assert!(!sealed.contains("tok-secret"));
        assert_ne!(
            sealed,
            a.seal("channel:1:access_token", "tok-secret"),
            "fresh nonce"
        );
        // The same file gives the same key.
        let again = Sealer::from_key_file(&path).unwrap();
        assert_eq!(
            again
                .open("channel:1:access_token", &sealed)
                .unwrap()
                .expose(),
            "tok-secret"
        );
        assert!(again.open("channel:2:access_token", &sealed).is_err());
        let other = Sealer::from_key_file(&dir.path().join("other.key")).unwrap();
        assert!(other.open("channel:1:access_token", &sealed).is_err());
        assert!(a.open("channel:1:access_token", "v1.AAAA").is_err());
        assert!(a.open("channel:1:access_token", "tok-secret").is_err());
        assert_eq!(format!("{a:?}"), "Sealer(***)");
    }
}
