//! The draft → application rules, each on a otherwise valid draft.

use crate::*;

pub(crate) fn today() -> Date {
    Date::new(2026, 11, 25).unwrap()
}

/// A complete enterprise application with a mainland legal person who is also the administrator.
pub(crate) fn enterprise_draft() -> ApplicationDraft {
    enterprise()
}

fn enterprise() -> ApplicationDraft {
    let mut d = ApplicationDraft {
        subject: SubjectDraft {
            licence_image: "img-licence".into(),
            licence_number: "91110000600037341L".into(),
            licence_number_confirmed: false,
            merchant_name: "北京某某科技有限公司".into(),
            legal_person_name: "张三".into(),
        },
        store: StoreDraft {
            name: "某某小店".into(),
            url: "https://shop.example.com".into(),
            qr_code_image: String::new(),
            short_name: "某某科技".into(),
        },
        ..Default::default()
    };
    d.legal_person.identity = IdentityDraft {
        residency: Some(Residency::Mainland),
        name: "张三".into(),
        id_number: Sensitive("11010519491231002X".into()),
        id_front_image: "img-front".into(),
        id_back_image: "img-back".into(),
        validity: ValidityDraft {
            begin: "2020-01-01".into(),
            end: "2040-01-01".into(),
            long_term: false,
        },
        address: "北京市朝阳区某某路 1 号".into(),
    };
    d.legal_person.is_beneficial_owner = Some(true);
    d.super_administrator.administrator_type = Some(AdministratorType::LegalPerson);
    d.super_administrator.identity.name = "张三".into();
    d.super_administrator.identity.id_number = Sensitive("11010519491231002x".into());
    d.super_administrator.mobile = Sensitive("13800138000".into());
    d.super_administrator.email = "zhangsan@example.com".into();
    d.settlement_account = SettlementAccountDraft {
        account_type: Some(BankAccountType::Business),
        bank: Some(Bank::Icbc),
        city_code: "110000".into(),
        branch_name: "中国工商银行北京朝阳支行".into(),
        account_name: "北京某某科技有限公司".into(),
        account_number: Sensitive("0200 0012 3456 7890".into()),
    };
    d
}

fn codes(d: &ApplicationDraft, entity: EntityType) -> Vec<(String, &'static str)> {
    match d.validate(entity, today()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| (e.path.to_string(), e.problem.code())).collect(),
    }
}

/// Where `path` is in `paths` (the validation's order); a panic if it is not there.
fn position_of(paths: &[String], path: &str) -> usize {
    paths
        .iter()
        .position(|x| x == path)
        .unwrap_or_else(|| panic!("{path} in {paths:?}"))
}

#[test]
fn a_complete_enterprise_application_is_valid() {
    let a = enterprise().validate(EntityType::Enterprise, today()).unwrap();
    assert_eq!(a.super_administrator.id_number.as_str(), "11010519491231002X");
    assert_eq!(a.settlement_account.account_number.as_str(), "0200001234567890");
    assert_eq!(
        a.legal_person.beneficial_ownership,
        Some(BeneficialOwnership::LegalPersonIsOwner)
    );
}

#[test]
fn an_empty_draft_lists_every_required_answer() {
    let errors = ApplicationDraft::default()
        .validate(EntityType::Enterprise, today())
        .unwrap_err();
    let paths: Vec<String> = errors.iter().map(|e| e.path.to_string()).collect();
    for expected in [
        "subject.licence_image",
        "subject.licence_number",
        "legal_person.residency",
        "settlement_account.account_number",
        "store.url",
    ] {
        assert!(
            paths.contains(&expected.to_string()),
            "{expected} missing from {paths:?}"
        );
    }
    // Until the residency is chosen the document is unknown and the form asks nothing else
    // about it, so nothing else about it is listed.
    assert!(!paths.iter().any(|p| p.starts_with("legal_person.id_")), "{paths:?}");
    let mut d = ApplicationDraft::default();
    d.legal_person.identity.residency = Some(Residency::Mainland);
    let paths: Vec<String> = codes(&d, EntityType::Enterprise).into_iter().map(|(p, _)| p).collect();
    for expected in [
        "legal_person.name",
        "legal_person.id_number",
        "legal_person.id_back_image",
    ] {
        assert!(
            paths.contains(&expected.to_string()),
            "{expected} missing from {paths:?}"
        );
    }
    // In the form's order, which is the error summary's: photos, then name and number; the
    // agent's document before the administrator's mobile and email.
    let position = |p: &str| position_of(&paths, p);
    assert!(position("legal_person.id_front_image") < position("legal_person.id_back_image"));
    assert!(position("legal_person.id_back_image") < position("legal_person.name"));
    assert!(position("legal_person.name") < position("legal_person.id_number"));
    d.super_administrator.administrator_type = Some(AdministratorType::Agent);
    d.super_administrator.identity.residency = Some(Residency::Mainland);
    let paths: Vec<String> = codes(&d, EntityType::Enterprise).into_iter().map(|(p, _)| p).collect();
    assert!(
        position_of(&paths, "super_administrator.authorisation_letter_image")
            < position_of(&paths, "super_administrator.mobile")
    );
}

