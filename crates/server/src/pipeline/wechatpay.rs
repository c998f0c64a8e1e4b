//! The WeChat Pay job of a round ([`JobKind::WechatPay`]): the round is sent once, then followed.
//!
//! 1. Sending: the domain's rules again (a document may have expired since submission; the
//!    server sends the validated `Application`, never the raw draft), each photo uploaded once
//!    (its `media_id` kept per merchant), then the applyment submitted with the application's id
//!    as `out_request_no`, so that a retry after a lost answer makes no second one.
//! 2. Following: WeChat Pay sends no notification of applyment states, so the job asks where the
//!    applyment stands, moves the application there through the domain's state machine (every
//!    move checked, several in one answer if WeChat Pay is ahead), keeps what the answer carried,
//!    and comes back after a time that follows the state.
//!
//! The network is used outside any transaction: what it returns is written afterwards, in one
//! transaction with the job's being done and the next job. A failure (unreachable, busy, an
//! untrusted answer) is the job's error: it is retried with backoff and shown to the operator,
//! and the application stays where it was, "sending" or as last seen.

use std::collections::HashMap;
use std::time::Duration;

use onboarding_domain::{ApplicationState, Date, Explain, ImageId, Locale};
use onboarding_wechatpay::{Applyment, ApplymentStatus, Client, Failure, SendError};

use super::{JobError, begin, opened};
use crate::AppState;
use crate::store::applications::{self, Application, Patch};
use crate::store::jobs::{self, Job, JobKind};
use crate::store::{self, StoreError, unreadable};
use crate::util::{after, now_ms};

/// How long someone's looking at an application keeps it asked about at least every 30 s.
pub const WATCHED_INTERVAL: Duration = Duration::from_secs(30);

/// The states WeChat Pay is asked about: the others are final, or wait for the applicant.
fn followed(state: ApplicationState) -> bool {
    use ApplicationState as S;
    matches!(
        state,
        S::Checking | S::AccountNeedVerify | S::Auditing | S::NeedSign | S::Frozen
    )
}

/// When to ask again: half the time spent in the state so far, within the state's bounds.
/// Seconds while WeChat Pay checks (usually within 30 s), minutes while it waits for the
/// applicant, up to an hour in review (1–2 working days).
pub fn next_query_in(state: ApplicationState, in_state: Duration) -> Duration {
    use ApplicationState as S;
    let (least, most) = match state {
        S::Checking => (2, 60),
        S::AccountNeedVerify | S::NeedSign => (10, 600),
        _ => (30, 3_600),
    };
    (in_state / 2).clamp(Duration::from_secs(least), Duration::from_secs(most))
}

pub(super) async fn perform(state: &AppState, job: &Job) -> Result<Option<String>, JobError> {
    // One client for the whole job: the key it encrypts to is the one its requests name, even
    // if the certificates are renewed meanwhile.
    let client = state
        .gateway
        .as_ref()
        .map(|g| g.client())
        .ok_or_else(|| JobError::Mapping("no WeChat Pay is configured".into()))?;
    let app = applications::by_id(&state.db, &job.application_id).await?;
    let Some(app) = app.filter(|a| a.round == job.round && followed(a.state)) else {
        // The application moved on by other means, or was set aside: nothing to do.
        return done(state, job).await;
    };
    let sent = store::applyments::of(&state.db, &app.id).await?;
    if sent.is_none_or(|s| s.round != app.round)
        && let Some(ended) = send(state, &client, job, &app).await?
    {
        return Ok(ended);
    }
    let body = client.query(&app.id).await?;
    let status = ApplymentStatus::read(&body, &client.signer.key)
        .map_err(|e| JobError::Mapping(format!("WeChat Pay's answer does not read: {e}")))?;
    follow(state, job, &app, &status).await
}

/// Finishes the job and adds nothing after it.
async fn done(state: &AppState, job: &Job) -> Result<Option<String>, JobError> {
    let mut tx = begin(state).await?;
    if jobs::finish(&mut tx, job, now_ms()).await? {
        tx.commit().await?;
    }
    Ok(None)
}

