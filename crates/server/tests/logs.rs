//! What the log says at its most talkative level: never a ticket id, a token, or an identity
//! number.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::Server;

/// Everything written to the log, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn debug_logs_name_routes_not_ticket_ids_or_identity_numbers() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = Server::start().await;
    let ticket = s.call(Method::POST, "/api/v1/tickets", None, None).await.json();
    let id = ticket["id"].as_str().unwrap();
    let claim = ticket["claim"].as_str().unwrap();
    s.poll_ticket(id, claim).await;
    let token = s.applicant("enterprise", "acme").await;
    // An identity number sent as a JSON number: serde's message would quote it.
    let request = Request::put("/api/v1/draft")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::IF_MATCH, "\"v0\"")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"legal_person": {"id_number": 110105194912310021}}"#))
        .unwrap();
    s.send(request).await;

    let log = captured.text();
    assert!(log.contains("/api/v1/tickets/{id}"), "routes are named: {log}");
    assert!(log.contains("bad JSON body"), "{log}");
    for secret in [id, claim, token.as_str(), "110105194912310021"] {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
}
