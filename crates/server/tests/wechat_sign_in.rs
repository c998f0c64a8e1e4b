//! Sign-in with WeChat through the sandbox's local WeChat, which speaks WeChat's protocol: the
//! desktop's QR code confirmed on a phone, a phone signed in by itself, and every way a trip to
//! WeChat can be abused coming to nothing.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{Browser, Server, local_path};
use onboarding_domain::api::TicketCreated;

async fn ticket(server: &Server) -> TicketCreated {
    serde_json::from_slice(&server.call(Method::POST, "/api/v1/tickets", None, None).await.body).unwrap()
}

#[tokio::test]
async fn a_phone_confirms_the_desktops_code_and_both_are_signed_in_as_one_wechat_user() {
    let server = Server::start().await;
    let created = ticket(&server).await;
    let phone = Browser::default();
    let phone_page = format!("/m/sign-in/{}", created.id);
    let back = phone
        .sign_in_with_wechat(&server, Some(&created.id), &phone_page, "new")
        .await;
    assert_eq!(back, format!("{phone_page}?wechat_sign_in=ok"));
    // The phone takes its session once; the desktop's poll gets its own.
    let taken = phone.take_session(&server).await;
    assert_eq!(taken.status, StatusCode::OK);
    assert_eq!(taken.header(header::CACHE_CONTROL), "no-store");
    let phone_token = taken.json()["token"].as_str().unwrap().to_string();
    assert_eq!(taken.json()["registered"], false);
    assert_eq!(phone.take_session(&server).await.status, StatusCode::NOT_FOUND);
    let poll = server.poll_ticket(&created.id, &created.claim).await.json();
    assert_eq!(poll["state"], "confirmed");
    let desktop_token = poll["session"]["token"].as_str().unwrap().to_string();
    assert_ne!(desktop_token, phone_token);

    // One person: what the phone registers, the desktop sees.
    let body = serde_json::json!({
        "entity_type": "personal",
        "account_name": "wechat-user",
        "entry_notice_version": onboarding_domain::api::ENTRY_NOTICE_VERSION,
    });
    let registered = server
        .call(Method::POST, "/api/v1/registration", Some(&phone_token), Some(body))
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let me = server
        .call(Method::GET, "/api/v1/me", Some(&desktop_token), None)
        .await
        .json();
    assert_eq!(me["account"]["account_name"], "wechat-user");

    // The same phone signs in again as the same WeChat user (its WeChat remembers it): registered.
    let user = phone.cookies.lock().unwrap()["sandbox_wechat_user"].clone();
    let back = phone.sign_in_with_wechat(&server, None, "/status", &user).await;
    assert_eq!(back, "/status?wechat_sign_in=ok");
    assert_eq!(phone.take_session(&server).await.json()["registered"], true);
}

#[tokio::test]
async fn the_way_to_wechat_asks_for_snsapi_base_and_binds_the_browser() {
    let server = Server::start().await;
    let browser = Browser::default();
    let reply = browser
        .send(&server, Method::GET, "/auth/wechat?return=%2Fapply", None)
        .await;
    assert_eq!(reply.status, StatusCode::FOUND);
    let location = reply.header(header::LOCATION);
    assert!(
        location.contains("/sandbox/wechat/connect/oauth2/authorize?appid=wx"),
        "{location}"
    );
    assert!(
        location.contains("&response_type=code&scope=snsapi_base&state="),
        "{location}"
    );
    assert!(location.ends_with("#wechat_redirect"));
    assert!(location.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A0%2Fauth%2Fwechat%2Fcallback"));
    let cookie = reply.header(header::SET_COOKIE);
    assert!(cookie.starts_with("onboarding_wechat_sign_in=") && cookie.contains("HttpOnly; SameSite=Lax"));
    // The local WeChat's page asks which test user to confirm as; a new browser has none yet.
    let page = browser.send(&server, Method::GET, &local_path(location), None).await;
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("id=\"confirm-new\"") && !html.contains("id=\"confirm-current\""));
    // An authorize request WeChat would refuse is refused by it too.
    let forged = local_path(location).replace("scope=snsapi_base", "scope=snsapi_login");
    let refused = browser.send(&server, Method::GET, &forged, None).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&refused.body).contains("scope"));
}

#[tokio::test]
async fn a_code_brought_to_another_browser_signs_nobody_in() {
    let server = Server::start().await;
    let created = ticket(&server).await;
    let victim = Browser::default();
    // The attacker starts a sign-in for the victim's ticket and confirms on their own WeChat...
    let attacker = Browser::default();
    let to_wechat = attacker
        .send(
            &server,
            Method::GET,
            &format!("/auth/wechat?ticket={}&return=%2Fstatus", created.id),
            None,
        )
        .await;
    let authorize = local_path(to_wechat.header(header::LOCATION));
    let (page, query) = authorize.split_once('?').unwrap();
    let confirmed = attacker
        .send(&server, Method::POST, page, Some(format!("{query}&user=new")))
        .await;
    let callback = local_path(confirmed.header(header::LOCATION));
    // ...then has the victim's browser open the callback (a link, an image): refused, and the
    // state is spent.
    let back = victim.send(&server, Method::GET, &callback, None).await;
    assert_eq!(back.header(header::LOCATION), "/status?wechat_sign_in=refused");
    assert_eq!(victim.take_session(&server).await.status, StatusCode::NOT_FOUND);
    let replayed = attacker.send(&server, Method::GET, &callback, None).await;
    assert_eq!(replayed.header(header::LOCATION), "/sign-in?wechat_sign_in=expired");
    assert_eq!(attacker.take_session(&server).await.status, StatusCode::NOT_FOUND);
    let poll = server.poll_ticket(&created.id, &created.claim).await.json();
    assert_ne!(poll["state"], "confirmed");
    assert!(poll["session"].is_null());
}

