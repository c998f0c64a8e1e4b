//! The app's own words in each language, and the current language.
//!
//! Rule messages come from the domain crate (the server says them too); the page texts live in
//! `locales/*.json`, which `build.rs` turns into leptos_i18n keys: a key that is misspelt, or
//! missing from a language, fails the build. Components read them with `t_string!(i18n, key)`;
//! code that runs outside a component (after an `await`, in a pure function of a locale) names
//! the language with `td_string!(ui(locale), key)`.

mod labels;
mod missing;

pub use labels::{field_label, step_name};
pub use leptos_i18n::{t, t_string, td_string};
pub use missing::missing;

use leptos::prelude::*;
use onboarding_domain::Locale;

// Generated code: it exports every helper leptos_i18n has, and the app uses a few.
#[allow(unused_imports, dead_code, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n::use_i18n;

/// The texts' own name for a language (leptos_i18n's; the domain has [`Locale`]).
pub type Language = generated::i18n::Locale;

/// The texts' language for one of the domain's.
pub const fn ui(locale: Locale) -> Language {
    match locale {
        Locale::En => generated::i18n::Locale::en,
        Locale::ZhCn => generated::i18n::Locale::zh_CN,
        Locale::ZhHant => generated::i18n::Locale::zh_Hant,
    }
}

const fn domain(locale: Language) -> Locale {
    match locale {
        generated::i18n::Locale::en => Locale::En,
        generated::i18n::Locale::zh_CN => Locale::ZhCn,
        generated::i18n::Locale::zh_Hant => Locale::ZhHant,
    }
}

const STORAGE_KEY: &str = "onboarding.locale";

thread_local! {
    static CURRENT: std::cell::Cell<Locale> = const { std::cell::Cell::new(Locale::En) };
}

/// The current language, for code that runs after an `await` (where there is no reactive owner
/// to ask): requests send it as `Accept-Language`.
pub fn current() -> Locale {
    CURRENT.with(|c| c.get())
}

/// A text as a signal that follows the language (for hints and legends passed as props).
pub fn text(pick: fn(Locale) -> &'static str) -> Signal<String> {
    let locale = use_locale();
    Signal::derive(move || pick(locale.get()).to_string())
}

/// The language as the domain names it, for the domain's messages and labels.
pub fn use_locale() -> Signal<Locale> {
    expect_context::<Signal<Locale>>()
}

/// Decides the first language (`?lang=` → saved choice → the host page's `data-lang` → browser
/// languages → English), provides leptos_i18n's context with it, and saves every later choice.
///
/// The choice is made here rather than by leptos_i18n's own negotiation so that the browser and
/// the server (`Accept-Language`) pick a language by one rule, the domain's `Locale::negotiate`.
pub fn provide_locale() -> Signal<Locale> {
    let first = initial_locale();
    let context = leptos_i18n::context::init_i18n_subcontext(Some(Signal::stored(ui(first))));
    provide_context(context);
    let locale: Signal<Locale> = Memo::new(move |_| domain(context.get_locale())).into();
    provide_context(locale);
    CURRENT.with(|c| c.set(first));
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

/// Keeps the document title as "<page> – <site>", prefixed with "Error: " while the page shows
/// errors (GOV.UK: the title is the first thing a screen reader announces).
pub fn use_title(page: impl Fn(Locale) -> &'static str + Send + Sync + 'static, has_errors: Signal<bool>) {
    let locale = use_locale();
    let page = std::sync::Arc::new(page);
    let title = {
        let page = page.clone();
        move |l: Locale, errors: bool| {
            let prefix = if errors { td_string!(ui(l), error_prefix) } else { "" };
            format!("{prefix}{} – {}", page(l), td_string!(ui(l), site_name))
        }
    };
    let shown = title.clone();
    Effect::new(move |_| document().set_title(&shown(locale.get(), has_errors.get())));
    // A form that goes away (cancelled, or replaced by a new status) takes its errors with it;
    // a new page sets its own title after this.
    on_cleanup(move || document().set_title(&title(current(), false)));
}
