//! Types of the HTTP API shared by the app and the server, so the two cannot drift.
//!
//! Times are Unix milliseconds. Identity and bank numbers appear only in the owner's own draft;
//! everywhere else they are masked.

use serde::{Deserialize, Serialize};

use crate::{ApplicationDraft, EntityType, FieldReport, ImageId, ImageType};

/// The version of the Mini Program Alliance Entry Notice (《小程序联盟入驻须知》) the app shows.
/// Registration records which version the applicant accepted.
pub const ENTRY_NOTICE_VERSION: &str = "2024-06";

/// The API's one error shape: `{code, message, fields: [{path, code, message}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: Vec<FieldReport>,
}

/// `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` when the server and its database answer.
    pub status: String,
    pub version: String,
    /// Whether the simulated WeChat side is on.
    pub sandbox: bool,
}

/// The request header that carries a ticket's claim secret.
pub const TICKET_CLAIM_HEADER: &str = "ticket-claim";

/// The request header of a draft save: how many milliseconds before sending it the last answer
/// was typed. A save waits for a pause in typing (and an offline one for the network), so the
/// save's own time would make an answer look newer than one typed after it on another device.
/// A duration, not a time, so that the device's clock does not matter.
pub const EDITED_AGO_HEADER: &str = "edited-ago";

/// The most [`EDITED_AGO_HEADER`] says, in ms (24.8 days, a 32-bit signed integer as JSON Schema
/// formats it): a device away for longer says that much, which is still before its save.
pub const EDITED_AGO_MAX_MS: u32 = i32::MAX as u32;

/// `POST /api/v1/tickets`: a sign-in ticket to show as a QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketCreated {
    pub id: String,
    /// The secret that claims the ticket's session: sent back in the [`TICKET_CLAIM_HEADER`]
    /// header of each poll. It is in this answer only, never in the QR code, so someone who sees
    /// the code on screen cannot take the session.
    pub claim: String,
    /// What the QR code encodes: in sandbox mode, the app's phone page for this ticket.
    pub qr_url: String,
    pub expires_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Pending,
    Scanned,
    Confirmed,
    Expired,
}

/// Sign-in with WeChat: the app sends the browser to `GET /auth/wechat` (with `ticket` when it
/// confirms a desktop's QR code, and `return`, the app path to come back to). The server comes back
/// to that path with this query parameter saying how it went; on [`SignInOutcome::SignedIn`] the
/// page takes its session from `POST /api/v1/sign-in/session`, once.
pub const SIGN_IN_OUTCOME_PARAM: &str = "wechat_sign_in";

/// The longest app path a sign-in returns to.
pub const RETURN_PATH_MAX: usize = 512;

/// Whether `path` is one of the app's own paths to come back to after signing in: absolute on
/// this origin (`/…`, never `//host` or `/\host`, which browsers read as another host), without
/// control characters or spaces. The server checks where it redirects; the app where it goes.
pub fn is_return_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= RETURN_PATH_MAX
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// `POST /api/v1/sign-in/session` from a host's page, whose requests carry none of this server's
/// cookies: the verifier whose SHA-256 (64 hex digits) the trip to WeChat started with
/// (`/auth/wechat?challenge=…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TakeSignIn {
    pub verifier: String,
}

/// How a trip to WeChat's authorize page ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn,
    /// It took too long, or the link was used already: start again.
    Expired,
    /// It came back to another browser than the one that started it.
    Refused,
    /// WeChat gave no user (unreachable, or refused the code).
    Failed,
}

impl SignInOutcome {
    pub const ALL: [SignInOutcome; 4] = [
        SignInOutcome::SignedIn,
        SignInOutcome::Expired,
        SignInOutcome::Refused,
        SignInOutcome::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SignInOutcome::SignedIn => "ok",
            SignInOutcome::Expired => "expired",
            SignInOutcome::Refused => "refused",
            SignInOutcome::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<SignInOutcome> {
        SignInOutcome::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// A session: send `token` as `Authorization: Bearer <token>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionGrant {
    pub token: String,
    pub expires_at: i64,
    /// Whether this WeChat user already has a promoter account.
    pub registered: bool,
    /// For a platform's user not yet registered: the entity type the platform gave
    /// (`POST /embed-sessions`), preselected at registration and still the applicant's to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<crate::EntityType>,
}

/// `GET /api/v1/tickets/{id}`: the desktop's poll. The session comes exactly once, with the
/// first poll after confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketStatus {
    pub state: TicketState,
    pub expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionGrant>,
}

/// `POST /api/v1/registration`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct RegisterRequest {
    pub entity_type: EntityType,
    #[cfg_attr(feature = "validate", validate(custom(function = "crate::checks::account_name")))]
    pub account_name: String,
    /// Must be [`ENTRY_NOTICE_VERSION`]: the applicant read and agreed to this version.
    pub entry_notice_version: String,
}

