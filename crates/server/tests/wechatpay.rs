//! The server drives WeChat Pay: the sandbox's local WeChat Pay is reached over loopback through
//! the real client, and what goes wrong on WeChat Pay's side is rehearsed with its faults.

mod common;

use std::time::Duration;

use axum::http::Method;
use common::{Server, submitted, wait_for};
use onboarding_wechatpay::fake::Fault;

async fn fault(s: &Server, fault: Fault) {
    let local = s.state.local_wechatpay.as_ref().unwrap();
    local.ledger.lock().await.faults.push_back(fault);
}

/// The last failure the operator sees for the applicant's application.
async fn failure(s: &Server, id: &str) -> Option<String> {
    sqlx::query_scalar("SELECT wechat_error FROM applications WHERE id = ?")
        .bind(id)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_application_is_sent_once_and_the_applicant_sees_what_wechat_pay_answered() {
    let s = Server::start().await;
    let token = submitted(&s, "acme").await;
    let status = wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;
    let id = status["application_id"].as_str().unwrap();
    let local = s.state.local_wechatpay.as_ref().unwrap();
    let ledger = local.ledger.lock().await;
    assert_eq!(ledger.applyments.len(), 1);
    let applyment = &ledger.applyments[id];
    // Where to remit, and the memo, are WeChat Pay's.
    let validation = &status["account_validation"];
    assert_eq!(validation["remark"], applyment.remark.clone().unwrap());
    assert_eq!(validation["pay_amount_fen"], applyment.pay_amount.unwrap());
    assert_eq!(validation["destination_account_name"], "财付通支付科技有限公司");
    // Every photo went up once: the licence, both faces, the store's code.
    assert_eq!(ledger.media.len(), 3, "{:?}", ledger.media.keys());
    drop(ledger);
    let uploaded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(uploaded, 3);
}

#[tokio::test]
async fn a_busy_or_untrusted_wechat_pay_leaves_the_application_sending_and_it_retries_by_itself() {
    let s = Server::start().await;
    fault(&s, Fault::SystemError).await;
    fault(&s, Fault::ProbeSignature).await;
    // WeChat Pay is held until the applicant has seen the application on its way.
    let local = s.state.local_wechatpay.as_ref().unwrap();
    let held = local.ledger.lock().await;
    let token = submitted(&s, "acme").await;
    let first = s
        .call(Method::GET, "/api/v1/application/status", Some(&token), None)
        .await;
    let status = first.json();
    let id = status["application_id"].as_str().unwrap().to_string();
    assert_eq!(status["sending"], "in_progress", "{status}");
    // The applicant waiting on the page hears at once that a try failed and another will come.
    let waiting = axum::http::Request::get("/api/v1/application/status?wait=20")
        .header("authorization", format!("Bearer {token}"))
        .header("if-none-match", first.header(axum::http::header::ETAG))
        .body(axum::body::Body::empty())
        .unwrap();
    let (woken, ()) = tokio::join!(s.send(waiting), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        drop(held);
    });
    assert_eq!(woken.status, axum::http::StatusCode::OK);
    assert_eq!(woken.json()["sending"], "retrying");
    // Meanwhile it is sending, and the operator sees why it is not sent yet.
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let status = s
            .call(Method::GET, "/api/v1/application/status", Some(&token), None)
            .await
            .json();
        let state = status["state"].clone();
        if let Some(why) = failure(&s, &id).await {
            assert_eq!(state, "CHECKING", "nothing moves while WeChat Pay cannot be trusted");
            if !seen.contains(&why) {
                seen.push(why);
            }
        }
        if state == "ACCOUNT_NEED_VERIFY" {
            assert_eq!(status.get("sending"), None, "taken by WeChat Pay: {status}");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never retried: {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen.iter().any(|w| w.contains("HTTP 500")), "{seen:?}");
    assert!(
        seen.iter()
            .any(|w| w.contains("untrusted") && w.contains("Request-ID fake-")),
        "{seen:?}"
    );
    assert_eq!(failure(&s, &id).await, None, "a success clears it");
    assert_eq!(
        local.ledger.lock().await.applyments.len(),
        1,
        "one applyment, however many tries"
    );
}

#[tokio::test]
async fn a_field_wechat_pay_refuses_goes_back_to_the_applicant_at_that_field_in_their_language() {
    let s = Server::start().await;
    fault(&s, Fault::RefuseField("/id_card_info/id_card_number".into())).await;
    let token = submitted(&s, "acme").await;
    let status = wait_for(&s, &token, "REJECTED").await;
    assert_eq!(status["next_action"], "fix_rejected_fields");
    let reason = &status["rejection_reasons"][0];
    assert_eq!(reason["path"], "legal_person.id_number");
    assert_eq!(reason["param_name"], "id_card_info.id_card_number");
    assert_eq!(
        reason["reason"],
        onboarding_domain::api::RejectionReason::not_accepted(onboarding_domain::Locale::En)
    );
    let chinese = axum::http::Request::get("/api/v1/application/status")
        .header("authorization", format!("Bearer {token}"))
        .header("accept-language", "zh-CN")
        .body(axum::body::Body::empty())
        .unwrap();
    let chinese = s.send(chinese).await.json();
    assert_eq!(
        chinese["rejection_reasons"][0]["reason"],
        onboarding_domain::api::RejectionReason::not_accepted(onboarding_domain::Locale::ZhCn)
    );
    // WeChat Pay's own words are the operator's.
    let id = status["application_id"].as_str().unwrap();
    let why = failure(&s, id).await.unwrap();
    assert!(why.contains("PARAM_ERROR at id_card_info.id_card_number"), "{why}");
}
