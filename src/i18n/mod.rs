//! The app's own words in both languages, and the current language.
//!
//! Rule messages come from the domain crate; these are the page texts. A plain struct per
//! language keeps every key checked at compile time and costs nothing at run time (leptos_i18n
//! would add about 27 KB brotli to the bundle).

mod labels;
mod missing;
mod status_texts;
mod wizard_texts;

pub use labels::{field_label, step_name};
pub use missing::missing;
pub use status_texts::StatusTexts;
pub use wizard_texts::WizardTexts;

use leptos::prelude::*;
use onboarding_domain::Locale;

const STORAGE_KEY: &str = "onboarding.locale";

/// Every page text, once per language.
pub struct Texts {
    pub site_name: &'static str,
    pub skip_to_content: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub guide_title: &'static str,
    pub guide_intro: &'static str,
    pub entity_question: &'static str,
    pub residency_question: &'static str,
    pub residency_hint: &'static str,
    pub checklist_title: &'static str,
    pub licence_heading: &'static str,
    pub licence_rules: &'static str,
    pub identity_heading: &'static str,
    pub photo_rules: &'static str,
    pub identity_details: &'static str,
    pub identity_address: &'static str,
    pub administrator_heading: &'static str,
    pub administrator_details: &'static str,
    pub account_heading: &'static str,
    pub account_business: &'static str,
    pub account_private: &'static str,
    pub account_details: &'static str,
    pub owner_heading: &'static str,
    pub owner_details: &'static str,
    pub personal_ready: &'static str,
    pub start: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_help: &'static str,
    pub sign_in_waiting: &'static str,
    pub sign_in_scanned: &'static str,
    pub sign_in_expired: &'static str,
    pub sign_in_valid_until: &'static str,
    pub refresh_code: &'static str,
    pub open_on_device: &'static str,
    pub qr_label: &'static str,
    pub network_error: &'static str,
    pub page_loading: &'static str,
    pub page_unavailable_title: &'static str,
    pub page_unavailable: &'static str,
    pub try_again: &'static str,
    pub reload_page: &'static str,
    pub phone_title: &'static str,
    pub phone_help: &'static str,
    pub confirm_sign_in: &'static str,
    pub phone_done: &'static str,
    pub go_to_register: &'static str,
    pub register_title: &'static str,
    pub notice_heading: &'static str,
    pub notice_open: &'static str,
    pub notice_text: &'static str,
    pub notice_agree: &'static str,
    pub account_name_label: &'static str,
    pub account_name_hint: &'static str,
    pub name_available: &'static str,
    pub register_button: &'static str,
    pub error_summary_title: &'static str,
    pub error_prefix: &'static str,
    pub sign_in_first: &'static str,
    pub sign_in_link: &'static str,
    pub ready_title_personal: &'static str,
    pub ready_personal: &'static str,
    pub ready_title_business: &'static str,
    pub ready_business: &'static str,
    pub back_to_guide: &'static str,
    pub start_authentication: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
}