/// Sends the round: `Some` when that ended the job (the application went back to the applicant),
/// `None` when it was sent and is now to be followed.
async fn send(
    state: &AppState,
    client: &Client,
    job: &Job,
    app: &Application,
) -> Result<Option<Option<String>>, JobError> {
    let draft = opened(state, app)?;
    let account = store::accounts::by_id(&state.db, &app.account_id)
        .await?
        .ok_or_else(|| StoreError::Db(unreadable("application's account", &app.account_id)))?;
    let application = match draft.validate(account.entity_type, Date::today_in_china()) {
        Ok(application) => application,
        Err(errors) => {
            // The reasons as WeChat Pay would give them: its names, in Simplified Chinese.
            let reasons: Vec<_> = errors
                .iter()
                .map(|e| (e.path.wechat_param(), e.problem.message(Locale::ZhCn)))
                .collect();
            return Ok(Some(sent_back(state, job, app, &reasons).await?));
        }
    };
    let merchant = client.signer.mchid.as_str();
    let mut media: HashMap<ImageId, String> = HashMap::new();
    for (_, image) in application.images() {
        let media_id = match store::applyments::media_id(&state.db, merchant, image.as_str()).await? {
            Some(id) => id,
            None => {
                let (bytes, extension) = photo(state, &app.account_id, image).await?;
                let id = client
                    .upload_image(&format!("{}.{extension}", image.as_str()), &bytes)
                    .await?;
                store::applyments::uploaded(&state.db, merchant, image.as_str(), &id, now_ms()).await?;
                id
            }
        };
        media.insert(image.clone(), media_id);
    }
    let key = client
        .verifier
        .key(&client.wechatpay_serial)
        .ok_or_else(|| JobError::Mapping("WeChat Pay's key is not configured".into()))?;
    let request = Applyment {
        out_request_no: &app.id,
        media_id: |image: &ImageId| media.get(image).cloned(),
        wechat_pay_key: key,
    }
    .request(&application)
    .map_err(|e| JobError::Mapping(e.to_string()))?;
    let json = serde_json::to_string(&request).map_err(|e| JobError::Mapping(e.to_string()))?;
    match client.submit(&json).await {
        Ok(applyment_id) => {
            let mut tx = begin(state).await?;
            store::applyments::sent(&mut tx, &app.id, app.round, applyment_id, now_ms()).await?;
            tx.commit().await?;
            state.changed(&app.account_id);
            Ok(None)
        }
        // WeChat Pay refused an answer as sent: it goes back to the applicant at its field, and
        // WeChat Pay's own words go to the operator.
        Err(SendError::Answered(Failure::Refused {
            code,
            field: Some(field),
            message,
            request_id,
            ..
        })) if code == "PARAM_ERROR" => {
            let why = format!("PARAM_ERROR at {field}: {message} (Request-ID {request_id})");
            store::applyments::failed(&mut *state.db.acquire().await?, &app.id, &why, now_ms()).await?;
            Ok(Some(sent_back(state, job, app, &[(field, String::new())]).await?))
        }
        Err(e) => Err(e.into()),
    }
}

/// A photo's bytes, opened, and the extension WeChat Pay reads its type from.
async fn photo(state: &AppState, account_id: &str, image: &ImageId) -> Result<(Vec<u8>, &'static str), JobError> {
    let row = store::images::owned(&state.db, image.as_str(), account_id)
        .await?
        .ok_or_else(|| JobError::Mapping(format!("photo {} is gone", image.as_str())))?;
    let path = state.config.data_dir.join("images").join(image.as_str());
    let sealed = tokio::fs::read(&path)
        .await
        .map_err(|e| JobError::Mapping(format!("photo {} does not read: {}", image.as_str(), e.kind())))?;
    let context = crate::api::uploads::context(account_id, image.as_str());
    let sealer = state.sealer.clone();
    let bytes = tokio::task::spawn_blocking(move || sealer.open(&sealed, &context))
        .await
        .map_err(|e| JobError::Mapping(e.to_string()))?
        .map_err(JobError::Mapping)?;
    let extension = match row.image_type {
        onboarding_domain::ImageType::Png => "png",
        onboarding_domain::ImageType::Jpeg => "jpg",
    };
    Ok((bytes, extension))
}

/// Back to the applicant with `reasons` (`param_name`, reason; an empty reason is WeChat Pay's
/// refusal of the answer as sent): the job ends with the round.
async fn sent_back(
    state: &AppState,
    job: &Job,
    app: &Application,
    reasons: &[(String, String)],
) -> Result<Option<String>, JobError> {
    let reasons = serde_json::to_string(reasons).unwrap_or_default();
    let now = now_ms();
    let mut tx = begin(state).await?;
    let patch = Patch {
        reasons: Some(&reasons),
        ..Patch::default()
    };
    let moved = applications::transition(&mut tx, app, ApplicationState::Rejected, patch, now).await?;
    if !jobs::finish(&mut tx, job, now).await? {
        tx.rollback().await?;
        return Ok(None);
    }
    tx.commit().await?;
    Ok(moved.then(|| app.account_id.clone()))
}

/// `2018-12-10 17:09:01`, Beijing time, as Unix ms.
fn beijing_ms(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once(' ')?;
    let date: Date = date.parse().ok()?;
    let mut parts = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    Some(date.start_in_china_ms() + ((h * 60 + m) * 60 + s) * 1_000)
}

