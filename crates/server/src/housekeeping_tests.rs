//! The sweep of photos nobody names, on a stopped server: what it removes, what it keeps, rows
//! stored before photos were recorded, and a removal cut short.

use onboarding_domain::{AccountName, ApplicationDraft, EntityType, ImageHeader, ImageType};

use super::{UNNAMED_PHOTO_LIFETIME, sweep};
use crate::api::application::sealed_context;
use crate::api::drafts::context;
use crate::store::{self, applications, images};
use crate::util::{after, now_ms};
use crate::{AppState, Config, sealed_draft};

const HOUR_MS: i64 = 3_600_000;

struct Fixture {
    state: AppState,
    _data: tempfile::TempDir,
    account_id: String,
}

async fn fixture() -> Fixture {
    let data = tempfile::tempdir().unwrap();
    let state = AppState::open(Config::for_data_dir(data.path().join("data")))
        .await
        .unwrap();
    state.stop();
    let identity = store::accounts::identity_for(&state.db, &"b".repeat(32)).await.unwrap();
    let name: AccountName = "acme".parse().unwrap();
    let store::accounts::Created::Account(account) =
        store::accounts::create(&state.db, &identity, &name, EntityType::Enterprise, "2024-06")
            .await
            .unwrap()
    else {
        panic!("account not created");
    };
    Fixture {
        state,
        _data: data,
        account_id: account.id,
    }
}

impl Fixture {
    /// A photo of the account, uploaded at `at`, with its (sealed) file.
    async fn photo(&self, id: &str, at: i64) {
        let header = ImageHeader {
            image_type: ImageType::Png,
            width: 800,
            height: 600,
        };
        images::insert(&self.state.db, id, &self.account_id, &"0".repeat(64), &header, 10, at)
            .await
            .unwrap();
        let dir = self.state.config.data_dir.join("images");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(id), b"sealed").unwrap();
    }

    /// Whether the photo is still there for its owner, and its file on disk.
    async fn kept(&self, id: &str) -> bool {
        let row = images::owned(&self.state.db, id, &self.account_id)
            .await
            .unwrap()
            .is_some();
        let file = self.state.config.data_dir.join("images").join(id).exists();
        assert_eq!(row, file, "{id}: the row and the file go together");
        row
    }

    async fn save_draft(&self, draft: &ApplicationDraft) {
        let version = store::drafts::get(&self.state.db, &self.account_id)
            .await
            .unwrap()
            .map_or(0, |d| d.version);
        let sealed = sealed_draft::seal(&self.state.sealer, draft, &context(&self.account_id));
        let photos = images::named(draft);
        let now = now_ms();
        let saved = store::drafts::put(&self.state.db, &self.account_id, version, &sealed, &photos, now, now);
        assert!(saved.await.unwrap());
    }
}

fn draft_naming(licence: &str, owner_front: &str) -> ApplicationDraft {
    let mut d = ApplicationDraft::default();
    d.subject.licence_image = licence.into();
    d.legal_person.beneficial_owners = vec![Default::default()];
    d.legal_person.beneficial_owners[0].id_front_image = owner_front.into();
    d
}

fn id(tag: char) -> String {
    tag.to_string().repeat(32)
}

#[tokio::test]
async fn a_photo_nothing_names_is_removed_a_day_after_its_upload() {
    let f = fixture().await;
    let now = now_ms();
    let day_ago = now - UNNAMED_PHOTO_LIFETIME.as_millis() as i64 - HOUR_MS;
    for tag in ['a', 'b', 'c', 'd', 'e'] {
        f.photo(&id(tag), day_ago).await;
    }
    f.photo(&id('f'), now - HOUR_MS).await;
    // The draft names a (the licence) and b (a beneficial owner's, on no page right now); the
    // application names c; d and e are named by nothing; f is too recent to judge.
    f.save_draft(&draft_naming(&id('a'), &id('b'))).await;
    let submitted = sealed_draft::seal(
        &f.state.sealer,
        &draft_naming(&id('c'), ""),
        &sealed_context(&f.account_id),
    );
    applications::submit(&f.state.db, &f.account_id, "key-00001", &submitted, &id('c'), now, now)
        .await
        .unwrap();

    assert_eq!(sweep(&f.state, now).await.unwrap(), 2);
    for (tag, kept) in [
        ('a', true),
        ('b', true),
        ('c', true),
        ('d', false),
        ('e', false),
        ('f', true),
    ] {
        assert_eq!(f.kept(&id(tag)).await, kept, "{tag}");
    }
    // The applicant replaces the licence photo: the old one goes at the next sweep.
    f.save_draft(&draft_naming(&id('f'), &id('b'))).await;
    assert_eq!(sweep(&f.state, now).await.unwrap(), 1);
    assert!(!f.kept(&id('a')).await);
    assert!(f.kept(&id('b')).await && f.kept(&id('c')).await && f.kept(&id('f')).await);
    assert_eq!(sweep(&f.state, after(now, UNNAMED_PHOTO_LIFETIME)).await.unwrap(), 0);
}

