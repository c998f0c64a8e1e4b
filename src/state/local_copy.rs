//! The device's copy of edits not saved yet, in browser storage and without identity or bank
//! numbers: what comes back when the page is opened again after it lost its connection, merged
//! with the stored draft when another device saved in between.

use leptos::prelude::window;
use onboarding_domain::api::DraftView;
use onboarding_domain::{ApplicationDraft, Newer};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
pub struct LocalCopy {
    /// The server version the edits were made on.
    base: u64,
    draft: ApplicationDraft,
    /// That version's answers, to merge with when another device saved since. (Copies written
    /// before merging existed have none; they are used only on their own version.)
    #[serde(default)]
    base_draft: Option<ApplicationDraft>,
    /// When the last of these edits was made (ms since the epoch).
    #[serde(default)]
    edited_at: i64,
}

/// Edits brought back onto the stored draft.
pub struct Restored {
    pub draft: ApplicationDraft,
    pub edited_at: i64,
    /// Another device's answers were merged in: the applicant is told.
    pub merged: bool,
}

fn key(account_id: &str) -> String {
    format!("onboarding.draft.{account_id}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl LocalCopy {
    /// Keeps `draft`, edited on version `base` whose answers were `base_draft`, numbers left out.
    pub fn keep(account_id: &str, base: u64, draft: &ApplicationDraft, base_draft: &ApplicationDraft, edited_at: i64) {
        let copy = LocalCopy {
            base,
            draft: draft.without_sensitive(),
            base_draft: Some(base_draft.without_sensitive()),
            edited_at,
        };
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&copy)) {
            let _ = storage.set_item(&key(account_id), &json);
        }
    }

    pub fn read(account_id: &str) -> Option<LocalCopy> {
        let json = storage()?.get_item(&key(account_id)).ok()??;
        serde_json::from_str(&json).ok()
    }

    pub fn forget(account_id: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&key(account_id));
        }
    }

    /// The edits on `stored`: as they were when nobody saved since (with the stored numbers
    /// back), merged answer by answer when someone did. The device keeps no numbers, so in a
    /// merge they are the stored ones. `None` for a copy too old to merge.
    pub fn restore(self, stored: &DraftView) -> Option<Restored> {
        if self.base == stored.version {
            let mut draft = self.draft;
            draft.restore_sensitive(&stored.draft);
            return Some(Restored {
                draft,
                edited_at: self.edited_at,
                merged: false,
            });
        }
        let base = self.base_draft?;
        let mut draft = self.draft;
        draft.merge(&base, &stored.draft, Newer::by_time(self.edited_at, stored.updated_at));
        Some(Restored {
            draft,
            edited_at: self.edited_at,
            merged: true,
        })
    }
}
