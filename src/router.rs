//! A small client-side router: the URL as signals, same-origin link clicks turned into history
//! entries, and back/forward followed.
//!
//! leptos_router cost this app about 50 KB of its bundle for nine flat routes; these few
//! functions do what the app needs. Pages link with plain `<a href>` and move on with
//! [`Here::navigate`].
//!
//! ```ignore
//! let here = router::provide(instance);
//! view! { {move || match here.path.get().as_str() { "/" => view! { <Guide/> }.into_any(), .. }} }
//! ```

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::embed::Instance;

/// Where the app is: the path, the query string (with its `?`) and the part of the page named
/// after `#`, each a signal. In the address bar, or only here when the app keeps its page to
/// itself (see [`crate::embed`]).
#[derive(Clone, Copy)]
pub struct Here {
    pub path: RwSignal<String>,
    pub query: RwSignal<String>,
    part: RwSignal<String>,
    instance: Instance,
}

impl Here {
    /// The value of one query parameter.
    pub fn query_value(&self, name: &str) -> Option<String> {
        let query = self.query.get();
        web_sys::UrlSearchParams::new_with_str(&query).ok()?.get(name)
    }

    /// Moves to `to` (a path with optional query and `#id`) as a new history entry.
    pub fn navigate(self, to: &str) {
        go(self, to, false);
    }

    /// Moves to `to` in place of the current entry (a redirect).
    pub fn replace(self, to: &str) {
        go(self, to, true);
    }

    /// Whether the URL names a part of the page (`#id`, from a "Change" link or another page's
    /// error summary): the router focuses that part, so the page must not take the focus
    /// elsewhere.
    pub fn names_a_part(self) -> bool {
        !self.part.get_untracked().is_empty()
    }

    /// The URL of one of the app's pages (`/apply/check`), under the host's base path. Every
    /// link the app draws goes through here, so that opening it in a new tab lands on the
    /// host's page.
    pub fn href(self, to: &str) -> String {
        self.instance.with(|c| c.base_path.clone() + to).unwrap_or_default()
    }

    fn in_url(self) -> bool {
        self.instance.with(|c| c.in_url) == Some(true)
    }
}

/// The app's path (the URL's path less the host's base path), the query and the hash.
fn location(base: &str) -> (String, String, String) {
    let l = window().location();
    let path = l.pathname().unwrap_or_else(|_| "/".into());
    let path = within(base, &path).map(str::to_owned).unwrap_or(path);
    (path, l.search().unwrap_or_default(), l.hash().unwrap_or_default())
}

/// The app's path for a URL path, when the URL is one of the app's pages under `base`.
fn within<'a>(base: &str, path: &'a str) -> Option<&'a str> {
    match path.strip_prefix(base)? {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// A link's target in its parts: path, `?query` and `#part`.
fn parts(to: &str) -> (String, String, String) {
    let (rest, part) = to
        .split_once('#')
        .map_or((to, String::new()), |(r, p)| (r, format!("#{p}")));
    let (path, query) = rest
        .split_once('?')
        .map_or((rest, String::new()), |(p, q)| (p, format!("?{q}")));
    (path.to_string(), query, part)
}

/// Reads the URL (or starts at the guide), follows back and forward, intercepts the app's link
/// clicks; provides [`Here`]. Its listeners go with the app.
pub fn provide(instance: Instance) -> Here {
    let here = Here {
        path: RwSignal::new("/".into()),
        query: RwSignal::new(String::new()),
        part: RwSignal::new(String::new()),
        instance,
    };
    provide_context(here);
    if here.in_url() {
        sync(here);
        let popstate = window_event_listener(leptos::ev::popstate, move |_| sync(here));
        on_cleanup(move || popstate.remove());
    } else if crate::state::wechat_trip::came_back() {
        // Back from WeChat to a host's page: the sign-in page takes it from there.
        here.path.set("/sign-in".into());
    }
    // On the app's root, so that a click inside a shadow root arrives with its own target, and
    // a host page's links stay the host's business.
    let on_click =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            if let Some(href) = internal_link(here, &ev) {
                ev.prevent_default();
                go(here, &href, false);
            }
        })
        .into_js_value();
    if let Some(root) = instance.with(|c| c.root.clone()) {
        let _ = root.add_event_listener_with_callback("click", on_click.unchecked_ref());
        let listener = send_wrapper::SendWrapper::new((root, on_click));
        on_cleanup(move || {
            let (root, on_click) = &*listener;
            let _ = root.remove_event_listener_with_callback("click", on_click.unchecked_ref());
        });
    }
    here
}

pub fn use_here() -> Here {
    use_context::<Here>().expect("router::provide ran")
}

/// [`Here::href`], for views.
pub fn href(to: &str) -> String {
    use_here().href(to)
}

fn sync(here: Here) {
    let (path, query, part) = here.instance.with(|c| location(&c.base_path)).unwrap_or_default();
    here.path.set(path);
    here.query.set(query);
    here.part.set(part);
}

fn go(here: Here, to: &str, replace: bool) {
    if here.in_url() {
        let history = window().history().expect("history");
        let _ = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here.href(to)))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here.href(to)))
        };
        sync(here);
    } else {
        let (path, query, part) = parts(to);
        here.path.set(path);
        here.query.set(query);
        here.part.set(part);
    }
    let target = to.split_once('#').map(|(_, id)| id.to_string());
    let instance = here.instance;
    // After the new page has rendered: to the named answer, or to the top of the app.
    request_animation_frame(move || {
        if !target.is_some_and(|id| show_answer(instance, &id)) {
            instance.with(|c| {
                if c.in_url {
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                } else if c.root.get_bounding_client_rect().top() < 0.0 {
                    c.root.scroll_into_view();
                }
            });
        }
    });
}

/// Announces a new page by moving focus to its heading once drawn, unless the URL names a part.
pub fn focus_on_arrival(heading: NodeRef<leptos::html::H1>) {
    let here = use_here();
    Effect::new(move |_| {
        if let Some(h) = heading.get()
            && !here.names_a_part()
        {
            request_animation_frame(move || {
                let _ = h.focus();
            });
        }
    });
}

/// Brings the answer with this element id into view together with its question (the label or
/// legend above it), and focuses it; `false` when no such element is in the app. A plain jump
/// to `#id` leaves the input at the top edge with its question scrolled away, as GOV.UK's error
/// summary notes.
pub fn show_answer(instance: Instance, id: &str) -> bool {
    let Some(el) = instance.by_id(id) else {
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
fn internal_link(here: Here, ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link: web_sys::HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    // A link to a part of the same page ("#answer") is the page's own business.
    if !link.target().is_empty()
        || link.get_attribute("href").is_some_and(|h| h.starts_with('#'))
        || link.has_attribute("download")
        || link.origin() != window().location().origin().ok()?
    {
        return None;
    }
    // A link outside the app's base path leads to the host's own pages.
    let to = here
        .instance
        .with(|c| within(&c.base_path, &link.pathname()).map(str::to_owned))??;
    // A link to a part of this same page is left to the browser, when the page is in the URL.
    if here.in_url()
        && to == here.path.get_untracked()
        && link.search() == here.query.get_untracked()
        && !link.hash().is_empty()
    {
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
