//! The settlement account once the merchant exists (`wechatpay.md` §8), under the shared
//! `/v3/apply4sub/sub_merchants/{sub_mchid}/…` paths: a change is an application
//! (`modify-settlement`, asynchronous since 2023, at most 5 a day) whose result is queried by its
//! `application_no`; the account in use is queried as it stands.

use onboarding_domain::{Bank, BankAccountType, Field, SettlementAccount};
use serde::{Deserialize, Serialize};

use crate::applyment::MappingError;
use crate::cipher::encrypt_sensitive;
use crate::keys::PublicKey;
use crate::query::QueryError;

/// `POST …/modify-settlement`'s body. Its account types are not submit's 74/75 (§8.1).
#[derive(Clone, Debug, Serialize)]
pub struct SettlementRequest {
    pub modify_mode: &'static str,
    pub account_type: &'static str,
    pub account_bank: Bank,
    pub bank_address_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    pub account_number: String,
    pub account_name: String,
}

/// §8.1's names for the two kinds of account.
pub fn account_type_name(t: BankAccountType) -> &'static str {
    match t {
        BankAccountType::Business => "ACCOUNT_TYPE_BUSINESS",
        BankAccountType::Private => "ACCOUNT_TYPE_PRIVATE",
    }
}

impl SettlementRequest {
    /// The change to `account`, its number and holder encrypted to `key`.
    pub fn to(account: &SettlementAccount, key: &PublicKey) -> Result<SettlementRequest, MappingError> {
        let secret = |text: &str, field: Field| {
            encrypt_sensitive(key, text).map_err(|e| MappingError::Unencryptable(field.into(), e))
        };
        let branch = account.branch_name.trim();
        Ok(SettlementRequest {
            modify_mode: "MODIFY_MODE_ASYNC",
            account_type: account_type_name(account.account_type),
            account_bank: account.bank,
            bank_address_code: account.city_code.to_string(),
            bank_name: (!branch.is_empty()).then(|| branch.to_string()),
            account_number: secret(account.account_number.as_str(), Field::AccountNumber)?,
            account_name: secret(&account.account_name, Field::AccountName)?,
        })
    }
}

/// Where a change or the account in use stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    Verifying,
    Succeeded,
    /// With WeChat Pay's reason.
    Failed(String),
}

#[derive(Deserialize)]
struct Wire {
    verify_result: Option<String>,
    #[serde(default)]
    verify_fail_reason: String,
}

fn read(body: &[u8], verifying: &str, success: &str, fail: &str) -> Result<Verification, QueryError> {
    let wire: Wire = serde_json::from_slice(body).map_err(|e| QueryError::Shape(format!("{:?}", e.classify())))?;
    match wire.verify_result.as_deref() {
        Some(r) if r == verifying => Ok(Verification::Verifying),
        Some(r) if r == success => Ok(Verification::Succeeded),
        Some(r) if r == fail => Ok(Verification::Failed(wire.verify_fail_reason)),
        Some(other) => Err(QueryError::UnknownState(other.to_string())),
        // §8.3: absent when the account was never changed; the applyment verified it.
        None => Ok(Verification::Succeeded),
    }
}

/// `GET …/application/{application_no}` (§8.2): `AUDITING`, `AUDIT_SUCCESS`, `AUDIT_FAIL`.
pub fn read_change(body: &[u8]) -> Result<Verification, QueryError> {
    read(body, "AUDITING", "AUDIT_SUCCESS", "AUDIT_FAIL")
}

/// `GET …/settlement` (§8.3): `VERIFYING`, `VERIFY_SUCCESS`, `VERIFY_FAIL`.
pub fn read_account(body: &[u8]) -> Result<Verification, QueryError> {
    read(body, "VERIFYING", "VERIFY_SUCCESS", "VERIFY_FAIL")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_by_their_own_names() {
        assert_eq!(
            read_change(br#"{"verify_result":"AUDITING"}"#).unwrap(),
            Verification::Verifying
        );
        assert_eq!(
            read_change(br#"{"verify_result":"AUDIT_SUCCESS"}"#).unwrap(),
            Verification::Succeeded
        );
        assert_eq!(
            read_change(r#"{"verify_result":"AUDIT_FAIL","verify_fail_reason":"户名不符"}"#.as_bytes()).unwrap(),
            Verification::Failed("户名不符".into())
        );
        // The account query's names are not the change's.
        assert!(read_change(br#"{"verify_result":"VERIFY_SUCCESS"}"#).is_err());
        assert_eq!(
            read_account(br#"{"verify_result":"VERIFY_SUCCESS"}"#).unwrap(),
            Verification::Succeeded
        );
        assert_eq!(
            read_account(br#"{"account_type":"ACCOUNT_TYPE_BUSINESS"}"#).unwrap(),
            Verification::Succeeded
        );
        assert!(read_account(b"not json").is_err());
    }
}
