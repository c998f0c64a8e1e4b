//! A server over a temporary data directory, driven in process through the router.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use onboarding_domain::api::TicketCreated;
use onboarding_server::{AppState, Config, app};
use serde_json::Value;
use tower::ServiceExt;

pub struct Server {
    pub router: axum::Router,
    pub state: AppState,
    pub data: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

impl Server {
    pub async fn start() -> Server {
        let data = tempfile::tempdir().unwrap();
        Server::on(data).await
    }

    /// A server on an existing data directory (a restart).
    pub async fn on(data: tempfile::TempDir) -> Server {
        Server::configured(data, |_| {}).await
    }

    /// A server with adjusted configuration (delays, windows).
    pub async fn with(adjust: impl FnOnce(&mut Config)) -> Server {
        Server::configured(tempfile::tempdir().unwrap(), adjust).await
    }

    async fn configured(data: tempfile::TempDir, adjust: impl FnOnce(&mut Config)) -> Server {
        let mut config = Config::for_data_dir(data.path().join("data"));
        adjust(&mut config);
        let state = AppState::open(config).await.unwrap();
        Server {
            router: app(state.clone()),
            state,
            data,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, body }
    }

    pub async fn call(&self, method: Method, uri: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(serde_json::to_vec(&v).unwrap())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    /// The desktop's poll of ticket `id`, presenting `claim`.
    pub async fn poll_ticket(&self, id: &str, claim: &str) -> Reply {
        let request = Request::get(format!("/api/v1/tickets/{id}"))
            .header(onboarding_domain::api::TICKET_CLAIM_HEADER, claim)
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// Signs in through a QR ticket that a phone confirms with the sandbox's WeChat (a new test
    /// user); returns the desktop token.
    pub async fn sign_in(&self) -> String {
        let created: TicketCreated =
            serde_json::from_slice(&self.call(Method::POST, "/api/v1/tickets", None, None).await.body).unwrap();
        let phone = Browser::default();
        let back = phone
            .sign_in_with_wechat(self, Some(&created.id), &format!("/m/sign-in/{}", created.id), "new")
            .await;
        assert!(back.ends_with("wechat_sign_in=ok"), "{back}");
        let poll = self.poll_ticket(&created.id, &created.claim).await.json();
        poll["session"]["token"].as_str().unwrap().to_string()
    }

    /// Signs in and registers an account of `entity` type named `name`.
    pub async fn applicant(&self, entity: &str, name: &str) -> String {
        let token = self.sign_in().await;
        let body = serde_json::json!({
            "entity_type": entity,
            "account_name": name,
            "entry_notice_version": onboarding_domain::api::ENTRY_NOTICE_VERSION,
        });
        let reply = self
            .call(Method::POST, "/api/v1/registration", Some(&token), Some(body))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        token
    }

    pub async fn upload(&self, token: &str, bytes: Vec<u8>) -> Reply {
        let request = Request::post("/api/v1/uploads")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(bytes))
            .unwrap();
        self.send(request).await
    }
}

/// A real grey PNG of the given size, every pixel there (made once per size: a test may upload
/// several).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    photo(Kind::Png, width, height)
}

/// A real grey baseline JPEG of the given size.
pub fn jpeg(width: u16, height: u16) -> Vec<u8> {
    photo(Kind::Jpeg, u32::from(width), u32::from(height))
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Png,
    Jpeg,
}

/// Photos already made, by kind and size.
type Made = Vec<((Kind, u32, u32), Vec<u8>)>;

fn photo(kind: Kind, width: u32, height: u32) -> Vec<u8> {
    static MADE: std::sync::Mutex<Made> = std::sync::Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap();
    if let Some((_, bytes)) = made.iter().find(|(key, _)| *key == (kind, width, height)) {
        return bytes.clone();
    }
    // A pale card with a darker band, like a document.
    let pixels: Vec<u8> = (0..height)
        .flat_map(|y| {
            let band = y > height / 3 && y < height / 2;
            std::iter::repeat_n(if band { 90 } else { 230 }, width as usize)
        })
        .collect();
    let mut out = Vec::new();
    match kind {
        Kind::Png => {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(png::ColorType::Grayscale);
            encoder.set_compression(png::Compression::Fastest);
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&pixels).unwrap();
            writer.finish().unwrap();
        }
        Kind::Jpeg => jpeg_encoder::Encoder::new(&mut out, 80)
            .encode(
                &pixels,
                u16::try_from(width).unwrap(),
                u16::try_from(height).unwrap(),
                jpeg_encoder::ColorType::Luma,
            )
            .unwrap(),
    }
    made.push(((kind, width, height), out.clone()));
    out
}

