//! What a host hears of an applicant's journey: the embedding kit's events (issue 16). One
//! contract for both channels:
//! - in the browser, a DOM `CustomEvent` named `onboarding:<type>` on the host's element, whose
//!   `detail` is `{version, ...fields}`;
//! - on the host's backend, a webhook whose body is a [`WebhookDelivery`], sent from the server's
//!   outbox at least once, so that the events that matter arrive even when the browser is gone.
//!
//! Hosts code against these names and fields: a change is a new [`EVENT_VERSION`]. No event
//! carries an identity or bank number, or any other answer of the applicant's.

use serde::{Deserialize, Serialize};

use crate::Step;
use crate::state::{ApplicationState, NextAction, SettlementState, next_action};

/// The version of every event's shape.
pub const EVENT_VERSION: u32 = 1;

/// Frame mode's messages between a host's `<promoter-onboarding mode="frame">` (`embed.js`) and
/// the app in its iframe, each an object `{source: SOURCE, type, ...}` posted to the other's
/// origin alone (never `'*'`), and read only from it:
/// - frame → host: [`HELLO`](frame::HELLO) first (the handshake), then
///   [`HEIGHT`](frame::HEIGHT) `{height}` whenever the content's height changes,
///   [`EVENT`](frame::EVENT) `{name, detail}`, an event for the element to dispatch, and
///   [`NAVIGATE`](frame::NAVIGATE) `{url}`, the way to WeChat's sign-in, which the host's page
///   takes (only to a URL of the app's origin): WeChat's page is never framed, and it comes back
///   to the host's page, which hands the outcome to a new frame at the sign-in page;
/// - host → frame: [`INIT`](frame::INIT) `{session_token?, theme?, page}` in answer to the hello
///   (`page`: the host page's address, where that trip comes back to), and
///   [`SESSION`](frame::SESSION) `{session_token}` for a renewed session.
pub mod frame {
    /// Every message's `source`.
    pub const SOURCE: &str = "promoter-onboarding";
    pub const HELLO: &str = "hello";
    pub const HEIGHT: &str = "height";
    pub const EVENT: &str = "event";
    pub const INIT: &str = "init";
    pub const SESSION: &str = "session";
    pub const NAVIGATE: &str = "navigate";
    /// The frame URL's parameter naming the host's origin.
    pub const HOST_PARAM: &str = "onboarding-frame";
    /// The frame URL's parameter naming the host's language (the element's `lang`).
    pub const LANG_PARAM: &str = "onboarding-lang";
}

/// The `Event` that tells an app a host passed it a new start token (in `session-token`),
/// dispatched at the app's root, where the host's page does not see it: by `embed.js` inline, and
/// in a frame by the app's listener of [`SESSION`](frame::SESSION).
pub const TOKEN_PASSED: &str = "onboarding-token";

/// How long before a platform's session ends the host hears `session-expiring` (ms): time to
/// ask its backend for a new start token and pass it on.
pub const SESSION_EXPIRING_NOTICE_MS: i64 = 5 * 60 * 1000;

/// Why the applicant left the form, as `onboarding:exit` names it in `reason`. Only a host's page
/// offers the buttons: the app's own page has nowhere to go back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitReason {
    /// "Save and close" (the answers saved first) or "Close": the applicant will come back.
    Closed,
    /// "Done": nothing is left to do here (a personal account registered, or commissions can be
    /// withdrawn).
    Completed,
}

impl ExitReason {
    pub const ALL: [ExitReason; 2] = [ExitReason::Closed, ExitReason::Completed];

    pub fn key(self) -> &'static str {
        match self {
            ExitReason::Closed => "closed",
            ExitReason::Completed => "completed",
        }
    }

    pub fn event(self) -> HostEvent {
        HostEvent::Exit {
            reason: self.key().into(),
        }
    }
}

