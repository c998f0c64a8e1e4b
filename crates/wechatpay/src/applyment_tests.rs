//! Every situation of the requirements catalogue, as a draft the domain validates, mapped to the
//! request: each value the request carries is the answer its name points back to (through the
//! domain's `param_name` table), every sensitive one decrypts to it with WeChat Pay's key, and
//! none of them is readable in the JSON.

use onboarding_domain::{
    AdministratorType, ApplicationDraft, Bank, BankAccountType, Date, EntityType, FieldPath, IdentityDraft,
    IdentityField, ImageId, Residency, Sensitive, SettlementAccountDraft, Situation, StoreDraft, SubjectDraft,
    ValidityDraft, all_situations,
};
use serde_json::Value;

use super::*;
use crate::cipher::decrypt_sensitive;
use crate::keys::fixtures;

pub(crate) fn today() -> Date {
    Date::new(2026, 11, 25).unwrap()
}

/// A valid identity of a resident of `residency`, its photos named after `who`.
fn identity(residency: Residency, who: &str, long_term: bool) -> IdentityDraft {
    let (name, number) = match residency {
        Residency::Mainland => ("张三", "11010519491231002X"),
        Residency::HongKong => ("陈大文", "H12345678"),
        Residency::Macao => ("何小明", "M1234567801"),
        Residency::Taiwan => ("林美玲", "12345678"),
        Residency::OtherCountry => ("John Smith", "E12345678"),
    };
    IdentityDraft {
        residency: Some(residency),
        name: name.into(),
        id_number: Sensitive(number.into()),
        id_front_image: format!("img-{who}-front"),
        id_back_image: if residency == Residency::OtherCountry {
            String::new()
        } else {
            format!("img-{who}-back")
        },
        validity: ValidityDraft {
            begin: "2020-01-01".into(),
            end: if long_term { String::new() } else { "2040-01-01".into() },
            long_term,
        },
        address: format!("{who} 的地址：北京市朝阳区某某路 1 号"),
    }
}

/// A complete draft for `s`, or `None` for a situation that does not apply (a personal account,
/// or an account type the entity may not use).
pub(crate) fn draft_for(s: &Situation) -> Option<ApplicationDraft> {
    if !s.entity_type.needs_authentication() || !s.entity_type.allowed_account_types().contains(&s.account_type) {
        return None;
    }
    let enterprise = s.entity_type == EntityType::Enterprise;
    let (licence, merchant) = if enterprise {
        ("91110000600037341L", "北京某某科技有限公司")
    } else {
        ("92110105MA01234562", "张三便利店")
    };
    let legal = identity(s.residency, "legal", false);
    let mut d = ApplicationDraft {
        subject: SubjectDraft {
            licence_image: "img-licence".into(),
            licence_number: licence.into(),
            licence_number_confirmed: false,
            merchant_name: merchant.into(),
            legal_person_name: legal.name.clone(),
        },
        store: StoreDraft {
            name: "某某小店".into(),
            url: "https://shop.example.com".into(),
            qr_code_image: "img-store-qr".into(),
            short_name: "某某".into(),
        },
        ..Default::default()
    };
    d.legal_person.identity = legal.clone();
    if enterprise {
        d.legal_person.is_beneficial_owner = Some(s.legal_person_is_beneficial_owner);
        if !s.legal_person_is_beneficial_owner {
            d.legal_person.beneficial_owners = vec![
                identity(Residency::Mainland, "owner0", true),
                identity(s.residency, "owner1", false),
            ];
        }
    }
    d.super_administrator.administrator_type = Some(s.administrator_type);
    d.super_administrator.identity = match s.administrator_type {
        AdministratorType::LegalPerson => legal.clone(),
        AdministratorType::Agent => identity(s.agent_residency, "agent", true),
    };
    if s.administrator_type == AdministratorType::Agent {
        d.super_administrator.authorisation_letter_image = "img-letter".into();
    }
    d.super_administrator.mobile = Sensitive("13800138000".into());
    d.super_administrator.email = "zhangsan@example.com".into();
    let account_name = match s.account_type {
        BankAccountType::Business => merchant.to_string(),
        BankAccountType::Private => legal.name.clone(),
    };
    d.settlement_account = SettlementAccountDraft {
        account_type: Some(s.account_type),
        bank: Some(Bank::Icbc),
        city_code: "110000".into(),
        branch_name: "中国工商银行北京朝阳支行".into(),
        account_name,
        account_number: Sensitive("6222020200123456789".into()),
    };
    Some(d)
}

fn media_id(image: &ImageId) -> Option<String> {
    Some(format!("media-{image}"))
}

