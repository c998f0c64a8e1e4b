//! The keys of both sides, read from PEM: the merchant's private key (PKCS#8) signs requests and
//! decrypts what WeChat Pay encrypts to it; WeChat Pay's public key (SubjectPublicKeyInfo, the
//! "WeChat Pay public key" mode, `PUB_KEY_ID_…`) verifies its answers and encrypts sensitive
//! fields.

use std::fmt;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, OaepPublicEncryptingKey, PrivateDecryptingKey, PublicEncryptingKey};
use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Why a key file cannot be used. Never says anything of the key itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// Not PEM with the expected label (`PRIVATE KEY` or `PUBLIC KEY`).
    NotPem(&'static str),
    /// PEM, but not an RSA key of at least 2048 bits.
    NotRsa,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotPem(label) => write!(f, "not a PEM file with a {label}"),
            KeyError::NotRsa => f.write_str("not an RSA key of at least 2048 bits"),
        }
    }
}

impl std::error::Error for KeyError {}

/// The DER inside the first PEM block labelled `label`.
pub(crate) fn pem(text: &str, label: &'static str) -> Result<Vec<u8>, KeyError> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin).ok_or(KeyError::NotPem(label))? + begin.len();
    let stop = text[start..].find(&end).ok_or(KeyError::NotPem(label))? + start;
    let base64: String = text[start..stop].chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD.decode(base64).map_err(|_| KeyError::NotPem(label))
}

/// An RSA private key: the merchant's API key (`apiclient_key.pem`), which signs requests and
/// decrypts what WeChat Pay encrypts to the merchant; or, on the sandbox's WeChat Pay, its own,
/// which signs answers and decrypts sensitive fields.
pub struct PrivateKey {
    pub(crate) signing: RsaKeyPair,
    pub(crate) decrypting: OaepPrivateDecryptingKey,
    /// Its public half, as SubjectPublicKeyInfo DER.
    spki: Vec<u8>,
}

impl PrivateKey {
    pub fn from_pem(text: &str) -> Result<PrivateKey, KeyError> {
        use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};

        let der = pem(text, "PRIVATE KEY")?;
        let decrypting = PrivateDecryptingKey::from_pkcs8(&der).map_err(|_| KeyError::NotRsa)?;
        let spki: PublicKeyX509Der<'_> = decrypting.public_key().as_der().map_err(|_| KeyError::NotRsa)?;
        let spki = spki.as_ref().to_vec();
        Ok(PrivateKey {
            signing: RsaKeyPair::from_pkcs8(&der).map_err(|_| KeyError::NotRsa)?,
            decrypting: OaepPrivateDecryptingKey::new(decrypting).map_err(|_| KeyError::NotRsa)?,
            spki,
        })
    }

    /// Its public half, named `id`: what the other side verifies with and encrypts to.
    pub fn public_key(&self, id: impl Into<String>) -> PublicKey {
        PublicKey::from_spki(id, self.spki.clone()).expect("the public half of a usable key is usable")
    }
}

impl PrivateKey {
    /// Base64 of the PKCS#1 v1.5 SHA-256 signature of `message`: deterministic, so known-answer
    /// tests hold.
    pub fn sign(&self, message: &[u8]) -> String {
        let mut signature = vec![0; self.signing.public_modulus_len()];
        self.signing
            .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut signature)
            .expect("an RSA key of at least 2048 bits signs any message");
        STANDARD.encode(signature)
    }
}

/// A PEM block of `der` labelled `label`, in 64-character lines.
fn to_pem(label: &str, der: &[u8]) -> String {
    let base64 = STANDARD.encode(der);
    let lines: Vec<&str> = base64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("Base64 is ASCII"))
        .collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// A new RSA-2048 key pair, for the sandbox's own merchant and WeChat Pay: the private key as
/// PKCS#8 PEM and the public key as SubjectPublicKeyInfo PEM, the forms the key files take.
pub fn generate() -> Result<(String, String), KeyError> {
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
    use aws_lc_rs::rsa::KeySize;

    let key = PrivateDecryptingKey::generate(KeySize::Rsa2048).map_err(|_| KeyError::NotRsa)?;
    let private: Pkcs8V1Der<'_> = key.as_der().map_err(|_| KeyError::NotRsa)?;
    let public: PublicKeyX509Der<'_> = key.public_key().as_der().map_err(|_| KeyError::NotRsa)?;
    Ok((
        to_pem("PRIVATE KEY", private.as_ref()),
        to_pem("PUBLIC KEY", public.as_ref()),
    ))
}

