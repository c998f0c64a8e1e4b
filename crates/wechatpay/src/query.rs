//! The answer to "where does this applyment stand" (`wechatpay.md` §7.2), read into the domain's
//! state: `GET /v3/ecommerce/applyments/out-request-no/{out_request_no}`.

use onboarding_domain::ApplicationState;
use serde::Deserialize;

use crate::cipher::{CipherError, decrypt_sensitive};
use crate::keys::PrivateKey;

/// Where an applyment stands, as WeChat Pay says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplymentStatus {
    pub applyment_id: u64,
    pub out_request_no: String,
    pub state: ApplicationState,
    /// WeChat Pay's own words for the state (`applyment_state_desc`).
    pub state_description: String,
    /// Only when `NEED_SIGN`: the page the super administrator signs on.
    pub sign_url: Option<String>,
    /// Only when `NEED_SIGN` or `FINISH`.
    pub sub_mchid: Option<String>,
    /// Only when `ACCOUNT_NEED_VERIFY`: the remittance to make.
    pub account_validation: Option<AccountValidation>,
    /// Only when `ACCOUNT_NEED_VERIFY` and the checks passed: the legal person's scan page.
    pub legal_validation_url: Option<String>,
    /// Only when `REJECTED` or `FROZEN`: `(param_name, reject_reason)` as WeChat Pay names them.
    pub audit_detail: Vec<(String, String)>,
}

/// The verification remittance, its payer's name and number decrypted with the merchant's key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountValidation {
    pub account_name: String,
    pub account_no: Option<String>,
    pub pay_amount_fen: u32,
    pub destination_account_number: String,
    pub destination_account_name: String,
    pub destination_account_bank: String,
    pub city: String,
    pub remark: String,
    /// As WeChat Pay writes it, China time: `2018-12-10 17:09:01`.
    pub deadline: String,
}

/// Why an answer to a query cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// Not the JSON of a query answer.
    Shape(String),
    /// A state this build does not know: an error, never a guess.
    UnknownState(String),
    /// An encrypted field that does not decrypt with the merchant's key.
    Sensitive(CipherError),
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Shape(why) => write!(f, "not a query answer: {why}"),
            QueryError::UnknownState(state) => write!(f, "unknown applyment state {state:?}"),
            QueryError::Sensitive(e) => write!(f, "an encrypted field: {e}"),
        }
    }
}

impl std::error::Error for QueryError {}

/// `pay_amount` is an integer in the samples and a numeric string in WxJava's documentation
/// (`wechatpay.md` §12.5): both are read.
#[derive(Deserialize)]
#[serde(untagged)]
enum Amount {
    Number(u32),
    Text(String),
}

#[derive(Deserialize)]
struct Wire {
    applyment_id: u64,
    out_request_no: String,
    applyment_state: String,
    #[serde(default)]
    applyment_state_desc: String,
    sign_url: Option<String>,
    sub_mchid: Option<String>,
    account_validation: Option<WireValidation>,
    legal_validation_url: Option<String>,
    #[serde(default)]
    audit_detail: Vec<WireAudit>,
}

#[derive(Deserialize)]
struct WireValidation {
    account_name: String,
    account_no: Option<String>,
    pay_amount: Amount,
    destination_account_number: String,
    destination_account_name: String,
    destination_account_bank: String,
    city: String,
    remark: String,
    deadline: String,
}

#[derive(Deserialize)]
struct WireAudit {
    param_name: String,
    reject_reason: String,
}