fn request_for(app: &Application) -> Result<ApplymentRequest, MappingError> {
    let key = fixtures::wechat_pay();
    let applyment = Applyment {
        out_request_no: "APP-0001",
        media_id,
        wechat_pay_key: &key,
    };
    applyment.request(app)
}

/// Every value of the JSON with its dotted name: `ubo_info_list[1].ubo_id_doc_name`.
fn leaves(value: &Value, name: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let child = if name.is_empty() {
                    key.clone()
                } else {
                    format!("{name}.{key}")
                };
                leaves(v, child, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{name}[{i}]"), out);
            }
        }
        leaf => out.push((name, leaf.clone())),
    }
}

/// What the request should carry for the answer at `path`: its text as typed (the drafts here are
/// typed in normal form), a photo's media id, 长期 for a document that does not expire.
fn expected(d: &ApplicationDraft, path: FieldPath) -> Option<String> {
    let text = d.text(path)?;
    let end = IdentityField::ValidityEnd;
    let is_end = matches!(path, FieldPath::Owner(_, f) if f == end)
        || [Person::LegalPerson.path(end), Person::Agent.path(end)].contains(&path);
    if is_end && text.is_empty() {
        return Some("长期".into());
    }
    if text.starts_with("img-") {
        return Some(format!("media-{text}"));
    }
    Some(text.to_string())
}

/// The encrypted fields, as `wechatpay.md` §6.1 lists them (🔒), by their bare names.
const SENSITIVE: [&str; 15] = [
    "id_card_name",
    "id_card_number",
    "id_card_address",
    "id_doc_name",
    "id_doc_number",
    "id_doc_address",
    "ubo_id_doc_name",
    "ubo_id_doc_number",
    "ubo_id_doc_address",
    "account_name",
    "account_number",
    "contact_name",
    "contact_id_card_number",
    "mobile_phone",
    "contact_email",
];

fn is_sensitive(name: &str) -> bool {
    SENSITIVE.contains(&name.rsplit('.').next().unwrap_or(name))
}

#[test]
fn every_situation_maps_each_answer_to_the_name_that_points_back_to_it() {
    let wechat_pay = fixtures::wechat_pay_private();
    let mut mapped = 0;
    for situation in all_situations() {
        // An agent's residency with a legal-person administrator, or owners of an individual
        // business, change nothing: each such situation is tried once.
        let repeats = (situation.administrator_type == AdministratorType::LegalPerson
            && situation.agent_residency != Residency::Mainland)
            || (situation.entity_type != EntityType::Enterprise && !situation.legal_person_is_beneficial_owner);
        let Some(draft) = draft_for(&situation).filter(|_| !repeats) else {
            continue;
        };
        let app = draft
            .validate(situation.entity_type, today())
            .unwrap_or_else(|e| panic!("{situation:?}: {e:?}"));
        let request = request_for(&app).unwrap();
        let json = serde_json::to_value(&request).unwrap();
        let text = json.to_string();
        let mut values = Vec::new();
        leaves(&json, String::new(), &mut values);
        let owners = draft.legal_person.beneficial_owners.len();
        for (name, value) in values {
            if ["out_request_no", "organization_type"].contains(&name.as_str()) {
                continue;
            }
            let path = FieldPath::from_wechat_param(&name, owners)
                .unwrap_or_else(|| panic!("{situation:?}: `{name}` names no answer"));
            let Value::String(sent) = value else { continue };
            let sent = if is_sensitive(&name) {
                decrypt_sensitive(&wechat_pay, &sent).unwrap_or_else(|_| panic!("{name} does not decrypt"))
            } else {
                sent
            };
            if let Some(answer) = expected(&draft, path) {
                assert_eq!(sent, answer, "{situation:?}: `{name}` is not the answer at {path}");
            }
        }
        for secret in [
            "11010519491231002X",
            "H12345678",
            "M1234567801",
            "E12345678",
            "6222020200123456789",
            "13800138000",
            "zhangsan@example.com",
            "北京市朝阳区",
        ] {
            assert!(
                !text.contains(secret),
                "{situation:?}: {secret} readable in the request"
            );
        }
        mapped += 1;
    }
    // 5 residencies × (a legal-person administrator, or an agent of 5 residencies), for an
    // enterprise with and without owners and an individual business with either account type.
    assert_eq!(mapped, 5 * 6 * (2 + 2));
}

