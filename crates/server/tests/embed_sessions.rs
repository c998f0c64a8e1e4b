//! Host-issued sessions: a platform's backend starts its user's session with its key, its page
//! takes the token once, the same user resumes the same account on any device, and the answers
//! the platform locks are shown as given and cannot be changed.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{Server, complete_draft, save_draft};
use serde_json::{Value, json};

const KEY: &str = "platform-key-0123456789abcdef0123456789";

async fn platform_server() -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("platform_key");
    std::fs::write(&file, format!("{KEY}\n")).unwrap();
    let s = Server::with(|c| c.platform_key_file = Some(file)).await;
    (s, dir)
}

/// The platform's backend asks for a start token.
async fn start(s: &Server, key: &str, body: Value) -> common::Reply {
    s.call(Method::POST, "/api/v1/embed-sessions", Some(key), Some(body))
        .await
}

/// The platform's page takes the token: the session grant.
async fn take(s: &Server, token: &str) -> common::Reply {
    let request = axum::http::Request::post("/api/v1/embed-sessions/session")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    s.send(request).await
}

async fn session_for(s: &Server, body: Value) -> String {
    let started = start(s, KEY, body).await;
    assert_eq!(
        started.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&started.body)
    );
    let token = started.json()["session_token"].as_str().unwrap().to_string();
    let grant = take(s, &token).await;
    assert_eq!(grant.status, StatusCode::CREATED);
    grant.json()["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn only_the_platforms_key_starts_a_session_and_each_start_token_is_taken_once() {
    let (s, _dir) = platform_server().await;
    let body = json!({"external_id": "user-1"});
    assert_eq!(
        start(&s, "not-the-key-0123456789abcdef0123456", body.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let started = start(&s, KEY, body).await;
    assert_eq!(started.status, StatusCode::CREATED);
    let token = started.json()["session_token"].as_str().unwrap().to_string();
    let grant = take(&s, &token).await;
    assert_eq!(grant.status, StatusCode::CREATED);
    let grant = grant.json();
    assert_eq!(grant["registered"], false);
    assert_eq!(grant.get("entity_type"), None, "the platform gave none");
    // A session of two hours, not a week: the platform vouches again before then.
    let ttl = grant["expires_at"].as_i64().unwrap() - onboarding_server_now();
    assert!((7_000_000..=7_200_000).contains(&ttl), "{ttl}");
    assert_eq!(take(&s, &token).await.status, StatusCode::UNAUTHORIZED, "taken once");
    let me = s.call(Method::GET, "/api/v1/me", grant["token"].as_str(), None).await;
    assert_eq!(me.status, StatusCode::OK);

    // Without a configured key, every key is refused.
    let plain = Server::start().await;
    assert_eq!(
        start(&plain, KEY, json!({"external_id": "user-1"})).await.status,
        StatusCode::UNAUTHORIZED
    );
}

fn onboarding_server_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn a_platforms_user_is_the_same_account_on_every_device() {
    let (s, _dir) = platform_server().await;
    let first = session_for(&s, json!({"external_id": "partner:42", "entity_type": "enterprise"})).await;
    let registered = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&first),
            Some(json!({"entity_type": "enterprise", "account_name": "Partner42", "entry_notice_version": "2024-06"})),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let again = session_for(&s, json!({"external_id": "partner:42"})).await;
    let me = s.call(Method::GET, "/api/v1/me", Some(&again), None).await.json();
    assert_eq!(me["account"]["account_name"], "Partner42");
    let other = session_for(&s, json!({"external_id": "partner:43"})).await;
    let me = s.call(Method::GET, "/api/v1/me", Some(&other), None).await.json();
    assert!(
        me["account"].is_null(),
        "another user of the platform is another account"
    );
}

#[tokio::test]
async fn locked_answers_are_the_platforms_and_cannot_be_changed() {
    let (s, _dir) = platform_server().await;
    let prefill = json!({
        "subject": {"merchant_name": "北京测试科技有限公司", "licence_number": "91350100M000100Y43"},
        "super_administrator": {"email": "ops@partner.example"}
    });
    let body = json!({
        "external_id": "partner:7", "prefill": prefill,
        "locked": ["subject.merchant_name", "subject.licence_number"]
    });
    let token = session_for(&s, body.clone()).await;
    let registered = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&token),
            Some(json!({"entity_type": "enterprise", "account_name": "Partner7", "entry_notice_version": "2024-06"})),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);

    // The new draft starts from the platform's answers.
    let view = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await.json();
    assert_eq!(view["draft"]["subject"]["merchant_name"], "北京测试科技有限公司");
    assert_eq!(view["draft"]["super_administrator"]["email"], "ops@partner.example");
    // The locked answers are named, for the form to show them read-only.
    assert_eq!(
        view["locked"],
        json!(["subject.merchant_name", "subject.licence_number"])
    );

    // A draft that changes a locked answer is refused, naming it, in the request's language.
    let mut draft = view["draft"].clone();
    draft["subject"]["merchant_name"] = json!("Another name");
    let request = axum::http::Request::put("/api/v1/draft")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::IF_MATCH, "*")
        .header(header::ACCEPT_LANGUAGE, "zh-CN")
        .body(axum::body::Body::from(serde_json::to_vec(&draft).unwrap()))
        .unwrap();
    let refused = s.send(request).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = refused.json();
    assert_eq!(error["code"], "locked_by_platform");
    assert!(
        error["message"].as_str().unwrap().contains("subject.merchant_name"),
        "{error}"
    );
    assert!(
        error["message"].as_str().unwrap().starts_with("以下答案由平台提供"),
        "{error}"
    );

    // An unlocked given answer is the applicant's to change; the complete draft saves.
    let mut complete = complete_draft(&s, &token).await;
    complete["subject"]["merchant_name"] = json!("北京测试科技有限公司");
    complete["subject"]["licence_number"] = json!("91350100M000100Y43");
    complete["super_administrator"]["email"] = json!("me@example.com");
    let saved = save_draft(&s, &token, &complete).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", String::from_utf8_lossy(&saved.body));
    assert_eq!(saved.json()["draft"]["super_administrator"]["email"], "me@example.com");
    assert_eq!(
        saved.json()["locked"],
        json!(["subject.merchant_name", "subject.licence_number"])
    );

    // A platform may give typed answers only: not photos or choices.
    let photo = json!({"external_id": "partner:7", "locked": ["subject.licence_image"]});
    let refused = start(&s, KEY, photo).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_id = start(&s, KEY, json!({"external_id": "two words"})).await;
    assert_eq!(bad_id.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_platforms_entity_type_comes_with_the_session_until_its_user_registers() {
    let (s, _dir) = platform_server().await;
    let user = json!({"external_id": "partner:7", "entity_type": "individual_business"});
    let grant_of = |started: common::Reply| started.json()["session_token"].as_str().unwrap().to_string();
    let grant = take(&s, &grant_of(start(&s, KEY, user.clone()).await)).await.json();
    assert_eq!(
        grant["entity_type"], "individual_business",
        "for registration to preselect"
    );
    let registered = s
        .call(
            Method::POST,
            "/api/v1/registration",
            grant["token"].as_str(),
            Some(json!({"entity_type": "enterprise", "account_name": "Partner7", "entry_notice_version": "2024-06"})),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED, "the applicant chose otherwise");
    let again = take(&s, &grant_of(start(&s, KEY, user).await)).await.json();
    assert_eq!(again["registered"], true);
    assert_eq!(
        again.get("entity_type"),
        None,
        "the account's own type is the account's"
    );
}
