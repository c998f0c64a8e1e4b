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

use crate::state::{ApplicationState, NextAction, SettlementState, next_action};

/// The version of every event's shape.
pub const EVENT_VERSION: u32 = 1;

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
    /// The applicant left the journey (`reason`: `signed_out`, `closed`).
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
