//! Housekeeping: a photo that no draft or application names is removed a day after its upload.
//! Identity documents are personal data, and a retake or a replaced photo leaves the earlier one
//! behind.
//!
//! A sweep is idempotent and safe to run on several servers at once: each removal checks, in the
//! statement that begins it, that nothing names the photo; it then deletes the file, then the
//! row, so a sweep cut short finishes the next time.

use std::time::Duration;

use crate::store::images::{self, UNKNOWN, UNREAD};
use crate::util::now_ms;
use crate::{AppState, sealed_draft};

/// How long a photo may wait for a draft to name it: the applicant uploads, then saves.
pub const UNNAMED_PHOTO_LIFETIME: Duration = Duration::from_secs(24 * 3600);
const SWEEP_EVERY: Duration = Duration::from_secs(3600);
/// Rows read, and photos removed, per round of a sweep.
const BATCH: u32 = 200;

/// Runs forever: a sweep now, then every hour.
pub async fn run(state: AppState) {
    loop {
        match sweep(&state, now_ms()).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "removed photos that nothing names"),
            Err(e) => tracing::error!(error = %e, "cannot sweep photos"),
        }
        // Webhook events are kept a day past their last attempt (or, with no receiver
        // configured, past their writing), for the operator to look at.
        let kept = crate::store::outbox::RETRY_FOR * 2;
        if let Err(e) = crate::store::outbox::prune(&state.db, now_ms() - kept.as_millis() as i64).await {
            tracing::error!(error = %e, "cannot prune the webhook outbox");
        }
        if let Err(e) = crate::store::platform_users::prune_starts(&state.db, now_ms()).await {
            tracing::error!(error = %e, "cannot prune platforms' start tokens");
        }
        tokio::time::sleep(SWEEP_EVERY).await;
    }
}

/// Removes the photos uploaded over a day before `now` that nothing names. How many it removed.
pub async fn sweep(state: &AppState, now: i64) -> Result<usize, sqlx::Error> {
    learn_names(state).await?;
    let cutoff = now.saturating_sub(i64::try_from(UNNAMED_PHOTO_LIFETIME.as_millis()).unwrap_or(i64::MAX));
    let dir = state.config.data_dir.join("images");
    let mut removed = 0;
    loop {
        let batch = images::unnamed_before(&state.db, cutoff, BATCH).await?;
        let mut progress = false;
        for id in &batch {
            if !images::begin_removal(&state.db, id, now).await? {
                continue;
            }
            match tokio::fs::remove_file(dir.join(id)).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    // Kept as begun: unreadable for everyone, and tried again next time.
                    tracing::error!(image_id = %id, error = %e, "cannot delete a photo's file");
                    continue;
                }
            }
            images::forget(&state.db, id).await?;
            removed += 1;
            progress = true;
        }
        if !progress || batch.len() < BATCH as usize {
            return Ok(removed);
        }
    }
}

/// Rows stored before their photos were written beside them: each is opened once and its
/// photos recorded. One that will not open keeps every photo of its account.
async fn learn_names(state: &AppState) -> Result<(), sqlx::Error> {
    for table in UNREAD {
        loop {
            let rows = images::unread(&state.db, table, BATCH).await?;
            for (key, account_id, sealed) in &rows {
                let context = if table.0 == "drafts" {
                    crate::api::drafts::context(account_id)
                } else {
                    crate::api::application::sealed_context(account_id)
                };
                let names = match sealed_draft::open(&state.sealer, sealed, &context) {
                    Ok(draft) => images::named(&draft),
                    Err(e) => {
                        tracing::error!(table = table.0, %account_id, error = %e, "cannot open a stored row to learn its photos; all of the account's are kept");
                        UNKNOWN.to_string()
                    }
                };
                images::learned(&state.db, table, key, &names).await?;
            }
            if rows.len() < BATCH as usize {
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "housekeeping_tests.rs"]
mod tests;
