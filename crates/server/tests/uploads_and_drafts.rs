//! Uploads (content decides, specific errors, owner only) and the draft (ETag / If-Match, sealed at rest).

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Server, jpeg, png, png_header};
use serde_json::json;

#[tokio::test]
async fn uploads_are_judged_by_content() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;

    let ok = s.upload(&token, png(1600, 1200)).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&ok.body));
    let image = ok.json();
    assert_eq!(
        (image["image_type"].as_str(), image["width"].as_u64()),
        (Some("png"), Some(1600))
    );
    assert_eq!(image["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(s.upload(&token, jpeg(1200, 1600)).await.status, StatusCode::CREATED);

    let mut zip = b"\x89PNG\r\n\x1a\nPK\x03\x04".to_vec();
    zip.extend([0u8; 200]);
    let mut oversize = jpeg(1600, 1200);
    oversize.splice(2..2, std::iter::repeat_n(0u8, 2 * 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "empty body",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_empty",
        ),
        (
            "garbage",
            b"hello, world".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "image_wrong_type",
        ),
        (
            "svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "image_wrong_type",
        ),
        (
            "PNG header on a zip",
            zip,
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_unreadable",
        ),
        (
            "truncated JPEG",
            jpeg(1600, 1200)[..14].to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_unreadable",
        ),
        (
            "huge dimensions",
            png_header(60_000, 60_000),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_too_many_pixels",
        ),
        (
            "a header and no pixels",
            png_header(1600, 1200),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_unreadable",
        ),
        (
            "too small to read",
            png(320, 240),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_too_small",
        ),
        ("oversize", oversize, StatusCode::PAYLOAD_TOO_LARGE, "image_too_large"),
    ];
    for (name, bytes, status, code) in cases {
        let reply = s.upload(&token, bytes).await;
        assert_eq!(reply.status, status, "{name}");
        assert_eq!(reply.json()["code"], code, "{name}");
        assert!(!reply.json()["message"].as_str().unwrap().is_empty(), "{name}");
    }
}

#[tokio::test]
async fn images_are_readable_by_their_owner_only() {
    let s = Server::start().await;
    let owner = s.applicant("enterprise", "acme").await;
    let other = s.applicant("enterprise", "globex").await;
    let bytes = png(800, 600);
    let id = s.upload(&owner, bytes.clone()).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let mine = s
        .call(Method::GET, &format!("/api/v1/uploads/{id}"), Some(&owner), None)
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body, bytes);
    assert_eq!(mine.header(header::CONTENT_TYPE), "image/png");
    assert_eq!(mine.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    // An identity document is not kept in the browser's cache past the session.
    assert_eq!(mine.header(header::CACHE_CONTROL), "no-store");

    let theirs = s
        .call(Method::GET, &format!("/api/v1/uploads/{id}"), Some(&other), None)
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    // At rest the bytes are sealed, not a readable PNG.
    let stored = std::fs::read(s.data.path().join("data/images").join(&id)).unwrap();
    assert!(!stored.starts_with(b"\x89PNG"));
}

fn put(token: &str, if_match: Option<&str>, body: serde_json::Value) -> Request<Body> {
    let mut r = Request::put("/api/v1/draft")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(tag) = if_match {
        r = r.header(header::IF_MATCH, tag);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn drafts_use_etags_and_never_lose_a_write() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let empty = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await;
    assert_eq!(empty.header(header::ETAG), "\"v0\"");
    assert!(!empty.json()["warnings"].as_array().unwrap().is_empty());

    let draft = json!({"legal_person": {"residency": "mainland", "id_number": "11010519491231002X", "name": "张三"}});
    let missing = s.send(put(&token, None, draft.clone())).await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);

    let first = s.send(put(&token, Some("\"v0\""), draft.clone())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", String::from_utf8_lossy(&first.body));
    assert_eq!(first.header(header::ETAG), "\"v1\"");
    let warnings = first.json()["warnings"].as_array().unwrap().clone();
    assert!(warnings.iter().any(|w| w["path"] == "subject.licence_number"));
    assert!(
        !warnings.iter().any(|w| w["path"] == "legal_person.id_number"),
        "a valid number has no warning"
    );

    // A second tab still holding v0 cannot overwrite v1.
    let stale = s.send(put(&token, Some("\"v0\""), json!({}))).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["code"], "stale");

    let read = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await.json();
    assert_eq!(
        read["draft"]["legal_person"]["id_number"], "11010519491231002X",
        "the owner sees the full number"
    );
    assert_eq!(read["version"], 1);

    // Another account sees only its own (empty) draft.
    let other = s.applicant("enterprise", "globex").await;
    let theirs = s.call(Method::GET, "/api/v1/draft", Some(&other), None).await.json();
    assert_eq!(theirs["version"], 0);
    assert_eq!(theirs["draft"]["legal_person"]["id_number"], "");

    // Personal data is sealed in the database file.
    let db = std::fs::read(s.data.path().join("data/onboarding.sqlite3")).unwrap();
    let wal = std::fs::read(s.data.path().join("data/onboarding.sqlite3-wal")).unwrap_or_default();
    for haystack in [db, wal] {
        assert!(!haystack.windows(18).any(|w| w == b"11010519491231002X"));
    }
}

#[tokio::test]
async fn data_survives_a_restart() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let draft = json!({"subject": {"merchant_name": "北京某某科技有限公司"}});
    assert_eq!(s.send(put(&token, Some("\"v0\""), draft)).await.status, StatusCode::OK);
    let Server { data, .. } = s;
    let again = Server::on(data).await;
    let read = again.call(Method::GET, "/api/v1/draft", Some(&token), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["draft"]["subject"]["merchant_name"], "北京某某科技有限公司");
}

