//! Component tests in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app, starting in English whatever an earlier test chose.
fn mount() -> web_sys::Document {
    std::mem::forget(onboarding_app::embed::element::mount(support::config(
        support::fresh_root("en"),
    )));
    document()
}

fn faces(document: &web_sys::Document) -> Vec<String> {
    let list = document
        .query_selector_all("#test-root #checklist li[data-face]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-face"))
        .collect()
}

fn click(document: &web_sys::Document, selector: &str) {
    let element: web_sys::HtmlElement = document
        .query_selector(&format!("#test-root {selector}"))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    element.click();
}

#[wasm_bindgen_test]
async fn residency_decides_the_identity_photos() {
    let document = mount();
    leptos::task::tick().await;
    assert_eq!(faces(&document), ["licence", "portrait", "national_emblem"]);

    click(&document, "#residency-other_country");
    leptos::task::tick().await;
    assert_eq!(faces(&document), ["licence", "photo_page"]);

    click(&document, "#residency-taiwan");
    leptos::task::tick().await;
    assert_eq!(faces(&document), ["licence", "front", "back"]);
}

#[wasm_bindgen_test]
async fn only_an_enterprise_is_told_to_prepare_the_address_on_the_document() {
    let document = mount();
    leptos::task::tick().await;
    let address = || {
        document
            .query_selector("#test-root #identity-address")
            .unwrap()
            .is_some()
    };
    assert!(address(), "an enterprise (the guide's first choice) gives the address");
    click(&document, "#entity-type-individual_business");
    leptos::task::tick().await;
    assert!(!address());
}

#[wasm_bindgen_test]
async fn personal_accounts_need_no_documents() {
    let document = mount();
    leptos::task::tick().await;
    click(&document, "#entity-type-personal");
    leptos::task::tick().await;
    assert!(document.query_selector("#test-root #checklist").unwrap().is_none());
    assert!(document.query_selector("#test-root #residency").unwrap().is_none());
    assert!(document.query_selector("#test-root #personal-ready").unwrap().is_some());
}

fn html_lang(document: &web_sys::Document) -> Option<String> {
    document.document_element().unwrap().get_attribute("lang")
}

#[wasm_bindgen_test]
async fn on_the_apps_own_page_html_lang_follows_the_language() {
    let body = document().body().unwrap();
    body.class_list()
        .add_1(onboarding_app::embed::STANDALONE_CLASS)
        .unwrap();
    let document = mount();
    let host_lang = html_lang(&document);
    leptos::task::tick().await;
    assert_eq!(html_lang(&document).as_deref(), Some("en"));
    click(&document, "#language-zh-Hant");
    leptos::task::tick().await;
    assert_eq!(html_lang(&document).as_deref(), Some("zh-Hant"));
    // Leave the page a host page again for the other tests.
    body.class_list()
        .remove_1(onboarding_app::embed::STANDALONE_CLASS)
        .unwrap();
    let html = document.document_element().unwrap();
    match host_lang {
        Some(lang) => html.set_attribute("lang", &lang).unwrap(),
        None => html.remove_attribute("lang").unwrap(),
    }
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_text_and_lang() {
    let document = mount();
    let host_lang = html_lang(&document);
    leptos::task::tick().await;
    let switch = document
        .query_selector("#test-root .languages details")
        .unwrap()
        .unwrap();
    for (tag, heading, endonym) in [
        ("zh-CN", "入驻准备材料", "简体中文"),
        ("zh-Hant", "入駐準備材料", "繁體中文"),
        ("en", "What to prepare", "English"),
    ] {
        switch.set_attribute("open", "").unwrap();
        click(&document, &format!("#language-{tag}"));
        leptos::task::tick().await;
        // The switch closes in the next frame, once redrawn.
        onboarding_app::api::sleep(50).await;
        // One control: closed again once a language is chosen, and named by it.
        assert!(!switch.has_attribute("open"));
        let shown = document
            .query_selector("#test-root #language")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert_eq!(shown, endonym);
        let h1 = document
            .query_selector("#test-root h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert_eq!(h1, heading);
        let root = document.get_element_by_id("test-root").unwrap();
        assert_eq!(root.get_attribute("lang").as_deref(), Some(tag));
        // The test page is a host, not the app's own page: its `<html lang>` is its own.
        assert_eq!(html_lang(&document), host_lang);
        // The switch offers the other languages only.
        assert!(
            document
                .query_selector(&format!("#test-root #language-{tag}"))
                .unwrap()
                .is_none()
        );
    }
}

#[wasm_bindgen_test]
async fn on_a_host_page_the_title_stays_the_host_s_and_each_page_is_announced_instead() {
    document().set_title("Partner portal");
    let root = support::fresh_root("en");
    // As a host's `data-onboarding` element configures it, without `manage-title`.
    let config = onboarding_app::embed::Config::of(root.clone(), root, "data-", "");
    assert!(!config.manage_title);
    std::mem::forget(onboarding_app::embed::element::mount(config));
    support::settle().await;
    assert_eq!(document().title(), "Partner portal");
    assert_eq!(
        support::text("p.visually-hidden[role=status]"),
        "What to prepare – Promoter onboarding"
    );
}
