//! Webhooks (issue 16): the host's backend hears of submissions, each change of state and the
//! journey's end, from the server's outbox (`store/outbox.rs`), so these arrive even when the
//! applicant's browser is gone. Each event is sent at least once, under an id that the receiver
//! de-duplicates by, retried with backoff for a day, and signed:
//!
//! ```text
//! Onboarding-Signature: t=1733580000,v1=HEX(HMAC-SHA256(secret, "1733580000." + body))
//! ```
//!
//! The timestamp is the attempt's, in seconds, so a receiver can refuse old replays.

mod send;

pub use send::run;

use std::fmt;
use std::path::PathBuf;

use aws_lc_rs::hmac;

/// The flag names are a public interface operators script against: keep them.
#[derive(Clone, Debug, clap::Args)]
pub struct WebhookFlags {
    /// Where the host's backend receives the events (an http(s) URL); with
    /// --webhook-secret-file.
    #[arg(long = "webhook-url", env = "ONBOARDING_WEBHOOK_URL", value_parser = crate::config::parse_web_url)]
    pub url: Option<String>,

    /// A file holding the secret every webhook is signed with (at least 32 characters).
    #[arg(
        long = "webhook-secret-file",
        env = "ONBOARDING_WEBHOOK_SECRET_FILE",
        value_name = "FILE"
    )]
    pub secret_file: Option<PathBuf>,

    /// The wait before an event the receiver did not take is sent again; it doubles with each
    /// attempt, up to an hour, for a day. Test suites shorten it.
    #[arg(long = "webhook-first-retry", env = "ONBOARDING_WEBHOOK_FIRST_RETRY", default_value = "10s", value_parser = crate::util::parse_duration)]
    pub first_retry: std::time::Duration,
}

impl WebhookFlags {
    pub fn none() -> WebhookFlags {
        WebhookFlags {
            url: None,
            secret_file: None,
            first_retry: std::time::Duration::from_secs(10),
        }
    }

    /// The receiver, if one is configured; an error when only one of the two flags is given, or
    /// the secret does not load (naming the flag and path, never the file's contents).
    pub fn load(&self) -> Result<Option<Webhooks>, String> {
        let (url, file) = match (&self.url, &self.secret_file) {
            (None, None) => return Ok(None),
            (Some(url), Some(file)) => (url, file),
            (Some(_), None) => return Err("--webhook-url needs --webhook-secret-file to sign with".into()),
            (None, Some(_)) => return Err("--webhook-secret-file needs --webhook-url to send to".into()),
        };
        let secret = std::fs::read_to_string(file)
            .map_err(|e| format!("--webhook-secret-file: cannot read {}: {}", file.display(), e.kind()))?;
        let secret = secret.trim();
        if secret.len() < 32 {
            return Err(format!(
                "--webhook-secret-file: {} holds fewer than 32 characters; a signing secret must not be guessable",
                file.display()
            ));
        }
        let mut hooks = Webhooks::new(url, secret.as_bytes());
        hooks.first_retry = self.first_retry;
        Ok(Some(hooks))
    }
}

/// The configured receiver and its signing key. `Debug` shows the URL only.
pub struct Webhooks {
    url: String,
    key: hmac::Key,
    http: send::Http,
    first_retry: std::time::Duration,
}

impl fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhooks")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Webhooks {
    pub fn new(url: &str, secret: &[u8]) -> Webhooks {
        Webhooks {
            url: url.into(),
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            http: send::http(),
            first_retry: std::time::Duration::from_secs(10),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `Onboarding-Signature` of `body` sent at `timestamp` (Unix seconds).
    pub fn signature(&self, timestamp: i64, body: &str) -> String {
        signature(&self.key, timestamp, body)
    }
}

fn signature(key: &hmac::Key, timestamp: i64, body: &str) -> String {
    let mut context = hmac::Context::with_key(key);
    context.update(timestamp.to_string().as_bytes());
    context.update(b".");
    context.update(body.as_bytes());
    let tag = context.sign();
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

/// Checks an `Onboarding-Signature` as a receiver should: the HMAC in constant time, and the
/// timestamp within `tolerance` seconds of `now`. (The tests' receiver uses it; README shows the
/// same check.)
pub fn verify(secret: &[u8], header: &str, body: &str, now: i64, tolerance: i64) -> bool {
    let mut timestamp = None;
    let mut given = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => given = Some(v),
            _ => {}
        }
    }
    let (Some(timestamp), Some(given)) = (timestamp, given) else {
        return false;
    };
    if (now - timestamp).abs() > tolerance {
        return false;
    }
    let Some(given) = hex_bytes(given) else { return false };
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let message = format!("{timestamp}.{body}");
    hmac::verify(&key, message.as_bytes(), &given).is_ok()
}

fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // HMAC-SHA256("secret", "1.{}"), as computed independently by
        // `printf '1.{}' | openssl dgst -sha256 -hmac secret`.
        let key = hmac::Key::new(hmac::HMAC_SHA256, b"secret");
        assert_eq!(
            signature(&key, 1, "{}"),
            "t=1,v1=1122767b193110cfec322b6f199b599edbf608ed087f2d27afb0b97d99523908"
        );
    }

    #[test]
    fn a_receiver_accepts_only_the_signed_body_in_time() {
        let hooks = Webhooks::new("https://host.example.com/hooks", b"0123456789abcdef0123456789abcdef");
        let secret = b"0123456789abcdef0123456789abcdef";
        let header = hooks.signature(1_000, r#"{"id":"evt_1"}"#);
        assert!(verify(secret, &header, r#"{"id":"evt_1"}"#, 1_100, 300));
        assert!(
            !verify(secret, &header, r#"{"id":"evt_2"}"#, 1_100, 300),
            "another body"
        );
        assert!(!verify(
            b"another secret, just as long as it",
            &header,
            r#"{"id":"evt_1"}"#,
            1_100,
            300
        ));
        assert!(!verify(secret, &header, r#"{"id":"evt_1"}"#, 2_000, 300), "too old");
        assert!(!verify(secret, "t=1000", r#"{"id":"evt_1"}"#, 1_000, 300));
        assert!(!verify(secret, "v1=00,t=x", "", 1_000, 300));
        assert!(!format!("{hooks:?}").contains("0123456789abcdef"));
    }

    #[test]
    fn both_flags_or_neither() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "s3cret-s3cret-s3cret-s3cret-s3cret\n").unwrap();
        let url = Some("https://host.example.com/hooks".to_string());
        assert!(WebhookFlags::none().load().unwrap().is_none());
        let both = WebhookFlags {
            url: url.clone(),
            secret_file: Some(file.clone()),
            ..WebhookFlags::none()
        };
        assert_eq!(both.load().unwrap().unwrap().url(), "https://host.example.com/hooks");
        assert!(
            WebhookFlags {
                url: url.clone(),
                ..WebhookFlags::none()
            }
            .load()
            .is_err()
        );
        assert!(
            WebhookFlags {
                secret_file: Some(file.clone()),
                ..WebhookFlags::none()
            }
            .load()
            .is_err()
        );
        std::fs::write(&file, "short").unwrap();
        let error = both.load().unwrap_err();
        assert!(
            error.contains("--webhook-secret-file") && !error.contains("short"),
            "{error}"
        );
    }
}
