//! The app's own words in both languages, and the current language.
//!
//! Rule messages come from the domain crate; these are the page texts. A plain struct per
//! language keeps every key checked at compile time and costs nothing at run time (leptos_i18n
//! would add about 27 KB brotli to the bundle).

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
    pub administrator_heading: &'static str,
    pub administrator_details: &'static str,
    pub account_heading: &'static str,
    pub account_business: &'static str,
    pub account_private: &'static str,
    pub account_details: &'static str,
    pub owner_heading: &'static str,
    pub owner_details: &'static str,
    pub personal_ready: &'static str,
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
    administrator_heading: "Super administrator",
    administrator_details: "Name, ID number, mobile number and email address. You, the registering user, are the super administrator unless you name an agent.",
    account_heading: "Settlement bank account",
    account_business: "A business account in the company's name: the bank, the full branch name, the account name and number.",
    account_private: "Or the operator's personal bank card: the bank, the branch, the operator's name and the card number.",
    account_details: "Commissions are paid into this account after it has been verified.",
    owner_heading: "Beneficial owners",
    owner_details: "If the legal person is not the ultimate beneficial owner: the identity documents of up to 4 owners.",
    personal_ready: "A personal promoter account can be used as soon as you register. You don't need to prepare any documents.",
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
    administrator_heading: "超级管理员",
    administrator_details: "姓名、身份证件号码、手机号码和电子邮箱。注册用户默认为超级管理员，也可指定经办人。",
    account_heading: "结算银行账户",
    account_business: "以公司名义开立的对公账户：开户银行、支行全称、账户名称和账号。",
    account_private: "或经营者本人的银行卡：开户银行、支行、经营者姓名和卡号。",
    account_details: "账户验证通过后，佣金将结算至该账户。",
    owner_heading: "最终受益人",
    owner_details: "如法定代表人不是最终受益人：最多 4 名受益人的身份证件。",
    personal_ready: "个人推客账号注册后即可使用，无需准备任何材料。",
};

/// The texts of a language.
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH,
    }
}

/// The language signal every component reads.
pub fn use_locale() -> RwSignal<Locale> {
    expect_context::<RwSignal<Locale>>()
}

/// Decides the first language (`?lang=` → saved choice → browser languages → English), provides
/// it as context and saves every later choice.
pub fn provide_locale() -> RwSignal<Locale> {
    let locale = RwSignal::new(initial_locale());
    provide_context(locale);
    Effect::new(move |_| {
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
    from_url.or_else(saved).unwrap_or_else(browser)
}

/// `<html lang>` and the title follow the language, for screen readers and fonts.
pub fn apply_to_document(locale: Locale) {
    let document = document();
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", locale.tag());
    }
    let t = texts(locale);
    document.set_title(&format!("{} – {}", t.guide_title, t.site_name));
}
