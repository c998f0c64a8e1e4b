//! The sandbox operator page: token sign-in, the list, approve and reject with reasons.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Server, complete_draft, save_draft, submit, wait_for};
use serde_json::json;

fn form(uri: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

async fn auditing(s: &Server) -> (String, String) {
    let token = s.applicant("enterprise", "acme").await;
    let draft = complete_draft(s, &token).await;
    save_draft(s, &token, &draft).await;
    submit(s, &token, "submit-0001").await;
    wait_for(s, &token, "ACCOUNT_NEED_VERIFY").await;
    s.call(
        Method::POST,
        "/api/v1/application/verification",
        Some(&token),
        Some(json!({"method": "remittance"})),
    )
    .await;
    let v = wait_for(s, &token, "ACCOUNT_NEED_VERIFY").await["account_validation"].clone();
    let remit = json!({"amount_fen": v["pay_amount_fen"], "remark": v["remark"]});
    s.call(Method::POST, "/api/v1/sandbox/remittances", None, Some(remit))
        .await;
    let status = wait_for(s, &token, "AUDITING").await;
    (token, status["application_id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn the_operator_signs_in_with_the_token_and_decides() {
    let s = Server::with(|c| c.review_delay = Duration::from_secs(3600)).await;
    let (token, id) = auditing(&s).await;

    let anonymous = s.call(Method::GET, "/operator", None, None).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    let html = String::from_utf8(anonymous.body.clone()).unwrap();
    assert!(html.contains("name=\"token\"") && !html.contains("acme"));
    assert!(
        anonymous
            .header(header::CONTENT_SECURITY_POLICY)
            .contains("default-src 'none'; style-src 'self'")
    );
    // Its look comes from its own stylesheet (no inline style under that policy), which makes
    // every control big enough to hit (issue 15, item 10; axe checks it in the e2e suite).
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/operator/style.css\">"));
    let style = s.call(Method::GET, "/operator/style.css", None, None).await;
    assert_eq!(style.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
    assert!(String::from_utf8_lossy(&style.body).contains("min-height:44px"));

    let wrong = s.send(form("/operator", None, "token=guess")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let right = s
        .send(form("/operator", None, &format!("token={}", s.state.operator_token)))
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    let cookie = right.header(header::SET_COOKIE).split(';').next().unwrap().to_string();
    assert!(right.header(header::SET_COOKIE).contains("HttpOnly"));

    let list = s
        .send(
            Request::get("/operator")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let html = String::from_utf8(list.body).unwrap();
    assert!(html.contains("acme") && html.contains("AUDITING"));

    // Without the cookie, no decision.
    let forged = s
        .send(form(&format!("/operator/applications/{id}/approve"), None, ""))
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);

    let approve = s
        .send(form(&format!("/operator/applications/{id}/approve"), Some(&cookie), ""))
        .await;
    assert_eq!(approve.status, StatusCode::SEE_OTHER);
    wait_for(&s, &token, "NEED_SIGN").await;
}

#[tokio::test]
async fn rejecting_needs_a_reason_per_field() {
    let s = Server::with(|c| c.review_delay = Duration::from_secs(3600)).await;
    let (token, id) = auditing(&s).await;
    let signed = s
        .send(form("/operator", None, &format!("token={}", s.state.operator_token)))
        .await;
    let cookie = signed.header(header::SET_COOKIE).split(';').next().unwrap().to_string();

    // The list links to a page of its own for the reasons.
    let get = |uri: String, cookie: Option<&str>| {
        let mut r = Request::get(uri);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        r.body(Body::empty()).unwrap()
    };
    let list = s.send(get("/operator".into(), Some(&cookie))).await;
    assert!(String::from_utf8_lossy(&list.body).contains(&format!("href=\"/operator/applications/{id}\"")));
    let page = s.send(get(format!("/operator/applications/{id}"), Some(&cookie))).await;
    let html = String::from_utf8_lossy(&page.body).to_string();
    assert_eq!(page.status, StatusCode::OK);
    assert!(html.contains("id=\"field-0\"") && html.contains("account_info.account_number"));
    assert!(html.contains(&format!("action=\"/operator/applications/{id}/reject\"")));
    let anonymous = s.send(get(format!("/operator/applications/{id}"), None)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let empty = s
        .send(form(
            &format!("/operator/applications/{id}/reject"),
            Some(&cookie),
            "field_0=&reason_0=",
        ))
        .await;
    assert_eq!(empty.status, StatusCode::CONFLICT);

    let body = "field_0=account_info.account_number&reason_0=%E8%B4%A6%E5%8F%B7%E6%9C%89%E8%AF%AF";
    let reject = s
        .send(form(
            &format!("/operator/applications/{id}/reject"),
            Some(&cookie),
            body,
        ))
        .await;
    assert_eq!(reject.status, StatusCode::SEE_OTHER);
    let status = wait_for(&s, &token, "REJECTED").await;
    assert_eq!(
        status["rejection_reasons"][0]["path"],
        "settlement_account.account_number"
    );
    assert_eq!(status["rejection_reasons"][0]["reason"], "账号有误");
}

#[tokio::test]
async fn the_operator_can_let_a_verification_deadline_pass() {
    let chosen = "operator-token-for-scripts";
    let s = Server::with(|c| c.operator_token = Some(chosen.into())).await;
    assert_eq!(s.state.operator_token.as_str(), chosen);
    let token = s.applicant("enterprise", "acme").await;
    let draft = complete_draft(&s, &token).await;
    save_draft(&s, &token, &draft).await;
    submit(&s, &token, "submit-0001").await;
    let id = wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await["application_id"]
        .as_str()
        .unwrap()
        .to_string();

    let uri = format!("/api/v1/sandbox/operator/applications/{id}/expire");
    let anonymous = s.call(Method::POST, &uri, None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let request = Request::post(&uri)
        .header("x-operator-token", chosen)
        .body(Body::empty())
        .unwrap();
    assert_eq!(s.send(request).await.status, StatusCode::NO_CONTENT);
    let status = wait_for(&s, &token, "CANCELED").await;
    assert_eq!(status["next_action"], "start_again");

    // Only a running deadline can pass: a second time is a conflict.
    let again = Request::post(&uri)
        .header("x-operator-token", chosen)
        .body(Body::empty())
        .unwrap();
    assert_eq!(s.send(again).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_short_operator_token_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = onboarding_server::Config::for_data_dir(dir.path().to_path_buf());
    config.operator_token = Some("short".into());
    assert!(onboarding_server::AppState::open(config).await.is_err());
}

/// The operator token is the only way in, so guessing it is slowed to a few tries a minute.
#[tokio::test]
async fn guessing_the_operator_token_is_rate_limited() {
    let s = Server::start().await;
    let mut answers = Vec::new();
    for n in 0..10 {
        answers.push(
            s.send(form("/operator", None, &format!("token=guess{n:012}")))
                .await
                .status,
        );
    }
    assert_eq!(answers[0], StatusCode::UNAUTHORIZED);
    assert!(answers.contains(&StatusCode::TOO_MANY_REQUESTS), "{answers:?}");
    // Reading the page is not a guess.
    assert_eq!(
        s.call(Method::GET, "/operator", None, None).await.status,
        StatusCode::OK
    );
}

/// Behind https the operator's cookie never travels in clear, and browsers are told to stay on
/// https (HSTS); over plain http (loopback's sandbox) neither is sent.
#[tokio::test]
async fn over_https_the_cookie_is_secure_and_hsts_is_sent() {
    let https = Server::with(|c| c.public_url = Some("https://onboarding.example.com".into())).await;
    let signed_in = https
        .send(form(
            "/operator",
            None,
            &format!("token={}", https.state.operator_token),
        ))
        .await;
    assert!(signed_in.header(header::SET_COOKIE).contains("; Secure"));
    assert_eq!(signed_in.header(header::STRICT_TRANSPORT_SECURITY), "max-age=31536000");
    let health = https.call(Method::GET, "/api/v1/health", None, None).await;
    assert_eq!(health.header(header::STRICT_TRANSPORT_SECURITY), "max-age=31536000");

    let http = Server::start().await;
    let signed_in = http
        .send(form("/operator", None, &format!("token={}", http.state.operator_token)))
        .await;
    assert!(!signed_in.header(header::SET_COOKIE).contains("Secure"));
    assert_eq!(signed_in.header(header::STRICT_TRANSPORT_SECURITY), "");
}
