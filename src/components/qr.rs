//! A QR code as inline SVG: crisp at any size, no script. The server draws it (with the `qrcode`
//! crate) so that the encoder stays out of the browser bundle; this inlines what it sends.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Abort};

/// Renders `data` (one of the app's phone-page URLs) as a QR code, labelled for screen readers.
#[component]
pub fn Qr(#[prop(into)] data: Signal<String>, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let abort = Abort::new();
    let svg = RwSignal::new(String::new());
    Effect::new(move |_| {
        let data = data.get();
        let abort = abort.clone();
        spawn_local(async move {
            if let Ok(drawn) = api::qr_svg(&abort, &data).await
                && !abort.is_aborted()
            {
                svg.set(drawn);
            }
        });
    });
    view! { <div class="qr" role="img" aria-label=move || label.get() inner_html=move || svg.get()></div> }
}
