//! A small client-side router: the URL as signals, same-origin link clicks turned into history
//! entries, and back/forward followed.
//!
//! leptos_router cost this app about 50 KB of its bundle for nine flat routes; these few
//! functions do what the app needs. Pages link with plain `<a href>` and move on with
//! [`navigate`].
//!
//! ```ignore
//! let here = router::provide();
//! view! { {move || match here.path.get().as_str() { "/" => view! { <Guide/> }.into_any(), .. }} }
//! ```

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the app is: the path and the query string (with its `?`), each a signal.
#[derive(Clone, Copy)]
pub struct Here {
    pub path: RwSignal<String>,
    pub query: RwSignal<String>,
}

impl Here {
    /// The value of one query parameter.
    pub fn query_value(&self, name: &str) -> Option<String> {
        let query = self.query.get();
        web_sys::UrlSearchParams::new_with_str(&query).ok()?.get(name)
    }
}

/// The app's path (the URL's path less the host's base path) and the query string.
fn location() -> (String, String) {
    let l = window().location();
    let path = l.pathname().unwrap_or_else(|_| "/".into());
    let path = crate::embed::with_base_path(|base| within(base, &path).map(str::to_owned)).unwrap_or(path);
    (path, l.search().unwrap_or_default())
}

/// The app's path for a URL path, when the URL is one of the app's pages under `base`.
fn within<'a>(base: &str, path: &'a str) -> Option<&'a str> {
    match path.strip_prefix(base)? {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// The URL of one of the app's pages (`/apply/check`), under the host's base path. Every link
/// the app draws goes through here, so that opening it in a new tab lands on the host's page.
pub fn href(to: &str) -> String {
    crate::embed::with_base_path(|base| base.to_owned() + to)
}

/// Reads the URL, follows back and forward, intercepts link clicks; provides [`Here`].
pub fn provide() -> Here {
    let (path, query) = location();
    let here = Here {
        path: RwSignal::new(path),
        query: RwSignal::new(query),
    };
    provide_context(here);
    HERE.with(|h| h.set(Some(here)));
    let _ = window_event_listener(leptos::ev::popstate, move |_| sync(here));
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(href) = internal_link(&ev) {
            ev.prevent_default();
            go(here, &href, false);
        }
    });
    here
}

pub fn use_here() -> Here {
    expect_context::<Here>()
}

thread_local! {
    // Also kept here so that code after an `await`, which has no reactive owner to ask for
    // context, can still navigate.
    static HERE: std::cell::Cell<Option<Here>> = const { std::cell::Cell::new(None) };
}

fn here() -> Here {
    HERE.with(|h| h.get()).expect("router::provide ran")
}

fn sync(here: Here) {
    let (path, query) = location();
    here.path.set(path);
    here.query.set(query);
}

/// Moves to `to` (a path with optional query and `#id`) as a new history entry.
pub fn navigate(to: &str) {
    go(here(), to, false);
}

/// Moves to `to` in place of the current entry (a redirect).
pub fn replace(to: &str) {
    go(here(), to, true);
}

fn go(here: Here, to: &str, replace: bool) {
    let history = window().history().expect("history");
    let _ = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href(to)))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href(to)))
    };
    sync(here);
    let target = to.split_once('#').map(|(_, id)| id.to_string());
    // After the new page has rendered: to the named answer, or to the top.
    request_animation_frame(move || {
        if !target.is_some_and(|id| show_answer(&id)) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
}

/// Whether the URL names a part of the page (`#id`, from a "Change" link or another page's error
/// summary): the router focuses that part, so the page must not take the focus elsewhere.
pub fn names_a_part() -> bool {
    window().location().hash().is_ok_and(|h| !h.is_empty())
}

/// Announces a new page by moving focus to its heading once drawn, unless the URL names a part.
pub fn focus_on_arrival(heading: NodeRef<leptos::html::H1>) {
    Effect::new(move |_| {
        if let Some(h) = heading.get()
            && !names_a_part()
        {
            request_animation_frame(move || {
                let _ = h.focus();
            });
        }
    });
}

/// Brings the answer with this element id into view together with its question (the label or
/// legend above it), and focuses it; `false` when no such element is on the page. A plain jump
/// to `#id` leaves the input at the top edge with its question scrolled away, as GOV.UK's error
/// summary notes.
pub fn show_answer(id: &str) -> bool {
    let Some(el) = document().get_element_by_id(id) else {
        return false;
    };
    let question = el
        .closest(".field, fieldset")
        .ok()
        .flatten()
        .unwrap_or_else(|| el.clone());
    question.scroll_into_view();
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
    true
}

/// The href of a plain left click on a same-origin link the app should handle itself.
fn internal_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    // Only the app's own links: a host page's links are the host's business.
    target.closest(&format!(".{}", crate::embed::ROOT_CLASS)).ok()??;
    let link: web_sys::HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    if !link.target().is_empty()
        || link.has_attribute("download")
        || link.origin() != window().location().origin().ok()?
    {
        return None;
    }
    // A link outside the app's base path leads to the host's own pages.
    let to = crate::embed::with_base_path(|base| within(base, &link.pathname()).map(str::to_owned))?;
    // A link to a part of this same page is left to the browser.
    let (path, query) = location();
    if to == path && link.search() == query && !link.hash().is_empty() {
        return None;
    }
    Some(format!("{to}{}{}", link.search(), link.hash()))
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn the_app_s_pages_are_found_under_the_base_path() {
        assert_eq!(within("", "/apply/check"), Some("/apply/check"));
        assert_eq!(within("/partners/join", "/partners/join"), Some("/"));
        assert_eq!(within("/partners/join", "/partners/join/"), Some("/"));
        assert_eq!(within("/partners/join", "/partners/join/apply"), Some("/apply"));
        // Not the app's: a sibling whose name only starts the same, and the host's other pages.
        assert_eq!(within("/partners/join", "/partners/joined"), None);
        assert_eq!(within("/partners/join", "/partners"), None);
    }
}