pub static EN: Texts = Texts {
    site_name: "Mini Program alliance · Promoter onboarding",
    skip_to_content: "Skip to main content",
    switch_language: "中文",
    switch_language_label: "切换到中文",
    guide_title: "What to prepare",
    guide_intro: "Tell us who is joining and we will list exactly what you need. Have it ready before you start: it takes about 10 minutes.",
    entity_question: "Who is becoming a promoter?",
    residency_question: "Where does the legal person live?",
    residency_hint: "The legal person (or operator) named on the business licence. This decides which identity document to photograph.",
    checklist_title: "You will need",
    licence_heading: "Business licence",
    licence_rules: "A clear colour scan or colour photo. A black-and-white copy needs the official seal.",
    identity_heading: "The legal person's identity document",
    photo_rules: "Photos in PNG or JPG, each smaller than 2 MB, with all four corners visible.",
    identity_details: "Also: the name and number exactly as printed, and the validity period (or “long-term”).",
    identity_address: "And the address exactly as printed on the document.",
    administrator_heading: "Super administrator",
    administrator_details: "Name, ID number, mobile number and email address. You, the registering user, are the super administrator unless you name an agent.",
    account_heading: "Settlement bank account",
    account_business: "A business account in the company's name: the bank, the full branch name, the account name and number.",
    account_private: "Or the operator's personal bank card: the bank, the branch, the operator's name and the card number.",
    account_details: "Commissions are paid into this account after it has been verified.",
    owner_heading: "Beneficial owners",
    owner_details: "If the legal person is not the ultimate beneficial owner: the identity documents of up to 4 owners.",
    personal_ready: "A personal promoter account can be used as soon as you register. You don't need to prepare any documents.",
    start: "Start now",
    sign_in_title: "Sign in with WeChat",
    sign_in_help: "Scan this code with WeChat on your phone, then confirm on the phone.",
    sign_in_waiting: "Waiting for the scan…",
    sign_in_scanned: "Scanned. Confirm on your phone.",
    sign_in_expired: "This code has expired.",
    sign_in_valid_until: "Valid until",
    refresh_code: "Show a new code",
    open_on_device: "Sandbox: open the phone page on this device",
    qr_label: "QR code for signing in",
    network_error: "The connection failed. Check your network; we will keep trying.",
    page_loading: "Loading the page…",
    page_unavailable_title: "This page could not be loaded",
    page_unavailable: "Check your connection, then try again. If it still fails, reload the page.",
    try_again: "Try again",
    reload_page: "Reload the page",
    phone_title: "Sign in to Promoter Onboarding",
    phone_help: "You are signing in on another screen. Only confirm if you started this yourself.",
    confirm_sign_in: "Confirm sign-in",
    phone_done: "You are signed in. You can continue on the other screen.",
    go_to_register: "Go to register",
    register_title: "Register as a promoter",
    notice_heading: "Mini Program Alliance Entry Notice",
    notice_open: "Read the Entry Notice",
    notice_text: "As a promoter you promote products of Mini Program merchants through the alliance. You promote only what you are entitled to, describe it truthfully, follow the rules of WeChat and of the alliance, and keep your account details accurate. Commissions are settled to the bank account you authenticate. The alliance may suspend accounts that break these rules.",
    notice_agree: "I have read and agree to the Entry Notice",
    account_name_label: "Account name",
    account_name_hint: "2 to 20 letters, Chinese characters or digits; _ and - are allowed. Start with a letter.",
    name_available: "This name is available",
    register_button: "Register",
    error_summary_title: "There is a problem",
    error_prefix: "Error: ",
    sign_in_first: "Sign in first to register.",
    sign_in_link: "Sign in",
    ready_title_personal: "Your account is ready",
    ready_personal: "Your personal promoter account can be used now: start promoting products.",
    ready_title_business: "Your account is registered",
    ready_business: "Next, authenticate your business. Have the documents from the guide ready.",
    back_to_guide: "See what to prepare",
    start_authentication: "Start authentication",
    not_found_title: "Page not found",
    not_found_text: "Check the address, or go back to the guide.",
};

pub static ZH: Texts = Texts {
    site_name: "小程序联盟 · 推客入驻",
    skip_to_content: "跳到正文",
    switch_language: "English",
    switch_language_label: "Switch to English",
    guide_title: "入驻准备材料",
    guide_intro: "选择入驻主体，我们会列出您需要准备的全部材料。请在开始前备齐，填写约需 10 分钟。",
    entity_question: "以什么身份入驻？",
    residency_question: "法定代表人是哪里的居民？",
    residency_hint: "即营业执照上的法定代表人或经营者。这决定需要拍摄哪种身份证件。",
    checklist_title: "您需要准备",
    licence_heading: "营业执照",
    licence_rules: "清晰的彩色扫描件或彩色照片；黑白复印件需加盖公章。",
    identity_heading: "法定代表人身份证件",
    photo_rules: "照片为 PNG 或 JPG 格式，每张小于 2 MB，证件四角完整。",
    identity_details: "另需：与证件一致的姓名和号码，以及证件有效期（或“长期”）。",
    identity_address: "以及与证件一致的住址。",
    administrator_heading: "超级管理员",
    administrator_details: "姓名、身份证件号码、手机号码和电子邮箱。注册用户默认为超级管理员，也可指定经办人。",
    account_heading: "结算银行账户",
    account_business: "以公司名义开立的对公账户：开户银行、支行全称、账户名称和账号。",
    account_private: "或经营者本人的银行卡：开户银行、支行、经营者姓名和卡号。",
    account_details: "账户验证通过后，佣金将结算至该账户。",
    owner_heading: "最终受益人",
    owner_details: "如法定代表人不是最终受益人：最多 4 名受益人的身份证件。",
    personal_ready: "个人推客账号注册后即可使用，无需准备任何材料。",
    start: "开始",
    sign_in_title: "微信扫码登录",
    sign_in_help: "请使用手机微信扫描二维码，并在手机上确认登录。",
    sign_in_waiting: "等待扫码…",
    sign_in_scanned: "已扫码，请在手机上确认。",
    sign_in_expired: "二维码已过期。",
    sign_in_valid_until: "有效期至",
    refresh_code: "刷新二维码",
    open_on_device: "沙箱：在本设备打开手机页面",
    qr_label: "登录二维码",
    network_error: "网络连接失败，请检查网络，我们会继续重试。",
    page_loading: "正在加载页面…",
    page_unavailable_title: "页面未能加载",
    page_unavailable: "请检查网络连接，然后重试。如仍失败，请重新加载页面。",
    try_again: "重试",
    reload_page: "重新加载页面",
    phone_title: "登录推客入驻",
    phone_help: "您正在另一屏幕上登录。仅在您本人操作时确认。",
    confirm_sign_in: "确认登录",
    phone_done: "已登录，可回到另一屏幕继续操作。",
    go_to_register: "前往注册",
    register_title: "注册推客账号",
    notice_heading: "《小程序联盟入驻须知》",
    notice_open: "阅读入驻须知",
    notice_text: "推客通过小程序联盟推广小程序商家的商品。您只推广有权推广的商品，如实描述，遵守微信及联盟规则，并保持账号信息准确。佣金结算至您认证的银行账户。违反规则的账号可能被联盟暂停。",
    notice_agree: "我已阅读并同意《小程序联盟入驻须知》",
    account_name_label: "账号名称",
    account_name_hint: "2–20 个字母、汉字或数字，可含 _ 和 -，须以字母或汉字开头。",
    name_available: "该名称可以使用",
    register_button: "注册",
    error_summary_title: "请修改以下问题",
    error_prefix: "错误：",
    sign_in_first: "请先登录再注册。",
    sign_in_link: "登录",
    ready_title_personal: "账号已可使用",
    ready_personal: "个人推客账号现在即可使用：开始推广商品吧。",
    ready_title_business: "账号已注册",
    ready_business: "下一步：完成主体认证，请备好准备材料清单中的资料。",
    back_to_guide: "查看准备材料",
    start_authentication: "开始认证",
    not_found_title: "页面不存在",
    not_found_text: "请检查网址，或返回准备材料页面。",
};