/// Only a PNG's header (signature, IHDR, IEND, no pixel data): what passes a check of the
/// header alone, and, for sizes no test could encode, a way to test the size rules.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend(13u32.to_be_bytes());
    b.extend(b"IHDR");
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    b.extend(0u32.to_be_bytes());
    b.extend(b"IEND");
    b.extend([0xAE, 0x42, 0x60, 0x82]);
    b
}

/// Uploads the photos an enterprise with a mainland legal person needs and returns a complete,
/// valid draft that refers to them.
pub async fn complete_draft(s: &Server, token: &str) -> Value {
    let mut ids = Vec::new();
    for _ in 0..3 {
        let reply = s.upload(token, png(1600, 1200)).await;
        ids.push(reply.json()["id"].as_str().unwrap().to_string());
    }
    draft_with_photos(&ids)
}

/// A complete, valid enterprise draft whose licence and ID card photos are `ids` (three uploads).
pub fn draft_with_photos(ids: &[String]) -> Value {
    serde_json::json!({
        "subject": {
            "licence_image": ids[0], "licence_number": "91110000600037341L",
            "merchant_name": "北京某某科技有限公司", "legal_person_name": "张三"
        },
        "store": {"name": "某某小店", "url": "https://shop.example.com", "short_name": "某某科技"},
        "legal_person": {
            "residency": "mainland", "name": "张三", "id_number": "11010519491231002X",
            "id_front_image": ids[1], "id_back_image": ids[2],
            "validity": {"begin": "2020-01-01", "end": "", "long_term": true},
            "address": "北京市朝阳区某某路 1 号", "is_beneficial_owner": true
        },
        "super_administrator": {
            "type": "65", "name": "张三", "id_number": "11010519491231002X",
            "mobile": "13800138000", "email": "zhangsan@example.com"
        },
        "settlement_account": {
            "account_type": "74", "bank": "工商银行", "city_code": "110000",
            "branch_name": "中国工商银行北京朝阳支行", "account_name": "北京某某科技有限公司",
            "account_number": "0200 0012 3456 7890"
        }
    })
}

/// Saves `draft` over the current version.
pub async fn save_draft(s: &Server, token: &str, draft: &Value) -> Reply {
    let current = s.call(Method::GET, "/api/v1/draft", Some(token), None).await;
    let tag = current.header(header::ETAG).to_string();
    let request = Request::put("/api/v1/draft")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::IF_MATCH, tag)
        .body(Body::from(draft.to_string()))
        .unwrap();
    s.send(request).await
}

pub async fn submit(s: &Server, token: &str, key: &str) -> Reply {
    let request = Request::post("/api/v1/application")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("idempotency-key", key)
        .body(Body::empty())
        .unwrap();
    s.send(request).await
}

/// A new enterprise applicant `name` with the complete draft submitted; its session token.
pub async fn submitted(s: &Server, name: &str) -> String {
    let token = s.applicant("enterprise", name).await;
    let draft = complete_draft(s, &token).await;
    let saved = save_draft(s, &token, &draft).await;
    assert_eq!(
        saved.json()["warnings"],
        serde_json::json!([]),
        "the fixture draft is complete"
    );
    assert_eq!(submit(s, &token, "submit-0001").await.status, StatusCode::ACCEPTED);
    token
}

