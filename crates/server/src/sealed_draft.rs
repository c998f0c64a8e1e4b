//! A draft (or the submitted application, which is a draft too) as it is stored: JSON in a
//! versioned envelope, sealed. `{"format": 1, "draft": {…}}` is this build's format; a value with
//! no `format` is format 0, the bare draft JSON written before there was an envelope, and is
//! read as it was written. A value that will not open is an error that keeps it untouched.

use onboarding_domain::ApplicationDraft;
use serde::Deserialize;

use crate::Sealer;

/// The format this build writes.
pub const FORMAT: u64 = 1;

/// Why a stored draft could not be read. The value itself is kept as it is.
#[derive(Debug)]
pub enum Unopenable {
    /// It does not decrypt with this data directory's key (a changed key, a damaged row).
    Seal(String),
    /// Written by a newer build (after a rollback): this one does not know its format.
    Newer(u64),
    /// It decrypts but is not a draft of a format this build reads.
    Json(String),
}

impl std::fmt::Display for Unopenable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unopenable::Seal(e) => write!(f, "the sealed draft does not open: {e}"),
            Unopenable::Newer(n) => write!(f, "the draft is in format {n}, newer than this build's {FORMAT}"),
            // serde's message may quote a value; only its category is kept.
            Unopenable::Json(kind) => write!(f, "the draft's JSON does not read ({kind})"),
        }
    }
}

impl std::error::Error for Unopenable {}

#[derive(Deserialize)]
struct Envelope {
    format: u64,
    draft: serde_json::Value,
}

pub fn seal(sealer: &Sealer, draft: &ApplicationDraft, context: &str) -> Vec<u8> {
    let json = serde_json::json!({ "format": FORMAT, "draft": draft });
    sealer.seal(json.to_string().as_bytes(), context)
}

pub fn open(sealer: &Sealer, sealed: &[u8], context: &str) -> Result<ApplicationDraft, Unopenable> {
    let json = sealer.open(sealed, context).map_err(Unopenable::Seal)?;
    read(&json)
}

/// The draft in `json`, of any format this build knows.
fn read(json: &[u8]) -> Result<ApplicationDraft, Unopenable> {
    let category = |e: serde_json::Error| Unopenable::Json(format!("{:?}", e.classify()));
    let value: serde_json::Value = serde_json::from_slice(json).map_err(category)?;
    let draft = match value.get("format") {
        // Format 0: the bare draft.
        None => value,
        Some(_) => {
            let envelope: Envelope = serde_json::from_value(value).map_err(category)?;
            match envelope.format {
                1 => envelope.draft,
                newer => return Err(Unopenable::Newer(newer)),
            }
        }
    };
    serde_json::from_value(draft).map_err(category)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> (Sealer, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        (Sealer::load_or_create(dir.path()).unwrap(), dir)
    }

    #[test]
    fn a_draft_reads_back_in_this_format() {
        let (sealer, _dir) = sealer();
        let mut draft = ApplicationDraft::default();
        draft.store.name = "某某小店".into();
        let sealed = seal(&sealer, &draft, "draft:a");
        assert_eq!(open(&sealer, &sealed, "draft:a").unwrap(), draft);
        let json = String::from_utf8(sealer.open(&sealed, "draft:a").unwrap()).unwrap();
        assert!(json.contains("\"format\":1"), "{json}");
    }

    /// What builds before the envelope wrote: the bare draft JSON.
    #[test]
    fn a_draft_of_format_0_still_opens() {
        let (sealer, _dir) = sealer();
        let old = r#"{"store": {"name": "某某小店", "url": "https://shop.example.com"}, "legal_person": {"residency": "mainland", "name": "张三"}}"#;
        let sealed = sealer.seal(old.as_bytes(), "draft:a");
        let draft = open(&sealer, &sealed, "draft:a").unwrap();
        assert_eq!(draft.store.name, "某某小店");
        assert_eq!(draft.legal_person.identity.name, "张三");
    }

    #[test]
    fn a_draft_that_will_not_open_says_why() {
        let (sealer, _dir) = sealer();
        let newer = sealer.seal(br#"{"format": 9, "draft": {}}"#, "draft:a");
        assert!(matches!(open(&sealer, &newer, "draft:a"), Err(Unopenable::Newer(9))));
        let other_context = sealer.seal(br#"{}"#, "draft:b");
        assert!(matches!(
            open(&sealer, &other_context, "draft:a"),
            Err(Unopenable::Seal(_))
        ));
        let not_a_draft = sealer.seal(br#"{"legal_person": {"id_number": 110105194912310021}}"#, "draft:a");
        let error = open(&sealer, &not_a_draft, "draft:a").unwrap_err();
        assert!(matches!(error, Unopenable::Json(_)));
        assert!(!error.to_string().contains("110105194912310021"), "{error}");
    }
}
