//! Where an app runs, and what its host asked for. One page may hold several apps, each an
//! [`Instance`] with its own element, API base, language and pages:
//!
//! - the app's own page (`index.html`), and a host page that copies its tags and names the
//!   element with `data-` attributes:
//!
//!   ```html
//!   <div data-onboarding data-api-base="https://partners.example.com" data-lang="zh-CN"
//!        data-base-path="/partners/join"></div>
//!   ```
//!
//! - a host's `<promoter-onboarding api-base=… lang=… base-path=…>` element, defined by
//!   `embed.js` (`element.rs`), with the app inside the element's shadow root.
//!
//! With a base path, the app's pages live under that path of the host's site
//! (`/partners/join/apply/…`), and the host serves its page for every path below it. A
//! `<promoter-onboarding>` without one keeps its page to itself, so that several on one page
//! do not fight over the address bar.

pub mod element;
pub mod events;
pub mod frame;
pub mod theme;

use leptos::prelude::*;
use onboarding_domain::Locale;
use wasm_bindgen::JsCast;

/// Once the first page is drawn: on a host's page, its theme is checked (in a frame, the
/// handshake starts, and the theme comes with the host's answer), and the host told that the app
/// is ready. On the app's own page none of that is needed, so none of its code comes with the
/// first load: it arrives in a module of its own (`host`), on a host's page only.
pub fn greet(instance: Instance) {
    if !instance.hosted() {
        return events::emit_ready(instance);
    }
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async move {
        // Without its module the form still works: the host hears it is ready all the same.
        if meet_host(instance).await.is_err() {
            events::emit_ready(instance);
        }
    });
    #[cfg(not(feature = "split"))]
    let _ = meet_host(instance);
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn meet_host(instance: Instance) -> Result<(), crate::pages::chunks::Unavailable> {
    match instance.with(|c| c.frame_host.clone()).flatten() {
        Some(host) => frame::start(instance, host),
        None => theme::check(instance),
    }
    events::emit_ready(instance);
    Ok(())
}

/// The class every style of the app is scoped under.
pub const ROOT_CLASS: &str = "onboarding-app";

/// What the host asked of one app.
pub struct Config {
    /// The element the app renders into (its static shell is replaced).
    pub root: web_sys::HtmlElement,
    /// The host's element: it hears the app's events and may pass a start token.
    pub host: web_sys::HtmlElement,
    /// The attributes' prefix: `data-` on a plain element, none on `<promoter-onboarding>`.
    pub prefix: &'static str,
    /// Where the API lives: the same origin when empty.
    pub api_base: String,
    /// "" or a path such as "/partners/join" (see [`base_path_of`]).
    pub base_path: String,
    pub locale: Option<Locale>,
    /// Whether the app's page is the address bar's: on its own page, and on a host's under a
    /// base path. Otherwise the app keeps its page to itself.
    pub in_url: bool,
    /// Whether the app names its pages in the document's `<title>`: on its own page, and when a
    /// host says `manage-title`. Otherwise it announces them in its own live region.
    pub manage_title: bool,
    /// Whether the page is the app's own (`index.html`), whose `<html lang>` it keeps.
    pub own_page: bool,
    /// In frame mode, the origin of the host's page that framed the app (see [`frame`]).
    pub frame_host: Option<String>,
}

impl Config {
    /// The configuration a host's element gives in its attributes (`prefix` + `api-base`, `lang`,
    /// `base-path`, `manage-title`); `origin` is the API base when it names none.
    pub fn of(root: web_sys::HtmlElement, host: web_sys::HtmlElement, prefix: &'static str, origin: &str) -> Config {
        let attribute = |name: &str| host.get_attribute(&[prefix, name].concat());
        let api_base = attribute("api-base").unwrap_or_else(|| origin.to_string());
        let base_path = attribute("base-path");
        let own_page = prefix == DATA
            && document()
                .body()
                .is_some_and(|b| b.class_name().split(' ').any(|c| c == STANDALONE_CLASS));
        let (frame_host, frame_lang) = match own_page.then(frame::host).flatten() {
            Some((host, lang)) => (Some(host), lang),
            None => (None, None),
        };
        Config {
            api_base: api_base.trim_end_matches('/').to_string(),
            locale: frame_lang
                .or_else(|| attribute("lang"))
                .and_then(|tag| Locale::from_tag(&tag)),
            in_url: prefix == DATA || base_path.is_some(),
            base_path: base_path_of(&base_path.unwrap_or_default()),
            manage_title: own_page || attribute("manage-title").is_some(),
            own_page,
            frame_host,
            root,
            host,
            prefix,
        }
    }
}

/// The attributes' prefix on a plain element.
const DATA: &str = "data-";
/// The class `index.html` puts on its body: the page is the app's own, not a host's.
pub const STANDALONE_CLASS: &str = "onboarding-standalone";

/// One mounted app's configuration, provided to all of it. Code that runs after an `await` has
/// no reactive owner to ask: it takes the instance along (every request's [`crate::api::Abort`]
/// carries it).
#[derive(Clone, Copy)]
pub struct Instance {
    config: StoredValue<std::rc::Rc<Config>, LocalStorage>,
    /// The app's root owner, for state that outlives pages but is created by one.
    root: StoredValue<Option<Owner>>,
    /// The language shown.
    pub locale: RwSignal<Locale>,
    /// The page's title, when the app announces it rather than writing the document's.
    pub title: RwSignal<String>,
}

