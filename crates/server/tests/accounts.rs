//! Sign-in by QR ticket, sessions, registration and `me`.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{Browser, Server};
use onboarding_domain::api::ENTRY_NOTICE_VERSION;
use serde_json::json;

#[tokio::test]
async fn a_ticket_goes_pending_scanned_confirmed_and_hands_out_one_session() {
    let s = Server::start().await;
    let created = s.call(Method::POST, "/api/v1/tickets", None, None).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let ticket = created.json();
    let id = ticket["id"].as_str().unwrap();
    let claim = ticket["claim"].as_str().unwrap();
    assert_eq!(created.header(header::CACHE_CONTROL), "no-store");
    assert!(!ticket["qr_url"].as_str().unwrap().contains(claim));
    assert!(
        ticket["qr_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/m/sign-in/{id}"))
    );

    assert_eq!(s.poll_ticket(id, claim).await.json()["state"], "pending");
    // The phone's WeChat opens the code's page, which goes to WeChat's sign-in: scanned.
    let phone = Browser::default();
    let to_wechat = phone
        .send(
            &s,
            Method::GET,
            &format!("/auth/wechat?ticket={id}&return=%2Fm%2Fsign-in%2F{id}"),
            None,
        )
        .await;
    assert_eq!(to_wechat.status, StatusCode::FOUND);
    assert_eq!(s.poll_ticket(id, claim).await.json()["state"], "scanned");
    // Confirmed in WeChat.
    let back = phone
        .sign_in_with_wechat(&s, Some(id), &format!("/m/sign-in/{id}"), "new")
        .await;
    assert!(back.ends_with("?wechat_sign_in=ok"), "{back}");
    assert_eq!(phone.take_session(&s).await.json()["registered"], false);

    let first = s.poll_ticket(id, claim).await;
    assert_eq!(first.header(header::CACHE_CONTROL), "no-store");
    let first = first.json();
    assert_eq!(first["state"], "confirmed");
    let token = first["session"]["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    // The session is handed out once only.
    assert!(s.poll_ticket(id, claim).await.json().get("session").is_none());
    // A confirmed ticket cannot be confirmed again: the trip ends before WeChat.
    let again = Browser::default()
        .sign_in_with_wechat(&s, Some(id), &format!("/m/sign-in/{id}"), "new")
        .await;
    assert_eq!(again, format!("/m/sign-in/{id}?wechat_sign_in=expired"));

    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["account"], serde_json::Value::Null);
}

