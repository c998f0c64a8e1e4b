//! Following a submitted application: one long poll at a time with `If-None-Match`, paused while
//! the tab is hidden, retried with backoff and jitter while the network is down, and stopped
//! where nothing more can happen without the applicant.
//!
//! ```ignore
//! let tracker = Tracker::start(token);          // stops when the view goes
//! tracker.version();                            // changes with each new StatusView
//! tracker.view_untracked();                      // the latest StatusView
//! tracker.refresh();                             // after an action: ask at once
//! ```

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::StatusView;
use onboarding_domain::events::HostEvent;
use wasm_bindgen::JsCast;

use crate::api::{self, Abort, ApiError};

/// How long the server may hold a request open waiting for a change (its maximum is 25 s).
const WAIT_SECS: u32 = 20;
/// The longest pause between attempts while the server cannot be reached.
const MAX_RETRY_MS: f64 = 30_000.0;
/// Between polls when the server's answers carry no `ETag` to wait on.
const UNTAGGED_POLL_MS: i32 = 5_000;
/// The event that wakes the poll at once (an action changed the application).
const REFRESH_EVENT: &str = "onboarding-status-refresh";

/// What the page knows about the application.
#[derive(Clone, Debug, PartialEq)]
pub enum Tracked {
    Loading,
    /// Nothing submitted yet (the server answered 404).
    NotSubmitted,
    SignedOut,
    Found(Box<StatusView>),
}

/// The status page's live view of the application.
#[derive(Clone, Copy)]
pub struct Tracker {
    pub tracked: RwSignal<Tracked>,
    /// When the server last answered (ms since the epoch), changed or not.
    pub heard_at: RwSignal<Option<f64>>,
    /// The last attempt found no connection; the loop keeps trying.
    pub offline: RwSignal<bool>,
    /// The request in flight, cancelled when the tab is hidden or the view goes.
    request: StoredValue<Option<Abort>>,
}

impl Tracker {
    /// Starts following the application of the session `token`; everything stops when the
    /// calling view is cleaned up.
    pub fn start(token: String) -> Tracker {
        let tracker = Tracker::new();
        let page = Abort::new();
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if is_hidden() {
                tracker.cancel_request();
            }
        });
        // A request hanging on a dead connection would hide the outage for the whole wait.
        let offline = window_event_listener(leptos::ev::offline, move |_| tracker.cancel_request());
        on_cleanup(move || {
            hidden.remove();
            offline.remove();
            tracker.cancel_request();
        });
        spawn_local(tracker.run(token, page));
        tracker
    }

    /// A tracker that is not following anything yet (component tests give it a status).
    pub fn new() -> Tracker {
        Tracker {
            tracked: RwSignal::new(Tracked::Loading),
            heard_at: RwSignal::new(None),
            offline: RwSignal::new(false),
            request: StoredValue::new(None),
        }
    }

    /// Asks the server again now (after the applicant did something that changes the status).
    pub fn refresh(self) {
        self.cancel_request();
        if let Ok(event) = web_sys::Event::new(REFRESH_EVENT) {
            let _ = window().dispatch_event(&event);
        }
    }

    /// The latest status's version (its `ETag`), if there is one: it changes whenever the
    /// status does.
    pub fn version(self) -> Option<u64> {
        self.tracked.with(|t| match t {
            Tracked::Found(view) => Some(view.version),
            _ => None,
        })
    }

    /// The latest status, if there is one, without subscribing to it (see [`Tracker::version`]).
    pub fn view_untracked(self) -> Option<StatusView> {
        self.tracked.with_untracked(|t| match t {
            Tracked::Found(view) => Some((**view).clone()),
            _ => None,
        })
    }

    fn cancel_request(self) {
        if let Some(request) = self.request.try_get_value().flatten() {
            request.abort();
        }
    }

    async fn run(self, token: String, page: Abort) {
        let mut etag: Option<String> = None;
        let mut failures = 0u32;
        // What the host was last told: it hears of each change, not of each answer.
        let mut told = None;
        while !page.is_aborted() {
            if is_hidden() {
                // Page Visibility: nothing is asked while nobody looks; back at once on return.
                until(&page, &["visibilitychange"], None).await;
                continue;
            }
            let request = page.detached();
            self.request.set_value(Some(request.clone()));
            // The first request answers at once; later ones wait for a change.
            let wait = if etag.is_some() { WAIT_SECS } else { 0 };
            let answer = api::status_since(&request, &token, etag.as_deref(), wait).await;
            if page.is_aborted() {
                return;
            }
            match answer {
                Ok(changed) => {
                    failures = 0;
                    self.offline.set(false);
                    self.heard_at.set(Some(js_sys::Date::now()));
                    if let Some((view, tag)) = changed {
                        etag = tag;
                        let settled = view.next_action.is_settled();
                        if told != Some((view.state, view.next_action)) {
                            told = Some((view.state, view.next_action));
                            let event = HostEvent::Status {
                                application_id: view.application_id.clone(),
                                state: view.state,
                                next_action: view.next_action,
                            };
                            crate::embed::events::emit(page.instance(), &event);
                        }
                        self.tracked.set(Tracked::Found(Box::new(view)));
                        if settled {
                            // Nothing changes now unless the applicant acts (and refreshes).
                            until(&page, &[REFRESH_EVENT], None).await;
                        } else if etag.is_none() {
                            // No ETag got through (a proxy dropped it): the server cannot hold
                            // the request, so pace the polls here instead.
                            until(&page, &[REFRESH_EVENT], Some(UNTAGGED_POLL_MS)).await;
                        }
                    }
                }
                // Hidden, refreshed or left: the loop decides what next. Cancelled because the
                // browser went offline: say so, and wait for the connection.
                Err(ApiError::Cancelled) if !online() => {
                    self.offline.set(true);
                    until(&page, &["online", REFRESH_EVENT], Some(MAX_RETRY_MS as i32)).await;
                }
                Err(ApiError::Cancelled) => {}
                Err(ApiError::Refused { status: 404, .. }) => {
                    self.tracked.set(Tracked::NotSubmitted);
                    return;
                }
                Err(ApiError::Refused { status: 401, .. }) => {
                    self.tracked.set(Tracked::SignedOut);
                    return;
                }
                Err(e) => {
                    failures += 1;
                    self.offline.set(e == ApiError::Network);
                    let pause = retry_delay_ms(failures, js_sys::Math::random());
                    // Back online, or back to the tab: try again at once.
                    until(&page, &["online", "visibilitychange", REFRESH_EVENT], Some(pause)).await;
                }
            }
        }
    }
}