impl Instance {
    pub fn provide(config: Config) -> Instance {
        let first = crate::i18n::initial_locale(config.locale);
        let instance = Instance {
            config: StoredValue::new_local(std::rc::Rc::new(config)),
            root: StoredValue::new(Owner::current()),
            locale: RwSignal::new(first),
            title: RwSignal::new(String::new()),
        };
        provide_context(instance);
        instance
    }

    /// Runs `f` as the app's root: what it creates and provides lasts as long as the app.
    pub fn at_root<T>(self, f: impl FnOnce() -> T) -> T {
        match self.root.get_value() {
            Some(owner) => owner.with(f),
            None => f(),
        }
    }

    /// Whether the app is on a host's page (inline, or the host's frame), not on its own.
    pub fn hosted(self) -> bool {
        self.with(|c| !c.own_page || c.frame_host.is_some()).unwrap_or(false)
    }

    /// Reads the configuration; `None` once the app is unmounted (a request that outlived it).
    pub fn with<T>(self, f: impl FnOnce(&Config) -> T) -> Option<T> {
        self.config().map(|c| f(&c))
    }

    /// One reader of the arena for every use (as a closure per use, it measured kilobytes).
    #[inline(never)]
    fn config(self) -> Option<std::rc::Rc<Config>> {
        self.config.try_get_value()
    }

    /// The language shown now, for code after an `await` (English once the app is gone).
    pub fn locale_now(self) -> Locale {
        self.locale.try_get_untracked().unwrap_or_default()
    }

    /// The API's base URL ("" for the page's own origin).
    pub fn api_base(self) -> String {
        self.with(|c| c.api_base.clone()).unwrap_or_default()
    }

    /// The element with this `id` in the app: in its shadow root, or in the page.
    pub fn by_id(self, id: &str) -> Option<web_sys::Element> {
        let node = self.with(|c| c.root.get_root_node())?;
        match node.dyn_ref::<web_sys::ShadowRoot>() {
            Some(shadow) => shadow.get_element_by_id(id),
            None => document().get_element_by_id(id),
        }
    }

    /// The element that has the focus, inside the app's shadow root when it has one.
    pub fn focused(self) -> Option<web_sys::Element> {
        let node = self.with(|c| c.root.get_root_node())?;
        match node.dyn_ref::<web_sys::ShadowRoot>() {
            Some(shadow) => shadow.active_element(),
            None => document().active_element(),
        }
    }

    /// Names the page: the document's title, or the app's announcement of it on a host's page.
    pub fn set_title(self, title: &str) {
        if self.with(|c| c.manage_title) == Some(true) {
            document().set_title(title);
        } else {
            self.title.try_set(title.to_string());
        }
    }

    /// One of the host's attributes (`session-token`), by its name without the prefix.
    pub fn host_attribute(self, name: &str) -> Option<String> {
        self.with(|c| c.host.get_attribute(&[c.prefix, name].concat()))
            .flatten()
    }

    pub fn remove_host_attribute(self, name: &str) {
        self.with(|c| c.host.remove_attribute(&[c.prefix, name].concat()));
    }
}

/// The app's instance, for a component. (Not inlined: every page and `Abort` asks.)
pub fn use_instance() -> Instance {
    use_context::<Instance>().expect("an app is mounted")
}

/// Finds the element a host page's tags (or `index.html`) named with `data-onboarding`, if any:
/// `embed.js` mounts its elements itself.
pub fn configure() -> Option<Config> {
    let root: web_sys::HtmlElement = document().query_selector("[data-onboarding]").ok()??.dyn_into().ok()?;
    Some(Config::of(root.clone(), root, DATA, ""))
}

/// `data-base-path` as written by a host ("partners/join/", "/partners/join") in the one form
/// the router uses: a leading "/", no trailing "/", and "" for the root.
pub fn base_path_of(attribute: &str) -> String {
    // By segments, with the `split('/')` the router already has: `trim_matches` and `format!`
    // cost a kilobyte of the first load.
    let mut path = String::new();
    for segment in attribute.split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        path.push_str(segment);
    }
    path
}

/// Tags the app's root with the language its text is in. `<html lang>` changes too when the page
/// is the app's own; a host page's `<html lang>` describes the host's text, and a screen reader
/// would read the host's English in a Chinese voice if the app changed it.
pub fn show_language(instance: Instance, tag: &str) {
    instance.with(|c| {
        let _ = c.root.set_attribute("lang", tag);
        if c.own_page
            && let Some(html) = document().document_element()
        {
            let _ = html.set_attribute("lang", tag);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::base_path_of;

    #[test]
    fn a_base_path_is_read_in_one_form() {
        assert_eq!(base_path_of(""), "");
        assert_eq!(base_path_of("/"), "");
        assert_eq!(base_path_of("/partners/join/"), "/partners/join");
        assert_eq!(base_path_of("partners/join"), "/partners/join");
        assert_eq!(base_path_of("/partners//join"), "/partners/join");
    }
}