/// Long-polls the status until it is in `state` (or fails after 20 polls of up to 1 s).
pub async fn wait_for(s: &Server, token: &str, state: &str) -> Value {
    let mut tag = String::new();
    for _ in 0..20 {
        let request = Request::get("/api/v1/application/status?wait=1")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::IF_NONE_MATCH, tag.clone())
            .body(Body::empty())
            .unwrap();
        let reply = s.send(request).await;
        if reply.status == StatusCode::OK {
            tag = reply.header(header::ETAG).to_string();
            let body = reply.json();
            if body["state"] == state {
                return body;
            }
        }
    }
    panic!("the application never reached {state}");
}

/// A browser's cookies, as far as the sign-in needs them: one value per name.
#[derive(Default)]
pub struct Browser {
    pub cookies: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
}

/// `Location` without the origin (and without WeChat's `#wechat_redirect`): the path to send to
/// the router, which stands for every server at this address.
pub fn local_path(location: &str) -> String {
    let path = location
        .split_once("://")
        .map_or(location, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    path.split('#').next().unwrap().to_string()
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&self, reply: &Reply) {
        for set in reply.headers.get_all(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let mut cookies = self.cookies.lock().unwrap();
            if value.is_empty() {
                cookies.remove(name);
            } else {
                cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    /// A request from this browser, keeping the cookies it is given.
    pub async fn send(&self, server: &Server, method: Method, path: &str, form: Option<String>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        let cookies = self.cookie_header();
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies);
        }
        let body = match form {
            Some(form) => {
                request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(form)
            }
            None => Body::empty(),
        };
        let reply = server.send(request.body(body).unwrap()).await;
        self.keep(&reply);
        reply
    }

    /// Goes to WeChat from `/auth/wechat` and confirms on the sandbox WeChat's page as `user`
    /// ("new", or a test user's openid). Returns where the callback sends the browser back to.
    pub async fn sign_in_with_wechat(
        &self,
        server: &Server,
        ticket: Option<&str>,
        return_to: &str,
        user: &str,
    ) -> String {
        let mut start = form_urlencoded::Serializer::new(String::new());
        if let Some(ticket) = ticket {
            start.append_pair("ticket", ticket);
        }
        start.append_pair("return", return_to);
        self.trip_to_wechat(server, &start.finish(), user).await
    }

    /// As `sign_in_with_wechat`, from `/auth/wechat?{query}`.
    pub async fn trip_to_wechat(&self, server: &Server, query: &str, user: &str) -> String {
        let to_wechat = self
            .send(server, Method::GET, &format!("/auth/wechat?{query}"), None)
            .await;
        assert_eq!(
            to_wechat.status,
            StatusCode::FOUND,
            "{}",
            String::from_utf8_lossy(&to_wechat.body)
        );
        let authorize = local_path(to_wechat.header(header::LOCATION));
        if !authorize.starts_with("/sandbox/wechat/") {
            // The sign-in ended before WeChat (an expired ticket).
            return authorize;
        }
        let (page, query) = authorize.split_once('?').unwrap();
        let confirm = format!("{query}&user={user}");
        let confirmed = self.send(server, Method::POST, page, Some(confirm)).await;
        assert_eq!(
            confirmed.status,
            StatusCode::FOUND,
            "{}",
            String::from_utf8_lossy(&confirmed.body)
        );
        let callback = local_path(confirmed.header(header::LOCATION));
        let back = self.send(server, Method::GET, &callback, None).await;
        assert_eq!(back.status, StatusCode::FOUND);
        back.header(header::LOCATION).to_string()
    }

    /// The session this browser signed in to, taken from the server once.
    pub async fn take_session(&self, server: &Server) -> Reply {
        self.send(server, Method::POST, "/api/v1/sign-in/session", None).await
    }
}
