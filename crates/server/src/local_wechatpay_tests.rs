//! The sandbox's local WeChat Pay, reached as the server reaches it: through its client, over
//! loopback HTTP; and its ledger found again after a restart.

use crate::{AppState, Config};
use onboarding_wechatpay::{Failure, SendError};

async fn sandbox(data: &std::path::Path) -> AppState {
    AppState::open(Config::for_data_dir(data.join("data"))).await.unwrap()
}

#[tokio::test]
async fn the_client_reaches_it_and_its_ledger_survives_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let state = sandbox(data.path()).await;
    let client = state.gateway.as_ref().unwrap().client();
    // Signed, verified both ways: an unknown applyment is WeChat Pay's own refusal.
    match client.query("APP-NONE").await {
        Err(SendError::Answered(Failure::Refused { status: 404, code, .. })) => {
            assert_eq!(code, "RESOURCE_NOT_EXISTS");
        }
        other => panic!("{other:?}"),
    }
    let media_id = client.upload_image("licence.png", b"\x89PNG licence").await.unwrap();
    state.stop();

    let again = sandbox(data.path()).await;
    let ledger = again.local_wechatpay.as_ref().unwrap().ledger.lock().await;
    assert!(ledger.media.contains_key(&media_id), "kept across the restart");
    drop(ledger);
    // The same keys: the new client is trusted by the old ledger's WeChat Pay, and the key files
    // are the owner's only.
    let client = again.gateway.as_ref().unwrap().client();
    assert!(client.upload_image("back.png", b"\x89PNG back").await.is_ok());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = data.path().join("data/sandbox-wechatpay/merchant_private_key.pem");
        assert_eq!(std::fs::metadata(key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Sealed at rest: the database does not carry the ledger in clear.
    let db = std::fs::read(data.path().join("data/onboarding.sqlite3")).unwrap();
    let wal = std::fs::read(data.path().join("data/onboarding.sqlite3-wal")).unwrap_or_default();
    for haystack in [db, wal] {
        assert!(!haystack.windows(media_id.len()).any(|w| w == media_id.as_bytes()));
    }
}
