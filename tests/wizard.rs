//! Component tests of the authentication wizard in headless Chromium: the conditional fields for
//! every residency and entity type, the error summary and its focus, and the photo upload's
//! states. Each step is mounted alone over a draft, with no server behind it.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use onboarding_app::pages::apply::{account, administrator, check, legal_person, subject};
use onboarding_app::state::Wizard;
use onboarding_domain::{AdministratorType, ApplicationDraft, EntityType, Locale, Residency, Sensitive};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

use support::{click, exists, find, settle, text};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts one step over `draft`, in English, and hands back the wizard's state.
fn mount(entity: EntityType, draft: ApplicationDraft, step: fn() -> AnyView) -> Wizard {
    mount_after(entity, draft, |_| {}, step)
}

/// As `mount`, with the wizard's state prepared first (as an earlier page left it).
fn mount_after(entity: EntityType, draft: ApplicationDraft, before: fn(Wizard), step: fn() -> AnyView) -> Wizard {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item("onboarding.session", "test-session")
        .unwrap();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    support::mount("en", move || {
        let wizard = Wizard::new(entity, draft.clone());
        before(wizard);
        provide_context(wizard);
        out.set(Some(wizard));
        step()
    });
    slot.get().expect("mounted")
}

fn legal_person_step() -> AnyView {
    view! { <legal_person::LegalPersonStep/> }.into_any()
}

fn administrator_step() -> AnyView {
    view! { <administrator::AdministratorStep/> }.into_any()
}

fn account_step() -> AnyView {
    view! { <account::AccountStep/> }.into_any()
}

fn subject_step() -> AnyView {
    view! { <subject::SubjectStep/> }.into_any()
}

fn check_page() -> AnyView {
    view! { <check::Check/> }.into_any()
}

/// Submitting from the check page with answers missing or wrong lists each one, linked to its
/// answer on its step, and marks its row and its step.
#[wasm_bindgen_test]
async fn the_check_page_says_which_answers_are_wrong() {
    let mut draft = ApplicationDraft::default();
    draft.subject.licence_number = "91350100M000100Y44".into(); // check character fails
    mount(EntityType::Enterprise, draft, check_page);
    settle().await;
    click("#declaration");
    click("#submit");
    settle().await;
    let summary = find(".error-summary").expect("a summary");
    let hrefs: Vec<String> = {
        let links = summary.query_selector_all("a").unwrap();
        (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|a| a.unchecked_into::<web_sys::Element>().get_attribute("href"))
            .collect()
    };
    assert!(
        hrefs.contains(&"/apply/subject?return=check#subject-licence_number".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("/apply/settlement-account?return=check#")),
        "{hrefs:?}"
    );
    assert!(exists(".summary-row.has-error .field-error"), "the wrong row is marked");
}

/// Arriving at a step from a link to one of its answers (the check page's summary), the step's
/// own summary of an earlier attempt does not take the focus the link gave the answer; arriving
/// without one, it does.
#[wasm_bindgen_test]
async fn arriving_at_an_answer_the_summary_leaves_the_focus_to_it() {
    /// Mounts the subject step after an attempt that left errors, at `url`, and returns the
    /// class of the focused element once the page has settled.
    async fn arrive_at(url: &str) -> String {
        fn earlier_attempt(w: Wizard) {
            w.attempted.set(vec![onboarding_domain::Step::Subject]);
            w.attempts.set(1);
        }
        let history = window().history().unwrap();
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            .unwrap();
        mount_after(
            EntityType::Enterprise,
            ApplicationDraft::default(),
            earlier_attempt,
            subject_step,
        );
        settle().await;
        onboarding_app::api::sleep(50).await;
        document().active_element().map(|e| e.class_name()).unwrap_or_default()
    }
    let focused = arrive_at("#subject-licence_number").await;
    assert!(exists(".error-summary"));
    assert!(!focused.contains("error-summary"), "the summary took the focus");

    let focused = arrive_at(&window().location().pathname().unwrap()).await;
    assert!(
        focused.contains("error-summary"),
        "without an answer named, the summary takes it: {focused}"
    );
}

