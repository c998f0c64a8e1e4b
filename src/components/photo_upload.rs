//! A document photo: choose (or take) it, see it, watch it upload, cancel, retry or replace it.
//!
//! The photo is checked and, when too large, made smaller in the browser ([`crate::photo`]) by the
//! domain's rules, so a bad file is refused at once with the reason, before any upload.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::{Explain, FieldPath};
use send_wrapper::SendWrapper;
use web_sys::Blob;

use crate::api::{self, ApiError, UploadRequest};
use crate::components::thumbnail::Thumbnail;
use crate::i18n::{t_string, td_string, ui, use_i18n, use_locale};
use crate::photo;
use crate::session::use_session;
use crate::state::use_wizard;

/// Where one photo stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Upload {
    /// Nothing chosen (or the draft's photo, already uploaded earlier).
    Idle,
    Preparing,
    Sending(u8),
    Done {
        reencoded: bool,
    },
    /// Refused: the message says why. Only a failed connection can be retried as is.
    Failed {
        message: String,
        retry: bool,
    },
}

#[component]
pub fn PhotoUpload(
    path: FieldPath,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let wizard = use_wizard();
    let session = use_session();
    let instance = crate::embed::use_instance();
    let locale = use_locale();
    let i18n = use_i18n();
    let id = path.dom_id();
    let camera_id = format!("{id}-camera");
    let status_id = format!("{id}-status");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");

    let state = RwSignal::new(Upload::Idle);
    // The chosen photo, shown at once and kept for a retry; the draft's photo otherwise.
    let preview = RwSignal::new(None::<SendWrapper<Blob>>);
    let request = StoredValue::new_local(None::<UploadRequest>);
    let uploaded = move || wizard.draft.with(|d| d.text(path).is_some_and(|id| !id.is_empty()));
    on_cleanup(move || {
        request.try_with_value(|r| r.as_ref().map(UploadRequest::cancel));
    });

    let send = move |blob: Blob, reencoded: bool| {
        let Some(token) = session.token() else {
            let message = td_string!(ui(locale.get_untracked()), wizard.save_failed).to_string();
            return state.set(Upload::Failed { message, retry: false });
        };
        state.set(Upload::Sending(0));
        let started = api::upload_image(instance, &token, &blob, move |p| state.set(Upload::Sending(p)));
        let (handle, outcome) = match started {
            Ok(started) => started,
            Err(_) => {
                let message = td_string!(ui(locale.get_untracked()), wizard.upload_failed).to_string();
                return state.set(Upload::Failed { message, retry: true });
            }
        };
        request.set_value(Some(handle));
        spawn_local(async move {
            let result = outcome.await;
            request.set_value(None);
            match result {
                Ok(image) => {
                    wizard.edit(Some(path), |d| {
                        if let Some(slot) = d.text_mut(path) {
                            *slot = image.id.to_string();
                        }
                    });
                    state.set(Upload::Done { reencoded });
                }
                Err(ApiError::Cancelled) => {
                    preview.set(None);
                    state.set(Upload::Idle);
                }
                // Refused: the draft keeps its earlier photo, so the preview goes back to it.
                Err(ApiError::Refused { body, .. }) => {
                    preview.set(None);
                    state.set(Upload::Failed {
                        message: body.message,
                        retry: false,
                    })
                }
                Err(_) => state.set(Upload::Failed {
                    message: td_string!(ui(locale.get_untracked()), wizard.upload_failed).to_string(),
                    retry: true,
                }),
            }
        });
    };

    let choose = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // The same file may be chosen again after a failure.
        input.set_value("");
        let blob: Blob = file.into();
        state.set(Upload::Preparing);
        spawn_local(async move {
            match photo::prepare(&blob).await {
                Ok(ready) => {
                    preview.set(Some(SendWrapper::new(ready.blob.clone())));
                    send(ready.blob, ready.reencoded);
                }
                Err(e) => state.set(Upload::Failed {
                    message: e.message(locale.get_untracked()),
                    retry: false,
                }),
            }
        });
    };

    let retry = move |_| {
        if let Some(blob) = preview.get_untracked() {
            send(blob.take(), false);
        }
    };
    let cancel = move |_| {
        request.try_with_value(|r| r.as_ref().map(UploadRequest::cancel));
    };

    let failure = move || match state.get() {
        Upload::Failed { message, .. } => Some(message),
        _ => None,
    };
    let error = Signal::derive(move || failure().or_else(|| wizard.error_at(path, locale.get())));
    let busy = move || matches!(state.get(), Upload::Preparing | Upload::Sending(_));
    // The step waits for photos on their way (see `Wizard::uploads`).
    let counted = StoredValue::new(false);
    Effect::new(move |_| {
        let now = busy();
        if now != counted.get_value() {
            counted.set_value(now);
            wizard
                .uploads
                .update(|n| if now { *n += 1 } else { *n = n.saturating_sub(1) });
        }
    });
    on_cleanup(move || {
        if counted.try_get_value() == Some(true) {
            wizard.uploads.try_update(|n| *n = n.saturating_sub(1));
        }
    });
    let described = {
        let (hint_id, error_id, status_id) = (hint_id.clone(), error_id.clone(), status_id.clone());
        move || {
            let mut ids = vec![hint_id.clone(), status_id.clone()];
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let described_camera = described.clone();
    let choose_camera = choose;
    // A memo, so that typing elsewhere on the step does not fetch the photo again.
    let draft_image = Memo::new(move |_| wizard.draft.with(|d| d.text(path).unwrap_or_default().to_string()));

    view! {
        <div class="field photo" class:has-error=move || error.get().is_some()>
            <span class="label" id=format!("{id}-label")>{move || label.get()}</span>
            <p id=hint_id class="hint">{move || hint.map_or_else(|| t_string!(i18n, wizard.photo_hint).to_string(), |h| h.get())}</p>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
            <div class="photo-preview">
                {move || match preview.get() {
                    Some(blob) => view! { <Thumbnail blob=blob label=label/> }.into_any(),
                    None => {
                        let image = draft_image.get();
                        (!image.is_empty()).then(|| view! { <Thumbnail image=image label=label/> }).into_any()
                    }
                }}
            </div>
            <p id=status_id class="photo-status" role="status">
                {move || match state.get() {
                    Upload::Preparing => t_string!(i18n, wizard.preparing).to_string(),
                    Upload::Sending(p) => format!("{} {p}%", t_string!(i18n, wizard.uploading)),
                    Upload::Done { reencoded: true } => format!("{} · {}", t_string!(i18n, wizard.uploaded), t_string!(i18n, wizard.reencoded)),
                    Upload::Done { .. } => t_string!(i18n, wizard.uploaded).to_string(),
                    Upload::Idle if uploaded() => t_string!(i18n, wizard.uploaded).to_string(),
                    _ => String::new(),
                }}
            </p>
            {move || match state.get() {
                Upload::Sending(p) => Some(view! {
                    <progress max="100" value=p.to_string() aria-labelledby=format!("{}-label", path.dom_id())></progress>
                }),
                _ => None,
            }}
            <div class="photo-actions">
                <input
                    id=id.clone()
                    class="file-input"
                    type="file"
                    accept="image/png,image/jpeg"
                    disabled=busy
                    on:change=choose
                    aria-labelledby=format!("{id}-label {id}-choose")
                    aria-describedby=described
                    aria-invalid=move || error.get().is_some().then_some("true")
                />
                <label class="file-button" id=format!("{id}-choose") for=id.clone()>
                    {move || if uploaded() || preview.get().is_some() { t_string!(i18n, wizard.replace_photo) } else { t_string!(i18n, wizard.choose_photo) }}
                </label>
                // Phones open the camera straight away from this one (shown on touch screens only).
                <input
                    id=camera_id.clone()
                    class="file-input camera"
                    type="file"
                    accept="image/png,image/jpeg"
                    capture="environment"
                    disabled=busy
                    on:change=choose_camera
                    aria-labelledby=format!("{id}-label {id}-camera-button")
                    aria-describedby=described_camera
                />
                <label class="file-button camera" id=format!("{id}-camera-button") for=camera_id>
                    {move || t_string!(i18n, wizard.take_photo)}
                </label>
                {move || matches!(state.get(), Upload::Sending(_)).then(|| view! {
                    <button type="button" class="link-button" on:click=cancel>{t_string!(i18n, wizard.cancel)}</button>
                })}
                {move || matches!(state.get(), Upload::Failed { retry: true, .. }).then(|| view! {
                    <button type="button" class="link-button" on:click=retry>{t_string!(i18n, wizard.retry)}</button>
                })}
            </div>
        </div>
    }
}