/// Someone who sees the QR code (over a shoulder, in a screen share, in a photo) knows the
/// ticket id and polls it as fast as they can while the phone confirms: only the desktop that
/// created the ticket, holding its claim secret, gets the session.
#[tokio::test]
async fn a_ticket_id_seen_on_screen_cannot_take_the_session() {
    let s = Server::start().await;
    let ticket = s.call(Method::POST, "/api/v1/tickets", None, None).await.json();
    let id = ticket["id"].as_str().unwrap().to_string();
    let claim = ticket["claim"].as_str().unwrap().to_string();
    let uri = format!("/api/v1/tickets/{id}");

    let onlooker = async {
        let mut sessions = 0;
        for round in 0..200 {
            // With no secret, with a guessed one, and with the secret of another ticket.
            let reply = match round % 3 {
                0 => s.call(Method::GET, &uri, None, None).await,
                1 => s.poll_ticket(&id, &"0".repeat(32)).await,
                _ => s.poll_ticket(&id, &id).await,
            };
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{}",
                String::from_utf8_lossy(&reply.body)
            );
            sessions += usize::from(reply.json().get("session").is_some());
            tokio::task::yield_now().await;
        }
        sessions
    };
    let phone_then_desktop = async {
        tokio::task::yield_now().await;
        let back = Browser::default()
            .sign_in_with_wechat(&s, Some(&id), &format!("/m/sign-in/{id}"), "new")
            .await;
        assert!(back.ends_with("?wechat_sign_in=ok"), "{back}");
        let mut desktop = None;
        for _ in 0..50 {
            let poll = s.poll_ticket(&id, &claim).await.json();
            if let Some(token) = poll["session"]["token"].as_str() {
                desktop = Some(token.to_string());
                break;
            }
            tokio::task::yield_now().await;
        }
        desktop
    };
    let (onlooker_sessions, desktop) = tokio::join!(onlooker, phone_then_desktop);
    assert_eq!(onlooker_sessions, 0);
    let token = desktop.expect("the desktop gets its session");
    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let s = Server::start().await;
    let token = s.sign_in().await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let request = axum::http::Request::get("/api/v1/me")
            .header(header::AUTHORIZATION, format!("{scheme} {token}"))
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(s.send(request).await.status, StatusCode::OK, "{scheme}");
    }
    let basic = axum::http::Request::get("/api/v1/me")
        .header(header::AUTHORIZATION, format!("Basic {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(s.send(basic).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn requests_without_a_valid_session_are_refused() {
    let s = Server::start().await;
    for token in [None, Some("nonsense"), Some(&*"a".repeat(64))] {
        let reply = s.call(Method::GET, "/api/v1/me", token, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.header(header::WWW_AUTHENTICATE), "Bearer");
        assert_eq!(reply.json()["code"], "unauthorized");
    }
}

#[tokio::test]
async fn signing_out_revokes_the_token() {
    let s = Server::start().await;
    let token = s.sign_in().await;
    assert_eq!(
        s.call(Method::DELETE, "/api/v1/session", Some(&token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        s.call(Method::GET, "/api/v1/me", Some(&token), None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn registration_rules() {
    let s = Server::start().await;
    let token = s.applicant("personal", "Xiao_Wang").await;
    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    assert_eq!(me["account"]["account_name"], "Xiao_Wang");
    assert_eq!(me["account"]["active"], true, "a personal account is usable at once");
    assert_eq!(me["needs_authentication"], false);
    assert!(me.get("application_state").is_none(), "nothing submitted");

    // Names are unique regardless of case.
    let other = s.sign_in().await;
    let body = |name: &str, version: &str| json!({"entity_type": "enterprise", "account_name": name, "entry_notice_version": version});
    let taken = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&other),
            Some(body("xiao_wang", ENTRY_NOTICE_VERSION)),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.json()["code"], "account_name_taken");
    let available = s
        .call(Method::GET, "/api/v1/account-names/XIAO_WANG", None, None)
        .await
        .json();
    assert_eq!(available["available"], false);

    // ... and regardless of look-alike letters: a Cyrillic "а" and "о" for the Latin ones.
    let look_alike = "Xi\u{430}\u{43e}_Wang";
    let taken = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&other),
            Some(body(look_alike, ENTRY_NOTICE_VERSION)),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.json()["code"], "account_name_taken");
    let available = s
        .call(Method::GET, "/api/v1/account-names/Xi%D0%B0%D0%BE_Wang", None, None)
        .await
        .json();
    assert_eq!(available["available"], false);

    // A bad name gets the domain's rule and message, in the requested language.
    let request = axum::http::Request::post("/api/v1/registration")
        .header(header::AUTHORIZATION, format!("Bearer {other}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9");
    let bad = s
        .send(
            request
                .body(axum::body::Body::from(body("9lives", ENTRY_NOTICE_VERSION).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["code"], "start");
    assert_eq!(bad.json()["message"], "请以字母或汉字开头");

    // The Entry Notice must be the current one.
    let old = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&other),
            Some(body("laoli", "2019-01")),
        )
        .await;
    assert_eq!(old.json()["code"], "entry_notice_outdated");

    let ok = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&other),
            Some(body("laoli", ENTRY_NOTICE_VERSION)),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    assert_eq!(ok.json()["active"], false, "an enterprise must authenticate first");
    let twice = s
        .call(
            Method::POST,
            "/api/v1/registration",
            Some(&other),
            Some(body("laoli2", ENTRY_NOTICE_VERSION)),
        )
        .await;
    assert_eq!(twice.json()["code"], "already_registered");
}

#[tokio::test]
async fn malformed_json_is_a_400_with_the_error_shape() {
    let s = Server::start().await;
    let token = s.sign_in().await;
    let request = axum::http::Request::post("/api/v1/registration")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from("{\"entity_type\": \"martian\"}"))
        .unwrap();
    let reply = s.send(request).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["code"], "bad_json");
}

#[tokio::test]
async fn ticket_creation_is_rate_limited() {
    let s = Server::start().await;
    let mut statuses = Vec::new();
    for _ in 0..21 {
        statuses.push(s.call(Method::POST, "/api/v1/tickets", None, None).await);
    }
    assert!(statuses[..20].iter().all(|r| r.status == StatusCode::CREATED));
    let last = &statuses[20];
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(last.json()["code"], "rate_limited");
    assert!(last.header(header::RETRY_AFTER).parse::<u64>().unwrap() >= 1);
}

/// Listing names one request at a time is enumeration: a burst is answered, then 429.
#[tokio::test]
async fn name_checks_and_uploads_are_rate_limited() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let mut limited_after = None;
    for n in 0..300 {
        let reply = s
            .call(
                Method::GET,
                &format!("/api/v1/account-names/name{n}"),
                Some(&token),
                None,
            )
            .await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(reply.json()["code"], "rate_limited");
            limited_after = Some(n);
            break;
        }
    }
    assert!(limited_after.is_some_and(|n| n >= 30), "{limited_after:?}");
    let mut uploads_limited = false;
    for _ in 0..60 {
        let reply = s.upload(&token, common::png(1600, 1200)).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            uploads_limited = true;
            break;
        }
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    assert!(uploads_limited, "60 uploads in a row were all accepted");
}

#[tokio::test]
async fn a_registered_promoter_is_told_where_to_go_next_when_the_deployment_says() {
    let console = "https://promoters.example.com/console";
    let s = Server::with(|c| c.promoter_console_url = Some(console.into())).await;
    let token = s.applicant("personal", "Xiao_Li").await;
    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    assert_eq!(me["promoter_console"], console);

    let unset = Server::start().await;
    let token = unset.applicant("personal", "Xiao_Zhao").await;
    let me = unset.call(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    assert!(me.get("promoter_console").is_none());
}