#[test]
fn each_residency_sends_its_own_document_block() {
    for residency in Residency::ALL {
        let situation = Situation {
            entity_type: EntityType::Enterprise,
            residency,
            account_type: BankAccountType::Business,
            administrator_type: AdministratorType::LegalPerson,
            agent_residency: Residency::Mainland,
            legal_person_is_beneficial_owner: true,
        };
        let app = draft_for(&situation)
            .unwrap()
            .validate(EntityType::Enterprise, today())
            .unwrap();
        let json = serde_json::to_value(request_for(&app).unwrap()).unwrap();
        let doc = json["id_doc_type"].as_str().unwrap();
        assert_eq!(doc, residency.document().wechat_name());
        let card = residency == Residency::Mainland;
        assert_eq!(json.get("id_card_info").is_some(), card, "{residency:?}");
        assert_eq!(json.get("id_doc_info").is_some(), !card, "{residency:?}");
        // A passport has one face; every other document two.
        if residency == Residency::OtherCountry {
            assert!(json["id_doc_info"].get("id_doc_copy_back").is_none());
        }
        assert_eq!(json["contact_info"]["contact_type"], "65");
        assert_eq!(json["owner"], true);
        assert!(json.get("ubo_info_list").is_none());
        assert_eq!(json["organization_type"], "2");
        assert_eq!(json["account_info"]["bank_account_type"], "74");
        assert_eq!(json["account_info"]["account_bank"], "工商银行");
    }
}

#[test]
fn an_individual_business_with_an_agent_and_a_private_card() {
    let situation = Situation {
        entity_type: EntityType::IndividualBusiness,
        residency: Residency::Mainland,
        account_type: BankAccountType::Private,
        administrator_type: AdministratorType::Agent,
        agent_residency: Residency::OtherCountry,
        legal_person_is_beneficial_owner: true,
    };
    let app = draft_for(&situation)
        .unwrap()
        .validate(EntityType::IndividualBusiness, today())
        .unwrap();
    let json = serde_json::to_value(request_for(&app).unwrap()).unwrap();
    assert_eq!(json["organization_type"], "4");
    assert!(json.get("owner").is_none(), "only enterprises say who owns them");
    assert!(
        json["id_card_info"].get("id_card_address").is_none(),
        "only enterprises give it"
    );
    assert_eq!(json["account_info"]["bank_account_type"], "75");
    let contact = &json["contact_info"];
    assert_eq!(contact["contact_type"], "66");
    assert_eq!(contact["contact_id_doc_type"], "IDENTIFICATION_TYPE_OVERSEA_PASSPORT");
    assert_eq!(contact["contact_id_doc_copy"], "media-img-agent-front");
    assert!(contact.get("contact_id_doc_copy_back").is_none());
    assert_eq!(contact["contact_id_doc_period_end"], "长期");
    assert_eq!(contact["business_authorization_letter"], "media-img-letter");
    assert_eq!(json["sales_scene_info"]["store_qr_code"], "media-img-store-qr");
    assert_eq!(json["merchant_shortname"], "某某");
}

#[test]
fn a_photo_not_yet_uploaded_and_a_personal_account_are_refused() {
    let situation = Situation {
        entity_type: EntityType::Enterprise,
        residency: Residency::Mainland,
        account_type: BankAccountType::Business,
        administrator_type: AdministratorType::LegalPerson,
        agent_residency: Residency::Mainland,
        legal_person_is_beneficial_owner: false,
    };
    let app = draft_for(&situation)
        .unwrap()
        .validate(EntityType::Enterprise, today())
        .unwrap();
    let key = fixtures::wechat_pay();
    let missing = Applyment {
        out_request_no: "APP-0001",
        media_id: |image: &ImageId| (image.as_str() != "img-owner1-back").then(|| format!("media-{image}")),
        wechat_pay_key: &key,
    };
    assert_eq!(
        missing.request(&app).unwrap_err(),
        MappingError::NotUploaded(FieldPath::Owner(1, IdentityField::IdBack))
    );
    let personal = Application {
        entity_type: EntityType::Personal,
        ..app
    };
    assert_eq!(
        request_for(&personal).unwrap_err(),
        MappingError::NotSubmittable(EntityType::Personal)
    );
}

#[test]
fn a_sensitive_answer_is_never_sent_the_same_way_twice() {
    let situation = Situation {
        entity_type: EntityType::Enterprise,
        residency: Residency::Mainland,
        account_type: BankAccountType::Business,
        administrator_type: AdministratorType::LegalPerson,
        agent_residency: Residency::Mainland,
        legal_person_is_beneficial_owner: true,
    };
    let app = draft_for(&situation)
        .unwrap()
        .validate(EntityType::Enterprise, today())
        .unwrap();
    let (a, b) = (request_for(&app).unwrap(), request_for(&app).unwrap());
    assert_ne!(a.account_info.account_number, b.account_info.account_number);
    assert_eq!(a.out_request_no, b.out_request_no);
}
