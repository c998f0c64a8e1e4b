//! Jobs at the level of their claims: a worker that dies, two workers on one job, a job that
//! fails. The pipeline loop is stopped, so each test claims and performs by hand.

use std::time::Duration;

use onboarding_domain::{AccountName, ApplicationDraft, ApplicationState, EntityType};

use super::perform;
use crate::store::applications::{self, SubmitOutcome};
use crate::store::jobs::{self, JobKind};
use crate::util::now_ms;
use crate::{AppState, Config, store};

const LEASE: Duration = Duration::from_millis(100);

/// A server with its pipeline stopped, and one enterprise application submitted with `sealed`
/// (an empty draft unless a test passes something else), whose check job is due now.
async fn submitted(sealed: Option<Vec<u8>>) -> (AppState, tempfile::TempDir, String) {
    let data = tempfile::tempdir().unwrap();
    let state = AppState::open(Config::for_data_dir(data.path().join("data")))
        .await
        .unwrap();
    state.stop();
    let identity = store::accounts::identity_for(&state.db, &"a".repeat(32)).await.unwrap();
    let name: AccountName = "acme".parse().unwrap();
    let store::accounts::Created::Account(account) =
        store::accounts::create(&state.db, &identity, &name, EntityType::Enterprise, "2024-06")
            .await
            .unwrap()
    else {
        panic!("account not created");
    };
    let sealed = sealed.unwrap_or_else(|| {
        let json = serde_json::to_vec(&ApplicationDraft::default()).unwrap();
        state
            .sealer
            .seal(&json, &crate::api::application::sealed_context(&account.id))
    });
    let now = now_ms();
    let SubmitOutcome::Accepted(id) = applications::submit(&state.db, &account.id, "key-00001", &sealed, "", now, now)
        .await
        .unwrap()
    else {
        panic!("not accepted");
    };
    (state, data, id)
}

/// The same server with a short job lease (the tests' [`LEASE`], unless one needs another).
fn with_lease(state: AppState, lease: Duration) -> AppState {
    let mut config = (*state.config).clone();
    config.job_lease = lease;
    AppState {
        config: std::sync::Arc::new(config),
        ..state
    }
}

async fn state_of(state: &AppState, id: &str) -> ApplicationState {
    applications::by_id(&state.db, id).await.unwrap().unwrap().state
}

#[tokio::test]
async fn a_job_whose_worker_died_is_taken_over_after_its_lease_and_counts_once() {
    let (state, _data, id) = submitted(None).await;
    // The first worker claims the check and dies before finishing it.
    let dead = jobs::claim_due(&state.db, now_ms(), LEASE).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].kind, JobKind::WechatPay.name());
    // While its lease runs, nobody else can have the job.
    assert!(jobs::claim_due(&state.db, now_ms(), LEASE).await.unwrap().is_empty());
    tokio::time::sleep(LEASE + Duration::from_millis(20)).await;
    let taken = jobs::claim_due(&state.db, now_ms(), LEASE).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!((taken[0].id, taken[0].attempt), (dead[0].id, 2));

    // The first worker comes back to life and performs it: its claim is stale, so nothing it
    // did is kept.
    assert!(perform(&state, &dead[0]).await.unwrap().is_none());
    assert_eq!(state_of(&state, &id).await, ApplicationState::Checking);
    // The current claim performs it: the empty draft fails the check.
    assert!(perform(&state, &taken[0]).await.unwrap().is_some());
    assert_eq!(state_of(&state, &id).await, ApplicationState::Rejected);
    // Done once, for good.
    assert!(perform(&state, &taken[0]).await.unwrap().is_none());
    tokio::time::sleep(LEASE + Duration::from_millis(20)).await;
    assert!(jobs::claim_due(&state.db, now_ms(), LEASE).await.unwrap().is_empty());
    assert_eq!(jobs::next_at(&state.db).await.unwrap(), None);
}

#[tokio::test]
async fn a_restarted_server_performs_the_job_its_killed_predecessor_had_claimed() {
    let (state, data, id) = submitted(None).await;
    // Claimed, then the process is gone (kill -9): the claim is all that is left on disk.
    let claimed = jobs::claim_due(&state.db, now_ms(), LEASE).await.unwrap();
    assert_eq!(claimed.len(), 1);
    drop(state);
    let mut config = Config::for_data_dir(data.path().join("data"));
    config.job_lease = LEASE;
    let again = AppState::open(config).await.unwrap();
    let account_id = applications::by_id(&again.db, &id).await.unwrap().unwrap().account_id;
    let mut changes = again.changes.subscribe(&account_id);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while state_of(&again, &id).await == ApplicationState::Checking {
        assert!(tokio::time::Instant::now() < deadline, "the claimed check never ran");
        let _ = tokio::time::timeout(Duration::from_millis(200), changes.changed()).await;
    }
    assert_eq!(state_of(&again, &id).await, ApplicationState::Rejected);
    let attempts: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT attempts, done_at FROM jobs WHERE kind = 'wechatpay'")
            .fetch_all(&again.db)
            .await
            .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].0, 2);
    assert!(attempts[0].1.is_some());
}

