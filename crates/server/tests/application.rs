//! Submit, status and every state transition, through the sandbox.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Server, complete_draft, save_draft, submit, submitted, wait_for};
use serde_json::json;

#[tokio::test]
async fn submit_needs_a_key_and_a_valid_draft() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let missing = s.call(Method::POST, "/api/v1/application", Some(&token), None).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["code"], "idempotency_key_required");

    let invalid = submit(&s, &token, "submit-0001").await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = invalid.json()["fields"].as_array().unwrap().clone();
    assert!(
        fields
            .iter()
            .any(|f| f["path"] == "subject.licence_number" && f["code"] == "required")
    );

    let personal = s.applicant("personal", "solo").await;
    assert_eq!(
        submit(&s, &personal, "submit-0001").await.json()["code"],
        "no_authentication_needed"
    );
}

#[tokio::test]
async fn from_submit_to_finish_by_remittance() {
    let s = Server::start().await;
    let token = submitted(&s, "acme").await;
    let status = wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;
    assert_eq!(status["next_action"], "verify_account");
    // `me` says there is an application, so the app knows to ask for its status.
    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    assert_eq!(me["application_state"], "ACCOUNT_NEED_VERIFY");
    assert!(status["deadline"].as_i64().unwrap() > 0);
    // Numbers are masked in the status.
    assert_eq!(status["legal_person_id_number"], "110***********002X");
    assert_eq!(status["settlement"]["account_number"], "****7890");
    assert!(!status.to_string().contains("11010519491231002X"));

    let choose = s
        .call(
            Method::POST,
            "/api/v1/application/verification",
            Some(&token),
            Some(json!({"method": "remittance"})),
        )
        .await;
    assert_eq!(choose.status, StatusCode::NO_CONTENT);
    let status = wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;
    let validation = status["account_validation"].clone();
    let amount = validation["pay_amount_fen"].as_u64().unwrap();
    let remark = validation["remark"].as_str().unwrap().to_string();
    assert!((1..=99).contains(&amount));

    let wrong = json!({"amount_fen": amount + 1, "remark": remark});
    let reply = s
        .call(Method::POST, "/api/v1/sandbox/remittances", None, Some(wrong))
        .await;
    assert_eq!(reply.json()["code"], "amount_mismatch");
    let right = json!({"amount_fen": amount, "remark": remark});
    assert_eq!(
        s.call(Method::POST, "/api/v1/sandbox/remittances", None, Some(right))
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    // Review approves by itself after --review-delay (zero here).
    let status = wait_for(&s, &token, "NEED_SIGN").await;
    assert_eq!(status["next_action"], "sign_agreement");
    let sign_url = status["sign_url"].as_str().unwrap().to_string();
    let sign_token = sign_url.rsplit('/').next().unwrap();
    let signed = s
        .call(
            Method::POST,
            &format!("/api/v1/sandbox/signatures/{sign_token}"),
            None,
            None,
        )
        .await;
    assert_eq!(signed.status, StatusCode::NO_CONTENT);
    let status = wait_for(&s, &token, "FINISH").await;
    assert_eq!(status["sub_mchid"].as_str().unwrap().len(), 10);
    assert_eq!(status["next_action"], "bind_settlement_account");
    assert_eq!(
        s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json()["account"]["active"],
        false
    );

    // Confirm the account from the application: it is verified, then commissions can be withdrawn.
    let bind = s
        .call(
            Method::POST,
            "/api/v1/application/settlement-account",
            Some(&token),
            Some(json!({})),
        )
        .await;
    assert_eq!(
        bind.status,
        StatusCode::ACCEPTED,
        "{}",
        String::from_utf8_lossy(&bind.body)
    );
    let status = wait_until(&s, &token, |v| v["settlement"]["state"] == "VERIFY_SUCCESS").await;
    assert_eq!(status["next_action"], "withdraw_commissions");
    assert_eq!(
        s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json()["account"]["active"],
        true
    );
}

/// Long-polls until `done` holds for the status.
async fn wait_until(s: &Server, token: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    for _ in 0..50 {
        let status = s
            .call(Method::GET, "/api/v1/application/status", Some(token), None)
            .await
            .json();
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the status never got there");
}

async fn finished(s: &Server) -> String {
    let token = submitted(s, "acme").await;
    wait_for(s, &token, "ACCOUNT_NEED_VERIFY").await;
    let choice = json!({"method": "legal_person_scan"});
    s.call(
        Method::POST,
        "/api/v1/application/verification",
        Some(&token),
        Some(choice),
    )
    .await;
    let status = wait_for(s, &token, "ACCOUNT_NEED_VERIFY").await;
    let url = status["legal_validation_url"].as_str().unwrap().to_string();
    s.call(
        Method::POST,
        &format!("/api/v1/sandbox/legal-scans/{}", url.rsplit('/').next().unwrap()),
        None,
        None,
    )
    .await;
    let status = wait_for(s, &token, "NEED_SIGN").await;
    let url = status["sign_url"].as_str().unwrap().to_string();
    s.call(
        Method::POST,
        &format!("/api/v1/sandbox/signatures/{}", url.rsplit('/').next().unwrap()),
        None,
        None,
    )
    .await;
    wait_for(s, &token, "FINISH").await;
    token
}

#[tokio::test]
async fn a_failing_settlement_account_is_fixed_and_verified() {
    let s = Server::start().await;
    let token = finished(&s).await;
    let mut account =
        s.call(Method::GET, "/api/v1/draft", Some(&token), None).await.json()["draft"]["settlement_account"].clone();

    // Same rules as the form: an enterprise cannot use a private account.
    account["account_type"] = json!("75");
    let refused = s
        .call(
            Method::POST,
            "/api/v1/application/settlement-account",
            Some(&token),
            Some(json!({"account": account})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["fields"][0]["code"], "account_type_not_allowed");

    // The sandbox bank fails accounts ending in 0000.
    account["account_type"] = json!("74");
    account["account_number"] = json!("6222 0202 0011 0000");
    let bind = s
        .call(
            Method::POST,
            "/api/v1/application/settlement-account",
            Some(&token),
            Some(json!({"account": account})),
        )
        .await;
    assert_eq!(bind.status, StatusCode::ACCEPTED);
    let status = wait_until(&s, &token, |v| v["settlement"]["state"] == "VERIFY_FAIL").await;
    assert_eq!(status["next_action"], "fix_settlement_account");
    assert!(!status["settlement"]["failure_reason"].as_str().unwrap().is_empty());
    assert_eq!(status["settlement"]["account_number"], "****0000");

    account["account_number"] = json!("6222 0202 0011 2233");
    s.call(
        Method::POST,
        "/api/v1/application/settlement-account",
        Some(&token),
        Some(json!({"account": account.clone()})),
    )
    .await;
    let status = wait_until(&s, &token, |v| v["settlement"]["state"] == "VERIFY_SUCCESS").await;
    assert_eq!(status["settlement"]["failure_reason"], serde_json::Value::Null);
    assert_eq!(status["settlement"]["account_number"], "****2233");
    // The applicant's draft follows, so the next change starts from the account in use.
    let draft = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await.json();
    assert_eq!(
        draft["draft"]["settlement_account"]["account_number"],
        "6222 0202 0011 2233"
    );

    // Five changes a day: two were made; three more are allowed, the sixth is refused.
    for _ in 0..3 {
        let r = s
            .call(
                Method::POST,
                "/api/v1/application/settlement-account",
                Some(&token),
                Some(json!({"account": account.clone()})),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
        wait_until(&s, &token, |v| v["settlement"]["state"] == "VERIFY_SUCCESS").await;
    }
    let sixth = s
        .call(
            Method::POST,
            "/api/v1/application/settlement-account",
            Some(&token),
            Some(json!({"account": account})),
        )
        .await;
    assert_eq!(sixth.json()["code"], "settlement_change_limit");
}

#[tokio::test]
async fn legal_person_scan_verifies_too() {
    let s = Server::with(|c| c.review_delay = Duration::from_secs(3600)).await;
    let token = submitted(&s, "acme").await;
    wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;
    let choice = json!({"method": "legal_person_scan"});
    s.call(
        Method::POST,
        "/api/v1/application/verification",
        Some(&token),
        Some(choice),
    )
    .await;
    let status = wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;
    let url = status["legal_validation_url"].as_str().unwrap().to_string();
    let scan = s
        .call(
            Method::POST,
            &format!("/api/v1/sandbox/legal-scans/{}", url.rsplit('/').next().unwrap()),
            None,
            None,
        )
        .await;
    assert_eq!(scan.status, StatusCode::NO_CONTENT);
    let status = wait_for(&s, &token, "AUDITING").await;
    assert_eq!(status["next_action"], "wait_for_review");
}

#[tokio::test]
async fn rejection_then_fix_and_resubmit() {
    let s = Server::with(|c| c.review_delay = Duration::from_secs(3600)).await;
    let token = submitted(&s, "acme").await;
    // Review rejects (wechatpay.md §7.3: from CHECKING or AUDITING).
    let status = remit(&s, &token).await;
    let id = status["application_id"].as_str().unwrap().to_string();

    let reasons = json!({"reasons": [{"param_name": "id_card_info.id_card_copy", "reason": "照片模糊"}]});
    let without_token = s
        .call(
            Method::POST,
            &format!("/api/v1/sandbox/operator/applications/{id}/reject"),
            None,
            Some(reasons.clone()),
        )
        .await;
    assert_eq!(without_token.status, StatusCode::UNAUTHORIZED);
    assert_eq!(operator_rejects(&s, &id, &reasons).await, StatusCode::NO_CONTENT);

    let status = wait_for(&s, &token, "REJECTED").await;
    assert_eq!(status["next_action"], "fix_rejected_fields");
    let reason = &status["rejection_reasons"][0];
    assert_eq!(
        reason["path"], "legal_person.id_front_image",
        "param_name maps back to the form field"
    );
    assert_eq!(reason["reason"], "照片模糊");

    // Fix (a new photo) and resubmit: the same application goes back to the check.
    let mut draft = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await.json()["draft"].clone();
    let photo = s.upload(&token, common::png(1600, 1200)).await.json()["id"].clone();
    draft["legal_person"]["id_front_image"] = photo;
    save_draft(&s, &token, &draft).await;
    let again = submit(&s, &token, "submit-0002").await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    assert_eq!(again.json()["application_id"], id.as_str());
    let status = wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;
    assert_eq!(status["rejection_reasons"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_missed_deadline_cancels_the_application_and_the_next_submission_is_a_new_one() {
    let s = Server::with(|c| c.verify_window = Duration::from_millis(50)).await;
    let token = submitted(&s, "acme").await;
    let status = wait_for(&s, &token, "CANCELED").await;
    assert_eq!(status["next_action"], "start_again");
    let canceled = status["application_id"].as_str().unwrap().to_string();
    // CANCELED is final: starting again is a new application, with a new id (WeChat Pay's
    // out_request_no), and the canceled one is kept.
    let again = submit(&s, &token, "submit-0003").await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    let new = again.json()["application_id"].as_str().unwrap().to_string();
    assert_ne!(new, canceled);
    let status = s
        .call(Method::GET, "/api/v1/application/status", Some(&token), None)
        .await
        .json();
    assert_eq!(status["application_id"], new.as_str());
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM canceled_applications WHERE id = ?")
        .bind(&canceled)
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(kept, 1);
}

/// The sandbox operator rejects application `id` with `reasons` (`{"reasons": [...]}`).
async fn operator_rejects(s: &Server, id: &str, reasons: &serde_json::Value) -> StatusCode {
    let request = Request::post(format!("/api/v1/sandbox/operator/applications/{id}/reject"))
        .header("x-operator-token", s.state.operator_token.as_str())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(reasons.to_string()))
        .unwrap();
    s.send(request).await.status
}

/// Pays the remittance the status asks for; returns the status once the application is in review.
async fn remit(s: &Server, token: &str) -> serde_json::Value {
    let status = wait_for(s, token, "ACCOUNT_NEED_VERIFY").await;
    let validation = &status["account_validation"];
    let right = json!({"amount_fen": validation["pay_amount_fen"], "remark": validation["remark"]});
    let reply = s
        .call(Method::POST, "/api/v1/sandbox/remittances", None, Some(right))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    wait_for(s, token, "AUDITING").await
}

/// A job belongs to one round: one of an earlier round that comes due (a worker that was slow,
/// a clock that jumped) finishes without touching the application's next round.
#[tokio::test]
async fn a_job_of_an_earlier_round_does_nothing_to_the_next() {
    let s = Server::with(|c| c.review_delay = Duration::from_secs(3600)).await;
    let token = submitted(&s, "acme").await;
    let id = remit(&s, &token).await["application_id"].as_str().unwrap().to_string();
    let reasons = json!({"reasons": [{"param_name": "id_card_copy", "reason": "照片模糊"}]});
    assert_eq!(operator_rejects(&s, &id, &reasons).await, StatusCode::NO_CONTENT);
    wait_for(&s, &token, "REJECTED").await;
    assert_eq!(submit(&s, &token, "submit-0002").await.status, StatusCode::ACCEPTED);
    remit(&s, &token).await;

    let stale = "INSERT INTO jobs (application_id, round, kind, due_at) VALUES (?, 1, 'wechatpay', 0) RETURNING id";
    let job: i64 = sqlx::query_scalar(stale)
        .bind(&id)
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    let before = s
        .call(Method::GET, "/api/v1/application/status", Some(&token), None)
        .await
        .json();
    s.state.wake.notify_one();
    let done = "SELECT done_at IS NOT NULL FROM jobs WHERE id = ?";
    for _ in 0..100 {
        if sqlx::query_scalar::<_, bool>(done)
            .bind(job)
            .fetch_one(&s.state.db)
            .await
            .unwrap()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        sqlx::query_scalar::<_, bool>(done)
            .bind(job)
            .fetch_one(&s.state.db)
            .await
            .unwrap()
    );
    let after = s
        .call(Method::GET, "/api/v1/application/status", Some(&token), None)
        .await
        .json();
    assert_eq!(after["state"], "AUDITING");
    assert_eq!(
        after["version"], before["version"],
        "the earlier round's job changed nothing"
    );
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE application_id = ? AND round = 2 AND kind = 'wechatpay' AND done_at IS NULL",
    )
    .bind(&id)
    .fetch_one(&s.state.db)
    .await
    .unwrap();
    assert_eq!(waiting, 1, "the round's own job still follows it");
}

#[tokio::test]
async fn concurrent_submits_with_one_key_make_one_application() {
    let s = Server::with(|c| c.check_delay = Duration::from_secs(3600)).await;
    let token = s.applicant("enterprise", "acme").await;
    let draft = complete_draft(&s, &token).await;
    save_draft(&s, &token, &draft).await;
    let replies = futures_join(&s, &token).await;
    let ids: Vec<String> = replies
        .iter()
        .map(|r| r["application_id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.iter().all(|id| id == &ids[0]), "{ids:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(count, 1);
    // A different key while it is being checked is refused, not duplicated.
    assert_eq!(
        submit(&s, &token, "another-key").await.json()["code"],
        "already_submitted"
    );
}

async fn futures_join(s: &Server, token: &str) -> Vec<serde_json::Value> {
    let mut handles = Vec::new();
    for _ in 0..8 {
        let router = s.router.clone();
        let token = token.to_string();
        handles.push(tokio::spawn(async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let request = Request::post("/api/v1/application")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header("idempotency-key", "same-key-123")
                .body(Body::empty())
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::ACCEPTED);
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn status_answers_304_and_long_polls_for_a_change() {
    let s = Server::with(|c| c.check_delay = Duration::from_millis(300)).await;
    let token = submitted(&s, "acme").await;
    let first = s
        .call(Method::GET, "/api/v1/application/status", Some(&token), None)
        .await;
    assert_eq!(first.json()["state"], "CHECKING");
    let tag = first.header(header::ETAG).to_string();

    let same = Request::get("/api/v1/application/status")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::IF_NONE_MATCH, &tag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(s.send(same).await.status, StatusCode::NOT_MODIFIED);

    // The long poll returns as soon as the application changes: WeChat Pay takes it (it is no
    // longer sending), then its check moves it on.
    let mut tag = tag;
    let mut seen = Vec::new();
    while seen.last().is_none_or(|(state, _)| state != "ACCOUNT_NEED_VERIFY") {
        assert!(seen.len() < 4, "{seen:?}");
        let started = std::time::Instant::now();
        let waiting = Request::get("/api/v1/application/status?wait=10")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::IF_NONE_MATCH, &tag)
            .body(Body::empty())
            .unwrap();
        let reply = s.send(waiting).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(started.elapsed() < Duration::from_secs(5));
        tag = reply.header(header::ETAG).to_string();
        let status = reply.json();
        seen.push((status["state"].as_str().unwrap().to_string(), status["sending"].clone()));
    }
    assert_eq!(seen[0], ("CHECKING".to_string(), serde_json::Value::Null), "{seen:?}");

    // Another account has no application to see.
    let other = s.applicant("enterprise", "globex").await;
    assert_eq!(
        s.call(Method::GET, "/api/v1/application/status", Some(&other), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn jobs_survive_a_restart() {
    let s = Server::with(|c| c.check_delay = Duration::from_millis(200)).await;
    let token = submitted(&s, "acme").await;
    s.state.stop();
    let Server { data, .. } = s;
    // The check is due while the server is down; the new process performs it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let again = Server::on(data).await;
    wait_for(&again, &token, "ACCOUNT_NEED_VERIFY").await;
}

/// A draft may name any image id; the submission takes only the applicant's own uploads. Ids
/// of another account's photos, and ids never uploaded, are refused at their answers.
#[tokio::test]
async fn submit_refuses_photos_that_are_not_the_applicants_own() {
    let s = Server::start().await;
    let owner = s.applicant("enterprise", "acme").await;
    let theirs = complete_draft(&s, &owner).await;
    let intruder = s.applicant("enterprise", "globex").await;
    let mut draft = complete_draft(&s, &intruder).await;
    draft["subject"]["licence_image"] = theirs["subject"]["licence_image"].clone();
    draft["legal_person"]["id_back_image"] = json!("never-uploaded-0001");
    save_draft(&s, &intruder, &draft).await;
    let reply = submit(&s, &intruder, "submit-0001").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<(String, String)> = reply.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().into(), f["code"].as_str().unwrap().into()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            ("legal_person.id_back_image".to_string(), "image_unknown".to_string()),
            ("subject.licence_image".to_string(), "image_unknown".to_string()),
        ]
    );
    // With its own photos back, the same applicant submits.
    let own = complete_draft(&s, &intruder).await;
    save_draft(&s, &intruder, &own).await;
    assert_eq!(submit(&s, &intruder, "submit-0002").await.status, StatusCode::ACCEPTED);
}

/// Polls `future` until it has been woken `polls` times, then drops it: a request whose client
/// went away at that point. Each `polls` stops it at a later await (a later statement of the
/// submission's transaction).
async fn dropped_after<F: std::future::Future>(future: F, polls: usize) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut left = polls;
    std::future::poll_fn(move |cx| {
        if left == 0 {
            return std::task::Poll::Ready(None);
        }
        left -= 1;
        future.as_mut().poll(cx).map(Some)
    })
    .await
}

/// A client that disconnects mid-submit drops the handler at whatever await it had reached. No
/// such drop may leave a write transaction open on a pooled connection (every later write would
/// wait on it, then fail): after a drop at every point of the submission, the next writes succeed
/// at once, and one application exists.
#[tokio::test]
async fn a_submit_dropped_at_any_point_leaves_no_transaction_open() {
    let s = Server::with(|c| {
        c.check_delay = Duration::from_secs(3600);
        // Well over a hundred submits from one client in a second.
        c.rate_limit_scale = 100;
    })
    .await;
    let token = s.applicant("enterprise", "acme").await;
    let draft = complete_draft(&s, &token).await;
    save_draft(&s, &token, &draft).await;
    let mut completed = 0;
    for polls in 1..120 {
        let request = Request::post("/api/v1/application")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header("idempotency-key", format!("dropped-{polls:04}"))
            .body(Body::empty())
            .unwrap();
        if dropped_after(s.send(request), polls).await.is_some() {
            completed += 1;
        }
    }
    assert!(
        completed > 0,
        "no submission ran to its end: the loop never reached the commit"
    );
    let started = std::time::Instant::now();
    let saved = save_draft(&s, &token, &draft).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", String::from_utf8_lossy(&saved.body));
    let again = submit(&s, &token, "after-the-drops").await;
    assert!(
        again.status == StatusCode::ACCEPTED || again.json()["code"] == "already_submitted",
        "{}",
        String::from_utf8_lossy(&again.body)
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a write waited on a leaked transaction"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(count, 1);
}
