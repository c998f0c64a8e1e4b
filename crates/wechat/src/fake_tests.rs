//! The client against the local WeChat over loopback HTTP, as the server uses them.

use std::sync::Arc;

use super::*;
use crate::{Client, Endpoints, ExchangeError};

const APPID: &str = "wx0123456789abcdef";
const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The local WeChat's API on a loopback port: its base URL.
async fn serve(wechat: Arc<LocalWechat>) -> String {
    let answer = move |axum::extract::RawQuery(query): axum::extract::RawQuery| {
        let wechat = wechat.clone();
        async move { wechat.access_token(&query.unwrap_or_default(), now()) }
    };
    let routes = axum::Router::new().route("/sns/oauth2/access_token", axum::routing::get(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, routes).await });
    format!("http://{address}")
}

/// What WeChat appends to the redirect: the query of `url`.
fn query_of(url: &str) -> std::collections::HashMap<String, String> {
    form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_code_from_the_authorize_page_becomes_the_users_openid_once() {
    let wechat = Arc::new(LocalWechat::new(APPID, SECRET, "promoters.example.com"));
    let api = serve(wechat.clone()).await;
    let client = Client::new(
        APPID,
        SECRET,
        Endpoints {
            authorize: "https://promoters.example.com/sandbox/wechat".into(),
            api,
        },
    );
    let url = client.authorize_url("https://promoters.example.com/auth/wechat/callback", "s7a7e");
    let (_, query) = url
        .split_once('?')
        .map(|(page, q)| (page, q.trim_end_matches("#wechat_redirect")))
        .unwrap();
    let authorization = wechat.authorization(query).unwrap();
    assert_eq!(authorization.scope, "snsapi_base");
    let openid = LocalWechat::new_openid();
    assert_eq!((openid.len(), openid.starts_with('o')), (28, true));
    let back = wechat.approve(&authorization, &openid, now());
    assert!(back.starts_with("https://promoters.example.com/auth/wechat/callback?code="));
    let returned = query_of(&back);
    assert_eq!(returned["state"], "s7a7e");

    let user = client.exchange(&returned["code"]).await.unwrap();
    assert_eq!(user.openid, openid);
    assert_eq!(user.unionid, None);
    // A code works once.
    assert_eq!(
        client.exchange(&returned["code"]).await,
        Err(ExchangeError::Refused {
            errcode: 40163,
            errmsg: "code been used".into()
        })
    );
    let forged = client.exchange("0123456789abcdef0123456789abcdef").await.unwrap_err();
    assert!(forged.is_bad_code(), "{forged}");
    // Another secret is refused, and the error does not quote it.
    let other = Client::new(APPID, "another-secret", client.endpoints().clone());
    let code = query_of(&wechat.approve(&authorization, &openid, now()))["code"].clone();
    let refused = other.exchange(&code).await.unwrap_err();
    assert!(
        matches!(refused, ExchangeError::Refused { errcode: 40125, .. }),
        "{refused}"
    );
    assert!(!refused.to_string().contains("another-secret"));
    // The code is still good for the right secret: a refusal does not spend it.
    assert_eq!(client.exchange(&code).await.unwrap().openid, openid);
}

#[tokio::test]
async fn an_old_code_or_an_unreachable_wechat_is_no_user() {
    let wechat = LocalWechat::new(APPID, SECRET, "127.0.0.1");
    let authorization = wechat
        .authorization("appid=wx0123456789abcdef&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcb&response_type=code&scope=snsapi_base&state=x")
        .unwrap();
    let code = query_of(&wechat.approve(&authorization, "oUser", now() - CODE_LIFETIME_SECS - 1))["code"].clone();
    let answer = wechat.access_token(
        &format!("appid={APPID}&secret={SECRET}&code={code}&grant_type=authorization_code"),
        now(),
    );
    assert!(answer.contains("40029"), "{answer}");

    let nobody = Client::new(
        APPID,
        SECRET,
        Endpoints {
            authorize: "http://127.0.0.1:9".into(),
            api: "http://127.0.0.1:9".into(),
        },
    );
    let unreachable = nobody.exchange("code").await.unwrap_err();
    assert!(matches!(unreachable, ExchangeError::Unreachable(_)), "{unreachable}");
    assert!(!unreachable.to_string().contains(SECRET));
}

#[test]
fn the_authorize_page_refuses_what_wechat_refuses() {
    let wechat = LocalWechat::new(APPID, SECRET, "promoters.example.com");
    let good = [
        ("appid", APPID),
        ("redirect_uri", "https://promoters.example.com/auth/wechat/callback"),
        ("response_type", "code"),
        ("scope", "snsapi_base"),
        ("state", "abc123"),
    ];
    let query = |changes: &[(&str, &str)]| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (name, value) in good {
            let value = changes.iter().find(|c| c.0 == name).map_or(value, |c| c.1);
            s.append_pair(name, value);
        }
        s.finish()
    };
    assert!(wechat.authorization(&query(&[])).is_ok());
    let long = "a".repeat(STATE_MAX + 1);
    for (change, error) in [
        (("appid", "wxsomeoneelse"), AuthorizeError::Appid),
        (("response_type", "token"), AuthorizeError::ResponseType),
        (("scope", "snsapi_login"), AuthorizeError::Scope),
        (("redirect_uri", "https://evil.example/cb"), AuthorizeError::RedirectUri),
        (
            ("redirect_uri", "https://promoters.example.com@evil.example/cb"),
            AuthorizeError::RedirectUri,
        ),
        (("redirect_uri", "javascript:alert(1)"), AuthorizeError::RedirectUri),
        (("state", "a b"), AuthorizeError::State),
        (("state", long.as_str()), AuthorizeError::State),
    ] {
        assert_eq!(wechat.authorization(&query(&[change])), Err(error), "{change:?}");
    }
    // A port does not matter: WeChat's authorized domain is a host.
    assert!(
        wechat
            .authorization(&query(&[("redirect_uri", "https://promoters.example.com:8443/cb")]))
            .is_ok()
    );
}
