//! Mounting and unmounting an app: the app's own page mounts one for good; `embed.js` mounts one
//! per `<promoter-onboarding>` element it sees connected, and unmounts it when the element is
//! removed, its listeners, timers and requests going with it (they are the app's owner's).

use std::any::Any;
use std::cell::RefCell;

use super::Config;

/// Mounts an app into `config.root`, in place of what it holds (a static loading shell). The app
/// lives until the handle is dropped.
pub fn mount(config: Config) -> Box<dyn Any> {
    let root = config.root.clone();
    root.class_list().add_1(super::ROOT_CLASS).ok();
    root.set_inner_html("");
    Box::new(leptos::mount::mount_to(root, move || crate::app(config)))
}

thread_local! {
    static MOUNTED: RefCell<Vec<(u32, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Mounts an app for a `<promoter-onboarding>` element (`host`) into `root`, inside its shadow
/// root; `origin` is `embed.js`'s, the API base unless the element names another. Returns the
/// number by which [`unmount_element`] unmounts it.
pub fn mount_element(host: web_sys::HtmlElement, root: web_sys::HtmlElement, origin: &str) -> u32 {
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let app = mount(Config::of(root, host, "", origin));
    MOUNTED.with(|m| m.borrow_mut().push((id, app)));
    id
}

/// Unmounts the app [`mount_element`] numbered `id`.
pub fn unmount_element(id: u32) {
    // Taken out first: dropping it runs the app's cleanups, which must not find the list borrowed.
    let app = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        m.iter().position(|(i, _)| *i == id).map(|at| m.swap_remove(at))
    });
    drop(app);
}
