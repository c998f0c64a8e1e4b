//! Component tests of the status page in headless Chromium: the countdown, the copy buttons,
//! and what the page asks of the applicant in every state. Parts are mounted alone, with no
//! server behind them.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use onboarding_app::components::copy_value::CopyValue;
use onboarding_app::components::countdown::Countdown;
use onboarding_app::pages::status::found;
use onboarding_app::state::Tracker;
use onboarding_domain::api::{AccountValidation, RejectionReason, SettlementView, StatusView, VerificationMethod};
use onboarding_domain::{ApplicationState, Field, FieldPath, SettlementState, next_action};
use wasm_bindgen_test::*;

mod support;

use support::{find, mount, settle, text};

wasm_bindgen_test_configure!(run_in_browser);

const HOUR: i64 = 3_600_000;

#[wasm_bindgen_test]
async fn the_countdown_shows_days_and_hours_left_in_each_language() {
    let now = js_sys::Date::now() as i64;
    // 2 days, 5 hours and a half: a part of an hour counts as an hour.
    let deadline = now + 53 * HOUR + HOUR / 2;
    mount("en", move || view! { <Countdown deadline/> }.into_any());
    settle().await;
    assert_eq!(text("#time-left"), "2 days and 6 hours left");
    assert!(text("#deadline").contains(&js_sys::Date::new(&(deadline as f64).into()).get_full_year().to_string()));

    mount("zh-CN", move || view! { <Countdown deadline/> }.into_any());
    settle().await;
    assert_eq!(text("#time-left"), "剩余 2 天 6 小时");

    let one = now + 25 * HOUR - 1;
    mount("en", move || view! { <Countdown deadline=one/> }.into_any());
    settle().await;
    assert_eq!(text("#time-left"), "1 day and 1 hour left");

    mount("en", move || view! { <Countdown deadline=now - 1/> }.into_any());
    settle().await;
    assert_eq!(text("#time-left"), "", "a passed deadline counts nothing");
}

/// Replaces `navigator.clipboard` with one whose `writeText` records the text and then
/// succeeds, or refuses (as it does without permission).
fn fake_clipboard(accepts: bool) {
    let body = if accepts {
        "window.__copied = text; return Promise.resolve();"
    } else {
        "return Promise.reject(new Error('denied'));"
    };
    let clipboard = js_sys::Object::new();
    let write = js_sys::Function::new_with_args("text", body);
    js_sys::Reflect::set(&clipboard, &"writeText".into(), &write).unwrap();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &clipboard).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&window().navigator(), &"clipboard".into(), &descriptor);
}

#[wasm_bindgen_test]
async fn copy_buttons_copy_the_exact_value_or_select_it_for_copying_by_hand() {
    fake_clipboard(true);
    mount("en", || {
        view! { <dl><CopyValue id="remark" label=Signal::stored("Memo") value="ABCD1234"/></dl> }.into_any()
    });
    settle().await;
    let button = find("button").unwrap();
    assert_eq!(
        button.text_content().unwrap(),
        "Copy Memo",
        "the button names what it copies"
    );
    button.click();
    settle().await;
    assert_eq!(text(".copied"), "Copied");
    let copied = js_sys::Reflect::get(&window(), &"__copied".into()).unwrap();
    assert_eq!(copied.as_string().as_deref(), Some("ABCD1234"));

    fake_clipboard(false);
    mount("zh-CN", || {
        view! { <dl><CopyValue id="remark" label=Signal::stored("附言") value="WXYZ9876"/></dl> }.into_any()
    });
    settle().await;
    find("button").unwrap().click();
    settle().await;
    assert_eq!(text(".copied"), "无法复制，请手动选择文字复制");
    let selected: String = window().get_selection().unwrap().unwrap().to_string().into();
    assert_eq!(selected, "WXYZ9876", "the value is selected instead");
}