impl Default for Tracker {
    fn default() -> Self {
        Tracker::new()
    }
}

/// The pause before attempt `failures + 1`: doubling from 1 s up to 30 s, with "equal jitter"
/// (half fixed, half random) so that many tabs coming back together do not arrive together.
/// `random` is in `[0, 1)`.
pub fn retry_delay_ms(failures: u32, random: f64) -> i32 {
    let base = (1_000.0 * 2f64.powi(failures.saturating_sub(1).min(5) as i32)).min(MAX_RETRY_MS);
    (base / 2.0 + base / 2.0 * random.clamp(0.0, 1.0)) as i32
}

fn online() -> bool {
    window().navigator().on_line()
}

fn is_hidden() -> bool {
    document().hidden()
}

/// Resolves at the first of `events` on the window, after `ms` if given, or when `page` goes.
async fn until(page: &Abort, events: &[&str], ms: Option<i32>) {
    let listeners = web_sys::AbortController::new().ok();
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        if let Some(l) = &listeners {
            options.set_signal(&l.signal());
        }
        let window = window();
        let target: &web_sys::EventTarget = window.unchecked_ref();
        for event in events {
            let _ = target.add_event_listener_with_callback_and_add_event_listener_options(event, &resolve, &options);
        }
        if let Some(signal) = page.signal() {
            let _ = signal.add_event_listener_with_callback_and_add_event_listener_options("abort", &resolve, &options);
        }
        if let Some(ms) = ms {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    // The listeners that did not fire go with the wait.
    if let Some(l) = listeners {
        l.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::retry_delay_ms;

    #[test]
    fn retries_back_off_with_jitter_up_to_thirty_seconds() {
        assert_eq!(retry_delay_ms(1, 0.0), 500);
        assert_eq!(retry_delay_ms(1, 0.999_999), 999);
        assert_eq!(retry_delay_ms(2, 0.0), 1_000);
        assert_eq!(retry_delay_ms(3, 0.5), 3_000);
        for failures in 6..100 {
            assert_eq!(retry_delay_ms(failures, 0.0), 15_000);
            assert!(retry_delay_ms(failures, 0.999) <= 30_000);
        }
        let spread: std::collections::BTreeSet<i32> = (0..10).map(|i| retry_delay_ms(4, f64::from(i) / 10.0)).collect();
        assert_eq!(spread.len(), 10, "jitter spreads the retries");
    }
}