/// What failed, as `onboarding:error` names it in `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The app's files did not arrive (`embed.js` says so: the app is not there to).
    LoadFailed,
    /// A request got no answer: the applicant is offline, or the server cannot be reached.
    Network,
    /// The server failed (an HTTP 5xx).
    Server,
    /// The session ended or was refused (HTTP 401): the applicant must sign in again, or the
    /// host pass a new start token.
    SessionEnded,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 4] = [
        ErrorCode::LoadFailed,
        ErrorCode::Network,
        ErrorCode::Server,
        ErrorCode::SessionEnded,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ErrorCode::LoadFailed => "load_failed",
            ErrorCode::Network => "network",
            ErrorCode::Server => "server",
            ErrorCode::SessionEnded => "session_ended",
        }
    }

    /// Whether trying the same again may work: not with a session that has ended.
    pub fn retryable(self) -> bool {
        self != ErrorCode::SessionEnded
    }

    pub fn event(self) -> HostEvent {
        HostEvent::Error {
            code: self.key().into(),
            retryable: self.retryable(),
        }
    }
}

/// The `step` of the check page, which follows the wizard's steps.
pub const CHECK_PAGE: &str = "check";

/// An event, tagged by its `type`; its fields are its `detail`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "detail", rename_all = "kebab-case")]
pub enum HostEvent {
    /// The app is mounted and showing its first page.
    Ready {},
    /// A step of the wizard is shown: its key (`legal-person`, `check`), 1-based.
    Step { step: String, index: u8, total: u8 },
    /// The draft was saved as this revision.
    DraftSaved { revision: u64 },
    /// The application was submitted (or resubmitted after a rejection).
    Submitted { application_id: String },
    /// The application's state, or its settlement account's, changed; what the applicant must do
    /// now follows from both.
    Status {
        application_id: String,
        state: ApplicationState,
        next_action: NextAction,
    },
    /// The applicant can withdraw commissions: the journey's end.
    WithdrawalEnabled { application_id: String },
    /// The applicant left the form on the host's page (`reason`: an [`ExitReason`]'s key).
    Exit { reason: String },
    /// Something failed that the host may want to know of; `retryable` when trying again helps.
    Error { code: String, retryable: bool },
    /// The host-issued session ends soon: the host should pass a new one.
    SessionExpiring {},
}

impl HostEvent {
    /// The event's `type`: the webhook's, and the DOM event's name after `onboarding:`.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Ready {} => "ready",
            HostEvent::Step { .. } => "step",
            HostEvent::DraftSaved { .. } => "draft-saved",
            HostEvent::Submitted { .. } => "submitted",
            HostEvent::Status { .. } => "status",
            HostEvent::WithdrawalEnabled { .. } => "withdrawal-enabled",
            HostEvent::Exit { .. } => "exit",
            HostEvent::Error { .. } => "error",
            HostEvent::SessionExpiring {} => "session-expiring",
        }
    }

    /// The wizard's page `step` is shown (`None`: the check page, which comes after the steps).
    pub fn step(step: Option<Step>) -> HostEvent {
        let total = Step::ALL.len() + 1;
        let index = step
            .and_then(|s| Step::ALL.iter().position(|x| *x == s))
            .map_or(total, |i| i + 1);
        HostEvent::Step {
            step: step.map_or(CHECK_PAGE, Step::key).into(),
            index: index as u8,
            total: total as u8,
        }
    }

    /// One event of each kind, with `text` and `number` in its fields (an error of each code), and a status for
    /// every state and next action: for tests, and for the TypeScript declarations.
    pub fn examples(text: &str, number: u64) -> Vec<HostEvent> {
        let mut events = vec![
            HostEvent::Ready {},
            HostEvent::SessionExpiring {},
            HostEvent::Step {
                step: text.into(),
                index: number as u8,
                total: (number >> 8) as u8,
            },
            HostEvent::DraftSaved { revision: number },
            HostEvent::Submitted {
                application_id: text.into(),
            },
            HostEvent::WithdrawalEnabled {
                application_id: text.into(),
            },
        ];
        // Exits and errors by their keys (unions in the declarations), not by any text.
        events.extend(ExitReason::ALL.map(ExitReason::event));
        events.extend(ErrorCode::ALL.map(ErrorCode::event));
        for state in ApplicationState::ALL {
            for settlement in SettlementState::ALL {
                events.push(HostEvent::Status {
                    application_id: text.into(),
                    state,
                    next_action: next_action(state, settlement),
                });
            }
        }
        events
    }

    /// The DOM event's `detail` of an event without fields (`ready`, `session-expiring`):
    /// `{"version":1}`.
    pub fn bare_detail() -> String {
        Detail::new().end()
    }

    /// The DOM event's `detail`: `{"version":1, ...fields}`, as JSON, the fields as serde writes
    /// them (a test holds the two to the same JSON). Written by hand: serde's serialiser of the
    /// whole enum measured 2 kB more of the browser's code.
    pub fn detail_json(&self) -> String {
        let detail = Detail::new();
        match self {
            HostEvent::Ready {} | HostEvent::SessionExpiring {} => detail,
            HostEvent::Step { step, index, total } => detail
                .text("step", step)
                .number("index", u64::from(*index))
                .number("total", u64::from(*total)),
            HostEvent::DraftSaved { revision } => detail.number("revision", *revision),
            HostEvent::Submitted { application_id } | HostEvent::WithdrawalEnabled { application_id } => {
                detail.text("application_id", application_id)
            }
            HostEvent::Status {
                application_id,
                state,
                next_action,
            } => detail
                .text("application_id", application_id)
                .text("state", state.wechat_name())
                .text("next_action", next_action.key()),
            HostEvent::Exit { reason } => detail.text("reason", reason),
            HostEvent::Error { code, retryable } => detail
                .text("code", code)
                .raw("retryable", if *retryable { "true" } else { "false" }),
        }
        .end()
    }

    /// The events a change of an application from `before` to `after` (its state and its
    /// settlement account's) makes: its status, and the journey's end when it is reached.
    /// Nothing when neither changed.
    pub fn of_change(
        application_id: &str,
        before: Option<(ApplicationState, SettlementState)>,
        after: (ApplicationState, SettlementState),
    ) -> Vec<HostEvent> {
        if before == Some(after) {
            return Vec::new();
        }
        let action = next_action(after.0, after.1);
        let mut events = vec![HostEvent::Status {
            application_id: application_id.into(),
            state: after.0,
            next_action: action,
        }];
        let was = before.map(|(state, settlement)| next_action(state, settlement));
        if action == NextAction::WithdrawCommissions && was != Some(action) {
            events.push(HostEvent::WithdrawalEnabled {
                application_id: application_id.into(),
            });
        }
        events
    }
}