/// On the check page, "Change" for an answer the rules copy from another (a legal-person
/// administrator's name, the account holder) leads to that other answer, which can be changed.
#[wasm_bindgen_test]
async fn change_for_a_copied_answer_leads_to_where_it_is_copied_from() {
    let mut draft = ApplicationDraft::default();
    draft.subject.merchant_name = "北京某某科技有限公司".into();
    draft.legal_person.identity.residency = Some(Residency::Mainland);
    draft.legal_person.identity.name = "张三".into();
    draft.super_administrator.administrator_type = Some(onboarding_domain::AdministratorType::LegalPerson);
    mount(EntityType::Enterprise, draft, check_page);
    settle().await;
    let change = |text: &str| {
        let links = document().query_selector_all("#test-root .summary-row").unwrap();
        (0..links.length())
            .filter_map(|i| links.item(i))
            .map(|row| row.unchecked_into::<web_sys::Element>())
            .find(|row| {
                row.query_selector("dt")
                    .unwrap()
                    .and_then(|dt| dt.text_content())
                    .as_deref()
                    == Some(text)
            })
            .and_then(|row| row.query_selector(".change a").unwrap())
            .and_then(|a| a.get_attribute("href"))
    };
    assert_eq!(
        change("Super administrator's name").as_deref(),
        Some("/apply/legal-person?return=check#legal_person-name")
    );
    assert_eq!(
        change("Account name").as_deref(),
        Some("/apply/subject?return=check#subject-merchant_name")
    );
    assert_eq!(
        change("Mobile number").as_deref(),
        Some("/apply/super-administrator?return=check#super_administrator-mobile")
    );
}

#[wasm_bindgen_test]
async fn residency_decides_the_document_its_photos_and_its_number() {
    mount(EntityType::Enterprise, ApplicationDraft::default(), legal_person_step);
    settle().await;
    // Nothing about the document is asked before the residency is known.
    assert!(!exists("#legal_person-id_number"));
    for residency in Residency::ALL {
        click(&format!("#legal_person-residency-{}", residency.key()));
        settle().await;
        let doc = residency.document();
        assert!(exists("#legal_person-id_front_image"), "{residency:?}");
        assert_eq!(
            exists("#legal_person-id_back_image"),
            doc.faces().len() == 2,
            "{residency:?}"
        );
        let first_face = format!("{}: {}", doc.label(Locale::En), doc.faces()[0].label(Locale::En));
        assert_eq!(text("#legal_person-id_front_image-label"), first_face);
        let number = find("#legal_person-id_number").unwrap();
        assert_eq!(
            number.get_attribute("inputmode").as_deref(),
            Some(doc.number_keyboard())
        );
        assert_eq!(text("#legal_person-id_number-hint"), doc.number_hint(Locale::En));
    }
}

#[wasm_bindgen_test]
async fn an_enterprise_is_asked_for_the_address_and_the_beneficial_owners() {
    let wizard = mount(EntityType::Enterprise, ApplicationDraft::default(), legal_person_step);
    settle().await;
    click("#legal_person-residency-mainland");
    settle().await;
    assert!(exists("#legal_person-address"));
    assert!(exists("#legal_person-is_beneficial_owner-yes"));
    assert!(!exists("#add-owner"));
    // Not the owner: the owners' questions appear, one owner at a time, up to four.
    click("#legal_person-is_beneficial_owner-no");
    settle().await;
    for n in 1..=4 {
        click("#add-owner");
        settle().await;
        assert!(exists(&format!("#legal_person-beneficial_owners-{}--residency", n - 1)));
    }
    assert!(!exists("#add-owner"), "at most four owners");
    assert_eq!(
        wizard.draft.with_untracked(|d| d.legal_person.beneficial_owners.len()),
        4
    );
}

/// A photo's own state (here a refused file's message; in use, an upload under way) outlives
/// typing in the other fields of the same person.
#[wasm_bindgen_test]
async fn typing_elsewhere_leaves_a_photo_alone() {
    let mut draft = ApplicationDraft::default();
    draft.legal_person.identity.residency = Some(Residency::Mainland);
    let wizard = mount(EntityType::Enterprise, draft, legal_person_step);
    settle().await;
    let photo = "#legal_person-id_front_image";
    let refused = || text(&format!("{photo}-error")).contains("PNG or JPG");
    choose_file(photo, "front.png", b"%PDF-1.7 not a photo");
    assert!(until(refused).await);
    wizard.edit(None, |d| d.legal_person.identity.name = "张三".into());
    settle().await;
    assert!(refused(), "the photo was drawn again");
}

