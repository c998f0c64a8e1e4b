//! The applicant app. Rules come from `onboarding_domain`; this crate renders and wires.
//!
//! Folders follow the flow: `api` (the only HTTP code) → `session` (who is signed in) and `state`
//! (the application being written) → `pages` (one file per route) → `components`. `photo` is
//! the browser's side of document photos.

pub mod api;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod pages;
pub mod panic;
pub mod photo;
pub mod router;
pub mod session;
pub mod state;

use leptos::prelude::*;

/// The app's pages, by path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Guide,
    SignIn,
    /// `/m/sign-in/:ticket`, what a desktop's QR code opens on the phone.
    PhoneSignIn,
    Register,
    Ready,
    /// `/apply` and `/apply/:step`.
    Apply,
    Status,
    /// Sandbox phone pages after submission: `/m/legal-scan/:token`, `/m/sign/:token`, `/m/bank`.
    PhoneLegalScan,
    PhoneSign,
    PhoneBank,
    NotFound,
}

impl Page {
    pub fn of(path: &str) -> Page {
        let path = path.trim_end_matches('/');
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        match segments.as_slice() {
            [] | [""] => Page::Guide,
            ["sign-in"] => Page::SignIn,
            ["m", "sign-in", ticket] if !ticket.is_empty() => Page::PhoneSignIn,
            ["register"] => Page::Register,
            ["ready"] => Page::Ready,
            ["apply"] | ["apply", _] => Page::Apply,
            ["status"] => Page::Status,
            ["m", "legal-scan", token] if !token.is_empty() => Page::PhoneLegalScan,
            ["m", "sign", token] if !token.is_empty() => Page::PhoneSign,
            ["m", "bank"] => Page::PhoneBank,
            _ => Page::NotFound,
        }
    }
}

/// One app, as its host configured it: provides the language and the session (the wizard comes
/// with the first page that needs it), keeps `lang` in step, and shows the page the URL names.
pub fn app(config: embed::Config) -> impl IntoView {
    let manage_title = config.manage_title;
    let instance = embed::Instance::provide(config);
    let locale = i18n::provide_locale(instance);
    session::Session::provide();
    let here = router::provide(instance);
    Effect::new(move |_| embed::show_language(instance, locale.get().tag()));
    // Once, after the first page is drawn, the host is greeted.
    Effect::new(move |_| embed::greet(instance));
    // Only a change of page re-renders: a new step or query is the page's own business.
    let page = Memo::new(move |_| Page::of(&here.path.get()));
    view! {
        // On a host's page, whose title is the host's, each page is announced here instead.
        {(!manage_title).then(|| view! { <p class="visually-hidden" role="status">{instance.title}</p> })}
        <components::header::Header/>
        <main id="main" class="page" tabindex="-1">
            {move || match page.get() {
                Page::Guide => view! { <pages::guide::Guide/> }.into_any(),
                Page::SignIn => show_page!(sign_in),
                Page::PhoneSignIn => show_page!(phone_sign_in),
                Page::Register => show_page!(register),
                Page::Ready => show_page!(ready),
                Page::Apply => show_page!(apply),
                Page::Status => show_page!(status),
                Page::PhoneLegalScan => show_page!(phone_legal_scan),
                Page::PhoneSign => show_page!(phone_sign),
                Page::PhoneBank => show_page!(phone_bank),
                Page::NotFound => view! { <pages::not_found::NotFound/> }.into_any(),
            }}
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn paths_name_their_pages() {
        assert_eq!(Page::of("/"), Page::Guide);
        assert_eq!(Page::of("/apply/"), Page::Apply);
        assert_eq!(Page::of("/apply/legal-person"), Page::Apply);
        assert_eq!(Page::of("/m/sign-in/abc"), Page::PhoneSignIn);
        assert_eq!(Page::of("/m/sign-in/"), Page::NotFound);
        assert_eq!(Page::of("/apply/x/y"), Page::NotFound);
        assert_eq!(Page::of("/m/legal-scan/abc"), Page::PhoneLegalScan);
        assert_eq!(Page::of("/m/sign/abc"), Page::PhoneSign);
        assert_eq!(Page::of("/m/sign/"), Page::NotFound);
        assert_eq!(Page::of("/m/bank"), Page::PhoneBank);
    }
}
