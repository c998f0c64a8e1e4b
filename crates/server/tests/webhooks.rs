//! Webhooks end to end: a submission and the changes after it reach a receiver on another
//! address, signed, at least once, and de-duplicable by their event ids; a receiver that fails
//! twice gets the same events again.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use common::{Server, submitted, wait_for};
use onboarding_domain::events::{HostEvent, WebhookDelivery};
use onboarding_server::webhooks::{WebhookFlags, verify};

const SECRET: &str = "whsec-0123456789abcdef0123456789abcdef";

/// What the receiver saw: each request's event id, body, and whether its signature held; and
/// the ids it took (answered 2xx).
#[derive(Default)]
struct Receiver {
    seen: Mutex<Vec<(String, String, bool)>>,
    taken: Mutex<Vec<String>>,
    /// Requests still to answer 500 after recording them, as a receiver that stored the event
    /// and then failed would: the sender cannot tell, and sends it again.
    failures_left: Mutex<u32>,
}

async fn receive(State(receiver): State<Arc<Receiver>>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signed = verify(SECRET.as_bytes(), &header("onboarding-signature"), &body, now, 300);
    let id = header("onboarding-event-id");
    receiver.seen.lock().unwrap().push((id.clone(), body, signed));
    let mut left = receiver.failures_left.lock().unwrap();
    if *left > 0 {
        *left -= 1;
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        receiver.taken.lock().unwrap().push(id);
        StatusCode::NO_CONTENT
    }
}

/// A receiver on a port of its own, failing its first `failures` requests; its URL.
async fn receiver(failures: u32) -> (Arc<Receiver>, String) {
    let receiver = Arc::new(Receiver {
        failures_left: Mutex::new(failures),
        ..Receiver::default()
    });
    let app = axum::Router::new()
        .route("/hooks", axum::routing::post(receive))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (receiver, url)
}

/// The events received so far, each once (by id), in the order they happened.
fn unique(receiver: &Receiver) -> Vec<WebhookDelivery> {
    let seen = receiver.seen.lock().unwrap();
    let mut events: Vec<WebhookDelivery> = Vec::new();
    for (id, body, _) in seen.iter() {
        let delivery: WebhookDelivery = serde_json::from_str(body).expect("a delivery reads as documented");
        assert_eq!(&delivery.id, id, "the header names the body's event");
        if !events.iter().any(|e| e.id == delivery.id) {
            events.push(delivery);
        }
    }
    events.sort_by_key(|e| e.created_at);
    events
}

#[tokio::test]
async fn a_submission_and_its_changes_reach_the_host_signed_and_at_least_once() {
    let (received, url) = receiver(2).await;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("webhook_secret");
    std::fs::write(&secret, format!("{SECRET}\n")).unwrap();
    let s = Server::with(|c| {
        c.webhooks = WebhookFlags {
            url: Some(url),
            secret_file: Some(secret),
            first_retry: Duration::from_millis(50),
        }
    })
    .await;
    let token = submitted(&s, "Hooked").await;
    let me = s.call(Method::GET, "/api/v1/me", Some(&token), None).await.json();
    let account_id = me["account"]["id"].as_str().unwrap().to_string();
    wait_for(&s, &token, "ACCOUNT_NEED_VERIFY").await;

    // Until the three events are each taken: the two refused ones come again after their backoff.
    let mut events = Vec::new();
    for _ in 0..100 {
        events = unique(&received);
        let taken = received.taken.lock().unwrap().clone();
        if events.len() >= 3 && events.iter().all(|e| taken.contains(&e.id)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let application_id = match &events[0].event {
        HostEvent::Submitted { application_id } => application_id.clone(),
        other => panic!("the first event is the submission, not {other:?}"),
    };
    let states: Vec<String> = events[1..]
        .iter()
        .map(|e| match &e.event {
            HostEvent::Status {
                state,
                application_id: app,
                ..
            } => {
                assert_eq!(app, &application_id);
                serde_json::to_value(state).unwrap().as_str().unwrap().to_string()
            }
            other => panic!("a change of state, not {other:?}"),
        })
        .collect();
    assert_eq!(states[..2], ["CHECKING", "ACCOUNT_NEED_VERIFY"]);
    assert!(events.iter().all(|e| e.account_id == account_id && e.version == 1));

    let seen = received.seen.lock().unwrap().clone();
    assert!(
        seen.iter().all(|(_, _, signed)| *signed),
        "every request is signed with the secret"
    );
    // The two failed requests came again: same id, same bytes.
    assert!(
        seen.len() >= events.len() + 2,
        "{} requests for {} events",
        seen.len(),
        events.len()
    );
    let (first_id, first_body, _) = &seen[0];
    let again: Vec<_> = seen.iter().filter(|(id, _, _)| id == first_id).collect();
    assert!(again.len() >= 2 && again.iter().all(|(_, body, _)| body == first_body));
    // Nothing of the applicant's answers travels: no identity or bank number, no name.
    for (_, body, _) in &seen {
        for answer in [
            "11010519491231002X",
            "13800138000",
            "1234567890",
            "张三",
            "Hooked",
            "zhangsan",
        ] {
            assert!(!body.contains(answer), "{answer} in {body}");
        }
    }
}
