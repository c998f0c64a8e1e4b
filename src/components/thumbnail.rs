//! A small preview of a document photo: a chosen file at once, or an uploaded one fetched with the
//! session (its URL needs the `Authorization` header, so a plain `<img src>` cannot load it).

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use web_sys::Blob;

use crate::api::{self, Abort};
use crate::i18n::{td_string, ui, use_locale};
use crate::photo;
use crate::session::use_session;

#[component]
pub fn Thumbnail(
    /// A photo chosen on this device.
    #[prop(optional)]
    blob: Option<SendWrapper<Blob>>,
    /// Or the id of an uploaded one.
    #[prop(optional, into)]
    image: Option<String>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let url = RwSignal::new(None::<String>);
    let url_to_revoke = StoredValue::new(None::<String>);
    let show = move |b: &Blob| {
        let made = photo::object_url(b);
        url_to_revoke.set_value(made.clone());
        url.set(made);
    };
    match (blob, image) {
        (Some(b), _) => show(&b),
        (None, Some(id)) => {
            let abort = Abort::new();
            let token = use_session().token();
            spawn_local(async move {
                let Some(token) = token else { return };
                if let Ok(bytes) = api::image_bytes(&abort, &token, &id).await
                    && !abort.is_aborted()
                    && let Some(b) = photo::blob_from(&bytes)
                {
                    show(&b);
                }
            });
        }
        (None, None) => {}
    }
    on_cleanup(move || {
        if let Some(u) = url_to_revoke.try_get_value().flatten() {
            photo::revoke(&u);
        }
    });
    move || {
        url.get().map(|src| {
            view! {
                <img
                    class="thumbnail"
                    src=src
                    alt=move || format!("{} {}", td_string!(ui(locale.get()), wizard.thumbnail), label.get())
                />
            }
        })
    }
}
