//! Entry point: install the panic hook, read the host page's configuration and mount the app
//! where it asks. Everything else lives in the library.

fn main() {
    onboarding_app::panic::report_to_console();
    if let Some(embedding) = onboarding_app::embed::configure() {
        leptos::mount::mount_to(embedding.root, onboarding_app::App).forget();
    }
}
