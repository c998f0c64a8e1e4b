//! Entry point: install the panic hook, read the host page's configuration and mount the app
//! where it asks. Everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    if let Some(embedding) = onboarding_app::embed::configure() {
        leptos::mount::mount_to(embedding.root, onboarding_app::App).forget();
    }
}