/// The texts the declarations' examples carry in their fields.
const EXAMPLE_TEXTS: [&str; 2] = ["a", "b"];

/// TypeScript declarations of the DOM events, generated from the events themselves (their
/// `detail` as [`HostEvent::detail_json`] writes it): `embed.d.ts`, shipped beside `embed.js`.
/// A text field that never takes the examples' texts across [`HostEvent::examples`] is a union
/// of the values it takes (the states, the next actions, the reasons, the codes).
pub fn typescript_declarations() -> String {
    let mut fields: Vec<(&'static str, Vec<Field>)> = Vec::new();
    for (i, text) in EXAMPLE_TEXTS.iter().enumerate() {
        for event in HostEvent::examples(text, i as u64) {
            let detail: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&event.detail_json()).unwrap_or_default();
            let at = match fields.iter().position(|(name, _)| *name == event.name()) {
                Some(at) => at,
                None => {
                    fields.push((event.name(), Vec::new()));
                    fields.len() - 1
                }
            };
            for (key, value) in detail {
                let entry = &mut fields[at].1;
                match entry.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, values)) if !values.contains(&value) => values.push(value),
                    Some(_) => {}
                    None => entry.push((key, vec![value])),
                }
            }
        }
    }
    let mut out = String::from(
        "// The events of <promoter-onboarding>, generated from crates/domain/src/events.rs by\n\
         // `cargo xtask` (do not edit). Each is a CustomEvent on the element, bubbling and composed.\n\n\
         export interface OnboardingEventDetails {\n",
    );
    for (name, detail) in &fields {
        let members: Vec<String> = detail
            .iter()
            .map(|(key, values)| format!("{key}: {}", ts_type(key, values)))
            .collect();
        out.push_str(&format!("  \"onboarding:{name}\": {{ {} }};\n", members.join("; ")));
    }
    out.push_str(
        "}\n\n\
         export type OnboardingEventMap = { [K in keyof OnboardingEventDetails]: CustomEvent<OnboardingEventDetails[K]> };\n\n\
         export interface PromoterOnboardingElement extends HTMLElement {\n  \
         addEventListener<K extends keyof OnboardingEventMap>(type: K, listener: (this: PromoterOnboardingElement, ev: OnboardingEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;\n  \
         addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;\n\
         }\n\n\
         declare global {\n  \
         interface HTMLElementTagNameMap { \"promoter-onboarding\": PromoterOnboardingElement }\n  \
         interface HTMLElementEventMap extends OnboardingEventMap {}\n\
         }\n",
    );
    out
}