/// Never prints the key.
impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(***)")
    }
}

/// An RSA public key with the id it is named by: WeChat Pay's (`PUB_KEY_ID_…` in
/// `Wechatpay-Serial`), which verifies its answers and encrypts sensitive fields; or, on the
/// sandbox's WeChat Pay, a merchant's (its certificate serial), which verifies its requests.
pub struct PublicKey {
    pub id: String,
    pub(crate) spki: Vec<u8>,
    pub(crate) encrypting: OaepPublicEncryptingKey,
}

impl PublicKey {
    pub fn from_pem(id: impl Into<String>, text: &str) -> Result<PublicKey, KeyError> {
        PublicKey::from_spki(id, pem(text, "PUBLIC KEY")?)
    }

    fn from_spki(id: impl Into<String>, spki: Vec<u8>) -> Result<PublicKey, KeyError> {
        let encrypting = PublicEncryptingKey::from_der(&spki)
            .ok()
            .and_then(|key| OaepPublicEncryptingKey::new(key).ok())
            .ok_or(KeyError::NotRsa)?;
        Ok(PublicKey {
            id: id.into(),
            spki,
            encrypting,
        })
    }

    /// The key as SubjectPublicKeyInfo DER (what a key id may be derived from).
    pub fn spki(&self) -> &[u8] {
        &self.spki
    }

    /// The key as a `PUBLIC KEY` PEM file, the form `--wechatpay-public-key` reads.
    pub fn pem(&self) -> String {
        to_pem("PUBLIC KEY", &self.spki)
    }

    /// The key of an X.509 certificate (platform-certificate mode), named by the certificate's
    /// serial in upper-case hex, as `Wechatpay-Serial` writes it. Its validity dates are not
    /// checked here: WeChat Pay names the certificate it signed with, and expired ones are replaced
    /// through `GET /v3/certificates`.
    pub fn from_certificate_pem(text: &str) -> Result<PublicKey, KeyError> {
        use x509_cert::Certificate;
        use x509_cert::der::{DecodePem, Encode};

        let cert = Certificate::from_pem(text.as_bytes()).map_err(|_| KeyError::NotPem("CERTIFICATE"))?;
        let tbs = &cert.tbs_certificate;
        let bytes = tbs.serial_number.as_bytes();
        // DER keeps a leading zero byte on a serial whose first bit is set; it is not part of the number.
        let bytes = bytes
            .strip_prefix(&[0])
            .filter(|rest| !rest.is_empty())
            .unwrap_or(bytes);
        let serial: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        let spki = tbs.subject_public_key_info.to_der().map_err(|_| KeyError::NotRsa)?;
        let encrypting = PublicEncryptingKey::from_der(&spki)
            .ok()
            .and_then(|key| OaepPublicEncryptingKey::new(key).ok())
            .ok_or(KeyError::NotRsa)?;
        Ok(PublicKey {
            id: serial,
            spki,
            encrypting,
        })
    }

    pub(crate) fn verifying(&self) -> UnparsedPublicKey<&[u8]> {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.spki)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub const MERCHANT_ID: &str = "1234567891";
    pub const MERCHANT_SERIAL: &str = "5F1C72E2A8931B72A2E13AF8DEE92471EB397115";
    pub const WECHAT_PAY_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";

    pub fn merchant() -> PrivateKey {
        PrivateKey::from_pem(include_str!("../testdata/merchant_private_key.pem")).unwrap()
    }

    /// The public half of [`merchant`], as WeChat Pay knows it by the merchant's serial.
    pub fn merchant_public() -> PublicKey {
        PublicKey::from_pem(MERCHANT_SERIAL, include_str!("../testdata/merchant_public_key.pem")).unwrap()
    }

    /// The merchant's signer, with the test merchant's id and serial.
    pub fn signer() -> crate::sign::Signer {
        crate::sign::Signer {
            mchid: MERCHANT_ID.into(),
            serial: MERCHANT_SERIAL.into(),
            key: merchant(),
        }
    }

