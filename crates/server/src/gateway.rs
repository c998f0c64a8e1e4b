//! The WeChat Pay merchant this server applies through: its flags, and the client built from
//! them. Every secret is a file, read once at start; neither its path's contents nor the key ever
//! reach a log or an error message, and `Debug` shows only which files were named.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use onboarding_wechatpay::{Client, PrivateKey, PublicKey, Signer, Verifier};

use crate::renewal::Renewal;

/// The flag names are the public interface operators script against: keep them.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct WechatPayFlags {
    /// WeChat Pay API v3's origin.
    #[arg(long = "wechatpay-base-url", env = "ONBOARDING_WECHATPAY_BASE_URL", default_value = WechatPayFlags::BASE_URL)]
    pub base_url: String,

    /// The platform's merchant id (mchid).
    #[arg(long = "wechatpay-mchid", env = "ONBOARDING_WECHATPAY_MCHID")]
    pub mchid: Option<String>,

    /// The serial number of the merchant's API certificate, which names the key requests are
    /// signed with.
    #[arg(long = "wechatpay-serial", env = "ONBOARDING_WECHATPAY_SERIAL")]
    pub serial: Option<String>,

    /// The merchant's API private key (`apiclient_key.pem`, PKCS#8 PEM).
    #[arg(
        long = "wechatpay-private-key",
        env = "ONBOARDING_WECHATPAY_PRIVATE_KEY",
        value_name = "FILE"
    )]
    pub private_key: Option<PathBuf>,

    /// The APIv3 key (32 characters), for the resources WeChat Pay encrypts to it.
    #[arg(
        long = "wechatpay-apiv3-key",
        env = "ONBOARDING_WECHATPAY_APIV3_KEY",
        value_name = "FILE"
    )]
    pub apiv3_key: Option<PathBuf>,

    /// WeChat Pay's public key (public-key mode), with --wechatpay-public-key-id.
    #[arg(
        long = "wechatpay-public-key",
        env = "ONBOARDING_WECHATPAY_PUBLIC_KEY",
        value_name = "FILE",
        conflicts_with = "platform_cert"
    )]
    pub public_key: Option<PathBuf>,

    /// The id of WeChat Pay's public key (`PUB_KEY_ID_…`).
    #[arg(long = "wechatpay-public-key-id", env = "ONBOARDING_WECHATPAY_PUBLIC_KEY_ID")]
    pub public_key_id: Option<String>,

    /// WeChat Pay's platform certificate (platform-certificate mode), instead of its public key.
    #[arg(
        long = "wechatpay-platform-cert",
        env = "ONBOARDING_WECHATPAY_PLATFORM_CERT",
        value_name = "FILE"
    )]
    pub platform_cert: Option<PathBuf>,
}

impl WechatPayFlags {
    /// WeChat Pay's own API origin, the default.
    pub const BASE_URL: &str = "https://api.mch.weixin.qq.com";

    /// No WeChat Pay configured (the sandbox's own stands in).
    pub fn none() -> WechatPayFlags {
        WechatPayFlags {
            base_url: WechatPayFlags::BASE_URL.into(),
            ..WechatPayFlags::default()
        }
    }

    /// The flags still needed for a complete configuration, by name.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        for (given, flag) in [
            (self.mchid.is_some(), "--wechatpay-mchid"),
            (self.serial.is_some(), "--wechatpay-serial"),
            (self.private_key.is_some(), "--wechatpay-private-key"),
            (self.apiv3_key.is_some(), "--wechatpay-apiv3-key"),
        ] {
            if !given {
                missing.push(flag);
            }
        }
        match (&self.public_key, &self.public_key_id, &self.platform_cert) {
            (Some(_), Some(_), _) | (None, None, Some(_)) => {}
            (Some(_), None, _) => missing.push("--wechatpay-public-key-id"),
            (None, Some(_), _) => missing.push("--wechatpay-public-key"),
            (None, None, None) => {
                missing.push("--wechatpay-public-key (with --wechatpay-public-key-id) or --wechatpay-platform-cert")
            }
        }
        missing
    }

    /// Whether any WeChat Pay flag was given (the base URL has a default, so it does not count).
    pub fn any(&self) -> bool {
        self.mchid.is_some()
            || self.serial.is_some()
            || self.private_key.is_some()
            || self.apiv3_key.is_some()
            || self.public_key.is_some()
            || self.public_key_id.is_some()
            || self.platform_cert.is_some()
    }
}

/// A complete configuration, read from its files, and the client built from it. In certificate
/// mode the client is replaced when WeChat Pay's certificates are renewed (`renewal.rs`), so it
/// is taken whole for each piece of work: one job encrypts to the key its requests name.
pub struct Gateway {
    client: RwLock<Arc<Client>>,
    /// Certificate mode: what building the client again takes.
    pub(crate) renewal: Option<Renewal>,
}

impl Gateway {
    /// A gateway whose WeChat Pay key does not change (public-key mode, the sandbox's own).
    pub fn new(client: Client) -> Gateway {
        Gateway {
            client: RwLock::new(Arc::new(client)),
            renewal: None,
        }
    }

    /// The client as it is now.
    pub fn client(&self) -> Arc<Client> {
        self.client.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn replace(&self, client: Client) {
        *self.client.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(client);
    }
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let client = self.client();
        f.debug_struct("Gateway")
            .field("mchid", &client.signer.mchid)
            .field("serial", &client.signer.serial)
            .field("wechatpay_serial", &client.wechatpay_serial)
            .field("renewing_certificates", &self.renewal.is_some())
            .finish_non_exhaustive()
    }
}

/// Reads a secret file. The error names the flag and the file, never what is in it.
fn read(flag: &str, path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{flag}: cannot read {}: {}", path.display(), e.kind()))
}

