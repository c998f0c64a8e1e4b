//! Request signing (`wechatpay.md` §1): the five-line message, signed with SHA256withRSA
//! (RSASSA-PKCS1-v1_5) by the merchant's key, sent as `Authorization: WECHATPAY2-SHA256-RSA2048 …`.

use crate::keys::PrivateKey;

/// The `Authorization` scheme.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// The message a request's signature covers: method, the path and query as sent (scheme and host
/// removed), timestamp (Unix seconds), nonce and body, each line ending in `\n`. An upload's body
/// is its `meta` JSON; a GET's is empty.
pub fn message(method: &str, canonical_url: &str, timestamp: i64, nonce: &str, body: &str) -> String {
    format!("{method}\n{canonical_url}\n{timestamp}\n{nonce}\n{body}\n")
}

/// A request's nonce: 32 characters of `[0-9A-Za-z]`, as the official SDKs make them.
pub fn nonce() -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut bytes = [0u8; 32];
    aws_lc_rs::rand::fill(&mut bytes).expect("the system's random source");
    // 248 = 4 × 62: bytes at or above it are drawn again, so every character is equally likely.
    bytes
        .iter_mut()
        .map(|b| {
            while *b >= 248 {
                let mut again = [0u8; 1];
                aws_lc_rs::rand::fill(&mut again).expect("the system's random source");
                *b = again[0];
            }
            char::from(ALPHABET[usize::from(*b % 62)])
        })
        .collect()
}

/// Signs requests for one merchant: its id, its API certificate's serial, and its key.
#[derive(Debug)]
pub struct Signer {
    pub mchid: String,
    pub serial: String,
    pub key: PrivateKey,
}

impl Signer {
    /// Base64 of the PKCS#1 v1.5 SHA-256 signature of `message` (deterministic).
    pub fn signature(&self, message: &str) -> String {
        self.key.sign(message.as_bytes())
    }

