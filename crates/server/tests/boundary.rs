//! Each extractor's refusals: every bad request gets the one error shape and the right status,
//! never one of axum's plain-text answers.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Reply, Server};

fn assert_shape(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert!(
        reply.header(header::CONTENT_TYPE).starts_with("application/json"),
        "{:?}",
        reply.headers
    );
    let body = reply.json();
    assert_eq!(body["code"], code);
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(body["fields"].is_array());
}

fn put_draft(token: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::put("/api/v1/draft")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::IF_MATCH, "\"v0\"")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn json_bodies_are_refused_by_size_type_and_shape() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    // Over the 256 KiB JSON limit: 413, not 400 bad_json.
    let mut big = br#"{"store": {"name": ""#.to_vec();
    big.extend(std::iter::repeat_n(b'a', 300 * 1024));
    big.extend(br#""}}"#);
    assert_shape(
        &s.send(put_draft(&token, "application/json", big)).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
    );
    assert_shape(
        &s.send(put_draft(&token, "text/plain", b"{}".to_vec())).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_shape(
        &s.send(put_draft(&token, "application/json", b"{".to_vec())).await,
        StatusCode::BAD_REQUEST,
        "bad_json",
    );
}

#[tokio::test]
async fn an_upload_over_its_limit_is_413_in_the_error_shape() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let reply = s.upload(&token, vec![0u8; 3 * 1024 * 1024]).await;
    assert_shape(&reply, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
}

#[tokio::test]
async fn bad_queries_methods_and_paths_answer_in_the_error_shape() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    for query in ["wait=-1", "wait=abc", "wait=99999999999999999999999", "wait=26"] {
        let reply = s
            .call(
                Method::GET,
                &format!("/api/v1/application/status?{query}"),
                Some(&token),
                None,
            )
            .await;
        assert_shape(&reply, StatusCode::BAD_REQUEST, "bad_query");
    }
    let patch = s.call(Method::PATCH, "/api/v1/draft", Some(&token), None).await;
    assert_shape(&patch, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    // A path segment that is not UTF-8 names nothing.
    for path in [
        "/api/v1/tickets/%FF%FE",
        "/api/v1/account-names/%C3%28",
        "/api/v1/uploads/%80",
    ] {
        let reply = s.call(Method::GET, path, Some(&token), None).await;
        assert_shape(&reply, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn an_idempotency_key_is_8_to_128_visible_characters() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let long = "k".repeat(129);
    for key in ["short", long.as_str(), "has spaces in it", "\u{7}control-char"] {
        let request = Request::post("/api/v1/application")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header("idempotency-key", key)
            .body(Body::empty());
        // A header value with a control character cannot even be built: that is refused too.
        let Ok(request) = request else { continue };
        assert_shape(
            &s.send(request).await,
            StatusCode::BAD_REQUEST,
            "idempotency_key_required",
        );
    }
    // A valid key reaches the rules (here: the empty draft is incomplete).
    let reply = common::submit(&s, &token, "a-valid-key-1").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Bodies that parse but break a rule of their shape: the rule's own code, and its message in
/// the request's language, from the domain (validator's custom functions call it).
#[tokio::test]
async fn bodies_of_the_wrong_shape_get_the_rules_code_and_message() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;

    // A draft may be incomplete, but not longer than any application can be.
    let owner = serde_json::json!({"name": "李四"});
    let draft = serde_json::json!({"legal_person": {"beneficial_owners": vec![owner; 5]}});
    let request = put_draft(&token, "application/json", serde_json::to_vec(&draft).unwrap());
    let (mut parts, body) = request.into_parts();
    parts.headers.insert(header::ACCEPT_LANGUAGE, "zh-CN".parse().unwrap());
    let reply = s.send(Request::from_parts(parts, body)).await;
    assert_shape(&reply, StatusCode::UNPROCESSABLE_ENTITY, "too_many_beneficial_owners");
    let message = reply.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains('4'), "the domain's limit, in Chinese: {message}");
    assert!(!message.is_ascii(), "{message}");
    // Four are a draft like any other.
    let draft = serde_json::json!({"legal_person": {"beneficial_owners": vec![serde_json::json!({}); 4]}});
    let reply = s
        .send(put_draft(
            &token,
            "application/json",
            serde_json::to_vec(&draft).unwrap(),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));

    // A registration's name, by the domain's parser, before the handler runs.
    let other = s.sign_in().await;
    let bad_name =
        serde_json::json!({"entity_type": "enterprise", "account_name": "2024li", "entry_notice_version": "2024-06"});
    let reply = s
        .call(Method::POST, "/api/v1/registration", Some(&other), Some(bad_name))
        .await;
    assert_shape(&reply, StatusCode::UNPROCESSABLE_ENTITY, "start");
}