/// `POST /api/v1/embed-sessions`, from a platform's backend with its key: a session for one of
/// the platform's own users, who then skips signing in with WeChat (issue 16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct EmbedSessionRequest {
    /// The platform's own id for the user (1 to 128 visible ASCII characters): the same id always
    /// resumes the same account and draft, on any device.
    #[cfg_attr(feature = "validate", validate(custom(function = "crate::checks::external_id")))]
    pub external_id: String,
    /// The kind of promoter the platform knows the user to be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<EntityType>,
    /// Typed answers to start the draft from (photos and choices are the applicant's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<crate::ApplicationDraft>,
    /// Paths of given answers the applicant sees read-only and may not change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    #[cfg_attr(feature = "validate", validate(custom(function = "crate::checks::platform_paths")))]
    pub locked: Vec<crate::FieldPath>,
}

/// What a platform hands its page: a token the page takes once, soon, for the user's session
/// (`POST /api/v1/embed-sessions/session`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmbedSession {
    pub session_token: String,
    /// Ms since the epoch; after it the token starts nothing.
    pub expires_at: i64,
}

/// `GET /api/v1/account-names/{name}`: whether a name can still be taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameAvailability {
    pub available: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: String,
    pub account_name: String,
    pub entity_type: EntityType,
    /// Personal accounts are active at once; businesses after `FINISH` and a verified account.
    pub active: bool,
    pub created_at: i64,
}

/// `GET /api/v1/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// `None` before registration.
    pub account: Option<AccountView>,
    pub needs_authentication: bool,
    pub has_draft: bool,
    /// The submitted application's state; `None` before the first submission. Tells the app
    /// whether there is a status to ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_state: Option<crate::ApplicationState>,
    /// Where a registered promoter goes next, as the deployment configured it: the alliance's
    /// promoter console (picking products, promotion material, commissions) or the platform's
    /// own page. A personal account, usable at once, is sent on to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoter_console: Option<String>,
}

/// `POST /api/v1/uploads`: the stored image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedImage {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub id: ImageId,
    pub sha256: String,
    pub image_type: ImageType,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
}

/// `GET`/`PUT /api/v1/draft`: the owner's draft, its version (also the `ETag`), and what the
/// rules say about it so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftView {
    pub draft: ApplicationDraft,
    pub version: u64,
    pub updated_at: i64,
    /// When its last answer was typed, by the server's clock (ms since the epoch): what a
    /// [`crate::Newer::by_time`] merge compares. Never after `updated_at`.
    pub edited_at: i64,
    /// The domain's field errors; a draft may be incomplete, so these do not block saving.
    pub warnings: Vec<FieldReport>,
    /// The answers a platform gave and locked (`subject.merchant_name`): shown read-only, and
    /// a draft that changes one is refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub locked: Vec<crate::FieldPath>,
}

/// `POST /api/v1/application` (with `Idempotency-Key`): accepted for the preliminary check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submitted {
    pub application_id: String,
    pub state: crate::ApplicationState,
}

/// How the applicant verifies the settlement account (domain.md §3 step 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// Transfer exactly `pay_amount` with `remark` in the memo.
    Remittance,
    /// The legal person scans `legal_validation_url` with WeChat.
    LegalPersonScan,
}

impl VerificationMethod {
    pub const ALL: [VerificationMethod; 2] = [VerificationMethod::Remittance, VerificationMethod::LegalPersonScan];

    /// The wire name, also a form value.
    pub fn key(self) -> &'static str {
        match self {
            VerificationMethod::Remittance => "remittance",
            VerificationMethod::LegalPersonScan => "legal_person_scan",
        }
    }
}

/// `POST /api/v1/application/verification`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct ChooseVerification {
    pub method: VerificationMethod,
}

/// Where to send the verification remittance (WeChat Pay's `account_validation`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountValidation {
    /// Exactly this many fen (1/100 yuan).
    pub pay_amount_fen: u32,
    pub destination_account_name: String,
    pub destination_account_number: String,
    pub destination_bank: String,
    pub destination_city: String,
    /// Must appear in the transfer memo.
    pub remark: String,
    pub deadline: i64,
}

