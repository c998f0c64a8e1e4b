//! Reading applications back: numbers out of their range, and the remittance memo's index.

use super::*;

async fn account(db: &SqlitePool, tag: char, name: &str) -> String {
    let identity = crate::store::accounts::identity_for(db, &tag.to_string().repeat(32))
        .await
        .unwrap();
    let name: onboarding_domain::AccountName = name.parse().unwrap();
    match crate::store::accounts::create(
        db,
        &identity,
        &name,
        onboarding_domain::EntityType::Enterprise,
        "2024-06",
    )
    .await
    .unwrap()
    {
        crate::store::accounts::Created::Account(account) => account.id,
        _ => panic!("account not created"),
    }
}

/// The memo alone finds the application a transfer is for, so no two applications waiting
/// for one may share it: the index refuses the second (and the step that drew it is retried
/// with a new one). Once an application has moved on, its old memo is free again.
#[tokio::test]
async fn two_applications_waiting_for_a_transfer_never_share_a_memo() {
    let data = tempfile::tempdir().unwrap();
    let db = crate::db::open(data.path()).await.unwrap();
    let mut ids = Vec::new();
    for (tag, name) in [('d', "acme"), ('e', "globex")] {
        let account_id = account(&db, tag, name).await;
        let SubmitOutcome::Accepted(id) = submit(&db, &account_id, "key-00001", b"sealed", "", 0, 0)
            .await
            .unwrap()
        else {
            panic!("not accepted");
        };
        ids.push(id);
    }
    let wait_with = |id: &str| {
        sqlx::query("UPDATE applications SET state = 'ACCOUNT_NEED_VERIFY', remark = 'A1B2C3D4E5' WHERE id = ?")
            .bind(id.to_string())
    };
    wait_with(&ids[0]).execute(&db).await.unwrap();
    let second = wait_with(&ids[1]).execute(&db).await;
    assert!(second.is_err_and(|e| e.to_string().contains("UNIQUE")));
    sqlx::query("UPDATE applications SET state = 'AUDITING' WHERE id = ?")
        .bind(&ids[0])
        .execute(&db)
        .await
        .unwrap();
    wait_with(&ids[1]).execute(&db).await.unwrap();
}

/// A stored number outside what it can be (a negative amount, a version of 0) makes the
/// row unreadable: it is never wrapped into a large one.
#[tokio::test]
async fn numbers_out_of_their_range_do_not_read() {
    let data = tempfile::tempdir().unwrap();
    let db = crate::db::open(data.path()).await.unwrap();
    let account_id = account(&db, 'c', "acme").await;
    let SubmitOutcome::Accepted(id) = submit(&db, &account_id, "key-00001", b"sealed", "", 0, 0)
        .await
        .unwrap()
    else {
        panic!("not accepted");
    };
    assert!(by_id(&db, &id).await.unwrap().is_some());
    for tamper in [
        "pay_amount = -1",
        "pay_amount = 4294967296",
        "version = 0",
        "round = -3",
    ] {
        sqlx::query(&format!("UPDATE applications SET {tamper}"))
            .execute(&db)
            .await
            .unwrap();
        assert!(by_id(&db, &id).await.is_err(), "{tamper}");
        sqlx::query("UPDATE applications SET pay_amount = NULL, version = 1, round = 1")
            .execute(&db)
            .await
            .unwrap();
    }
}
