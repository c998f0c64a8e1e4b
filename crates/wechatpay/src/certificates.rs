//! Platform certificates (`wechatpay.md` §2.4, §2.6). In certificate mode WeChat Pay names its
//! key by a certificate's serial and replaces certificates before they expire (they last five
//! years): `GET /v3/certificates` lists the current ones, each encrypted under the APIv3 key. A
//! client refreshes its keys from it, and encrypts to the newest (latest effective) certificate,
//! as the Go SDK's `GetNewestSerial` does.

use std::fmt;

use serde::Deserialize;

use crate::cipher::decrypt_resource;
use crate::keys::PublicKey;

/// The path of the list, as signed.
pub const PATH: &str = "/v3/certificates";

/// One of WeChat Pay's certificates: its key (named by the serial) and when it is in force.
pub struct Certificate {
    pub key: PublicKey,
    /// RFC 3339 with WeChat Pay's `+08:00`, as listed.
    pub effective_time: String,
    pub expire_time: String,
}

/// Why a list of certificates is not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificatesError {
    /// Not the list's JSON, or empty.
    Unreadable,
    /// An algorithm other than `AEAD_AES_256_GCM`.
    Algorithm(String),
    /// Does not decrypt under this APIv3 key (a wrong key, or tampered).
    Undecryptable(String),
    /// Decrypts to what is not a certificate, or to one whose serial is not the one listed.
    NotTheCertificate(String),
}

impl fmt::Display for CertificatesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificatesError::Unreadable => f.write_str("the certificate list does not read"),
            CertificatesError::Algorithm(a) => write!(f, "a certificate is encrypted with {a:?}"),
            CertificatesError::Undecryptable(serial) => {
                write!(f, "certificate {serial} does not decrypt under the APIv3 key")
            }
            CertificatesError::NotTheCertificate(serial) => write!(f, "certificate {serial} is not what it says"),
        }
    }
}

impl std::error::Error for CertificatesError {}

#[derive(Deserialize)]
struct List {
    data: Vec<Listed>,
}

#[derive(Deserialize)]
struct Listed {
    serial_no: String,
    effective_time: String,
    expire_time: String,
    encrypt_certificate: Encrypted,
}

#[derive(Deserialize)]
struct Encrypted {
    algorithm: String,
    nonce: String,
    associated_data: String,
    ciphertext: String,
}

/// Every certificate of a list, decrypted and checked against its listed serial.
pub fn read(body: &[u8], apiv3_key: &[u8]) -> Result<Vec<Certificate>, CertificatesError> {
    let list: List = serde_json::from_slice(body).map_err(|_| CertificatesError::Unreadable)?;
    if list.data.is_empty() {
        return Err(CertificatesError::Unreadable);
    }
    list.data
        .into_iter()
        .map(|listed| {
            let e = &listed.encrypt_certificate;
            if e.algorithm != "AEAD_AES_256_GCM" {
                return Err(CertificatesError::Algorithm(e.algorithm.clone()));
            }
            let pem = decrypt_resource(apiv3_key, &e.nonce, &e.associated_data, &e.ciphertext)
                .ok()
                .and_then(|plain| String::from_utf8(plain).ok())
                .ok_or_else(|| CertificatesError::Undecryptable(listed.serial_no.clone()))?;
            let key = PublicKey::from_certificate_pem(&pem)
                .ok()
                .filter(|key| key.id.eq_ignore_ascii_case(&listed.serial_no))
                .ok_or_else(|| CertificatesError::NotTheCertificate(listed.serial_no.clone()))?;
            Ok(Certificate {
                key,
                effective_time: listed.effective_time,
                expire_time: listed.expire_time,
            })
        })
        .collect()
}

/// The certificate to encrypt to: the latest effective. WeChat Pay writes every time in
/// `+08:00`, so the texts order as the times do.
pub fn newest(certificates: &[Certificate]) -> Option<&Certificate> {
    certificates
        .iter()
        .max_by(|a, b| a.effective_time.cmp(&b.effective_time))
}

#[cfg(test)]
mod tests {
    use super::*;

    const APIV3_KEY: &[u8] = b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    const LIST: &str = include_str!("../testdata/download_certificate_response.json");

    /// `wechatpay.md` §10.3 F2: the Java SDK's download answer decrypts to the certificate whose
    /// serial it lists.
    #[test]
    fn the_sdks_certificate_list_decrypts_to_its_certificate() {
        let certificates = read(LIST.as_bytes(), APIV3_KEY).unwrap();
        assert_eq!(certificates.len(), 1);
        let c = &certificates[0];
        assert_eq!(c.key.id, "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC");
        assert_eq!(
            (c.effective_time.as_str(), c.expire_time.as_str()),
            ("2023-09-19T23:15:58+08:00", "2028-09-17T23:15:58+08:00")
        );
    }

    #[test]
    fn a_list_that_is_not_what_it_says_is_refused() {
        let wrong_key = b"b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
        assert!(matches!(
            read(LIST.as_bytes(), wrong_key),
            Err(CertificatesError::Undecryptable(_))
        ));
        let other_serial = LIST.replace(
            "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC",
            "440024045C4A427599D09BB4E3DE0279F2E813FD",
        );
        assert!(matches!(
            read(other_serial.as_bytes(), APIV3_KEY),
            Err(CertificatesError::NotTheCertificate(_))
        ));
        let other_algorithm = LIST.replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM");
        assert!(matches!(
            read(other_algorithm.as_bytes(), APIV3_KEY),
            Err(CertificatesError::Algorithm(_))
        ));
        assert_eq!(
            read(br#"{"data":[]}"#, APIV3_KEY).err(),
            Some(CertificatesError::Unreadable)
        );
    }

    #[test]
    fn the_newest_certificate_is_the_latest_effective() {
        let mut certificates = read(LIST.as_bytes(), APIV3_KEY).unwrap();
        let older = read(LIST.as_bytes(), APIV3_KEY).unwrap().pop().unwrap();
        certificates.push(Certificate {
            effective_time: "2020-01-01T00:00:00+08:00".into(),
            ..older
        });
        assert_eq!(
            newest(&certificates).unwrap().effective_time,
            "2023-09-19T23:15:58+08:00"
        );
    }
}