/// A field WeChat Pay sent back, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectionReason {
    /// The form field, when the `param_name` maps to one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub path: Option<crate::FieldPath>,
    pub param_name: String,
    pub reason: String,
}

impl RejectionReason {
    /// The reason given when WeChat Pay refused an answer as it was sent (`PARAM_ERROR` naming
    /// its field) rather than after review: WeChat Pay's own words say what is wrong with the
    /// request, not what the applicant should do.
    pub fn not_accepted(l: crate::Locale) -> &'static str {
        l.pick(
            "WeChat Pay did not accept this answer. Check it against the document and submit again.",
            "微信支付未接受此项内容，请对照证件核对后重新提交。",
            "微信支付未接受此項內容，請對照證件核對後重新提交。",
        )
    }
}

/// The settlement account after `FINISH`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettlementView {
    pub state: crate::SettlementState,
    /// Masked: `****7890`.
    pub account_number: String,
    pub bank: Option<crate::Bank>,
    pub account_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
}

/// Where sending a submitted application to WeChat Pay stands, until WeChat Pay has taken it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sending {
    /// On its way.
    InProgress,
    /// A try failed (WeChat Pay unreachable, busy, or its answer untrusted): the server tries
    /// again by itself, and nothing is lost.
    Retrying,
}

/// `GET /api/v1/application/status`: everything the tracking page shows. Identity and bank
/// numbers appear masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusView {
    pub application_id: String,
    pub state: crate::ApplicationState,
    pub next_action: crate::NextAction,
    /// Changes with every state change; also the `ETag`.
    pub version: u64,
    pub submitted_at: i64,
    pub updated_at: i64,
    /// The verification deadline while one runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejection_reasons: Vec<RejectionReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<VerificationMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_validation: Option<AccountValidation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_validation_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    /// Until WeChat Pay has taken this round of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sending: Option<Sending>,
    /// The legal person's ID number, masked.
    pub legal_person_id_number: String,
    pub settlement: SettlementView,
}

impl StatusView {
    /// Where fixing a rejection starts: the first wizard step with a reason at one of its
    /// answers (`None` when no reason names an answer).
    pub fn first_step_to_fix(&self) -> Option<crate::Step> {
        self.rejection_reasons
            .iter()
            .filter_map(|r| r.path)
            .map(|p| p.step())
            .min()
    }
}

/// Sandbox: the remittance the applicant made (must match amount and remark).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct Remittance {
    #[cfg_attr(feature = "validate", validate(range(min = 1)))]
    pub amount_fen: u32,
    #[cfg_attr(feature = "validate", validate(custom(function = "crate::checks::not_blank")))]
    pub remark: String,
}

/// `POST /api/v1/application/settlement-account` after `FINISH`: confirm the account from the
/// application (`account: null`) or change it. At most 5 changes a day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct BindSettlementAccount {
    #[serde(default)]
    pub account: Option<crate::SettlementAccountDraft>,
}

/// The most settlement-account changes a day (WeChat Pay's limit).
pub const MAX_SETTLEMENT_CHANGES_PER_DAY: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApplicationState, Field, FieldPath, NextAction, SettlementState, Step};

    fn rejected(paths: &[Option<FieldPath>]) -> StatusView {
        StatusView {
            application_id: "a".into(),
            state: ApplicationState::Rejected,
            next_action: NextAction::FixRejectedFields,
            version: 1,
            submitted_at: 0,
            updated_at: 0,
            deadline: None,
            rejection_reasons: paths
                .iter()
                .map(|path| RejectionReason {
                    path: *path,
                    param_name: "p".into(),
                    reason: "r".into(),
                })
                .collect(),
            verification_method: None,
            account_validation: None,
            legal_validation_url: None,
            sign_url: None,
            sub_mchid: None,
            sending: None,
            legal_person_id_number: String::new(),
            settlement: SettlementView {
                state: SettlementState::Unbound,
                account_number: String::new(),
                bank: None,
                account_name: String::new(),
                failure_reason: None,
            },
        }
    }

    #[test]
    fn fixing_starts_at_the_first_step_with_a_reason() {
        let account = Some(FieldPath::Field(Field::AccountNumber));
        let licence = Some(FieldPath::Field(Field::LicenceNumber));
        assert_eq!(rejected(&[account, licence]).first_step_to_fix(), Some(Step::Subject));
        assert_eq!(
            rejected(&[None, account]).first_step_to_fix(),
            Some(Step::SettlementAccount)
        );
        assert_eq!(rejected(&[None]).first_step_to_fix(), None);
    }
}
