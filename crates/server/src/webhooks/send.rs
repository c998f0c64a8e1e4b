//! The sender: claims the outbox's due events, posts each to the host's backend, and records
//! what happened. A loop like the pipeline's, woken when a change writes new events.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::Webhooks;
use crate::AppState;
use crate::store::outbox::{self, Outgoing};
use crate::util::now_ms;

/// The HTTP(S) client: rustls on aws-lc-rs with the Mozilla roots, as for WeChat Pay.
pub type Http = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

pub fn http() -> Http {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    Client::builder(TokioExecutor::new()).build(https)
}

/// How long the receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claimed event is held: longer than one attempt takes.
const LEASE: Duration = Duration::from_secs(60);

/// Runs forever: sends what is due, then sleeps until the next event is due or a change wakes it.
pub async fn run(state: AppState, hooks: Arc<Webhooks>) {
    loop {
        match outbox::claim_due(&state.db, now_ms(), LEASE).await {
            Ok(events) => {
                for event in events {
                    deliver(&state, &hooks, event).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot claim webhook events"),
        }
        let next = outbox::next_at(&state.db).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot read the webhook outbox");
            Some(now_ms() + 1_000)
        });
        let sleep = next.map_or(Duration::from_secs(60), |at| {
            Duration::from_millis(u64::try_from(at.saturating_sub(now_ms()).clamp(0, 60_000)).unwrap_or(60_000))
        });
        let _ = tokio::time::timeout(sleep, state.outbox_wake.notified()).await;
    }
}

/// One attempt at one event. The receiver's URL stays out of the logs (it may carry a token);
/// the event id says which.
async fn deliver(state: &AppState, hooks: &Webhooks, event: Outgoing) {
    let outcome = post(hooks, &event).await;
    let now = now_ms();
    let recorded = match &outcome {
        Ok(()) => outbox::delivered(&state.db, &event, now).await.map(|_| ()),
        Err(why) => match outbox::failed(&state.db, &event, why, hooks.first_retry, now).await {
            Ok(true) => {
                tracing::warn!(event_id = %event.id, error = %why, "webhook given up after a day of retries");
                Ok(())
            }
            Ok(false) => {
                tracing::info!(event_id = %event.id, attempt = event.attempt, error = %why, "webhook not taken; will retry");
                Ok(())
            }
            Err(e) => Err(e),
        },
    };
    if let Err(e) = recorded {
        tracing::error!(event_id = %event.id, error = %e, "cannot record a webhook attempt");
    }
}

/// Posts the event's body, signed; a 2xx answer within [`TIMEOUT`] takes it.
async fn post(hooks: &Webhooks, event: &Outgoing) -> Result<(), String> {
    let timestamp = now_ms() / 1000;
    let request = http::Request::post(hooks.url())
        .header(CONTENT_TYPE, "application/json")
        .header("onboarding-signature", hooks.signature(timestamp, &event.body))
        .header("onboarding-event-id", &event.id)
        .body(Full::new(Bytes::from(event.body.clone())))
        .map_err(|_| "the webhook URL does not make a request".to_string())?;
    let response = tokio::time::timeout(TIMEOUT, hooks.http.request(request))
        .await
        .map_err(|_| format!("no answer within {} s", TIMEOUT.as_secs()))?
        // hyper's error names the kind of failure (connect, closed), never the URI.
        .map_err(|e| e.to_string())?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", response.status()))
    }
}