impl ApplymentStatus {
    /// Reads a verified answer's body; `merchant` decrypts the payer's name and number.
    pub fn read(body: &[u8], merchant: &PrivateKey) -> Result<ApplymentStatus, QueryError> {
        let wire: Wire = serde_json::from_slice(body).map_err(|e| QueryError::Shape(format!("{:?}", e.classify())))?;
        let state = ApplicationState::from_wechat_name(&wire.applyment_state)
            .ok_or_else(|| QueryError::UnknownState(wire.applyment_state.clone()))?;
        let account_validation = wire
            .account_validation
            .map(|v| {
                let pay_amount_fen = match v.pay_amount {
                    Amount::Number(n) => n,
                    Amount::Text(t) => t.trim().parse().map_err(|_| QueryError::Shape("pay_amount".into()))?,
                };
                Ok::<_, QueryError>(AccountValidation {
                    account_name: decrypt_sensitive(merchant, &v.account_name).map_err(QueryError::Sensitive)?,
                    account_no: v
                        .account_no
                        .filter(|n| !n.is_empty())
                        .map(|n| decrypt_sensitive(merchant, &n))
                        .transpose()
                        .map_err(QueryError::Sensitive)?,
                    pay_amount_fen,
                    destination_account_number: v.destination_account_number,
                    destination_account_name: v.destination_account_name,
                    destination_account_bank: v.destination_account_bank,
                    city: v.city,
                    remark: v.remark,
                    deadline: v.deadline,
                })
            })
            .transpose()?;
        Ok(ApplymentStatus {
            applyment_id: wire.applyment_id,
            out_request_no: wire.out_request_no,
            state,
            state_description: wire.applyment_state_desc,
            sign_url: wire.sign_url,
            sub_mchid: wire.sub_mchid,
            account_validation,
            legal_validation_url: wire.legal_validation_url,
            audit_detail: wire
                .audit_detail
                .into_iter()
                .map(|a| (a.param_name, a.reject_reason))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cipher::encrypt_sensitive;
    use crate::keys::{PublicKey, fixtures};

    /// What WeChat Pay encrypts to the merchant's key.
    fn to_merchant(text: &str) -> String {
        let merchant = PublicKey::from_pem("merchant", include_str!("../testdata/merchant_public_key.pem")).unwrap();
        encrypt_sensitive(&merchant, text).unwrap()
    }

    /// The SKIT sample of `wechatpay.md` §7.2, with real ciphertexts.
    #[test]
    fn an_applyment_waiting_for_verification_reads_with_its_remittance() {
        let body = serde_json::json!({
            "applyment_state": "ACCOUNT_NEED_VERIFY",
            "applyment_state_desc": "待账户验证",
            "sign_state": "UNSIGNED",
            "account_validation": {
                "account_name": to_merchant("张三"),
                "account_no": to_merchant("6222020200112233445"),
                "pay_amount": 124,
                "destination_account_number": "7222223333322332",
                "destination_account_name": "财付通支付科技有限公司",
                "destination_account_bank": "招商银行威盛大厦支行",
                "city": "深圳",
                "remark": "入驻账户验证",
                "deadline": "2018-12-10 17:09:01"
            },
            "legal_validation_url": "https://pay.weixin.qq.com/public/apply4ec_sign/s?applymentId=2000002126198476",
            "out_request_no": "APPLYMENT_00000000001",
            "applyment_id": 2000002124775691u64
        });
        let status = ApplymentStatus::read(body.to_string().as_bytes(), &fixtures::merchant()).unwrap();
        assert_eq!(status.state, ApplicationState::AccountNeedVerify);
        assert_eq!(status.applyment_id, 2_000_002_124_775_691);
        let validation = status.account_validation.unwrap();
        assert_eq!(validation.account_name, "张三");
        assert_eq!(validation.account_no.as_deref(), Some("6222020200112233445"));
        assert_eq!(validation.pay_amount_fen, 124);
        assert_eq!(validation.remark, "入驻账户验证");
        assert!(status.legal_validation_url.is_some());
    }

    #[test]
    fn a_rejection_reads_with_its_reasons_and_amounts_may_be_text() {
        let body = r#"{"applyment_state":"REJECTED","applyment_state_desc":"已驳回","out_request_no":"A1","applyment_id":1,
            "audit_detail":[{"param_name":"id_card_copy","reject_reason":"身份证背面识别失败，请上传更清晰的身份证图片。"}]}"#;
        let status = ApplymentStatus::read(body.as_bytes(), &fixtures::merchant()).unwrap();
        assert_eq!(status.state, ApplicationState::Rejected);
        assert_eq!(status.audit_detail[0].0, "id_card_copy");

        let text_amount = serde_json::json!({"applyment_state":"ACCOUNT_NEED_VERIFY","out_request_no":"A1","applyment_id":1,
            "account_validation":{"account_name": to_merchant("李四"),"pay_amount":"88","destination_account_number":"1",
            "destination_account_name":"n","destination_account_bank":"b","city":"c","remark":"r","deadline":"2018-12-10 17:09:01"}});
        let status = ApplymentStatus::read(text_amount.to_string().as_bytes(), &fixtures::merchant()).unwrap();
        assert_eq!(status.account_validation.unwrap().pay_amount_fen, 88);
    }

    #[test]
    fn unknown_states_and_undecryptable_names_are_errors() {
        let unknown = r#"{"applyment_state":"PAUSED","out_request_no":"A1","applyment_id":1}"#;
        assert_eq!(
            ApplymentStatus::read(unknown.as_bytes(), &fixtures::merchant()),
            Err(QueryError::UnknownState("PAUSED".into()))
        );
        let garbled = serde_json::json!({"applyment_state":"ACCOUNT_NEED_VERIFY","out_request_no":"A1","applyment_id":1,
            "account_validation":{"account_name":"bm90IGEgY2lwaGVydGV4dA==","pay_amount":1,"destination_account_number":"1",
            "destination_account_name":"n","destination_account_bank":"b","city":"c","remark":"r","deadline":"d"}});
        assert!(matches!(
            ApplymentStatus::read(garbled.to_string().as_bytes(), &fixtures::merchant()),
            Err(QueryError::Sensitive(_))
        ));
        assert!(matches!(
            ApplymentStatus::read(b"[]", &fixtures::merchant()),
            Err(QueryError::Shape(_))
        ));
    }
}