#[test]
fn enterprises_need_a_business_account_in_the_company_name() {
    let mut d = enterprise();
    d.settlement_account.account_type = Some(BankAccountType::Private);
    d.settlement_account.account_name = "张三".into();
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("settlement_account.account_type".into(), "account_type_not_allowed")]
    );

    let mut d = enterprise();
    d.settlement_account.account_name = "北京某某贸易有限公司".into();
    let errors = d.validate(EntityType::Enterprise, today()).unwrap_err();
    assert_eq!(
        errors[0].problem.message(Locale::En),
        "A business account must be in the company's name: 北京某某科技有限公司"
    );
}

#[test]
fn individual_businesses_may_use_the_operators_own_card() {
    let mut d = enterprise();
    d.subject.licence_number = "92110000600037341X".into();
    d.subject.merchant_name = "个体户张三".into();
    d.settlement_account.account_type = Some(BankAccountType::Private);
    d.settlement_account.account_name = "张三".into();
    // Pick the check character that makes the code valid, so only the rules under test apply.
    let first17 = &d.subject.licence_number[..17];
    let check = crate::ids::credit_code::check_character(first17.as_bytes()) as char;
    d.subject.licence_number = format!("{first17}{check}");
    assert_eq!(codes(&d, EntityType::IndividualBusiness), []);

    d.settlement_account.account_name = "李四".into();
    assert_eq!(
        codes(&d, EntityType::IndividualBusiness),
        [("settlement_account.account_name".into(), "private_account_holder")]
    );

    d.settlement_account.account_name = "张三".into();
    d.subject.merchant_name = "张三小吃有限公司".into();
    assert_eq!(
        codes(&d, EntityType::IndividualBusiness),
        [("subject.merchant_name".into(), "company_suffix")]
    );
}

#[test]
fn credit_code_category_must_match_the_entity() {
    let d = enterprise();
    assert_eq!(
        codes(&d, EntityType::IndividualBusiness),
        [
            ("subject.licence_number".into(), "not_individual_business_code"),
            ("subject.merchant_name".into(), "company_suffix")
        ]
    );
}

#[test]
fn a_failing_check_character_needs_the_explicit_confirmation() {
    let mut d = enterprise();
    d.subject.licence_number = "91110000600037341M".into();
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("subject.licence_number".into(), "check_character_unconfirmed")]
    );
    d.subject.licence_number_confirmed = true;
    let a = d.validate(EntityType::Enterprise, today()).unwrap();
    assert!(matches!(a.subject.licence_number, LicenceNumber::ConfirmedAsShown(_)));
    // The confirmation never excuses a format error.
    d.subject.licence_number = "9111000060003734IL".into();
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("subject.licence_number".into(), "character")]
    );
}

#[test]
fn legacy_registration_numbers_are_accepted() {
    let mut d = enterprise();
    d.subject.licence_number = "110108000000016".into();
    assert!(matches!(
        d.validate(EntityType::Enterprise, today())
            .unwrap()
            .subject
            .licence_number,
        LicenceNumber::Registration(_)
    ));
}

#[test]
fn a_legal_person_administrator_must_be_the_legal_person() {
    let mut d = enterprise();
    d.super_administrator.identity.name = "李四".into();
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("super_administrator.name".into(), "administrator_is_not_legal_person")]
    );
}