/// Adding an owner leaves the rows already drawn alone, and removing one redraws only the rows
/// after it: what a row holds on its own (here a refused photo's message; in use, a photo still
/// uploading) stays with the person it belongs to.
#[wasm_bindgen_test]
async fn adding_or_removing_an_owner_keeps_the_rows_before_it() {
    let owner = |name: &str| onboarding_domain::IdentityDraft {
        residency: Some(Residency::Mainland),
        name: name.into(),
        ..Default::default()
    };
    let mut draft = ApplicationDraft::default();
    draft.legal_person.identity.residency = Some(Residency::Mainland);
    draft.legal_person.is_beneficial_owner = Some(false);
    draft.legal_person.beneficial_owners = vec![owner("甲"), owner("乙")];
    let wizard = mount(EntityType::Enterprise, draft, legal_person_step);
    settle().await;
    let photo = "#legal_person-beneficial_owners-0--id_front_image";
    let refused = || text(&format!("{photo}-error")).contains("PNG or JPG");
    choose_file(photo, "front.png", b"%PDF-1.7 not a photo");
    assert!(until(refused).await);

    click("#add-owner");
    settle().await;
    assert!(exists("#legal_person-beneficial_owners-2--residency"));
    assert!(refused(), "the first owner's row is kept when an owner is added");

    // Remove the second owner: the first row stays; the third owner moves up to second.
    let second = document()
        .query_selector("#test-root fieldset.owner:nth-of-type(2) button.link-button")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    second.click();
    settle().await;
    assert!(refused(), "the first owner's row is kept when a later owner is removed");
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("legal_person-beneficial_owners"),
        "focus goes to the list, not lost with the button"
    );
    let names: Vec<String> = wizard.draft.with_untracked(|d| {
        d.legal_person
            .beneficial_owners
            .iter()
            .map(|o| o.name.clone())
            .collect()
    });
    assert_eq!(names, ["甲", ""]);
    assert!(!exists("#legal_person-beneficial_owners-2--residency"));
    assert!(text("fieldset.owner:nth-of-type(2) legend").ends_with('2'));
}

#[wasm_bindgen_test]
async fn an_individual_business_gets_neither_address_nor_owner_questions() {
    mount(
        EntityType::IndividualBusiness,
        ApplicationDraft::default(),
        legal_person_step,
    );
    settle().await;
    click("#legal_person-residency-hong_kong");
    settle().await;
    assert!(exists("#legal_person-id_back_image"));
    assert!(!exists("#legal_person-address"));
    assert!(!exists("#legal_person-is_beneficial_owner"));
}

#[wasm_bindgen_test]
async fn the_entity_decides_the_account_types_and_the_holder_is_filled_in() {
    let mut draft = ApplicationDraft::default();
    draft.subject.merchant_name = "北京测试科技有限公司".into();
    draft.legal_person.identity.name = "张三".into();
    mount(EntityType::Enterprise, draft.clone(), account_step);
    settle().await;
    // One type only: said, not asked; the holder is the business.
    assert!(!exists("#settlement_account-account_type-75"));
    assert_eq!(find("#settlement_account-account_type").unwrap().tag_name(), "P");
    let name: web_sys::HtmlInputElement = find("#settlement_account-account_name").unwrap().unchecked_into();
    assert!(name.read_only());
    assert_eq!(name.value(), "北京测试科技有限公司");

    mount(EntityType::IndividualBusiness, draft, account_step);
    settle().await;
    click("#settlement_account-account_type-75");
    settle().await;
    let name: web_sys::HtmlInputElement = find("#settlement_account-account_name").unwrap().unchecked_into();
    assert_eq!(name.value(), "张三", "a private account is the operator's");
}

/// A copied answer that is missing is asked for where it is copied from: the summary names the
/// business name and links to it on its own step, not to the locked account name.
#[wasm_bindgen_test]
async fn a_missing_copied_answer_leads_to_where_it_is_copied_from() {
    mount(EntityType::Enterprise, ApplicationDraft::default(), account_step);
    settle().await;
    click("#continue");
    settle().await;
    let link = find(".error-summary a[href^='/apply/subject']").expect("a link to the business name");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/apply/subject#subject-merchant_name")
    );
    assert_eq!(
        link.text_content().unwrap_or_default(),
        "Enter the business name in the “Business and licence” step: this answer is copied from it"
    );
    assert!(text("#settlement_account-account_name-error").starts_with("Enter the business name"));
}

