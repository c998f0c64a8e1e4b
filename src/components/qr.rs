//! A QR code as inline SVG (the `qrcode` crate): crisp at any size, no image request, no script.

use leptos::prelude::*;

/// Renders `data` as a QR code, labelled for screen readers.
#[component]
pub fn Qr(#[prop(into)] data: Signal<String>, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
    let svg = move || {
        qrcode::QrCode::new(data.get().as_bytes())
            .map(|code| {
                code.render::<qrcode::render::svg::Color<'_>>()
                    .min_dimensions(220, 220)
                    .quiet_zone(true)
                    .build()
            })
            .unwrap_or_default()
    };
    view! { <div class="qr" role="img" aria-label=move || label.get() inner_html=svg></div> }
}
