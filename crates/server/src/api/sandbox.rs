//! The sandbox's people: the decisions that WeChat Pay's side takes from the bank, the legal
//! person, the signer and the reviewer, made on the sandbox's local WeChat Pay
//! (`local_wechatpay.rs`). These routes exist only with `--sandbox`. (Signing in goes through the
//! sandbox's local WeChat, `wechat/local.rs`, as it goes through WeChat.)

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use onboarding_domain::api::Remittance;
use serde::Deserialize;
use validator::Validate;

use crate::error::Text;
use crate::extract::{ValidJson, ValidPath};
use std::sync::Arc;
use std::time::Duration;

use onboarding_wechatpay::fake::{Decision, DecisionError};

use crate::local_wechatpay::LocalWechatPay;
use crate::pipeline;
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox/remittances", post(remit))
        .route("/sandbox/legal-scans/{token}", post(legal_scan))
        .route("/sandbox/signatures/{token}", post(sign))
        .route("/sandbox/operator/applications/{id}/approve", post(approve))
        .route("/sandbox/operator/applications/{id}/reject", post(reject))
        .route("/sandbox/operator/applications/{id}/expire", post(expire))
}

/// The sandbox's local WeChat Pay, whose decisions these are; none when the sandbox talks to a
/// configured WeChat Pay, whose decisions are its own.
fn local(state: &AppState) -> Result<&Arc<LocalWechatPay>, ApiError> {
    state.local_wechatpay.as_ref().ok_or(ApiError::Conflict(
        "decided_by_wechat_pay",
        Text(
            "This sandbox sends applications to a real WeChat Pay, which makes this decision itself",
            "此沙盒将申请发送至真实的微信支付，由其自行作出此决定",
            "此沙盒將申請發送至真實的微信支付，由其自行作出此決定",
        ),
    ))
}

/// Carries out `decision` on WeChat Pay's side, then has the application's news fetched at once.
async fn decided(
    state: &AppState,
    local: &LocalWechatPay,
    out_request_no: &str,
    decision: Decision,
) -> Result<StatusCode, ApiError> {
    match local.decide(out_request_no, decision).await {
        Ok(()) => {
            pipeline::follow_soon(state, out_request_no, Duration::ZERO).await?;
            Ok(StatusCode::NO_CONTENT)
        }
        Err(DecisionError::NotFound) => Err(ApiError::NotFound),
        Err(DecisionError::WrongState(_)) => Err(ApiError::wrong_state()),
        Err(DecisionError::NoReasons) => Err(ApiError::Conflict(
            "reasons_required",
            Text(
                "A rejection names at least one field and its reason",
                "驳回须至少说明一个字段及其原因",
                "駁回須至少說明一個欄位及其原因",
            ),
        )),
    }
}

/// The bank delivers a transfer: it counts only with the exact amount and the memo.
async fn remit(
    State(state): State<AppState>,
    ValidJson(remittance): ValidJson<Remittance>,
) -> Result<StatusCode, ApiError> {
    let local = local(&state)?;
    let (out_request_no, amount) =
        local
            .awaiting_remittance(remittance.remark.trim())
            .await
            .ok_or(ApiError::Conflict(
                "remark_unknown",
                Text(
                    "No application waits for a transfer with this memo",
                    "没有申请在等待此附言的汇款",
                    "沒有申請在等待此附言的匯款",
                ),
            ))?;
    if amount != remittance.amount_fen {
        return Err(ApiError::Conflict(
            "amount_mismatch",
            Text(
                "The amount does not match; transfer exactly the amount shown",
                "金额不符，请按显示的金额汇款",
                "金額不符，請按顯示的金額匯款",
            ),
        ));
    }
    decided(&state, local, &out_request_no, Decision::AccountVerified).await
}

/// The legal person scanned the verification QR code with WeChat.
async fn legal_scan(
    State(state): State<AppState>,
    ValidPath(token): ValidPath<String>,
) -> Result<StatusCode, ApiError> {
    let local = local(&state)?;
    let out_request_no = local.by_token(&token).await.ok_or(ApiError::NotFound)?;
    decided(&state, local, &out_request_no, Decision::AccountVerified).await
}

/// The super administrator signs the agreement: the merchant gets its `sub_mchid`.
async fn sign(State(state): State<AppState>, ValidPath(token): ValidPath<String>) -> Result<StatusCode, ApiError> {
    let local = local(&state)?;
    let out_request_no = local.by_token(&token).await.ok_or(ApiError::NotFound)?;
    decided(&state, local, &out_request_no, Decision::Signed).await
}

fn operator(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get("x-operator-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if state.is_operator(given) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// Carries out the operator's decision on application `id` (its `out_request_no`).
async fn decide(state: &AppState, headers: &HeaderMap, id: &str, decision: Decision) -> Result<StatusCode, ApiError> {
    operator(state, headers)?;
    decided(state, local(state)?, id, decision).await
}

async fn approve(
    State(state): State<AppState>,
    headers: HeaderMap,
    ValidPath(id): ValidPath<String>,
) -> Result<StatusCode, ApiError> {
    decide(&state, &headers, &id, Decision::Approve).await
}

/// The verification deadline passes now (the application is canceled).
async fn expire(
    State(state): State<AppState>,
    headers: HeaderMap,
    ValidPath(id): ValidPath<String>,
) -> Result<StatusCode, ApiError> {
    decide(&state, &headers, &id, Decision::Expire).await
}

#[derive(Deserialize, Validate)]
struct RejectBody {
    /// `(param_name, reason)` pairs, as WeChat Pay's `audit_detail`: at least one.
    #[validate(length(min = 1), nested)]
    reasons: Vec<RejectReason>,
}

// Serialize: `validator` puts a refused list's value in its error.
#[derive(Deserialize, serde::Serialize, Validate)]
struct RejectReason {
    param_name: String,
    #[validate(custom(function = "onboarding_domain::checks::not_blank"))]
    reason: String,
}

async fn reject(
    State(state): State<AppState>,
    headers: HeaderMap,
    ValidPath(id): ValidPath<String>,
    ValidJson(body): ValidJson<RejectBody>,
) -> Result<StatusCode, ApiError> {
    let pairs = body.reasons.into_iter().map(|r| (r.param_name, r.reason)).collect();
    decide(&state, &headers, &id, Decision::Reject(pairs)).await
}
