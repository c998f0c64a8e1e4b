//! The local WeChat Pay's endpoints (`wechatpay.md` §5–§7) and the applyment's life in it (§7.3):
//! CHECKING passes its check after [`Timing::check_secs`], an account waits for its verification
//! until its deadline, review approves by itself after [`Timing::review_secs`] unless decided
//! first, and the sandbox's people (the operator, the bank, the legal person, the signer) make
//! the other decisions through [`Fake::decide`].

use std::collections::BTreeMap;

use onboarding_domain::ApplicationState;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Answer, Fake, Ledger, Request, checks, media, refusal, settlement};
use crate::cipher::encrypt_sensitive;
use crate::media::UPLOAD_PATH;

const APPLYMENTS: &str = "/v3/ecommerce/applyments/";
const BY_OUT_REQUEST_NO: &str = "/v3/ecommerce/applyments/out-request-no/";

/// WeChat Pay's own account that applicants remit to (the sandbox's stand-in for it).
const DESTINATION: [&str; 4] = [
    "财付通支付科技有限公司",
    "7551 2345 6789 0001",
    "招商银行深圳分行营业部",
    "深圳市",
];

/// How long the steps that take time take here, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub check_secs: i64,
    /// `None`: review waits for a decision.
    pub review_secs: Option<i64>,
    pub verify_secs: i64,
}

/// An applyment as this WeChat Pay keeps it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FakeApplyment {
    pub applyment_id: u64,
    pub out_request_no: String,
    pub state: ApplicationState,
    /// When it entered its state (Unix seconds).
    pub since: i64,
    pub organization_type: String,
    pub bank_account_type: String,
    /// Its sensitive answers, decrypted, by dotted name.
    pub sensitive: BTreeMap<String, String>,
    pub audit_detail: Vec<(String, String)>,
    pub pay_amount: Option<u32>,
    pub remark: Option<String>,
    pub deadline: Option<i64>,
    pub legal_token: Option<String>,
    pub sign_token: Option<String>,
    pub sub_mchid: Option<String>,
}

/// What the sandbox's people decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Review approves: the agreement can be signed.
    Approve,
    /// Rejected, with `(param_name, reason)` pairs as `audit_detail` gives them.
    Reject(Vec<(String, String)>),
    /// The remittance arrived, or the legal person scanned: review starts.
    AccountVerified,
    /// The super administrator signed: finished.
    Signed,
    /// The verification deadline passes now.
    Expire,
}

/// Why a decision was not carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionError {
    NotFound,
    /// Not a decision of this state.
    WrongState(ApplicationState),
    /// A rejection without reasons.
    NoReasons,
}

fn random_digits(n: usize) -> String {
    let nonce = crate::sign::nonce();
    nonce.bytes().map(|b| char::from(b'0' + b % 10)).take(n).collect()
}

impl FakeApplyment {
    fn enter(&mut self, state: ApplicationState, now: i64) {
        self.state = state;
        self.since = now;
    }

    /// The steps that take only time, up to `now`.
    fn advance(&mut self, timing: &Timing, now: i64) {
        loop {
            let due = match self.state {
                ApplicationState::Checking => self.since + timing.check_secs,
                ApplicationState::AccountNeedVerify => self.deadline.unwrap_or(i64::MAX),
                ApplicationState::Auditing => timing.review_secs.map_or(i64::MAX, |r| self.since + r),
                _ => return,
            };
            if due > now {
                return;
            }
            match self.state {
                ApplicationState::Checking => {
                    self.pay_amount = Some(1 + random_digits(2).parse::<u32>().unwrap_or(0) % 99);
                    self.remark = Some(crate::sign::nonce()[..10].to_uppercase());
                    self.deadline = Some(due + timing.verify_secs);
                    self.legal_token = Some(crate::sign::nonce());
                    self.enter(ApplicationState::AccountNeedVerify, due);
                }
                ApplicationState::AccountNeedVerify => self.enter(ApplicationState::Canceled, due),
                _ => self.approve(due),
            }
        }
    }

    fn approve(&mut self, now: i64) {
        self.sign_token = Some(crate::sign::nonce());
        // Merchant numbers are 10 digits.
        self.sub_mchid = Some(format!("16{}", random_digits(8)));
        self.enter(ApplicationState::NeedSign, now);
    }
}