#[test]
fn an_agent_needs_their_own_document_and_a_letter() {
    let mut d = enterprise();
    d.super_administrator.administrator_type = Some(AdministratorType::Agent);
    d.super_administrator.identity.name = "李四".into();
    let paths: Vec<_> = codes(&d, EntityType::Enterprise).into_iter().map(|(p, _)| p).collect();
    assert!(paths.contains(&"super_administrator.residency".to_string()));
    assert!(paths.contains(&"super_administrator.authorisation_letter_image".to_string()));

    d.super_administrator.identity = IdentityDraft {
        residency: Some(Residency::OtherCountry),
        name: "John Smith".into(),
        id_number: Sensitive("E12345678".into()),
        id_front_image: "img-passport".into(),
        // Left over from an earlier choice: passports have no back, so it is ignored.
        id_back_image: String::new(),
        validity: ValidityDraft {
            begin: "2022-03-01".into(),
            end: String::new(),
            long_term: true,
        },
        address: String::new(),
    };
    d.super_administrator.authorisation_letter_image = "img-letter".into();
    let a = d.validate(EntityType::Enterprise, today()).unwrap();
    assert_eq!(a.super_administrator.administrator_type(), AdministratorType::Agent);
}

#[test]
fn validity_periods() {
    let mut d = enterprise();
    d.legal_person.identity.validity.end = "2019-01-01".into();
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("legal_person.validity_end".into(), "validity_order")]
    );
    d.legal_person.identity.validity = ValidityDraft {
        begin: "2000-01-01".into(),
        end: "2020-01-01".into(),
        long_term: false,
    };
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("legal_person.validity_end".into(), "expired")]
    );
    d.legal_person.identity.validity = ValidityDraft {
        begin: "2030-01-01".into(),
        end: String::new(),
        long_term: true,
    };
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("legal_person.validity_begin".into(), "validity_not_started")]
    );
    d.legal_person.identity.validity = ValidityDraft {
        begin: "2020-02-30".into(),
        end: String::new(),
        long_term: true,
    };
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("legal_person.validity_begin".into(), "no_such_day")]
    );
}

#[test]
fn residency_decides_the_number_format_and_photos() {
    let mut d = enterprise();
    d.legal_person.identity.residency = Some(Residency::HongKong);
    assert_eq!(
        codes(&d, EntityType::Enterprise)[0],
        ("legal_person.id_number".into(), "prefix")
    );
    d.legal_person.identity.id_number = Sensitive("M12345678".into());
    d.super_administrator.identity.id_number = Sensitive("M12345678".into());
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("legal_person.id_number".into(), "wrong_region")]
    );
    d.legal_person.identity.residency = Some(Residency::Macao);
    assert_eq!(codes(&d, EntityType::Enterprise), []);
}

#[test]
fn hidden_answers_are_kept_but_not_checked() {
    let mut d = enterprise();
    // Owners typed, then "the legal person is the owner" chosen again: the list is hidden.
    d.legal_person.beneficial_owners = vec![IdentityDraft {
        residency: Some(Residency::Mainland),
        name: "x".into(),
        ..Default::default()
    }];
    assert_eq!(codes(&d, EntityType::Enterprise), []);
    d.legal_person.is_beneficial_owner = Some(false);
    let paths: Vec<_> = codes(&d, EntityType::Enterprise).into_iter().map(|(p, _)| p).collect();
    assert!(
        paths.contains(&"legal_person.beneficial_owners[0].name".to_string()),
        "{paths:?}"
    );
    // An individual business is never asked about address or owners.
    d.legal_person.identity.address = String::new();
    d.subject.merchant_name = "个体户张三".into();
    let first17 = "92110000600037341";
    let check = crate::ids::credit_code::check_character(first17.as_bytes()) as char;
    d.subject.licence_number = format!("{first17}{check}");
    d.settlement_account.account_name = "个体户张三".into();
    assert_eq!(codes(&d, EntityType::IndividualBusiness), []);
}