#[tokio::test]
async fn a_forged_or_stale_state_or_a_bad_code_is_refused() {
    let server = Server::start().await;
    let browser = Browser::default();
    // A state this server never gave.
    let forged = browser
        .send(
            &server,
            Method::GET,
            "/auth/wechat/callback?code=abc&state=0123456789abcdef",
            None,
        )
        .await;
    assert_eq!(forged.header(header::LOCATION), "/sign-in?wechat_sign_in=expired");
    // A real state with a code WeChat never gave: WeChat refuses it, and the state is spent.
    let to_wechat = browser
        .send(&server, Method::GET, "/auth/wechat?return=%2Fregister", None)
        .await;
    let authorize = local_path(to_wechat.header(header::LOCATION));
    let state = form_urlencoded::parse(authorize.split_once('?').unwrap().1.as_bytes())
        .find(|(name, _)| name == "state")
        .unwrap()
        .1
        .into_owned();
    let bad_code = browser
        .send(
            &server,
            Method::GET,
            &format!("/auth/wechat/callback?code=0123456789abcdef0123456789abcdef&state={state}"),
            None,
        )
        .await;
    assert_eq!(bad_code.header(header::LOCATION), "/register?wechat_sign_in=failed");
    assert_eq!(browser.take_session(&server).await.status, StatusCode::NOT_FOUND);
    // A return path off this origin is not followed.
    let elsewhere = browser
        .send(&server, Method::GET, "/auth/wechat?return=%2F%2Fevil.example", None)
        .await;
    assert_eq!(elsewhere.status, StatusCode::FOUND);
    // An expired ticket ends the trip before WeChat.
    let over = browser
        .send(
            &server,
            Method::GET,
            "/auth/wechat?ticket=0123456789abcdef0123456789abcdef&return=%2Fm%2Fsign-in%2Fx",
            None,
        )
        .await;
    assert_eq!(over.header(header::LOCATION), "/m/sign-in/x?wechat_sign_in=expired");
}

#[tokio::test]
async fn a_stale_sign_in_is_refused() {
    let server = Server::start().await;
    let browser = Browser::default();
    let to_wechat = browser
        .send(&server, Method::GET, "/auth/wechat?return=%2Fstatus", None)
        .await;
    let authorize = local_path(to_wechat.header(header::LOCATION));
    let (page, query) = authorize.split_once('?').unwrap();
    let confirmed = browser
        .send(&server, Method::POST, page, Some(format!("{query}&user=new")))
        .await;
    // Ten minutes pass.
    sqlx::query("UPDATE wechat_sign_ins SET expires_at = 0")
        .execute(&server.state.db)
        .await
        .unwrap();
    let back = browser
        .send(
            &server,
            Method::GET,
            &local_path(confirmed.header(header::LOCATION)),
            None,
        )
        .await;
    assert_eq!(back.header(header::LOCATION), "/sign-in?wechat_sign_in=expired");
}

#[tokio::test]
async fn a_sign_in_from_a_host_page_comes_back_there_and_is_taken_with_its_verifier() {
    let server = Server::with(|c| c.allow_origins = vec!["http://host.example".into()]).await;
    // SHA-256("abc"), as the host page's app would send it for its verifier "abc".
    let challenge = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let query = |page: &str, challenge: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("return", page)
            .append_pair("challenge", challenge)
            .finish()
    };
    let browser = Browser::default();
    let page = "http://host.example/partners/join?tab=1";
    let back = browser.trip_to_wechat(&server, &query(page, challenge), "new").await;
    assert_eq!(back, format!("{page}&wechat_sign_in=ok"));

    // The host page's requests carry none of this server's cookies: the verifier takes it, once.
    let take = |body: &'static str| {
        let request = axum::http::Request::post("/api/v1/sign-in/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        server.send(request)
    };
    assert_eq!(take(r#"{"verifier":"abd"}"#).await.status, StatusCode::NOT_FOUND);
    let taken = take(r#"{"verifier":"abc"}"#).await;
    assert_eq!(taken.status, StatusCode::OK);
    assert_eq!(taken.json()["registered"], false);
    assert_eq!(take(r#"{"verifier":"abc"}"#).await.status, StatusCode::NOT_FOUND);
    assert_eq!(take("not json").await.status, StatusCode::BAD_REQUEST);
    // JSON's null is no verifier: the cookie's way, and this request has none.
    assert_eq!(take("null").await.status, StatusCode::NOT_FOUND);

    // Another origin, one that only begins like it, or no challenge: back to this server's page.
    for (page, challenge) in [
        ("http://evil.example/", challenge),
        ("http://host.example.evil.example/", challenge),
        ("http://host.example//evil.example", challenge),
        ("http://host.example/", "not-a-hash"),
    ] {
        let back = Browser::default()
            .trip_to_wechat(&server, &query(page, challenge), "new")
            .await;
        assert_eq!(back, "/sign-in?wechat_sign_in=ok", "{page}");
    }
}