#[wasm_bindgen_test]
async fn the_super_administrator_is_the_legal_person_or_an_agent_with_more_to_give() {
    let mut draft = ApplicationDraft::default();
    draft.legal_person.identity.name = "张三".into();
    draft.legal_person.identity.id_number = Sensitive("11010519491231002X".into());
    let wizard = mount(EntityType::Enterprise, draft, administrator_step);
    settle().await;
    click("#super_administrator-type-65");
    settle().await;
    let name: web_sys::HtmlInputElement = find("#super_administrator-name").unwrap().unchecked_into();
    assert!(name.read_only());
    assert_eq!(name.value(), "张三");
    assert!(!exists("#super_administrator-authorisation_letter_image"));

    click("#super_administrator-type-66");
    settle().await;
    assert!(exists("#super_administrator-residency-mainland"));
    assert!(exists("#super_administrator-authorisation_letter_image"));
    click("#super_administrator-residency-other_country");
    settle().await;
    assert!(exists("#super_administrator-id_front_image"));
    assert!(
        !exists("#super_administrator-id_back_image"),
        "a passport has one photo"
    );
    // Back to the legal person: the agent's answers stay in the draft, hidden.
    click("#super_administrator-type-65");
    settle().await;
    assert!(!exists("#super_administrator-residency-other_country"));
    assert_eq!(
        wizard
            .draft
            .with_untracked(|d| d.super_administrator.identity.residency),
        Some(Residency::OtherCountry)
    );
}

/// Names as printed on a passport (issue 15, item 1): hyphens, apostrophes and diacritics are
/// part of them, on the legal person's document and on the licence alike.
#[wasm_bindgen_test]
async fn a_passport_name_is_taken_as_printed() {
    let mut draft = ApplicationDraft::default();
    draft.legal_person.identity.residency = Some(Residency::OtherCountry);
    draft.legal_person.identity.name = "Jean-Luc O'Brien".into();
    mount(EntityType::IndividualBusiness, draft, legal_person_step);
    settle().await;
    click("#continue");
    settle().await;
    assert!(exists(".error-summary"), "other answers are still missing");
    assert!(
        !exists("#legal_person-name-error"),
        "{}",
        text("#legal_person-name-error")
    );
    let mut draft = ApplicationDraft::default();
    draft.subject.legal_person_name = "Nguyễn Văn A".into();
    mount(EntityType::IndividualBusiness, draft, subject_step);
    settle().await;
    click("#continue");
    settle().await;
    assert!(exists(".error-summary"));
    assert!(!exists("#subject-legal_person_name-error"));
}

/// Every error names its answer (issue 15, item 8): a passport's missing photo by the label its
/// upload shows, and a summary entry for a broken rule by the answer's label.
#[wasm_bindgen_test]
async fn every_error_names_its_answer() {
    let mut draft = ApplicationDraft::default();
    draft.legal_person.identity.residency = Some(Residency::OtherCountry);
    draft.legal_person.identity.name = "李4".into();
    mount(EntityType::IndividualBusiness, draft, legal_person_step);
    settle().await;
    click("#continue");
    settle().await;
    let photo = "Upload the photo “Passport: photo page”";
    assert_eq!(text("#legal_person-id_front_image-error"), photo);
    let summary = find(".error-summary").expect("a summary");
    let links = summary.query_selector_all("a").unwrap();
    let said: Vec<String> = (0..links.length())
        .map(|i| links.item(i).unwrap().text_content().unwrap_or_default())
        .collect();
    assert!(said.contains(&photo.to_string()), "{said:?}");
    assert!(
        said.contains(&"Name, as on the document: “4” cannot be used here".to_string()),
        "{said:?}"
    );
    // At the field itself, the label is right above: the message alone.
    assert_eq!(text("#legal_person-name-error"), "“4” cannot be used here");
}