/// Routes a verified request.
pub(super) fn route(fake: &Fake, ledger: &mut Ledger, request: &Request<'_>, now: i64) -> Answer {
    let path = request.path_and_query;
    match (request.method, path) {
        ("POST", UPLOAD_PATH) => media::upload(ledger, request),
        ("POST", APPLYMENTS) => submit(fake, ledger, request, now),
        ("GET", crate::certificates::PATH) => super::certificates::list(fake).unwrap_or_else(not_found),
        (method, _) if path.starts_with(BY_OUT_REQUEST_NO) => {
            let rest = &path[BY_OUT_REQUEST_NO.len()..];
            let (no, revoking) = match rest.strip_suffix("/revoke") {
                Some(no) => (no, true),
                None => (rest, false),
            };
            match (method, revoking) {
                ("GET", false) => query(fake, ledger, no, now),
                ("POST", true) => revoke(fake, ledger, no, now),
                _ => not_found(),
            }
        }
        _ => settlement::route(fake, ledger, request, now).unwrap_or_else(not_found),
    }
}

fn not_found() -> Answer {
    refusal(404, "RESOURCE_NOT_EXISTS", "申请单不存在", None)
}

pub(super) fn ok(body: serde_json::Value) -> Answer {
    Answer {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

/// §6: idempotent by `out_request_no`. A rejected applyment is overwritten by its resubmission;
/// any other is answered as it stands, so a retry after a lost answer makes no second one.
fn submit(fake: &Fake, ledger: &mut Ledger, request: &Request<'_>, now: i64) -> Answer {
    let serial = request.headers.get("wechatpay-serial").and_then(|v| v.to_str().ok());
    if serial != Some(fake.keys.wechat_pay_key_id.as_str()) {
        return refusal(
            400,
            "PARAM_ERROR",
            "Wechatpay-Serial须为加密敏感信息所用的微信支付公钥ID",
            None,
        );
    }
    let read = match checks::applyment(request.body, &fake.keys.wechat_pay, ledger) {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let next_id = ledger.last_id.max(2_000_002_124_775_690) + 1;
    let applyment = ledger
        .applyments
        .entry(read.out_request_no.clone())
        .or_insert_with(|| FakeApplyment {
            applyment_id: next_id,
            out_request_no: read.out_request_no.clone(),
            state: ApplicationState::Rejected,
            since: now,
            organization_type: String::new(),
            bank_account_type: String::new(),
            sensitive: BTreeMap::new(),
            audit_detail: Vec::new(),
            pay_amount: None,
            remark: None,
            deadline: None,
            legal_token: None,
            sign_token: None,
            sub_mchid: None,
        });
    ledger.last_id = ledger.last_id.max(applyment.applyment_id);
    applyment.advance(&fake.timing, now);
    if applyment.state == ApplicationState::Rejected {
        applyment.organization_type = read.organization_type;
        applyment.bank_account_type = read.bank_account_type;
        applyment.sensitive = read.sensitive;
        applyment.audit_detail.clear();
        applyment.enter(ApplicationState::Checking, now);
    }
    ok(json!({ "applyment_id": applyment.applyment_id, "out_request_no": applyment.out_request_no }))
}

/// Beijing time, as `account_validation.deadline` is written: `2018-12-10 17:09:01`.
fn beijing(unix: i64) -> String {
    let local = unix + 8 * 3600;
    let date = onboarding_domain::Date::from_days_since_epoch(local.div_euclid(86_400))
        .map_or_else(String::new, |d| d.to_string());
    let secs = local.rem_euclid(86_400);
    format!("{date} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// §7.2: the fields each state carries, and only those.
fn query(fake: &Fake, ledger: &mut Ledger, out_request_no: &str, now: i64) -> Answer {
    let Some(a) = ledger.applyments.get_mut(out_request_no) else {
        return not_found();
    };
    a.advance(&fake.timing, now);
    let mut body = json!({
        "applyment_id": a.applyment_id,
        "out_request_no": a.out_request_no,
        "applyment_state": a.state.wechat_name(),
        "applyment_state_desc": description(a.state),
    });
    let origin = &fake.page_origin;
    match a.state {
        ApplicationState::AccountNeedVerify => {
            let to_merchant = |text: &str| encrypt_sensitive(&fake.keys.merchant, text).unwrap_or_default();
            let mut validation = json!({
                "account_name": to_merchant(a.sensitive.get("account_info.account_name").map_or("", String::as_str)),
                "pay_amount": a.pay_amount.unwrap_or(1),
                "destination_account_name": DESTINATION[0],
                "destination_account_number": DESTINATION[1],
                "destination_account_bank": DESTINATION[2],
                "city": DESTINATION[3],
                "remark": a.remark,
                "deadline": beijing(a.deadline.unwrap_or(now)),
            });
            // The payer's card number only for a private account.
            if a.bank_account_type == "75" {
                let number = a
                    .sensitive
                    .get("account_info.account_number")
                    .map_or("", String::as_str);
                validation["account_no"] = to_merchant(number).into();
            }
            body["account_validation"] = validation;
            if let Some(token) = &a.legal_token {
                body["legal_validation_url"] = format!("{origin}/m/legal-scan/{token}").into();
            }
        }
        ApplicationState::NeedSign | ApplicationState::Finish => {
            let signed = a.state == ApplicationState::Finish;
            body["sign_state"] = if signed { "SIGNED" } else { "UNSIGNED" }.into();
            body["sub_mchid"] = a.sub_mchid.clone().into();
            if let (false, Some(token)) = (signed, &a.sign_token) {
                body["sign_url"] = format!("{origin}/m/sign/{token}").into();
            }
        }
        ApplicationState::Rejected | ApplicationState::Frozen => {
            body["audit_detail"] = a
                .audit_detail
                .iter()
                .map(|(param_name, reason)| json!({ "param_name": param_name, "reject_reason": reason }))
                .collect();
        }
        _ => {}
    }
    ok(body)
}

fn description(state: ApplicationState) -> &'static str {
    match state {
        ApplicationState::Checking => "资料校验中",
        ApplicationState::AccountNeedVerify => "待账户验证",
        ApplicationState::Auditing => "审核中",
        ApplicationState::Rejected => "已驳回",
        ApplicationState::NeedSign => "待签约",
        ApplicationState::Finish => "完成",
        ApplicationState::Frozen => "已冻结",
        ApplicationState::Canceled => "已作废",
    }
}

/// §7.4: allowed until finished or canceled.
fn revoke(fake: &Fake, ledger: &mut Ledger, out_request_no: &str, now: i64) -> Answer {
    let Some(a) = ledger.applyments.get_mut(out_request_no) else {
        return not_found();
    };
    a.advance(&fake.timing, now);
    if matches!(a.state, ApplicationState::Finish | ApplicationState::Canceled) {
        return refusal(400, "INVALID_REQUEST", "当前状态不允许撤销", None);
    }
    a.enter(ApplicationState::Canceled, now);
    ok(json!({ "applyment_id": a.applyment_id, "out_request_no": a.out_request_no }))
}

impl Fake {
    /// Carries out a decision on the applyment of `out_request_no`, if its state allows it.
    pub fn decide(
        &self,
        ledger: &mut Ledger,
        out_request_no: &str,
        decision: Decision,
        now: i64,
    ) -> Result<(), DecisionError> {
        let a = ledger
            .applyments
            .get_mut(out_request_no)
            .ok_or(DecisionError::NotFound)?;
        a.advance(&self.timing, now);
        use ApplicationState as S;
        match (&decision, a.state) {
            (Decision::Approve, S::Auditing) => a.approve(now),
            (Decision::Reject(reasons), _) if reasons.is_empty() => return Err(DecisionError::NoReasons),
            // §7.3 rejects from CHECKING and AUDITING; its machine is derived from descriptions
            // ("no published transition diagram"), and the domain's (domain.md §5) also sends an
            // application back while it waits for verification, so this WeChat Pay does too.
            (Decision::Reject(reasons), S::Checking | S::AccountNeedVerify | S::Auditing) => {
                a.audit_detail.clone_from(reasons);
                a.enter(S::Rejected, now);
            }
            (Decision::AccountVerified, S::AccountNeedVerify) => a.enter(S::Auditing, now),
            (Decision::Signed, S::NeedSign) => a.enter(S::Finish, now),
            (Decision::Expire, S::AccountNeedVerify) => {
                a.deadline = Some(now);
                a.enter(S::Canceled, now);
            }
            (_, state) => return Err(DecisionError::WrongState(state)),
        }
        Ok(())
    }

    /// The applyment waiting for a remittance with `remark`: its `out_request_no` and the amount
    /// it waits for, in fen.
    pub fn awaiting_remittance(&self, ledger: &mut Ledger, remark: &str, now: i64) -> Option<(String, u32)> {
        ledger.applyments.values_mut().find_map(|a| {
            a.advance(&self.timing, now);
            (a.state == ApplicationState::AccountNeedVerify && a.remark.as_deref() == Some(remark))
                .then(|| (a.out_request_no.clone(), a.pay_amount.unwrap_or(0)))
        })
    }

    /// The applyment a legal-person scan or signing page's token belongs to.
    pub fn by_token(ledger: &Ledger, token: &str) -> Option<String> {
        ledger
            .applyments
            .values()
            .find(|a| {
                [&a.legal_token, &a.sign_token]
                    .iter()
                    .any(|t| t.as_deref() == Some(token))
            })
            .map(|a| a.out_request_no.clone())
    }
}