fn status(state: ApplicationState, settlement: SettlementState, method: Option<VerificationMethod>) -> StatusView {
    let now = js_sys::Date::now() as i64;
    let waiting = state == ApplicationState::AccountNeedVerify;
    StatusView {
        application_id: "app-1".into(),
        state,
        next_action: next_action(state, settlement),
        version: 1,
        submitted_at: now,
        updated_at: now,
        deadline: waiting.then_some(now + 30 * 24 * HOUR),
        rejection_reasons: if state == ApplicationState::Rejected {
            vec![RejectionReason {
                path: Some(FieldPath::Field(Field::AccountNumber)),
                param_name: "account_info.account_number".into(),
                reason: "Does not match the bank".into(),
            }]
        } else {
            Vec::new()
        },
        verification_method: method,
        account_validation: waiting.then(|| AccountValidation {
            pay_amount_fen: 37,
            destination_account_name: "财付通支付科技有限公司".into(),
            destination_account_number: "7551 2345 6789 0001".into(),
            destination_bank: "招商银行深圳分行营业部".into(),
            destination_city: "深圳市".into(),
            remark: "REMARK42".into(),
            deadline: now + 30 * 24 * HOUR,
        }),
        legal_validation_url: waiting.then(|| "http://127.0.0.1/m/legal-scan/t".into()),
        sign_url: (state == ApplicationState::NeedSign).then(|| "http://127.0.0.1/m/sign/t".into()),
        sub_mchid: (state == ApplicationState::Finish).then(|| "1600000001".into()),
        sending: None,
        legal_person_id_number: "110***********002X".into(),
        settlement: SettlementView {
            state: settlement,
            account_number: "****3445".into(),
            bank: None,
            account_name: "北京某某科技有限公司".into(),
            failure_reason: (settlement == SettlementState::VerifyFail).then(|| "账户名称不一致".into()),
        },
    }
}

/// Mounts the page's part for `view` and returns the next step's title.
async fn shown(view: StatusView) -> String {
    mount("en", move || found(view, Tracker::new(), "token".into()));
    settle().await;
    text("#next-step-title")
}

#[wasm_bindgen_test]
async fn every_state_asks_for_its_next_action() {
    use ApplicationState as A;
    use SettlementState as S;
    // Written out from the issue, independently of the page's own table. At the end every
    // stage is done and none is current.
    let expected = [
        (
            A::Checking,
            S::Unbound,
            "We are checking your application",
            "Preliminary check",
            "#next-step-text",
        ),
        (
            A::AccountNeedVerify,
            S::Unbound,
            "Verify your settlement account",
            "Account verification",
            "#verification-method",
        ),
        (
            A::Auditing,
            S::Unbound,
            "WeChat Pay is reviewing your application",
            "Review",
            "#next-step-text",
        ),
        (
            A::NeedSign,
            S::Unbound,
            "Sign the WeChat Pay agreement",
            "Signing the agreement",
            ".qr",
        ),
        (
            A::Finish,
            S::Unbound,
            "Confirm your settlement account",
            "Settlement account",
            "#confirm-account",
        ),
        (
            A::Finish,
            S::Verifying,
            "We are checking the settlement account",
            "Settlement account",
            "#settlement-number",
        ),
        (
            A::Finish,
            S::VerifyFail,
            "The settlement account could not be verified",
            "Settlement account",
            "#settlement-failure",
        ),
        (
            A::Finish,
            S::VerifySuccess,
            "You can now withdraw your commissions",
            "",
            "#merchant-number",
        ),
        (
            A::Rejected,
            S::Unbound,
            "Some answers need changing",
            "Preliminary check",
            "#fix",
        ),
        (
            A::Frozen,
            S::Unbound,
            "Your application is frozen",
            "Review",
            "#next-step-text",
        ),
        (
            A::Canceled,
            S::Unbound,
            "Your application was cancelled",
            "Account verification",
            "#start-again",
        ),
    ];
    for (state, settlement, title, stage, part) in expected {
        assert_eq!(
            shown(status(state, settlement, None)).await,
            title,
            "{state:?} {settlement:?}"
        );
        assert_eq!(
            text(".timeline [aria-current=step] .name"),
            stage,
            "{state:?} {settlement:?}"
        );
        assert!(find(part).is_some(), "{state:?} {settlement:?} shows {part}");
    }
}