#[test]
fn too_many_beneficial_owners() {
    let mut d = enterprise();
    d.legal_person.is_beneficial_owner = Some(false);
    d.legal_person.beneficial_owners = vec![d.legal_person.identity.clone(); 5];
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("legal_person.beneficial_owners".into(), "too_many_beneficial_owners")]
    );
    d.legal_person.beneficial_owners.truncate(2);
    assert_eq!(codes(&d, EntityType::Enterprise), []);
}

#[test]
fn the_store_needs_an_address_or_a_qr_code() {
    let mut d = enterprise();
    d.store.url = String::new();
    assert_eq!(
        codes(&d, EntityType::Enterprise),
        [("store.url".into(), "store_link_missing")]
    );
    d.store.qr_code_image = "img-qr".into();
    assert_eq!(codes(&d, EntityType::Enterprise), []);
}

#[test]
fn every_error_has_a_message_in_both_languages() {
    let errors = ApplicationDraft::default()
        .validate(EntityType::Enterprise, today())
        .unwrap_err();
    for e in errors {
        for l in Locale::ALL {
            let report = e.report(l);
            assert!(!report.message.is_empty() && report.code == e.problem.code());
        }
        assert_ne!(e.problem.message(Locale::En), e.problem.message(Locale::ZhCn));
    }
}

#[test]
fn a_changed_settlement_account_follows_the_same_rules() {
    let d = enterprise();
    let mut account = d.settlement_account.clone();
    account.account_number = Sensitive("6222 0202 0011 2233".into());
    let ok = d
        .validate_settlement_account(&account, EntityType::Enterprise, today())
        .unwrap();
    assert_eq!(ok.account_number.as_str(), "6222020200112233");

    account.account_name = "张三".into();
    account.account_type = Some(BankAccountType::Private);
    let errors = d
        .validate_settlement_account(&account, EntityType::Enterprise, today())
        .unwrap_err();
    let codes: Vec<_> = errors.iter().map(|e| e.problem.code()).collect();
    assert_eq!(codes, ["account_type_not_allowed"]);

    account.account_type = Some(BankAccountType::Business);
    account.account_number = Sensitive("12".into());
    let errors = d
        .validate_settlement_account(&account, EntityType::Enterprise, today())
        .unwrap_err();
    let mut paths: Vec<_> = errors.iter().map(|e| e.path.to_string()).collect();
    paths.sort();
    assert_eq!(
        paths,
        ["settlement_account.account_name", "settlement_account.account_number"]
    );
}

/// An agent with a passport (one face) and a letter, an owner with an ID card (two faces), and a
/// store with both a URL and a QR code: every photo is listed once, at the answer that holds it.
#[test]
fn every_submitted_photo_is_listed_at_its_answer() {
    let mut d = enterprise();
    d.store.qr_code_image = "img-qr".into();
    d.super_administrator.administrator_type = Some(AdministratorType::Agent);
    d.super_administrator.identity = IdentityDraft {
        residency: Some(Residency::OtherCountry),
        name: "John Smith".into(),
        id_number: Sensitive("E12345678".into()),
        id_front_image: "img-passport".into(),
        id_back_image: "img-ignored".into(),
        validity: ValidityDraft {
            begin: "2022-03-01".into(),
            end: String::new(),
            long_term: true,
        },
        address: String::new(),
    };
    d.super_administrator.authorisation_letter_image = "img-letter".into();
    d.legal_person.is_beneficial_owner = Some(false);
    d.legal_person.beneficial_owners = vec![IdentityDraft {
        name: "李四".into(),
        id_number: Sensitive("110101198001011232".into()),
        id_front_image: "img-owner-front".into(),
        id_back_image: "img-owner-back".into(),
        ..d.legal_person.identity.clone()
    }];
    let a = d.validate(EntityType::Enterprise, today()).unwrap();
    let images = a.images();
    let listed: Vec<(String, &str)> = images.iter().map(|(p, id)| (p.to_string(), id.as_str())).collect();
    for (path, id) in &images {
        assert_eq!(d.text(*path), Some(id.as_str()), "{path}");
    }
    let mut ids: Vec<&str> = listed.iter().map(|(_, id)| *id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "img-back",
            "img-front",
            "img-letter",
            "img-licence",
            "img-owner-back",
            "img-owner-front",
            "img-passport",
            "img-qr"
        ],
        "{listed:?}"
    );
}
