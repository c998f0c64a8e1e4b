//! A server pointed by its `--wechatpay-*` flags at a WeChat Pay of its own choosing submits,
//! tracks and completes an application there. The WeChat Pay here is another server's local one,
//! reached over loopback HTTP like any API v3 endpoint, whose people (the bank, the reviewer,
//! the signer) decide on its side; the applicant's server hears of it only by asking.

mod common;

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Server, submitted};
use onboarding_server::WechatPayFlags;
use onboarding_wechatpay::fake::Decision;
use serde_json::{Value, json};

/// Flags for the merchant the other server's local WeChat Pay knows, with its key files as an
/// operator would hold them: the merchant's private key, the APIv3 key, WeChat Pay's public key.
fn flags_for(wechat_pay: &Server, dir: &Path) -> WechatPayFlags {
    let local = wechat_pay.state.local_wechatpay.as_ref().unwrap();
    let keys = &local.fake.keys;
    let public = keys.wechat_pay.public_key(keys.wechat_pay_key_id.clone());
    std::fs::write(dir.join("wechat_pay_public_key.pem"), public.pem()).unwrap();
    std::fs::write(dir.join("apiv3_key"), "0123456789abcdefghijABCDEFGHIJ01\n").unwrap();
    WechatPayFlags {
        base_url: wechat_pay
            .state
            .gateway
            .as_ref()
            .unwrap()
            .client()
            .base_url()
            .to_string(),
        mchid: Some(keys.mchid.clone()),
        serial: Some(keys.merchant.id.clone()),
        private_key: Some(
            wechat_pay
                .state
                .config
                .data_dir
                .join("sandbox-wechatpay/merchant_private_key.pem"),
        ),
        apiv3_key: Some(dir.join("apiv3_key")),
        public_key: Some(dir.join("wechat_pay_public_key.pem")),
        public_key_id: Some(keys.wechat_pay_key_id.clone()),
        platform_cert: None,
    }
}

/// The operator of the applicant's server asks WeChat Pay now, as the operator page's
/// "query now" does, instead of waiting for the next scheduled question.
async fn query_now(s: &Server, id: &str) {
    let signed_in = Request::post("/operator")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={}", s.state.operator_token)))
        .unwrap();
    let cookie = s.send(signed_in).await.header(header::SET_COOKIE).to_string();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let query = Request::post(format!("/operator/applications/{id}/query"))
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(s.send(query).await.status, StatusCode::SEE_OTHER);
}

/// Asks now and then until the status is as `done` wants it (or fails after 10 s).
async fn until(s: &Server, token: &str, id: Option<&str>, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..100 {
        let status = s
            .call(Method::GET, "/api/v1/application/status", Some(token), None)
            .await
            .json();
        if done(&status) {
            return status;
        }
        if let Some(id) = id {
            query_now(s, id).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the status never got there");
}

#[tokio::test]
async fn a_server_configured_for_another_wechat_pay_submits_tracks_and_completes_there() {
    let wechat_pay = Server::with(|c| c.review_delay = Duration::from_secs(3_600)).await;
    let keys = tempfile::tempdir().unwrap();
    let flags = flags_for(&wechat_pay, keys.path());
    let s = Server::with(|c| c.wechatpay = flags).await;
    assert!(
        s.state.local_wechatpay.is_none(),
        "no local WeChat Pay beside a configured one"
    );

    let token = submitted(&s, "acme").await;
    let status = until(&s, &token, None, |v| v["state"] == "ACCOUNT_NEED_VERIFY").await;
    let id = status["application_id"].as_str().unwrap().to_string();
    let local = wechat_pay.state.local_wechatpay.as_ref().unwrap();
    assert_eq!(
        local.ledger.lock().await.applyments.keys().collect::<Vec<_>>(),
        [&id],
        "the applyment is the other WeChat Pay's, under the application's id"
    );

    // The applicant remits what that WeChat Pay asked for, and its bank sees it arrive.
    let chosen = s
        .call(
            Method::POST,
            "/api/v1/application/verification",
            Some(&token),
            Some(json!({"method": "remittance"})),
        )
        .await;
    assert_eq!(chosen.status, StatusCode::NO_CONTENT);
    let validation =
        until(&s, &token, None, |v| v["account_validation"].is_object()).await["account_validation"].clone();
    let remittance = json!({"amount_fen": validation["pay_amount_fen"], "remark": validation["remark"]});
    let arrived = wechat_pay
        .call(Method::POST, "/api/v1/sandbox/remittances", None, Some(remittance))
        .await;
    assert_eq!(arrived.status, StatusCode::NO_CONTENT);
    until(&s, &token, Some(&id), |v| v["state"] == "AUDITING").await;

    // Its reviewer approves, then the super administrator signs on its page.
    local.decide(&id, Decision::Approve).await.unwrap();
    let status = until(&s, &token, Some(&id), |v| v["state"] == "NEED_SIGN").await;
    let sign_url = status["sign_url"].as_str().unwrap();
    assert!(
        sign_url.starts_with(&wechat_pay.state.config.public_origin()),
        "the signing page is that WeChat Pay's: {sign_url}"
    );
    local.decide(&id, Decision::Signed).await.unwrap();
    let status = until(&s, &token, Some(&id), |v| v["state"] == "FINISH").await;
    assert_eq!(
        status["sub_mchid"],
        local.ledger.lock().await.applyments[&id].sub_mchid.clone().unwrap()
    );

    // The settlement account goes to that WeChat Pay too, and is verified there.
    let bind = s
        .call(
            Method::POST,
            "/api/v1/application/settlement-account",
            Some(&token),
            Some(json!({})),
        )
        .await;
    assert_eq!(bind.status, StatusCode::ACCEPTED);
    let status = until(&s, &token, None, |v| v["settlement"]["state"] == "VERIFY_SUCCESS").await;
    assert_eq!(status["next_action"], "withdraw_commissions");
}