/// A Hong Kong operator's number (issue 15, item 2): the hint says first that WeChat Pay takes
/// only a mainland number, and the error says what the field takes.
#[wasm_bindgen_test]
async fn the_mobile_number_is_a_mainland_one_and_says_so_to_whoever_lives_elsewhere() {
    let mut draft = ApplicationDraft::default();
    draft.legal_person.identity.residency = Some(Residency::HongKong);
    draft.super_administrator.administrator_type = Some(AdministratorType::LegalPerson);
    draft.super_administrator.mobile = Sensitive("+852 9123 4567".into());
    mount(EntityType::Enterprise, draft, administrator_step);
    settle().await;
    let hint = "#super_administrator-mobile-hint";
    assert!(
        text(hint).contains("WeChat Pay takes only a mainland China mobile number of 11 digits"),
        "{}",
        text(hint)
    );
    click("#continue");
    settle().await;
    assert_eq!(
        text("#super_administrator-mobile-error"),
        "Enter an 11-digit mainland China mobile number: WeChat Pay takes no other"
    );
    // An agent who lives on the mainland is told only what the number is.
    click("#super_administrator-type-66");
    settle().await;
    click("#super_administrator-residency-mainland");
    settle().await;
    assert_eq!(
        text(hint),
        "A mainland China number of 11 digits; codes are sent to it."
    );
}

#[wasm_bindgen_test]
async fn continue_with_problems_focuses_the_error_summary_and_marks_each_field() {
    mount(EntityType::Enterprise, ApplicationDraft::default(), subject_step);
    settle().await;
    assert!(!exists(".error-summary"), "no errors before the first attempt");
    click("#continue");
    settle().await;
    onboarding_app::api::sleep(50).await;
    let summary = find(".error-summary").expect("a summary");
    assert_eq!(
        document().active_element().map(|e| e.class_name()),
        Some(summary.class_name())
    );
    let links = summary.query_selector_all("a").unwrap();
    assert!(links.length() >= 6, "one link per problem, got {}", links.length());
    // Each missing answer is named, so that no two links say the same thing.
    let said: Vec<String> = (0..links.length())
        .map(|i| links.item(i).unwrap().text_content().unwrap_or_default())
        .collect();
    assert!(
        said.contains(&"Upload a photo of the business licence".to_string()),
        "{said:?}"
    );
    assert!(
        said.contains(&"Enter the unified social credit code".to_string()),
        "{said:?}"
    );
    let mut distinct = said.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), said.len(), "{said:?}");
    let number = find("#subject-licence_number").unwrap();
    assert_eq!(number.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(
        number
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .contains("subject-licence_number-error")
    );
    assert!(document().title().starts_with("Error: "));

    // A link in the summary focuses its answer with the question in view above it.
    let link = summary
        .query_selector("a[href='#subject-licence_number']")
        .unwrap()
        .expect("a link to the number")
        .unchecked_into::<web_sys::HtmlElement>();
    link.click();
    settle().await;
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("subject-licence_number")
    );
    let label = find("label[for='subject-licence_number']")
        .unwrap()
        .get_bounding_client_rect();
    let height = window().inner_height().unwrap().as_f64().unwrap();
    // (The app's style leaves a margin above it; this test page has none, so it may sit at 0.)
    assert!(
        label.top() >= -1.0 && label.bottom() <= height,
        "the label is on screen: {}",
        label.top()
    );

    // Fixing an answer clears its error as it is typed.
    let input: web_sys::HtmlInputElement = number.unchecked_into();
    input.set_value("91350100M000100Y43");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    settle().await;
    assert!(!exists("#subject-licence_number-error"));
}

/// A complete PNG of `width` × `height` (stored, uncompressed deflate blocks).
fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let sum = crc(&out[start..]);
        out.extend(sum.to_be_bytes());
    }
    let row = 1 + width as usize;
    let raw: Vec<u8> = (0..height as usize * row)
        .map(|i| if i % row == 0 { 0 } else { 200 })
        .collect();
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn choose_file(selector: &str, name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let input: web_sys::HtmlInputElement = find(selector).unwrap().unchecked_into();
    input.set_files(transfer.files().as_ref());
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

/// Waits (briefly) until `check` holds: file reading and decoding finish in their own time.
async fn until(check: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if check() {
            return true;
        }
        onboarding_app::api::sleep(20).await;
    }
    false
}