/// A field of an event's detail, and the values it took across the examples.
type Field = (String, Vec<serde_json::Value>);

/// A field's TypeScript type from the values it took: the version is its number; a text that
/// varies is the union of its values.
fn ts_type(key: &str, values: &[serde_json::Value]) -> String {
    use serde_json::Value;
    match values.first() {
        _ if key == "version" => EVENT_VERSION.to_string(),
        Some(Value::Number(_)) => "number".into(),
        Some(Value::Bool(_)) => "boolean".into(),
        // A field that took the examples' text is any string; one that did not is one of the
        // values it took (a state, an action, a reason, a code).
        Some(Value::String(_)) if !values.iter().any(|v| EXAMPLE_TEXTS.iter().any(|t| v == t)) => {
            let names: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            names.join(" | ")
        }
        _ => "string".into(),
    }
}

/// A DOM event's `detail`, as JSON, field by field.
struct Detail(String);

impl Detail {
    fn new() -> Detail {
        Detail(format!("{{\"version\":{EVENT_VERSION}"))
    }

    fn raw(mut self, name: &str, value: &str) -> Detail {
        self.0.push_str(",\"");
        self.0.push_str(name);
        self.0.push_str("\":");
        self.0.push_str(value);
        self
    }

    fn number(self, name: &str, value: u64) -> Detail {
        self.raw(name, &value.to_string())
    }