/// The status row and the timeline say the same thing (issue 15, item 3): after a rejection the
/// check is sent back in both, and an application whose settlement account is still to confirm
/// is not "complete" in either.
#[wasm_bindgen_test]
async fn the_status_row_and_the_timeline_agree() {
    use ApplicationState as A;
    use SettlementState as S;
    for (state, settlement, row, stage, word) in [
        (A::Rejected, S::Unbound, "Sent back", "Preliminary check", "sent back"),
        (
            A::Finish,
            S::Unbound,
            "Waiting for the settlement account",
            "Settlement account",
            "now",
        ),
        (
            A::Finish,
            S::VerifyFail,
            "Settlement account not verified",
            "Settlement account",
            "sent back",
        ),
        (A::Finish, S::VerifySuccess, "Complete", "", ""),
    ] {
        shown(status(state, settlement, None)).await;
        assert_eq!(text("#application-state"), row, "{state:?} {settlement:?}");
        assert_eq!(
            text(".timeline [aria-current=step] .name"),
            stage,
            "{state:?} {settlement:?}"
        );
        assert_eq!(
            text(".timeline [aria-current=step] .status"),
            word,
            "{state:?} {settlement:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn verification_shows_what_the_chosen_method_needs() {
    let remittance = status(
        ApplicationState::AccountNeedVerify,
        SettlementState::Unbound,
        Some(VerificationMethod::Remittance),
    );
    shown(remittance).await;
    assert_eq!(text("#pay-amount"), "0.37", "fen are shown as yuan");
    assert_eq!(text("#remark"), "REMARK42");
    assert!(find("#verification-method").is_none(), "the method is chosen");
    find("#other-method").unwrap().click();
    settle().await;
    assert!(find("#verification-method").is_some(), "another method can be chosen");
    // Each method is explained under its own radio, which is described by it.
    for method in VerificationMethod::ALL {
        let radio = format!("#verification-method-{}", method.key());
        let hint = find(&radio)
            .unwrap()
            .get_attribute("aria-describedby")
            .expect("described");
        assert!(!text(&format!("#{hint}")).is_empty(), "{radio}");
    }

    let scan = status(
        ApplicationState::AccountNeedVerify,
        SettlementState::Unbound,
        Some(VerificationMethod::LegalPersonScan),
    );
    shown(scan).await;
    assert!(find(".qr").is_some());
    assert_eq!(
        find("#phone-link").unwrap().get_attribute("href").as_deref(),
        Some("http://127.0.0.1/m/legal-scan/t")
    );

    shown(status(ApplicationState::Rejected, SettlementState::Unbound, None)).await;
    assert_eq!(text("#rejection-reasons dt"), "Account number");
    assert_eq!(text("#rejection-reasons dd"), "Does not match the bank");
    assert_eq!(
        find("#fix").unwrap().get_attribute("href").as_deref(),
        Some("/apply/settlement-account"),
        "Fix opens the first step with a reason"
    );
}

#[wasm_bindgen_test]
async fn an_application_on_its_way_to_wechat_pay_says_so_and_a_failed_try_says_it_is_retried() {
    use onboarding_domain::api::Sending;
    let mut view = status(ApplicationState::Checking, SettlementState::Unbound, None);
    view.sending = Some(Sending::InProgress);
    mount("en", move || found(view, Tracker::new(), "token".into()));
    settle().await;
    assert_eq!(text("#sending"), "Sending your application to WeChat Pay.");

    let mut view = status(ApplicationState::Checking, SettlementState::Unbound, None);
    view.sending = Some(Sending::Retrying);
    mount("zh-Hant", move || found(view, Tracker::new(), "token".into()));
    settle().await;
    assert!(
        text("#sending").starts_with("暫時無法連接微信支付。"),
        "{}",
        text("#sending")
    );

    let view = status(ApplicationState::Checking, SettlementState::Unbound, None);
    mount("en", move || found(view, Tracker::new(), "token".into()));
    settle().await;
    assert!(
        find("#sending").is_none(),
        "taken by WeChat Pay: nothing is said of sending"
    );
}