/// The texts of a language.
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}

/// The tracking page's texts of a language.
pub fn status_texts(locale: Locale) -> &'static StatusTexts {
    match locale {
        Locale::En => &status_texts::EN,
        Locale::ZhCn => &status_texts::ZH,
    }
}

/// The wizard's texts of a language.
pub fn wizard_texts(locale: Locale) -> &'static WizardTexts {
    match locale {
        Locale::En => &wizard_texts::EN,
        Locale::ZhCn => &wizard_texts::ZH,
    }
}

thread_local! {
    static CURRENT: std::cell::Cell<Locale> = const { std::cell::Cell::new(Locale::En) };
}

/// The current language, for code that runs after an `await` (where there is no reactive owner
/// to ask): requests send it as `Accept-Language`.
pub fn current() -> Locale {
    CURRENT.with(|c| c.get())
}

/// A wizard text as a signal that follows the language (for hints and legends).
pub fn wizard_text(pick: fn(&'static WizardTexts) -> &'static str) -> Signal<String> {
    let locale = use_locale();
    Signal::derive(move || pick(wizard_texts(locale.get())).to_string())
}

/// The language signal every component reads.
pub fn use_locale() -> RwSignal<Locale> {
    expect_context::<RwSignal<Locale>>()
}

/// Decides the first language (`?lang=` → saved choice → the host page's `data-lang` → browser
/// languages → English), provides
/// it as context and saves every later choice.
pub fn provide_locale() -> RwSignal<Locale> {
    let locale = RwSignal::new(initial_locale());
    provide_context(locale);
    CURRENT.with(|c| c.set(locale.get_untracked()));
    Effect::new(move |_| {
        CURRENT.with(|c| c.set(locale.get()));
        let tag = locale.get().tag();
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(STORAGE_KEY, tag);
        }
    });
    locale
}

fn initial_locale() -> Locale {
    let from_url = window()
        .location()
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|params| params.get("lang"))
        .and_then(|tag| Locale::from_tag(&tag));
    let saved = || {
        window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Locale::from_tag(&tag))
    };
    let browser = || {
        let languages = window().navigator().languages();
        let tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
        Locale::negotiate(tags.iter().map(String::as_str))
    };
    from_url
        .or_else(saved)
        .or_else(crate::embed::host_locale)
        .unwrap_or_else(browser)
}

/// `<html lang>` follows the language, for screen readers and fonts.
pub fn apply_to_document(locale: Locale) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// Keeps the document title as "<page> – <site>", prefixed with "Error: " while the page shows
/// errors (GOV.UK: the title is the first thing a screen reader announces).
pub fn use_title(page: impl Fn(&'static Texts) -> &'static str + Send + Sync + 'static, has_errors: Signal<bool>) {
    use_title_in(move |l| page(texts(l)), has_errors);
}

/// [`use_title`] for a title from any of the app's texts.
pub fn use_title_in(page: impl Fn(Locale) -> &'static str + Send + Sync + 'static, has_errors: Signal<bool>) {
    let locale = use_locale();
    let page = std::sync::Arc::new(page);
    let title = {
        let page = page.clone();
        move |l: Locale, errors: bool| {
            let t = texts(l);
            let prefix = if errors { t.error_prefix } else { "" };
            format!("{prefix}{} – {}", page(l), t.site_name)
        }
    };
    let shown = title.clone();
    Effect::new(move |_| document().set_title(&shown(locale.get(), has_errors.get())));
    // A form that goes away (cancelled, or replaced by a new status) takes its errors with it;
    // a new page sets its own title after this.
    on_cleanup(move || document().set_title(&title(current(), false)));
}