    /// The `Authorization` header of a request.
    pub fn authorization(&self, method: &str, canonical_url: &str, timestamp: i64, nonce: &str, body: &str) -> String {
        let signature = self.signature(&message(method, canonical_url, timestamp, nonce, body));
        format!(
            "{SCHEME} mchid=\"{}\",nonce_str=\"{nonce}\",timestamp=\"{timestamp}\",serial_no=\"{}\",signature=\"{signature}\"",
            self.mchid, self.serial
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixtures::signer;

    const NONCE: &str = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";

    /// `wechatpay.md` Appendix A1–A3: known answers, computed with Python `cryptography` from the
    /// official Java SDK's test keys.
    #[test]
    fn signatures_match_the_known_answers() {
        let submit = message(
            "POST",
            "/v3/ecommerce/applyments/",
            1_700_000_000,
            NONCE,
            r#"{"out_request_no":"APPLYMENT_00000000001","organization_type":"2401"}"#,
        );
        assert_eq!(
            signer().signature(&submit),
            "EpbVXsc6jIQjjkGzFeR3Rgm/AHrTRXkbZKuF19X+3jKtZK28RrSXyJnobW1DwjhIt7jf0nUYoiGupkg/WLWsBDClVGbzzxJ5ElWlIMqUqMMhE6ui5BEEhbsUqg7DSmb+bL0y4PBvMhsH+hCZMEOl4nua812Kl0W5tjezH9d9ET5sAd+HwcJYIy8HBIcDbClScHUGsXBTvvZUogVx7LN02/FbEcYm2quV9EJTY6JjMSLrTMEdKxL1AsBQzmgPdgQEDQxPk/d21NXXzFGbt4sGAZxa2r2R5jmE51dbKfBpxjVJX4wdVvkeyHKkS3p7jA4FPz9Wph0LZ/NJWbtnmmraKA=="
        );
        let query = message(
            "GET",
            "/v3/ecommerce/applyments/out-request-no/APPLYMENT_00000000001",
            1_700_000_000,
            NONCE,
            "",
        );
        assert_eq!(
            signer().signature(&query),
            "G7Y/5bmQifJJcZh2SrhqJQ757D+Tt1xtg6AYZZ9THbaDOuOeckhBBTwCC9qdOjTytDGaPuwrq5rUOQGETsuCHYKC6TqyDgYmT+5nX6SknNeuIddEDYUaQ7SJ8HtA903wqEjMJNOMDGiL0xjq4VN+sBf5dTHmtWgLB96y0HNFWDKuFln9tJVMIGdr24nvcEfGK9bYUHI0KlZhw0gITyrr/0w/Ir3dJns7mVSBSvhbqAVy72CGS1jRDq2dvQX6QVL74bICyklVVMlVpoCkgnP/Y6KZPF2fubVPQntfARHczlyGejsRZhVHFT++rk79fubNRDdZ2RETy0g7VoQI7soYOA=="
        );
        let meta =
            r#"{"filename":"a.png","sha256":"0d0a329aa8940475ce068bfe51373fe38abcfd787288220869321092ab7fc876"}"#;
        let upload = message("POST", "/v3/merchant/media/upload", 1_700_000_000, NONCE, meta);
        assert_eq!(
            signer().signature(&upload),
            "HeZAOeMeYFIlLmsWtWr02c70X8BS9PnwWiLkfjpi58sJ3UfwjCmo3nR8ZU+uFN/po+A+W2aBv8jzFaIN35N2bgk4HSbsY9/Jmi+F8JxDAyOYyICIzJ4Iy2WbJhEfq/qNK/716RD/ikEOFhsG5algnKrYzJEUdv9AOkF8iecjYDVJwdky9ysX1ujQhdjvNdMkeqt5j23UsBwNGfrwtfPVx90U73wxCCu3vZaLHSFc4k/HKeALQUAEefOKMWefHjF7SSv9gcI9KFHzJY5XSis8Jldy5exf958PY9LU63/vcHO9hzFsnzR2uZy7lP061XzgKdmDmYNONlAdNcFQbeMOqA=="
        );
    }

    /// The official Java SDK's own vector (`RSAVerifierTest`): "message" signed by its test
    /// merchant key.
    #[test]
    fn the_java_sdks_signature_of_message() {
        assert_eq!(
            signer().signature("message"),
            "Rq+5ZpWV6IHTWE1+9gCrYJKguNgbItpMdlIA+PVCPCdUAKNlohZz7CL7Y8xWDIFJjdGnErMj6Z+Q/h9CF5MV+nAVkqDmBR0uP5ppsUEzco4ijvKHsvI2ro4boSW6vSfQs3W8I4QSI9a0/NFIgvj83Fv27LIYZf7deaFWmEwd1fpAeJRCyoKyBeJPdsjVx0//Lqe6Wze2zVdliLcBvaHCfpd8+rAVGS+FQDeWgHqJ7n/Zy09LmV1/ghs7pO1mdjdD16SHKlysAD3K5hNGUJX/SHrEXEcu1yO1AOb/YvOVkjNh8243rcfXNE5L4ph2XS11vS+2aToKYSOcKUagf0LLaw=="
        );
    }

    #[test]
    fn nonces_are_32_alphanumerics_and_never_repeat() {
        let nonces: std::collections::HashSet<String> = (0..1000).map(|_| nonce()).collect();
        assert_eq!(nonces.len(), 1000);
        assert!(
            nonces
                .iter()
                .all(|n| n.len() == 32 && n.bytes().all(|b| b.is_ascii_alphanumeric()))
        );
    }

    #[test]
    fn the_authorization_header_names_all_five_parts() {
        let header = signer().authorization("GET", "/v3/certificates", 1_700_000_000, NONCE, "");
        assert!(header.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1234567891\",nonce_str=\"5K8264ILTKCH16CQ2502SI8ZNMTM67VS\",timestamp=\"1700000000\",serial_no=\"5F1C72E2A8931B72A2E13AF8DEE92471EB397115\",signature=\""));
        assert!(
            !header.contains(' ') || header.matches(' ').count() == 1,
            "no spaces between the pairs"
        );
    }
}