    /// The private half of [`wechat_pay`]: what WeChat Pay signs its answers and decrypts with.
    pub fn wechat_pay_private() -> PrivateKey {
        PrivateKey::from_pem(include_str!("../testdata/wechat_pay_private_key.pem")).unwrap()
    }

    pub fn wechat_pay() -> PublicKey {
        PublicKey::from_pem(WECHAT_PAY_KEY_ID, include_str!("../testdata/wechat_pay_public_key.pem")).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_pair_reads_back_and_works_together() {
        let (private, public) = generate().unwrap();
        let private = PrivateKey::from_pem(&private).unwrap();
        let public = PublicKey::from_pem("PUB_KEY_ID_GENERATED", &public).unwrap();
        let signature = STANDARD.decode(private.sign(b"message")).unwrap();
        assert!(public.verifying().verify(b"message", &signature).is_ok());
        let secret = crate::cipher::encrypt_sensitive(&public, "11010519491231002X").unwrap();
        assert_eq!(
            crate::cipher::decrypt_sensitive(&private, &secret).unwrap(),
            "11010519491231002X"
        );
        assert_ne!(generate().unwrap().0, generate().unwrap().0, "a new key each time");
    }

    #[test]
    fn keys_read_from_pem_and_refuse_anything_else() {
        fixtures::merchant();
        fixtures::wechat_pay();
        assert_eq!(
            PrivateKey::from_pem("hello").unwrap_err(),
            KeyError::NotPem("PRIVATE KEY")
        );
        let public = include_str!("../testdata/wechat_pay_public_key.pem");
        assert_eq!(
            PrivateKey::from_pem(public).unwrap_err(),
            KeyError::NotPem("PRIVATE KEY")
        );
        let junk = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        assert_eq!(PublicKey::from_pem("id", junk).unwrap_err(), KeyError::NotRsa);
        assert_eq!(format!("{:?}", fixtures::merchant()), "PrivateKey(***)");
        assert_eq!(
            fixtures::wechat_pay().pem(),
            public.replace("\r\n", "\n"),
            "a public key writes the file it was read from"
        );
    }

    /// `wechatpay.md` §10.3 F1: the serials the Java SDK's test configuration names, and the
    /// certificate's key verifies what its private key signed (`RSAVerifierTest`, F5).
    #[test]
    fn certificates_give_their_serial_and_key() {
        let wechat_pay =
            PublicKey::from_certificate_pem(include_str!("../testdata/wechat_pay_certificate.pem")).unwrap();
        assert_eq!(wechat_pay.id, "440024045C4A427599D09BB4E3DE0279F2E813FD");
        assert_eq!(
            wechat_pay.spki,
            fixtures::wechat_pay().spki,
            "the same key as the public-key file"
        );
        let merchant = PublicKey::from_certificate_pem(include_str!("../testdata/merchant_certificate.pem")).unwrap();
        assert_eq!(merchant.id, "5F1C72E2A8931B72A2E13AF8DEE92471EB397115");
        let signature = base64::engine::general_purpose::STANDARD
            .decode("Rq+5ZpWV6IHTWE1+9gCrYJKguNgbItpMdlIA+PVCPCdUAKNlohZz7CL7Y8xWDIFJjdGnErMj6Z+Q/h9CF5MV+nAVkqDmBR0uP5ppsUEzco4ijvKHsvI2ro4boSW6vSfQs3W8I4QSI9a0/NFIgvj83Fv27LIYZf7deaFWmEwd1fpAeJRCyoKyBeJPdsjVx0//Lqe6Wze2zVdliLcBvaHCfpd8+rAVGS+FQDeWgHqJ7n/Zy09LmV1/ghs7pO1mdjdD16SHKlysAD3K5hNGUJX/SHrEXEcu1yO1AOb/YvOVkjNh8243rcfXNE5L4ph2XS11vS+2aToKYSOcKUagf0LLaw==")
            .unwrap();
        assert!(merchant.verifying().verify(b"message", &signature).is_ok());
        assert!(merchant.verifying().verify(b"messagE", &signature).is_err());
        assert_eq!(
            PublicKey::from_certificate_pem(include_str!("../testdata/wechat_pay_public_key.pem")).unwrap_err(),
            KeyError::NotPem("CERTIFICATE")
        );
    }
}
