//! The two ciphers of API v3 (`wechatpay.md` §3, §4): RSA-OAEP with SHA-1 and MGF1-SHA-1 for
//! sensitive fields (encrypted to WeChat Pay's key, or by WeChat Pay to the merchant's), and
//! AES-256-GCM with the APIv3 key for notification resources and downloaded certificates.

use std::fmt;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::rsa::OAEP_SHA1_MGF1SHA1;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::keys::{PrivateKey, PublicKey};

/// Why something does not encrypt or decrypt. Says nothing of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CipherError {
    /// Longer than OAEP with a 2048-bit key can carry (214 bytes).
    TooLong,
    /// Not Base64, or not a ciphertext of this key.
    Undecryptable,
    /// The APIv3 key is not 32 bytes, or the nonce not 12.
    BadKey,
}

impl fmt::Display for CipherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CipherError::TooLong => "too long to encrypt with RSA-OAEP",
            CipherError::Undecryptable => "does not decrypt",
            CipherError::BadKey => "the APIv3 key must be 32 bytes and the nonce 12",
        })
    }
}

impl std::error::Error for CipherError {}

/// A sensitive field as WeChat Pay wants it: Base64 of its RSA-OAEP ciphertext under `key`
/// (whose id goes in the request's `Wechatpay-Serial`). Randomised: never the same twice.
pub fn encrypt_sensitive(key: &PublicKey, plaintext: &str) -> Result<String, CipherError> {
    let oaep = &key.encrypting;
    if plaintext.len() > oaep.max_plaintext_size(&OAEP_SHA1_MGF1SHA1) {
        return Err(CipherError::TooLong);
    }
    let mut out = vec![0; oaep.ciphertext_size()];
    let written = oaep
        .encrypt(&OAEP_SHA1_MGF1SHA1, plaintext.as_bytes(), &mut out, None)
        .map_err(|_| CipherError::TooLong)?;
    Ok(STANDARD.encode(written))
}

/// A sensitive field WeChat Pay encrypted to the merchant's key.
pub fn decrypt_sensitive(key: &PrivateKey, ciphertext: &str) -> Result<String, CipherError> {
    let bytes = STANDARD.decode(ciphertext).map_err(|_| CipherError::Undecryptable)?;
    let oaep = &key.decrypting;
    let mut out = vec![0; oaep.min_output_size()];
    let plain = oaep
        .decrypt(&OAEP_SHA1_MGF1SHA1, &bytes, &mut out, None)
        .map_err(|_| CipherError::Undecryptable)?;
    String::from_utf8(plain.to_vec()).map_err(|_| CipherError::Undecryptable)
}

/// A notification's `resource` (or a certificate download): AES-256-GCM under the APIv3 key,
/// with its nonce and associated data, the ciphertext (tag last) in Base64.
pub fn decrypt_resource(
    apiv3_key: &[u8],
    nonce: &str,
    associated_data: &str,
    ciphertext: &str,
) -> Result<Vec<u8>, CipherError> {
    let key = UnboundKey::new(&AES_256_GCM, apiv3_key).map_err(|_| CipherError::BadKey)?;
    let nonce = Nonce::try_assume_unique_for_key(nonce.as_bytes()).map_err(|_| CipherError::BadKey)?;
    let mut data = STANDARD.decode(ciphertext).map_err(|_| CipherError::Undecryptable)?;
    let plain = LessSafeKey::new(key)
        .open_in_place(nonce, Aad::from(associated_data.as_bytes()), &mut data)
        .map_err(|_| CipherError::Undecryptable)?;
    Ok(plain.to_vec())
}