#[tokio::test]
async fn rows_stored_before_photos_were_recorded_are_read_once_and_keep_theirs() {
    let f = fixture().await;
    let now = now_ms();
    let day_ago = now - UNNAMED_PHOTO_LIFETIME.as_millis() as i64 - HOUR_MS;
    for tag in ['a', 'b'] {
        f.photo(&id(tag), day_ago).await;
    }
    f.save_draft(&draft_naming(&id('a'), "")).await;
    // As an older server wrote it: no photos beside the sealed draft.
    sqlx::query("UPDATE drafts SET image_ids = NULL")
        .execute(&f.state.db)
        .await
        .unwrap();

    assert_eq!(sweep(&f.state, now).await.unwrap(), 1);
    assert!(f.kept(&id('a')).await);
    assert!(!f.kept(&id('b')).await);
    let recorded: Option<String> = sqlx::query_scalar("SELECT image_ids FROM drafts")
        .fetch_one(&f.state.db)
        .await
        .unwrap();
    assert_eq!(recorded, Some(id('a')));
}

#[tokio::test]
async fn a_row_that_will_not_open_keeps_every_photo_of_its_account() {
    let f = fixture().await;
    let now = now_ms();
    f.photo(&id('a'), now - 2 * UNNAMED_PHOTO_LIFETIME.as_millis() as i64)
        .await;
    f.save_draft(&ApplicationDraft::default()).await;
    sqlx::query("UPDATE drafts SET image_ids = NULL, sealed = x'00'")
        .execute(&f.state.db)
        .await
        .unwrap();

    assert_eq!(sweep(&f.state, now).await.unwrap(), 0);
    assert!(f.kept(&id('a')).await);
    let recorded: Option<String> = sqlx::query_scalar("SELECT image_ids FROM drafts")
        .fetch_one(&f.state.db)
        .await
        .unwrap();
    assert_eq!(recorded.as_deref(), Some(images::UNKNOWN));
}

#[tokio::test]
async fn a_photo_named_after_it_was_picked_is_not_removed() {
    let f = fixture().await;
    let now = now_ms();
    f.photo(&id('a'), now - 2 * UNNAMED_PHOTO_LIFETIME.as_millis() as i64)
        .await;
    let cutoff = now - UNNAMED_PHOTO_LIFETIME.as_millis() as i64;
    assert_eq!(
        images::unnamed_before(&f.state.db, cutoff, 10).await.unwrap(),
        [id('a')]
    );
    // A draft restored on another device names it again before the removal begins.
    f.save_draft(&draft_naming(&id('a'), "")).await;
    assert!(!images::begin_removal(&f.state.db, &id('a'), now).await.unwrap());
    assert!(f.kept(&id('a')).await);
}

#[tokio::test]
async fn a_removal_cut_short_is_gone_for_readers_and_finished_by_the_next_sweep() {
    let f = fixture().await;
    let now = now_ms();
    f.photo(&id('a'), now - 2 * UNNAMED_PHOTO_LIFETIME.as_millis() as i64)
        .await;
    assert!(images::begin_removal(&f.state.db, &id('a'), now).await.unwrap());
    // The process died here: the file and the row are still there, but nobody may use it.
    assert!(
        images::owned(&f.state.db, &id('a'), &f.account_id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(f.state.config.data_dir.join("images").join(id('a')).exists());

    assert_eq!(sweep(&f.state, now).await.unwrap(), 1);
    assert!(!f.state.config.data_dir.join("images").join(id('a')).exists());
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM images")
        .fetch_one(&f.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 0);
}