/// Moves the application to where WeChat Pay says it is, keeps what the answer carried, and
/// schedules the next question; all in one transaction with the job's being done.
async fn follow(
    state: &AppState,
    job: &Job,
    seen: &Application,
    status: &ApplymentStatus,
) -> Result<Option<String>, JobError> {
    let now = now_ms();
    let validation = status.account_validation.as_ref();
    let deadline = validation.and_then(|v| beijing_ms(&v.deadline));
    let reasons =
        (!status.audit_detail.is_empty()).then(|| serde_json::to_string(&status.audit_detail).unwrap_or_default());
    let destination = validation.map(|v| {
        [
            v.destination_account_name.clone(),
            v.destination_account_number.clone(),
            v.destination_account_bank.clone(),
            v.city.clone(),
        ]
    });
    let mut tx = begin(state).await?;
    let Some(mut app) = applications::by_id(&mut *tx, &seen.id)
        .await?
        .filter(|a| a.round == job.round)
    else {
        jobs::finish(&mut tx, job, now).await?;
        tx.commit().await?;
        return Ok(None);
    };
    let patch = || Patch {
        reasons: reasons.as_deref(),
        pay_amount: validation.map(|v| v.pay_amount_fen),
        remark: validation.map(|v| v.remark.as_str()),
        deadline,
        sub_mchid: status.sub_mchid.as_deref(),
        ..Patch::default()
    };
    let mut moved = false;
    match app.state.path_to(status.state) {
        Some(path) if path.is_empty() => {
            // The same state: only what changed in it is written (a write wakes every watcher).
            let p = patch();
            let differs = (p.pay_amount.is_some() && p.pay_amount != app.pay_amount)
                || (p.remark.is_some() && p.remark != app.remark.as_deref())
                || (p.deadline.is_some() && p.deadline != app.deadline)
                || (p.sub_mchid.is_some() && p.sub_mchid != app.sub_mchid.as_deref())
                || (p.reasons.is_some() && p.reasons != app.reasons.as_deref());
            if differs {
                moved = applications::amend(&mut tx, &app, p, now).await?;
            }
        }
        Some(path) => {
            let last = path.len() - 1;
            for (i, step) in path.into_iter().enumerate() {
                let p = if i == last { patch() } else { Patch::default() };
                if !applications::transition(&mut tx, &app, step, p, now).await? {
                    break;
                }
                moved = true;
                app = applications::by_id(&mut *tx, &seen.id)
                    .await?
                    .ok_or_else(|| StoreError::Db(unreadable("application", &seen.id)))?;
            }
        }
        None => {
            // WeChat Pay says what this application cannot become: keep it as it is, tell the
            // operator, and ask again later.
            let why = format!(
                "WeChat Pay reports {} for an application that is {}",
                status.state.wechat_name(),
                app.state.wechat_name()
            );
            tracing::error!(application_id = %app.id, %why, "a WeChat Pay state the state machine does not allow");
            store::applyments::failed(&mut tx, &app.id, &why, now).await?;
        }
    }
    store::applyments::answered(
        &mut tx,
        &app.id,
        status.state,
        status.legal_validation_url.as_deref(),
        status.sign_url.as_deref(),
        destination.as_ref(),
        now,
    )
    .await?;
    if !jobs::finish(&mut tx, job, now).await? {
        tx.rollback().await?;
        return Ok(None);
    }
    if followed(app.state) {
        let in_state = Duration::from_millis(u64::try_from(now - app.updated_at).unwrap_or(0));
        let mut wait = next_query_in(app.state, in_state);
        if state.watched(&app.id) {
            wait = wait.min(WATCHED_INTERVAL);
        }
        jobs::add(&mut *tx, &app.id, app.round, JobKind::WechatPay, after(now, wait)).await?;
    }
    tx.commit().await?;
    Ok(moved.then_some(app.account_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_follow_the_state() {
        let s = Duration::from_secs;
        assert_eq!(next_query_in(ApplicationState::Checking, s(0)), s(2));
        assert_eq!(next_query_in(ApplicationState::Checking, s(40)), s(20));
        assert_eq!(next_query_in(ApplicationState::Checking, s(4_000)), s(60));
        assert_eq!(next_query_in(ApplicationState::AccountNeedVerify, s(86_400)), s(600));
        assert_eq!(next_query_in(ApplicationState::Auditing, s(86_400)), s(3_600));
        assert!(!followed(ApplicationState::Rejected) && !followed(ApplicationState::Finish));
    }

    #[test]
    fn a_deadline_is_read_in_beijing_time() {
        let start = Date::new(2018, 12, 10).unwrap().start_in_china_ms();
        assert_eq!(
            beijing_ms("2018-12-10 17:09:01"),
            Some(start + (17 * 3600 + 9 * 60 + 1) * 1_000)
        );
        assert_eq!(beijing_ms("2018-12-10"), None);
        assert_eq!(beijing_ms("2018-12-10 17:09"), None);
    }
}
