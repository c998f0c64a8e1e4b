//! The local WeChat Pay's reading of applyments (`checks.rs`), without HTTP: every situation of
//! the requirements catalogue, as this crate maps it, is accepted, and what §6.1 requires is
//! refused when left out.

use onboarding_domain::{EntityType, ImageId, Residency, Situation, all_situations};

use super::tests::{QUICK, application, fake, situation};
use super::*;
use crate::applyment::Applyment;
use crate::applyment::tests::{draft_for, today};
use crate::keys::fixtures;

/// Every situation of the catalogue, mapped, is an applyment this WeChat Pay accepts.
#[test]
fn every_situation_of_the_catalogue_is_accepted() {
    let fake = fake(QUICK);
    let mut accepted = 0;
    for situation in all_situations() {
        let Some(draft) = draft_for(&situation) else { continue };
        let app = draft.validate(situation.entity_type, today()).unwrap();
        let mut ledger = Ledger::default();
        for (_, image) in app.images() {
            ledger.media.insert(format!("media-{image}"), String::new());
        }
        let key = fixtures::wechat_pay();
        let applyment = Applyment {
            out_request_no: "APP-6",
            media_id: |image: &ImageId| Some(format!("media-{image}")),
            wechat_pay_key: &key,
        };
        let json = serde_json::to_vec(&applyment.request(&app).unwrap()).unwrap();
        if let Err(refused) = checks::applyment(&json, &fake.keys.wechat_pay, &ledger) {
            panic!("{situation:?}: {}", String::from_utf8_lossy(&refused.body));
        }
        accepted += 1;
    }
    assert_eq!(accepted, 300);
}

/// What §6.1 requires, refused at its own field when left out; `null` refused anywhere.
#[test]
fn a_required_field_left_out_is_refused_where_it_is() {
    let fake = fake(QUICK);
    let request = |s: &Situation| {
        let app = application(s);
        let mut ledger = Ledger::default();
        for (_, image) in app.images() {
            ledger.media.insert(format!("media-{image}"), String::new());
        }
        let key = fixtures::wechat_pay();
        let applyment = Applyment {
            out_request_no: "APP-7",
            media_id: |image: &ImageId| Some(format!("media-{image}")),
            wechat_pay_key: &key,
        };
        (serde_json::to_value(applyment.request(&app).unwrap()).unwrap(), ledger)
    };
    let read = |json: &serde_json::Value, ledger: &Ledger| {
        checks::applyment(json.to_string().as_bytes(), &fake.keys.wechat_pay, ledger)
    };
    let refused_at = |json: &serde_json::Value, ledger: &Ledger| -> String {
        let refused = read(json, ledger).unwrap_err();
        let body: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
        body["detail"]["field"].as_str().unwrap_or("").to_string()
    };
    let (enterprise, ledger) = request(&situation(EntityType::Enterprise, Residency::Mainland, true));
    for pointer in [
        "/id_card_info/id_card_address",
        "/contact_info/mobile_phone",
        "/contact_info/contact_email",
        "/ubo_info_list/0/ubo_id_doc_period_end",
        "/account_info/account_number",
        "/business_license_info/business_license_copy",
        "/owner",
        "/merchant_shortname",
    ] {
        let (parent, name) = pointer.rsplit_once('/').unwrap();
        let mut json = enterprise.clone();
        json.pointer_mut(if parent.is_empty() { "" } else { parent })
            .and_then(serde_json::Value::as_object_mut)
            .unwrap()
            .remove(name);
        assert_eq!(refused_at(&json, &ledger), pointer);
    }
    let mut json = enterprise.clone();
    json["sales_scene_info"]["store_url"] = serde_json::Value::Null;
    assert_eq!(refused_at(&json, &ledger), "/sales_scene_info/store_url");
    // An individual business gives no address, and a private account is allowed to it only.
    let (business, ledger) = request(&situation(EntityType::IndividualBusiness, Residency::Mainland, false));
    let mut json = business.clone();
    json["id_card_info"].as_object_mut().unwrap().remove("id_card_address");
    assert!(read(&json, &ledger).is_ok());
    let mut private = enterprise.clone();
    private["account_info"]["bank_account_type"] = "75".into();
    let (_, ledger) = request(&situation(EntityType::Enterprise, Residency::Mainland, true));
    assert_eq!(refused_at(&private, &ledger), "/account_info/bank_account_type");
}