/// A save says how long ago its last answer was typed: the typing pause, or the time a device
/// was offline. The draft keeps when that was, by the server's clock, and that is what another
/// device's merge compares, not the time of the save.
#[tokio::test]
async fn a_draft_keeps_when_its_answers_were_typed() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let save = |tag: &str, ago: Option<&str>| {
        let mut r = Request::put("/api/v1/draft")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::IF_MATCH, tag);
        if let Some(ago) = ago {
            r = r.header("edited-ago", ago);
        }
        r.body(Body::from(r#"{"store": {"name": "某某小店"}}"#)).unwrap()
    };
    let offline = s.send(save("\"v0\"", Some("600000"))).await;
    assert_eq!(offline.status, StatusCode::OK);
    let view = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await.json();
    let (updated, edited) = (
        view["updated_at"].as_i64().unwrap(),
        view["edited_at"].as_i64().unwrap(),
    );
    assert_eq!(updated - edited, 600_000, "typed ten minutes before it was saved");
    assert_eq!(offline.json()["edited_at"], edited);

    // Without the header, the save is taken as typed when sent.
    let plain = s.send(save("\"v1\"", None)).await.json();
    assert_eq!(plain["edited_at"], plain["updated_at"]);
    // At most 24.8 days ago (the bound the OpenAPI document says): a longer absence is said so.
    let most = onboarding_domain::api::EDITED_AGO_MAX_MS;
    let far = s.send(save("\"v2\"", Some(&most.to_string()))).await.json();
    assert_eq!(
        far["updated_at"].as_i64().unwrap() - far["edited_at"].as_i64().unwrap(),
        i64::from(most)
    );
    let document = s
        .call(axum::http::Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .json();
    let parameter = document["paths"]["/api/v1/draft"]["put"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Edited-Ago")
        .unwrap()
        .clone();
    assert_eq!(parameter["schema"]["maximum"], most);

    for bad in ["-1", "soon", "1.5", "2147483648", "null"] {
        let refused = s.send(save("\"v3\"", Some(bad))).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(refused.json()["code"], "edited_ago_invalid");
    }
}

/// `If-Match: *` means "whatever version is current" (RFC 9110 §13.1.1). A new account's draft
/// has a current representation too: `GET /draft` answers 200 with the empty draft as `"v0"`, so
/// `*` matches it as it matches any later version. A list matches any version it names.
#[tokio::test]
async fn if_match_star_and_lists_follow_rfc_9110() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let put = |tag: &'static str| {
        Request::put("/api/v1/draft")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::IF_MATCH, tag)
            .body(Body::from(r#"{"store": {"name": "某某小店"}}"#))
            .unwrap()
    };
    let first = s.send(put("*")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header(header::ETAG), "\"v1\"");
    assert_eq!(s.send(put("\"v0\"")).await.status, StatusCode::PRECONDITION_FAILED);
    let star = s.send(put("*")).await;
    assert_eq!(star.status, StatusCode::OK);
    assert_eq!(star.header(header::ETAG), "\"v2\"");
    assert_eq!(s.send(put("\"v1\", \"v2\"")).await.status, StatusCode::OK);
    assert_eq!(
        s.send(put("\"v1\", \"v2\"")).await.status,
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(s.send(put("\"a3\"")).await.status, StatusCode::PRECONDITION_FAILED);
}

/// A draft sealed by an older build (the bare draft JSON, before the versioned envelope) still
/// opens; one that will not open answers a clear error, and is kept: neither read as empty nor
/// written over.
#[tokio::test]
async fn an_old_sealed_draft_opens_and_an_unreadable_one_is_kept() {
    let s = Server::start().await;
    let token = s.applicant("enterprise", "acme").await;
    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    let account_id = me["account"]["id"].as_str().unwrap().to_string();
    let context = format!("draft:{account_id}");
    let old = r#"{"store": {"name": "某某小店"}, "legal_person": {"residency": "mainland", "name": "张三"}}"#;
    let sealed = s.state.sealer.seal(old.as_bytes(), &context);
    sqlx::query("INSERT INTO drafts (account_id, version, sealed, updated_at) VALUES (?, 3, ?, 0)")
        .bind(&account_id)
        .bind(&sealed)
        .execute(&s.state.db)
        .await
        .unwrap();
    let read = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["draft"]["store"]["name"], "某某小店");
    assert_eq!(read.json()["draft"]["legal_person"]["name"], "张三");
    assert_eq!(read.header(header::ETAG), "\"v3\"");

    // Now a value that does not open (sealed for another account).
    let foreign = s.state.sealer.seal(old.as_bytes(), "draft:someone-else");
    sqlx::query("UPDATE drafts SET sealed = ? WHERE account_id = ?")
        .bind(&foreign)
        .bind(&account_id)
        .execute(&s.state.db)
        .await
        .unwrap();
    let read = s.call(Method::GET, "/api/v1/draft", Some(&token), None).await;
    assert_eq!(read.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(read.json()["code"], "draft_unreadable");
    let write = Request::put("/api/v1/draft")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::IF_MATCH, "*")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(s.send(write).await.json()["code"], "draft_unreadable");
    let kept: Vec<u8> = sqlx::query_scalar("SELECT sealed FROM drafts WHERE account_id = ?")
        .bind(&account_id)
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(kept, foreign, "the unreadable draft was written over");
}
