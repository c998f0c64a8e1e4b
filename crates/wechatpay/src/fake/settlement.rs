//! The local WeChat Pay's settlement accounts (`wechatpay.md` §8): a change is an application,
//! checked by the bank after [`Timing::check_secs`], at most 5 a day per merchant. The sandbox's
//! bank fails an account whose number ends in `0000` (like a card test number), so that the
//! failure can be lived through; it accepts any other.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::applyments::{FakeApplyment, Timing, ok};
use super::{Answer, Fake, Ledger, Request, refusal};
use crate::cipher::decrypt_sensitive;

const PREFIX: &str = "/v3/apply4sub/sub_merchants/";

/// What the sandbox's bank says of an account number that ends in this.
pub const FAILING_SUFFIX: &str = "0000";
const FAILURE: &str = "账户名称与开户银行记录不一致，请核对后重新提交";
const CHANGES_PER_DAY: usize = 5;

/// A change of a merchant's settlement account.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FakeChange {
    pub sub_mchid: String,
    pub account_number: String,
    pub account_type: String,
    pub account_bank: String,
    /// Unix seconds.
    pub at: i64,
}

impl FakeChange {
    fn result(&self, timing: &Timing, now: i64) -> (&'static str, &'static str) {
        if now < self.at + timing.check_secs {
            ("AUDITING", "")
        } else if self.account_number.ends_with(FAILING_SUFFIX) {
            ("AUDIT_FAIL", FAILURE)
        } else {
            ("AUDIT_SUCCESS", "")
        }
    }
}

/// The last two and first two characters, as `ACCOUNT_NUMBER_RULE_MASK_V1` shows a number.
fn masked(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
}

pub(super) fn route(fake: &Fake, ledger: &mut Ledger, request: &Request<'_>, now: i64) -> Option<Answer> {
    let rest = request.path_and_query.strip_prefix(PREFIX)?;
    let (sub_mchid, action) = rest.split_once('/')?;
    let known = ledger
        .applyments
        .values()
        .any(|a: &FakeApplyment| a.sub_mchid.as_deref() == Some(sub_mchid) && a.state.wechat_name() == "FINISH");
    if !known {
        return Some(refusal(403, "NO_AUTH", "商户号不属于此服务商或尚未完成进件", None));
    }
    Some(match (request.method, action) {
        ("POST", "modify-settlement") => modify(fake, ledger, request, sub_mchid, now),
        ("GET", "settlement") => current(fake, ledger, sub_mchid, now),
        ("GET", path) => match path.strip_prefix("application/") {
            Some(no) => change(fake, ledger, sub_mchid, no, now),
            None => return None,
        },
        _ => return None,
    })
}

fn modify(fake: &Fake, ledger: &mut Ledger, request: &Request<'_>, sub_mchid: &str, now: i64) -> Answer {
    let serial = request.headers.get("wechatpay-serial").and_then(|v| v.to_str().ok());
    if serial != Some(fake.keys.wechat_pay_key_id.as_str()) {
        return refusal(
            400,
            "PARAM_ERROR",
            "Wechatpay-Serial须为加密敏感信息所用的微信支付公钥ID",
            None,
        );
    }
    let Ok(body) = serde_json::from_slice::<Value>(request.body) else {
        return refusal(400, "PARAM_ERROR", "请求体不是有效的JSON", None);
    };
    let text = |name: &str| body.get(name).and_then(Value::as_str).filter(|s| !s.is_empty());
    let account_type = match text("account_type") {
        Some(t @ ("ACCOUNT_TYPE_BUSINESS" | "ACCOUNT_TYPE_PRIVATE")) => t.to_string(),
        _ => return refusal(400, "PARAM_ERROR", "账户类型不正确", Some("/account_type")),
    };
    for required in ["account_bank", "bank_address_code"] {
        if text(required).is_none() {
            return refusal(400, "PARAM_ERROR", "缺少必填字段", Some(&format!("/{required}")));
        }
    }
    if text("account_bank") == Some("其他银行") && text("bank_name").is_none() && text("bank_branch_id").is_none() {
        return refusal(
            400,
            "PARAM_ERROR",
            "其他银行须填写开户银行全称或联行号",
            Some("/bank_name"),
        );
    }
    let decrypted = |name: &str| text(name).and_then(|c| decrypt_sensitive(&fake.keys.wechat_pay, c).ok());
    let Some(account_number) = decrypted("account_number") else {
        return refusal(
            400,
            "PARAM_ERROR",
            "请确认待处理的消息是否为加密后的密文",
            Some("/account_number"),
        );
    };
    if text("account_name").is_some() && decrypted("account_name").is_none() {
        return refusal(
            400,
            "PARAM_ERROR",
            "请确认待处理的消息是否为加密后的密文",
            Some("/account_name"),
        );
    }
    let today = ledger
        .settlement_changes
        .values()
        .filter(|c| c.sub_mchid == sub_mchid && now - c.at < 86_400)
        .count();
    if today >= CHANGES_PER_DAY {
        return refusal(400, "INVALID_REQUEST", "结算账户每天最多修改5次", None);
    }
    let application_no = format!("1023{}", ledger.settlement_changes.len() + 1_000_001);
    ledger.settlement_changes.insert(
        application_no.clone(),
        FakeChange {
            sub_mchid: sub_mchid.to_string(),
            account_number,
            account_type,
            account_bank: text("account_bank").unwrap_or_default().to_string(),
            at: now,
        },
    );
    ok(json!({ "application_no": application_no }))
}

fn change(fake: &Fake, ledger: &Ledger, sub_mchid: &str, application_no: &str, now: i64) -> Answer {
    let Some(c) = ledger
        .settlement_changes
        .get(application_no)
        .filter(|c| c.sub_mchid == sub_mchid)
    else {
        return refusal(404, "RESOURCE_NOT_EXISTS", "修改申请不存在", None);
    };
    let (result, reason) = c.result(&fake.timing, now);
    let mut body = json!({
        "account_type": c.account_type,
        "account_bank": c.account_bank,
        "account_number": masked(&c.account_number),
        "verify_result": result,
    });
    if !reason.is_empty() {
        body["verify_fail_reason"] = reason.into();
    }
    ok(body)
}

/// The account in use: the last change the bank accepted, or the applyment's own, which the
/// bank checks by the same rule.
fn current(fake: &Fake, ledger: &Ledger, sub_mchid: &str, now: i64) -> Answer {
    let last = ledger
        .settlement_changes
        .values()
        .filter(|c| c.sub_mchid == sub_mchid)
        .max_by_key(|c| c.at);
    let (number, result, reason) = match last {
        Some(c) => {
            let (result, reason) = c.result(&fake.timing, now);
            let result = match result {
                "AUDITING" => "VERIFYING",
                "AUDIT_FAIL" => "VERIFY_FAIL",
                _ => "VERIFY_SUCCESS",
            };
            (c.account_number.clone(), result, reason)
        }
        None => {
            let applyment = ledger
                .applyments
                .values()
                .find(|a| a.sub_mchid.as_deref() == Some(sub_mchid));
            let number = applyment
                .and_then(|a| a.sensitive.get("account_info.account_number"))
                .cloned()
                .unwrap_or_default();
            let failing = number.ends_with(FAILING_SUFFIX);
            let (result, reason) = if failing {
                ("VERIFY_FAIL", FAILURE)
            } else {
                ("VERIFY_SUCCESS", "")
            };
            (number, result, reason)
        }
    };
    let mut body = json!({ "account_number": masked(&number), "verify_result": result });
    if !reason.is_empty() {
        body["verify_fail_reason"] = reason.into();
    }
    ok(body)
}
