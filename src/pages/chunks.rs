//! Pages whose code arrives in a wasm chunk of its own, fetched the first time the page is shown.
//!
//! The guide is where most visits start, so it stays in the first download; every other page
//! is declared here with `split_page!`. With the `split` feature (the release build that ships,
//! `cargo xtask size`) the function becomes a split point: `wasm_split_cli_support` moves it and
//! everything only it reaches into its own module, and calling it fetches that module first.
//! Without the feature (native and component tests) it is an ordinary function, so the same
//! page code is tested either way.

use leptos::prelude::*;

use super::{
    apply::Apply, phone_bank::PhoneBank, phone_confirm::PhoneConfirm, phone_confirm::PhoneTask,
    phone_sign_in::PhoneSignIn, ready::Ready, register::Register, sign_in::SignIn, status::Status,
};

/// `split_page!(module: name => view; ...)` declares `fn name() -> Result<AnyView, Unavailable>`,
/// a split point under `split`. Pages named with the same module arrive together, in one
/// download. `fallible`: a module that cannot be fetched (the phone went offline) is an error
/// the page can show and retry, rather than a panic that would stop the whole app.
macro_rules! split_page {
    ($($module:ident: $name:ident => $view:expr;)*) => {$(
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)
        )]
        pub fn $name() -> Result<AnyView, Unavailable> {
            Ok($view.into_any())
        }
    )*};
}

/// A page's module could not be fetched.
#[derive(Clone, Copy, Debug)]
pub struct Unavailable;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unavailable
    }
}

// Grouped by the journey: signing in and registering come one after the other; the wizard and
// the status page share the form's fields and rules; the phone pages are the sandbox's.
split_page! {
    account: sign_in => view! { <SignIn/> };
    account: register => view! { <Register/> };
    account: ready => view! { <Ready/> };
    application: apply => view! { <Apply/> };
    application: status => view! { <Status/> };
    phone: phone_sign_in => view! { <PhoneSignIn/> };
    phone: phone_legal_scan => view! { <PhoneConfirm task=PhoneTask::LegalScan/> };
    phone: phone_sign => view! { <PhoneConfirm task=PhoneTask::Sign/> };
    phone: phone_bank => view! { <PhoneBank/> };
}

/// Shows a split page: at once when it is built in, or once its module has arrived.
#[cfg(feature = "split")]
#[macro_export]
macro_rules! show_page {
    ($name:ident) => {
        $crate::pages::chunks::arriving(|| Box::pin($crate::pages::chunks::$name()))
    };
}

#[cfg(not(feature = "split"))]
#[macro_export]
macro_rules! show_page {
    ($name:ident) => {
        $crate::pages::chunks::$name().unwrap_or_else(|_| unreachable!("a built-in page is always there"))
    };
}

/// Fetches a split page's module and makes the page. A plain function pointer: every page's
/// loader goes through one copy of `arriving`.
#[cfg(feature = "split")]
pub type Load = fn() -> std::pin::Pin<Box<dyn Future<Output = Result<AnyView, Unavailable>>>>;

/// The page once `load` has fetched its module. Meanwhile a loading message; when the fetch
/// fails, what happened and a button that tries again (a failed fetch is not remembered).
#[cfg(feature = "split")]
pub fn arriving(load: Load) -> AnyView {
    use crate::i18n::{t, t_string, td_string, ui, use_i18n};
    let attempt = RwSignal::new(0u32);
    let i18n = use_i18n();
    let page = move || {
        attempt.track();
        let fetched = send_wrapper::SendWrapper::new(load());
        Suspend::new(async move {
            match fetched.await {
                Ok(page) => page,
                Err(Unavailable) => {
                    let notice = NodeRef::<leptos::html::Div>::new();
                    // After a retry the button that had the focus is gone: give it to the news.
                    if attempt.get_untracked() > 0 {
                        notice.on_load(|notice| {
                            let _ = notice.focus();
                        });
                    }
                    crate::i18n::use_title(|l| td_string!(ui(l), page_unavailable_title), Signal::derive(|| false));
                    // Reloading helps when a deployment has replaced the modules this page knows.
                    let reload = |_| {
                        let _ = window().location().reload();
                    };
                    view! {
                        <div id="page-unavailable" tabindex="-1" node_ref=notice>
                            <h1>{t!(i18n, page_unavailable_title)}</h1>
                            <p class="error-banner" role="alert">{t!(i18n, page_unavailable)}</p>
                            <p class="actions">
                                <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || t_string!(i18n, try_again)}
                                </button>
                                <button type="button" class="button secondary" on:click=reload>
                                    {move || t_string!(i18n, reload_page)}
                                </button>
                            </p>
                        </div>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, page_loading)}</p> }>
            {page}
        </Suspense>
    }
    .into_any()
}

/// The modules worth fetching before they are asked for.
#[derive(Clone, Copy, Debug)]
pub enum Ahead {
    /// From the guide, whose "Start" leads to signing in.
    Account,
    /// From the "account registered" page of a business, which goes on to the wizard.
    Application,
}

/// Fetches the module of the page the applicant most likely opens next, once the current page
/// has been painted, so that it opens without the loading message. Fetching is all it does: a
/// failure is left for the page itself to report when it is opened.
pub fn prefetch(ahead: Ahead) {
    // A timeout set in an animation frame counts from that frame's paint (requestIdleCallback
    // would do, but Safari lacks it). The extra second keeps the fetch clear of the page's later
    // paints too; nobody presses "Start" sooner than that.
    #[cfg(feature = "split")]
    Effect::new(move |_| {
        request_animation_frame(move || {
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        let _ = match ahead {
                            Ahead::Account => __wasm_split_preload_sign_in().await,
                            Ahead::Application => __wasm_split_preload_apply().await,
                        };
                    })
                },
                std::time::Duration::from_secs(1),
            )
        })
    });
    #[cfg(not(feature = "split"))]
    let _ = ahead;
}