#[tokio::test]
async fn a_sealed_application_that_will_not_open_fails_its_check_and_is_retried_not_passed() {
    let (state, _data, id) = submitted(Some(b"not a sealed value".to_vec())).await;
    let claimed = jobs::claim_due(&state.db, now_ms(), LEASE).await.unwrap();
    let error = perform(&state, &claimed[0]).await.unwrap_err();
    assert!(error.to_string().contains("sealed application"), "{error}");
    super::settle(&state, Ok((claimed[0].clone(), Err(error)))).await;
    assert_eq!(state_of(&state, &id).await, ApplicationState::Checking);
    let (due_at, lease, error): (i64, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT due_at, lease_until, last_error FROM jobs WHERE id = ?")
            .bind(claimed[0].id)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert!(due_at > now_ms(), "retried after a backoff");
    assert_eq!(lease, None);
    assert!(error.unwrap().contains("sealed application"));
}

#[tokio::test]
async fn an_unknown_state_in_the_database_is_an_error_not_a_canceled_application() {
    let (state, _data, id) = submitted(None).await;
    sqlx::query("UPDATE applications SET state = 'ON_HOLD' WHERE id = ?")
        .bind(&id)
        .execute(&state.db)
        .await
        .unwrap();
    let error = applications::by_id(&state.db, &id).await.unwrap_err();
    assert!(error.to_string().contains("ON_HOLD"), "{error}");
}

#[tokio::test]
async fn the_state_machine_refuses_a_move_it_does_not_allow() {
    let (state, _data, id) = submitted(None).await;
    let app = applications::by_id(&state.db, &id).await.unwrap().unwrap();
    let mut tx = state.db.begin().await.unwrap();
    // CHECKING cannot jump to FINISH.
    let refused = applications::transition(&mut tx, &app, ApplicationState::Finish, Default::default(), now_ms()).await;
    assert!(matches!(refused, Err(store::StoreError::Illegal(_))));
    drop(tx);
    assert_eq!(state_of(&state, &id).await, ApplicationState::Checking);
}

/// A job whose work panics: the panic ends its task only. The loop goes on, and the job, whose
/// lease frees it, is performed by the next attempt.
#[tokio::test]
async fn a_panicking_job_is_logged_and_the_loop_goes_on() {
    let (state, _data, id) = submitted(None).await;
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counted = attempts.clone();
    let state = with_lease(state, LEASE);
    let pipeline = tokio::spawn(super::supervise(state.clone(), move |state, job| {
        let attempt = counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            if attempt == 0 {
                panic!("a bug in a job");
            }
            perform(&state, &job).await
        }
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while state_of(&state, &id).await == ApplicationState::Checking {
        assert!(tokio::time::Instant::now() < deadline, "the job never ran again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!pipeline.is_finished(), "the loop is still running");
    pipeline.abort();
    assert_eq!(state_of(&state, &id).await, ApplicationState::Rejected);
    assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// Work that outlasts its lease (waiting for its turn under WeChat Pay's rate limits, say) keeps
/// its claim: the loop does not claim the job again while it runs, so it is done once.
///
/// Its lease is a second, renewed every third: with the other tests' 100 ms, a busy CI machine
/// once left the renewal unscheduled for longer than that, and the job was claimed again.
#[tokio::test]
async fn a_job_that_outlasts_its_lease_is_held_and_done_once() {
    let (state, _data, id) = submitted(None).await;
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counted = attempts.clone();
    let lease = Duration::from_secs(1);
    let state = with_lease(state, lease);
    let pipeline = tokio::spawn(super::supervise(state.clone(), move |state, job| {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            tokio::time::sleep(lease * 3).await;
            perform(&state, &job).await
        }
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while state_of(&state, &id).await == ApplicationState::Checking {
        assert!(tokio::time::Instant::now() < deadline, "the job never finished");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    pipeline.abort();
    assert_eq!(state_of(&state, &id).await, ApplicationState::Rejected);
    assert_eq!(
        attempts.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "claimed again while it ran"
    );
    let (claims, lease): (i64, Option<i64>) = sqlx::query_as("SELECT attempts, lease_until FROM jobs")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!((claims, lease), (1, None));
}