/// The other direction, for the sandbox's WeChat Pay (and tests): what `decrypt_resource` opens.
pub fn encrypt_resource(
    apiv3_key: &[u8],
    nonce: &str,
    associated_data: &str,
    plaintext: &[u8],
) -> Result<String, CipherError> {
    let key = UnboundKey::new(&AES_256_GCM, apiv3_key).map_err(|_| CipherError::BadKey)?;
    let nonce = Nonce::try_assume_unique_for_key(nonce.as_bytes()).map_err(|_| CipherError::BadKey)?;
    let mut data = plaintext.to_vec();
    LessSafeKey::new(key)
        .seal_in_place_append_tag(nonce, Aad::from(associated_data.as_bytes()), &mut data)
        .map_err(|_| CipherError::BadKey)?;
    Ok(STANDARD.encode(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixtures;

    const APIV3_KEY: &[u8] = b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

    /// The official Java SDK's vector (`RSAPrivacyDecryptorTest`): "plaintext", encrypted to its
    /// test merchant key with OAEP-SHA1.
    #[test]
    fn the_java_sdks_ciphertext_decrypts_with_the_merchant_key() {
        let ciphertext = "Qqsluo7R1IZyAqdkm/jBzwXDP5VndCwwFbRA+yILFTYciZzrRChQIQ7SKuI2k3YSR5auB3ZspdjR1WPB3PTCKe6BCFx3NnaPWhSwonYTmW8ZseXjkbcYSbKL5O/6dr6Zftg3t2A2FUd97acjM1fr2EIvIvRieQ3Hl8qVkDBY9520wm1rzvePUnxQWN70RZiBcqr7O7Gb0gU3l7FkvoUFSbY44HgDJetmVow3yGIV3Tcd45o2MNQ+5F1qvjIjb3/6dkGKce4/kNTYraUMO6o6kfFXlfg+bFRIiz8hiUpbToWdu7g0R5Hq0/YIE5vw/5Ms4gbk2HIQIfOLkY8sEPjYHA==";
        assert_eq!(
            decrypt_sensitive(&fixtures::merchant(), ciphertext).unwrap(),
            "plaintext"
        );
        assert_eq!(
            decrypt_sensitive(&fixtures::merchant(), "not base64!"),
            Err(CipherError::Undecryptable)
        );
    }

    /// What is encrypted to WeChat Pay's key opens with its private key, by OAEP-SHA1 and not
    /// OAEP-SHA256 (the mistake `wxpay-rs` ≤ 2.0.2 made): a 214-byte field fits, 215 do not.
    #[test]
    fn sensitive_fields_encrypt_with_oaep_sha1_to_wechat_pays_key() {
        let wechat_pay_private = crate::keys::fixtures::wechat_pay_private();
        let id_number = "11010519491231002X";
        let sealed = encrypt_sensitive(&fixtures::wechat_pay(), id_number).unwrap();
        assert_ne!(
            sealed,
            encrypt_sensitive(&fixtures::wechat_pay(), id_number).unwrap(),
            "randomised"
        );
        assert_eq!(decrypt_sensitive(&wechat_pay_private, &sealed).unwrap(), id_number);
        let bytes = STANDARD.decode(&sealed).unwrap();
        let sha256 = &wechat_pay_private.decrypting;
        let mut out = vec![0; 256];
        assert!(
            sha256
                .decrypt(&aws_lc_rs::rsa::OAEP_SHA256_MGF1SHA256, &bytes, &mut out, None)
                .is_err()
        );

        assert!(encrypt_sensitive(&fixtures::wechat_pay(), &"8".repeat(214)).is_ok());
        assert_eq!(
            encrypt_sensitive(&fixtures::wechat_pay(), &"8".repeat(215)),
            Err(CipherError::TooLong)
        );
    }

    /// `wechatpay.md` §10.3 F3 (the Java SDK's `AeadAesCipherTest`) and Appendix A5.
    #[test]
    fn aes_gcm_matches_the_known_answers() {
        assert_eq!(
            decrypt_resource(
                APIV3_KEY,
                "uluk4a9R25RW",
                "associatedData",
                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="
            )
            .unwrap(),
            b"message"
        );
        assert_eq!(
            encrypt_resource(APIV3_KEY, "0123456789ab", "transaction", br#"{"hello":"world"}"#).unwrap(),
            "LYUPmX6gj7s+EI4o9X0jhtFu3UAkgTOhUSPFGiYk+P+9"
        );
        // Another associated data, nonce or key: refused, never garbage.
        assert_eq!(
            decrypt_resource(
                APIV3_KEY,
                "uluk4a9R25RW",
                "associateddata",
                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="
            ),
            Err(CipherError::Undecryptable)
        );
        assert_eq!(
            decrypt_resource(
                b"short",
                "uluk4a9R25RW",
                "associatedData",
                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="
            ),
            Err(CipherError::BadKey)
        );
    }
}