#[wasm_bindgen_test]
async fn the_photo_upload_refuses_bad_files_at_once_and_offers_a_retry_when_sending_fails() {
    mount(EntityType::Enterprise, ApplicationDraft::default(), subject_step);
    settle().await;
    let field = "#subject-licence_image";
    assert_eq!(text(&format!("{field}-choose")), "Choose a photo");
    assert_eq!(text(&format!("{field}-status")), "");

    // Not a photo: refused by its bytes, whatever its name says.
    choose_file(field, "licence.png", b"%PDF-1.7 not a photo at all");
    assert!(until(|| text(&format!("{field}-error")).contains("PNG or JPG")).await);
    assert!(!exists(".thumbnail"));

    // Too small to read.
    choose_file(field, "licence.png", &png(300, 200));
    assert!(
        until(|| text(&format!("{field}-error")).contains("too small")).await,
        "{}",
        text(&format!("{field}-error"))
    );

    // A good photo shows at once; this test has no server, so sending fails and can be retried.
    choose_file(field, "licence.png", &png(800, 600));
    assert!(until(|| exists(".thumbnail")).await);
    assert!(until(|| text(&format!("{field}-error")).contains("could not be uploaded")).await);
    assert!(exists(".photo-actions button"), "a retry button");
    assert_eq!(text(&format!("{field}-choose")), "Replace the photo");
}

#[wasm_bindgen_test]
async fn a_visitor_without_a_session_is_asked_to_sign_in() {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item("onboarding.session")
        .unwrap();
    support::mount("en", || {
        Wizard::provide();
        view! { <onboarding_app::pages::apply::Apply/> }.into_any()
    });
    settle().await;
    assert!(
        exists("a[href='/sign-in']"),
        "the wizard links to signing in: {}",
        text("h1")
    );
    assert!(!exists(".loading"), "nothing is loading");
    assert_eq!(
        text("#sign-in-first"),
        "Sign in with WeChat to start or continue your application."
    );
}

#[wasm_bindgen_test]
async fn an_answer_a_platform_locked_is_shown_read_only_and_says_why() {
    let mut draft = ApplicationDraft::default();
    draft.subject.merchant_name = "北京测试科技有限公司".into();
    mount_after(
        EntityType::Enterprise,
        draft,
        |w| {
            w.platform_locked
                .set(vec![onboarding_domain::Field::MerchantName.into()])
        },
        subject_step,
    );
    settle().await;
    let name = find("#subject-merchant_name").unwrap();
    assert!(name.has_attribute("readonly"));
    assert_eq!(
        text("#subject-merchant_name-hint"),
        "Given by the platform you came from. It cannot be changed here."
    );
    // Its neighbour, not locked, is the applicant's.
    assert!(!find("#subject-licence_number").unwrap().has_attribute("readonly"));
}

#[wasm_bindgen_test]
async fn on_a_host_page_save_and_close_tells_the_host() {
    mount(EntityType::Enterprise, ApplicationDraft::default(), subject_step);
    settle().await;
    let heard = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let on_exit = {
        let heard = heard.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            heard
                .borrow_mut()
                .push(js_sys::JSON::stringify(&e.detail()).unwrap().into());
        })
    };
    // The app's events go to its host's element: here, the root it is mounted in.
    let host = document().get_element_by_id("test-root").unwrap();
    host.add_event_listener_with_callback("onboarding:exit", on_exit.as_ref().unchecked_ref())
        .unwrap();
    assert_eq!(text("#exit-closed"), "Save and close");

    click("#exit-closed");
    settle().await;
    assert_eq!(*heard.borrow(), [r#"{"version":1,"reason":"closed"}"#]);
}

#[wasm_bindgen_test]
async fn the_app_s_own_page_has_no_exit() {
    let root = support::fresh_root("en");
    leptos::mount::mount_to(root.clone(), move || {
        let mut config = support::config(root);
        config.own_page = true;
        let instance = onboarding_app::embed::Instance::provide(config);
        onboarding_app::i18n::provide_locale(instance);
        onboarding_app::session::Session::provide();
        onboarding_app::router::provide(instance);
        provide_context(Wizard::new(EntityType::Enterprise, ApplicationDraft::default()));
        subject_step()
    })
    .forget();
    settle().await;
    assert!(exists("#continue"));
    assert!(!exists("#exit-closed"), "nowhere to go back to");
}
