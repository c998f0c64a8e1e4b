//! Entry point: install the panic hook, and mount the app into the element a page names with
//! `data-onboarding` (`index.html`'s, or a host's copy of its tags). `embed.js` mounts its
//! elements itself (`embed::element`). Everything else lives in the library.

fn main() {
    onboarding_app::panic::report_to_console();
    if let Some(config) = onboarding_app::embed::configure() {
        std::mem::forget(onboarding_app::embed::element::mount(config));
    }
}

// What `embed.js` calls: in the binary, so that the linker keeps them.

/// Mounts an app for a `<promoter-onboarding>` element into `root` (inside its shadow root).
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mountElement)]
pub fn mount_element(host: web_sys::HtmlElement, root: web_sys::HtmlElement, origin: String) -> u32 {
    onboarding_app::embed::element::mount_element(host, root, &origin)
}

/// Unmounts the app that `mountElement` numbered `id`.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = unmountElement)]
pub fn unmount_element(id: u32) {
    onboarding_app::embed::element::unmount_element(id)
}