    /// A string, escaped as JSON requires.
    fn text(self, name: &str, value: &str) -> Detail {
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        for c in value.chars() {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                c if u32::from(c) < 0x20 => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        self.raw(name, &quoted)
    }

    fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A webhook's body: the event with what the host's backend needs to file it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    /// Unique per event, the same on every retry: the receiver de-duplicates by it.
    pub id: String,
    /// When the event happened, ms since the Unix epoch (deliveries may arrive out of order).
    pub created_at: i64,
    pub version: u32,
    /// The account the event concerns.
    pub account_id: String,
    #[serde(flatten)]
    pub event: HostEvent,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState as A;
    use SettlementState as S;

    #[test]
    fn a_delivery_reads_as_documented() {
        let delivery = WebhookDelivery {
            id: "evt_1".into(),
            created_at: 1_700_000_000_000,
            version: EVENT_VERSION,
            account_id: "acc".into(),
            event: HostEvent::Status {
                application_id: "app".into(),
                state: A::Auditing,
                next_action: NextAction::WaitForReview,
            },
        };
        let json = serde_json::to_value(&delivery).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "evt_1", "created_at": 1_700_000_000_000_i64, "version": 1, "account_id": "acc",
                "type": "status",
                "detail": {"application_id": "app", "state": "AUDITING", "next_action": "wait_for_review"}
            })
        );
        assert_eq!(serde_json::from_value::<WebhookDelivery>(json).unwrap(), delivery);
        let ready = serde_json::to_value(HostEvent::SessionExpiring {}).unwrap();
        assert_eq!(ready, serde_json::json!({"type": "session-expiring", "detail": {}}));
    }

    #[test]
    fn a_dom_event_s_detail_is_its_fields_with_the_version() {
        let detail = |e: HostEvent| serde_json::from_str::<serde_json::Value>(&e.detail_json()).unwrap();
        assert_eq!(detail(HostEvent::Ready {}), serde_json::json!({"version": 1}));
        assert_eq!(
            detail(HostEvent::Step {
                step: "check".into(),
                index: 5,
                total: 5
            }),
            serde_json::json!({"version": 1, "step": "check", "index": 5, "total": 5})
        );
        assert_eq!(
            detail(HostEvent::Error {
                code: "network".into(),
                retryable: true
            }),
            serde_json::json!({"version": 1, "code": "network", "retryable": true})
        );
    }

    /// The detail serde would write: the tagged form's `detail`, with the version first.
    fn serde_detail(event: &HostEvent) -> serde_json::Value {
        let mut tagged = serde_json::to_value(event).unwrap();
        let mut detail = serde_json::json!({"version": EVENT_VERSION});
        for (k, v) in tagged["detail"].as_object_mut().unwrap().iter() {
            detail[k] = v.clone();
        }
        detail
    }

    proptest::proptest! {
        /// The hand-written details are serde's JSON, for any text (quotes, backslashes, control
        /// characters, Chinese) and every state and next action.
        #[test]
        fn a_dom_event_s_detail_is_what_serde_writes(text in "\\PC*|[\"\\\\\\x00-\\x1f]*", number: u64) {
            for event in HostEvent::examples(&text, number) {
                let written: serde_json::Value = serde_json::from_str(&event.detail_json()).unwrap();
                proptest::prop_assert_eq!(written, serde_detail(&event), "{:?}", event);
            }
        }
    }

    #[test]
    fn the_declarations_type_every_event_and_field() {
        let ts = typescript_declarations();
        for event in HostEvent::examples("x", 1) {
            let line = ts
                .lines()
                .find(|l| l.contains(&format!("\"onboarding:{}\"", event.name())));
            assert!(line.is_some_and(|l| l.contains("version: 1")), "{}", event.name());
        }
        // Fields in the order of their names.
        assert!(ts.contains("\"onboarding:step\": { index: number; step: string; total: number; version: 1 };"));
        assert!(ts.contains(
            "\"onboarding:error\": { code: \"load_failed\" | \"network\" | \"server\" | \"session_ended\"; retryable: boolean; version: 1 };"
        ));
        assert!(ts.contains("state: \"CHECKING\" | \"ACCOUNT_NEED_VERIFY\""));
        assert!(ts.contains("\"onboarding:exit\": { reason: \"closed\" | \"completed\"; version: 1 };"));
        assert!(ts.contains("\"onboarding:submitted\": { application_id: string; version: 1 };"));
        assert!(ts.contains("\"withdraw_commissions\""));
        assert!(ts.contains("\"promoter-onboarding\": PromoterOnboardingElement"));
    }

    #[test]
    fn the_wizard_s_pages_are_numbered_with_the_check_page_last() {
        let step = |s| match HostEvent::step(s) {
            HostEvent::Step { step, index, total } => (step, index, total),
            other => panic!("{other:?}"),
        };
        assert_eq!(step(Some(Step::Subject)), ("subject".into(), 1, 5));
        assert_eq!(step(Some(Step::SettlementAccount)), ("settlement-account".into(), 4, 5));
        assert_eq!(step(None), ("check".into(), 5, 5));
        assert_eq!(HostEvent::bare_detail(), HostEvent::Ready {}.detail_json());
        assert_eq!(HostEvent::bare_detail(), HostEvent::SessionExpiring {}.detail_json());
    }

    #[test]
    fn every_event_is_named_as_it_serialises() {
        let id = || "a".to_string();
        for event in [
            HostEvent::Ready {},
            HostEvent::Step {
                step: "check".into(),
                index: 5,
                total: 5,
            },
            HostEvent::DraftSaved { revision: 3 },
            HostEvent::Submitted { application_id: id() },
            HostEvent::Status {
                application_id: id(),
                state: A::Checking,
                next_action: NextAction::WaitForCheck,
            },
            HostEvent::WithdrawalEnabled { application_id: id() },
            HostEvent::Exit {
                reason: "closed".into(),
            },
            HostEvent::Error {
                code: "network".into(),
                retryable: true,
            },
            HostEvent::SessionExpiring {},
        ] {
            let json = serde_json::to_value(&event).unwrap();
            assert_eq!(json["type"], event.name());
        }
    }

    #[test]
    fn a_change_tells_its_status_and_the_end_once() {
        assert!(HostEvent::of_change("a", Some((A::Auditing, S::Unbound)), (A::Auditing, S::Unbound)).is_empty());
        let names = |events: Vec<HostEvent>| events.iter().map(HostEvent::name).collect::<Vec<_>>();
        assert_eq!(
            names(HostEvent::of_change("a", None, (A::Checking, S::Unbound))),
            ["status"]
        );
        assert_eq!(
            names(HostEvent::of_change(
                "a",
                Some((A::Finish, S::Verifying)),
                (A::Finish, S::VerifySuccess)
            )),
            ["status", "withdrawal-enabled"]
        );
        assert_eq!(
            HostEvent::of_change("a", Some((A::Auditing, S::Unbound)), (A::NeedSign, S::Unbound)),
            [HostEvent::Status {
                application_id: "a".into(),
                state: A::NeedSign,
                next_action: NextAction::SignAgreement
            }]
        );
    }
}
