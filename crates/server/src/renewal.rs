//! Platform-certificate mode: WeChat Pay's certificates kept current. WeChat Pay replaces its
//! certificate before it expires and starts signing with the new one; a client that only knows
//! the configured certificate would then trust nothing. So at start and every hour (as the
//! official SDKs' auto-updating certificate services do) the server downloads the list
//! (`GET /v3/certificates`), trusts every certificate on it besides the configured one, and
//! encrypts to the newest.

use std::time::Duration;

use onboarding_wechatpay::certificates::newest;
use onboarding_wechatpay::{Client, PrivateKey, PublicKey, Signer, Verifier};

use crate::AppState;
use crate::gateway::Gateway;

/// How often the list is downloaded.
pub const EVERY: Duration = Duration::from_secs(3_600);

/// What building the client again takes, read from the flags' files at start. Holds secrets:
/// no `Debug`.
pub struct Renewal {
    pub private_key: String,
    pub apiv3_key: String,
    /// The PEM of `--wechatpay-platform-cert`, trusted whatever the list says.
    pub configured: String,
}

impl Gateway {
    /// Downloads WeChat Pay's certificates and replaces the client with one that trusts them
    /// and encrypts to the newest. The serial encrypted to afterwards; `None` outside
    /// certificate mode.
    pub async fn renew(&self) -> Result<Option<String>, String> {
        let Some(renewal) = &self.renewal else {
            return Ok(None);
        };
        let client = self.client();
        let listed = client
            .certificates(renewal.apiv3_key.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let serial = newest(&listed)
            .map(|c| c.key.id.clone())
            .ok_or("no certificate listed")?;
        let configured = PublicKey::from_certificate_pem(&renewal.configured).map_err(|e| e.to_string())?;
        let mut keys: Vec<PublicKey> = listed.into_iter().map(|c| c.key).collect();
        if !keys.iter().any(|k| k.id == configured.id) {
            keys.push(configured);
        }
        let signer = Signer {
            mchid: client.signer.mchid.clone(),
            serial: client.signer.serial.clone(),
            key: PrivateKey::from_pem(&renewal.private_key).map_err(|e| e.to_string())?,
        };
        let mut renewed = Client::new(client.base_url(), signer, Verifier::new(keys), serial.clone());
        renewed.paces = client.paces.clone();
        renewed.clock = client.clock;
        self.replace(renewed);
        Ok(Some(serial))
    }
}

/// Renews at start and every [`EVERY`]; a failed download keeps the keys there are, and is
/// tried again next time.
pub async fn run(state: AppState) {
    let Some(gateway) = state.gateway.clone().filter(|g| g.renewal.is_some()) else {
        return;
    };
    let mut known = gateway.client().wechatpay_serial.clone();
    loop {
        match gateway.renew().await {
            Ok(Some(serial)) if serial != known => {
                tracing::info!(%serial, before = %known, "WeChat Pay's platform certificate renewed");
                known = serial;
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "cannot download WeChat Pay's platform certificates"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

#[cfg(test)]
#[path = "renewal_tests.rs"]
mod tests;
