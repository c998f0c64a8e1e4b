//! A server over a temporary data directory, driven in process through the router.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use onboarding_domain::api::{ConfirmTicket, TicketConfirmed, TicketCreated};
use onboarding_server::{AppState, Config, app};
use serde_json::Value;
use tower::ServiceExt;

pub struct Server {
    pub router: axum::Router,
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
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Server {
    pub async fn start() -> Server {
        let data = tempfile::tempdir().unwrap();
        Server::on(data).await
    }

    /// A server on an existing data directory (a restart).
    pub async fn on(data: tempfile::TempDir) -> Server {
        let config = Config::for_data_dir(data.path().join("data"));
        let state = AppState::open(config).await.unwrap();
        Server {
            router: app(state),
            data,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
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

    /// Signs in through a QR ticket confirmed by a new simulated WeChat user; returns the desktop token.
    pub async fn sign_in(&self) -> String {
        let created: TicketCreated = serde_json::from_slice(
            &self
                .call(Method::POST, "/api/v1/tickets", None, None)
                .await
                .body,
        )
        .unwrap();
        let confirm = serde_json::to_value(ConfirmTicket::default()).unwrap();
        let reply = self
            .call(
                Method::POST,
                &format!("/api/v1/sandbox/tickets/{}/confirm", created.id),
                None,
                Some(confirm),
            )
            .await;
        let _: TicketConfirmed = serde_json::from_slice(&reply.body).unwrap();
        let poll = self
            .call(
                Method::GET,
                &format!("/api/v1/tickets/{}", created.id),
                None,
                None,
            )
            .await
            .json();
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
            .call(
                Method::POST,
                "/api/v1/registration",
                Some(&token),
                Some(body),
            )
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

/// A minimal valid PNG of the given size (signature, IHDR, IEND).
pub fn png(width: u32, height: u32) -> Vec<u8> {
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

/// A minimal baseline JPEG header with the given size, ending in EOI.
pub fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut b = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x0B, 0x08,
    ];
    b.extend(height.to_be_bytes());
    b.extend(width.to_be_bytes());
    b.extend([0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]);
    b
}
