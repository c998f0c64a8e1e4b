//! `GET /v3/certificates` (`wechatpay.md` §2.6), for a WeChat Pay in certificate mode: its
//! certificate, encrypted under the merchant's APIv3 key, as the list gives it. In public-key
//! mode there is no list to give.

use super::{Answer, Fake};
use crate::cipher::encrypt_resource;

/// The certificate this WeChat Pay signs with, in certificate mode.
#[derive(Clone, Debug)]
pub struct PlatformCertificate {
    /// Its PEM; its serial is the fake's `wechat_pay_key_id`.
    pub pem: String,
    pub effective_time: String,
    pub expire_time: String,
    /// The merchant's APIv3 key, which the list is encrypted under.
    pub apiv3_key: String,
}

pub(super) fn list(fake: &Fake) -> Option<Answer> {
    let certificate = fake.keys.platform_certificate.as_ref()?;
    let nonce: String = crate::sign::nonce().chars().take(12).collect();
    let ciphertext = encrypt_resource(
        certificate.apiv3_key.as_bytes(),
        &nonce,
        "certificate",
        certificate.pem.as_bytes(),
    )
    .ok()?;
    Some(super::applyments::ok(serde_json::json!({
        "data": [{
            "serial_no": fake.keys.wechat_pay_key_id,
            "effective_time": certificate.effective_time,
            "expire_time": certificate.expire_time,
            "encrypt_certificate": {
                "algorithm": "AEAD_AES_256_GCM",
                "associated_data": "certificate",
                "nonce": nonce,
                "ciphertext": ciphertext,
            },
        }],
    })))
}