impl Gateway {
    /// Builds the client from complete flags; the first problem found, by flag, otherwise.
    pub fn load(flags: &WechatPayFlags) -> Result<Gateway, String> {
        let missing = flags.missing();
        if !missing.is_empty() {
            return Err(format!("WeChat Pay is not configured: give {}", missing.join(", ")));
        }
        let (Some(mchid), Some(serial), Some(key_file), Some(apiv3_file)) =
            (&flags.mchid, &flags.serial, &flags.private_key, &flags.apiv3_key)
        else {
            unreachable!("checked by missing()");
        };
        let key_pem = read("--wechatpay-private-key", key_file)?;
        let key = PrivateKey::from_pem(&key_pem)
            .map_err(|e| format!("--wechatpay-private-key: {} is not the key: {e}", key_file.display()))?;
        let apiv3 = read("--wechatpay-apiv3-key", apiv3_file)?;
        let apiv3 = apiv3.trim_end_matches(['\r', '\n']);
        if apiv3.len() != 32 {
            return Err(format!(
                "--wechatpay-apiv3-key: {} must hold the 32-character APIv3 key",
                apiv3_file.display()
            ));
        }
        let mut renewal = None;
        let wechat_pay = match (&flags.public_key, &flags.public_key_id, &flags.platform_cert) {
            (Some(file), Some(id), _) => PublicKey::from_pem(id.clone(), &read("--wechatpay-public-key", file)?)
                .map_err(|e| format!("--wechatpay-public-key: {} is not a public key: {e}", file.display()))?,
            (_, _, Some(file)) => {
                let pem = read("--wechatpay-platform-cert", file)?;
                let certificate = PublicKey::from_certificate_pem(&pem).map_err(|e| {
                    format!(
                        "--wechatpay-platform-cert: {} is not a certificate: {e}",
                        file.display()
                    )
                })?;
                renewal = Some(Renewal {
                    private_key: key_pem,
                    apiv3_key: apiv3.to_string(),
                    configured: pem,
                });
                certificate
            }
            _ => unreachable!("checked by missing()"),
        };
        let signer = Signer {
            mchid: mchid.clone(),
            serial: serial.clone(),
            key,
        };
        let wechatpay_serial = wechat_pay.id.clone();
        let client = Client::new(&flags.base_url, signer, Verifier::new([wechat_pay]), wechatpay_serial);
        Ok(Gateway {
            renewal,
            ..Gateway::new(client)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn testdata(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../wechatpay/testdata")
            .join(name)
    }

    fn complete(dir: &Path) -> WechatPayFlags {
        let apiv3 = dir.join("apiv3.key");
        std::fs::write(&apiv3, "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb\n").unwrap();
        WechatPayFlags {
            base_url: "https://api.mch.weixin.qq.com".into(),
            mchid: Some("1234567891".into()),
            serial: Some("5F1C72E2A8931B72A2E13AF8DEE92471EB397115".into()),
            private_key: Some(testdata("merchant_private_key.pem")),
            apiv3_key: Some(apiv3),
            public_key: Some(testdata("wechat_pay_public_key.pem")),
            public_key_id: Some("PUB_KEY_ID_0114232134912410000000000000".into()),
            platform_cert: None,
        }
    }

    #[test]
    fn a_complete_configuration_loads_and_shows_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let flags = complete(dir.path());
        assert!(flags.missing().is_empty());
        let gateway = Gateway::load(&flags).unwrap();
        assert_eq!(
            gateway.client().wechatpay_serial,
            "PUB_KEY_ID_0114232134912410000000000000"
        );
        let shown = format!("{gateway:?}");
        assert!(shown.contains("1234567891"), "{shown}");
        assert!(!shown.contains("a7cde1") && !shown.contains("PRIVATE"), "{shown}");

        // Platform-certificate mode: the certificate's serial names WeChat Pay's key.
        let cert = WechatPayFlags {
            public_key: None,
            public_key_id: None,
            platform_cert: Some(testdata("wechat_pay_certificate.pem")),
            ..flags
        };
        let gateway = Gateway::load(&cert).unwrap();
        assert_eq!(
            gateway.client().wechatpay_serial,
            "440024045C4A427599D09BB4E3DE0279F2E813FD"
        );
    }

    #[test]
    fn what_is_missing_or_wrong_is_named_by_its_flag_and_nothing_secret_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let none = WechatPayFlags::default();
        assert!(!none.any());
        assert_eq!(none.missing().len(), 5);
        let no_id = WechatPayFlags {
            public_key_id: None,
            ..complete(dir.path())
        };
        assert!(no_id.any());
        assert_eq!(no_id.missing(), ["--wechatpay-public-key-id"]);

        // A key file that holds something else: the flag and the path, not the contents.
        let wrong = dir.path().join("wrong.pem");
        std::fs::write(&wrong, "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").unwrap();
        let error = Gateway::load(&WechatPayFlags {
            private_key: Some(wrong.clone()),
            ..complete(dir.path())
        })
        .unwrap_err();
        assert!(error.starts_with("--wechatpay-private-key: "), "{error}");
        assert!(!error.contains("a7cde1"), "{error}");
        let short = dir.path().join("short.key");
        std::fs::write(&short, "tooshort").unwrap();
        let error = Gateway::load(&WechatPayFlags {
            apiv3_key: Some(short),
            ..complete(dir.path())
        })
        .unwrap_err();
        assert!(error.contains("32-character") && !error.contains("tooshort"), "{error}");
        let error = Gateway::load(&WechatPayFlags {
            apiv3_key: Some(dir.path().join("absent.key")),
            ..complete(dir.path())
        })
        .unwrap_err();
        assert!(error.starts_with("--wechatpay-apiv3-key: cannot read"), "{error}");
    }
}
