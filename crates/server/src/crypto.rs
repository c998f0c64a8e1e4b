//! Personal data at rest: AES-256-GCM under a key file in the data directory.
//!
//! Each sealed value is `nonce (12 bytes) || ciphertext+tag`, bound by its associated data to the
//! row and purpose it belongs to, so a blob copied into another account's row does not open.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

#[derive(Clone)]
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl Sealer {
    /// Loads `dir/key`, or creates it (32 random bytes, mode 0600) on first start.
    pub fn load_or_create(dir: &Path) -> Result<Sealer, String> {
        let path = dir.join("key");
        let key = match std::fs::read(&path) {
            Ok(key) if key.len() == 32 => key,
            Ok(_) => {
                return Err(format!(
                    "{} is not a 32-byte key; restore it from a backup",
                    path.display()
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = vec![0u8; 32];
                getrandom::fill(&mut key).map_err(|e| e.to_string())?;
                write_private(&path, &key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                key
            }
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Ok(Sealer {
            cipher: Aes256Gcm::new_from_slice(&key).expect("32-byte key"),
        })
    }

    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).expect("the operating system's random source");
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .expect("AES-GCM encryption does not fail for in-memory data");
        [nonce.as_slice(), &sealed].concat()
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, String> {
        if sealed.len() < 12 {
            return Err("sealed value too short".into());
        }
        let (nonce, body) = sealed.split_at(12);
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| format!("sealed value does not open in context {context}"))
    }
}

pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_binds_to_context() {
        let dir = tempfile::tempdir().unwrap();
        let sealer = Sealer::load_or_create(dir.path()).unwrap();
        let sealed = sealer.seal(b"11010519491231002X", "draft:a1");
        assert!(!sealed.windows(18).any(|w| w == b"11010519491231002X"));
        assert_eq!(sealer.open(&sealed, "draft:a1").unwrap(), b"11010519491231002X");
        assert!(sealer.open(&sealed, "draft:a2").is_err());
        // The same key file opens it after a restart.
        let again = Sealer::load_or_create(dir.path()).unwrap();
        assert_eq!(again.open(&sealed, "draft:a1").unwrap(), b"11010519491231002X");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
