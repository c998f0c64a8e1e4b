//! The settlement account's job ([`JobKind::SettlementVerify`]): once the merchant exists, the
//! applicant confirms the account of the application or changes it. A change goes to WeChat Pay
//! as its own application (`modify-settlement`, its `application_no` kept), a confirmation asks
//! about the account in use; either is then asked about until the bank has decided. As with the
//! applyment, the network is used outside any transaction, and the outcome is written with the
//! job's being done and the next job.

use std::time::Duration;

use onboarding_domain::{Date, SettlementState};
use onboarding_wechatpay::settlement::{self, SettlementRequest, Verification};
use onboarding_wechatpay::{Failure, SendError};

use super::{JobError, begin, opened};
use crate::AppState;
use crate::store::applications::{self, Application};
use crate::store::jobs::{self, Job, JobKind};
use crate::store::{self, StoreError, unreadable};
use crate::util::{after, now_ms};

pub(super) async fn perform(state: &AppState, job: &Job) -> Result<Option<String>, JobError> {
    let client = state
        .gateway
        .as_ref()
        .map(|g| g.client())
        .ok_or_else(|| JobError::Mapping("no WeChat Pay is configured".into()))?;
    let app = applications::by_id(&state.db, &job.application_id).await?;
    let Some(app) = app.filter(|a| a.round == job.round && a.settlement_state == SettlementState::Verifying) else {
        let mut tx = begin(state).await?;
        if jobs::finish(&mut tx, job, now_ms()).await? {
            tx.commit().await?;
        }
        return Ok(None);
    };
    let sub_mchid = app
        .sub_mchid
        .clone()
        .ok_or_else(|| JobError::Mapping("a finished application without its sub_mchid".into()))?;
    let (changed, application_no) = store::applyments::settlement_of(&state.db, &app.id)
        .await?
        .unwrap_or((false, None));
    let answer = if !changed {
        client
            .settlement_account(&sub_mchid)
            .await
            .map(|b| settlement::read_account(&b))
    } else {
        let no = match application_no {
            Some(no) => no,
            None => match change(state, &client, &app, &sub_mchid).await? {
                Ok(no) => no,
                Err(refusal) => return decided(state, job, &app, Verification::Failed(refusal)).await,
            },
        };
        client
            .settlement_change(&sub_mchid, &no)
            .await
            .map(|b| settlement::read_change(&b))
    };
    let verification = answer?.map_err(|e| JobError::Mapping(format!("WeChat Pay's answer does not read: {e}")))?;
    decided(state, job, &app, verification).await
}

/// Sends the change: its `application_no`, or WeChat Pay's refusal of it in its own words.
async fn change(
    state: &AppState,
    client: &onboarding_wechatpay::Client,
    app: &Application,
    sub_mchid: &str,
) -> Result<Result<String, String>, JobError> {
    let draft = opened(state, app)?;
    let entity = store::accounts::by_id(&state.db, &app.account_id)
        .await?
        .ok_or_else(|| StoreError::Db(unreadable("application's account", &app.account_id)))?
        .entity_type;
    let account = draft
        .validate_settlement_account(&draft.settlement_account, entity, Date::today_in_china())
        .map_err(|_| JobError::Mapping("the settlement account no longer passes the rules".into()))?;
    let key = client
        .verifier
        .key(&client.wechatpay_serial)
        .ok_or_else(|| JobError::Mapping("WeChat Pay's key is not configured".into()))?;
    let request = SettlementRequest::to(&account, key).map_err(|e| JobError::Mapping(e.to_string()))?;
    let json = serde_json::to_string(&request).map_err(|e| JobError::Mapping(e.to_string()))?;
    match client.modify_settlement(sub_mchid, &json).await {
        Ok(no) => {
            store::applyments::settlement_applied(&state.db, &app.id, &no).await?;
            Ok(Ok(no))
        }
        Err(SendError::Answered(Failure::Refused {
            code,
            message,
            request_id,
            ..
        })) => {
            let why = format!("modify-settlement refused: {code} {message} (Request-ID {request_id})");
            store::applyments::failed(&mut *state.db.acquire().await?, &app.id, &why, now_ms()).await?;
            Ok(Err(message))
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes what the bank decided, or comes back later while it has not.
async fn decided(
    state: &AppState,
    job: &Job,
    seen: &Application,
    verification: Verification,
) -> Result<Option<String>, JobError> {
    let now = now_ms();
    let mut tx = begin(state).await?;
    let app = applications::by_id(&mut *tx, &seen.id)
        .await?
        .filter(|a| a.round == job.round && a.settlement_state == SettlementState::Verifying);
    let mut moved = false;
    if let Some(app) = &app {
        match &verification {
            Verification::Verifying => {
                let in_state = Duration::from_millis(u64::try_from(now - app.updated_at).unwrap_or(0));
                let wait = (in_state / 2).clamp(Duration::from_secs(2), Duration::from_secs(600));
                jobs::add(
                    &mut *tx,
                    &app.id,
                    app.round,
                    JobKind::SettlementVerify,
                    after(now, wait),
                )
                .await?;
            }
            Verification::Succeeded => {
                moved = applications::move_settlement(&mut tx, app, SettlementState::VerifySuccess, None, None, now)
                    .await?;
            }
            Verification::Failed(reason) => {
                let to = SettlementState::VerifyFail;
                moved = applications::move_settlement(&mut tx, app, to, Some(reason), None, now).await?;
            }
        }
    }
    if !jobs::finish(&mut tx, job, now).await? {
        tx.rollback().await?;
        return Ok(None);
    }
    tx.commit().await?;
    Ok(moved.then(|| seen.account_id.clone()))
}
