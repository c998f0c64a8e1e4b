//! The app's own words in each language, and the current language.
//!
//! Rule messages come from the domain crate (the server says them too); the page texts live in
//! `locales/*.json`, which `build.rs` turns into leptos_i18n keys: a key that is misspelt, or
//! missing from a language, fails the build. Components read them with `t!(i18n, key)` (a view)
//! or `t_string!(i18n, key)`; code that runs outside a component (after an `await`, in a pure
//! function of a locale) names the language with `td_string!(ui(locale), key)`.
//!
//! The current language is the app's own signal, not leptos_i18n's context: creating that
//! context runs leptos_i18n's own language negotiation (leptos-use's `use_locales` and a
//! language-tag matcher), about 13 kB of wasm that this app never used, since the language is
//! chosen by the domain's rule ([`provide_locale`]).

mod labels;
mod missing;

pub use labels::{field_label, step_name};
pub use leptos_i18n::td_string;
pub use missing::missing;

use leptos::prelude::*;
use onboarding_domain::Locale;

// Generated code: it exports every helper leptos_i18n has, and the app uses a few.
#[allow(unused_imports, dead_code, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

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

const STORAGE_KEY: &str = "onboarding.locale";

/// A text as a signal that follows the language (for hints and legends passed as props).
pub fn text(pick: fn(Locale) -> &'static str) -> Signal<String> {
    let locale = use_locale();
    Signal::derive(move || pick(locale.get()).to_string())
}

/// The language as the domain names it, for the domain's messages and labels.
pub fn use_locale() -> Signal<Locale> {
    use_context::<Signal<Locale>>().expect("provide_locale ran")
}

/// The current language, to read texts in and to change.
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Locale>);

impl I18n {
    /// The language, tracked.
    pub fn get(self) -> Locale {
        self.0.get()
    }

    pub fn set_locale(self, locale: Locale) {
        self.0.set(locale);
    }
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("provide_locale ran")
}

/// A text of the current language as a view that follows it.
macro_rules! t {
    ($i18n:expr, $($key:tt)+) => {{
        let i18n: $crate::i18n::I18n = $i18n;
        move || $crate::i18n::td_string!($crate::i18n::ui(i18n.get()), $($key)+)
    }};
}

/// A text of the current language, read now (and tracked).
macro_rules! t_string {
    ($i18n:expr, $($key:tt)+) => {
        $crate::i18n::td_string!($crate::i18n::ui(($i18n).get()), $($key)+)
    };
}

pub(crate) use {t, t_string};

/// Provides the app's language (its [`Instance`](crate::embed::Instance)'s, decided by
/// [`initial_locale`]), and saves every later choice.
///
/// The browser and the server (`Accept-Language`) pick a language by one rule, the domain's
/// `Locale::negotiate`.
pub fn provide_locale(instance: crate::embed::Instance) -> Signal<Locale> {
    let chosen = instance.locale;
    provide_context(I18n(chosen));
    let locale: Signal<Locale> = chosen.into();
    provide_context(locale);
    // Only the applicant's choices are kept: a host's or the browser's language is not one, and
    // saving it would impose one element's language on the others of a page.
    let chosen_first = chosen_by_applicant();
    Effect::new(move |before: Option<()>| {
        let now = locale.get();
        if (before.is_some() || chosen_first)
            && let Some(storage) = window().local_storage().ok().flatten()
        {
            let _ = storage.set_item(STORAGE_KEY, now.tag());
        }
    });
    locale
}

/// The language `?lang=` names, a choice made in a link.
fn from_url() -> Option<Locale> {
    window()
        .location()
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|params| params.get("lang"))
        .and_then(|tag| Locale::from_tag(&tag))
}

/// Whether the first language is one the applicant chose (in the URL), to be kept.
fn chosen_by_applicant() -> bool {
    from_url().is_some()
}

/// The first language: `?lang=` → the saved choice → the host's `lang` → the browser's
/// languages → English.
pub(crate) fn initial_locale(host: Option<Locale>) -> Locale {
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
    from_url().or_else(saved).or(host).unwrap_or_else(browser)
}

/// Keeps the document title as "<page> – <site>", prefixed with "Error: " while the page shows
/// errors (GOV.UK: the title is the first thing a screen reader announces). On a host's page,
/// whose title is the host's, the app announces the same words in its own live region instead.
pub fn use_title(page: impl Fn(Locale) -> &'static str + Send + Sync + 'static, has_errors: Signal<bool>) {
    let instance = crate::embed::use_instance();
    let locale = instance.locale;
    let page = std::sync::Arc::new(page);
    let title = {
        let page = page.clone();
        move |l: Locale, errors: bool| {
            let prefix = if errors { td_string!(ui(l), error_prefix) } else { "" };
            format!("{prefix}{} – {}", page(l), td_string!(ui(l), site_name))
        }
    };
    let shown = title.clone();
    Effect::new(move |_| instance.set_title(&shown(locale.get(), has_errors.get())));
    // A form that goes away (cancelled, or replaced by a new status) takes its errors with it;
    // a new page sets its own title after this.
    on_cleanup(move || {
        if let Some(l) = locale.try_get_untracked() {
            instance.set_title(&title(l, false));
        }
    });
}
