//! The applicant app. Rules come from `onboarding_domain`; this crate renders and wires.
//!
//! Folders follow the flow: `api` (the only HTTP code) → `session` (who is signed in) →
//! `pages` (one file per route) → `components`.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The root: provides the language and the session, keeps `<html lang>` in step, routes.
#[component]
pub fn App() -> impl IntoView {
    let locale = i18n::provide_locale();
    session::Session::provide();
    Effect::new(move |_| i18n::apply_to_document(locale.get()));
    view! {
        <Router>
            <components::header::Header/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::guide::Guide/>
                    <Route path=path!("/sign-in") view=pages::sign_in::SignIn/>
                    <Route path=path!("/m/sign-in/:ticket") view=pages::phone_sign_in::PhoneSignIn/>
                    <Route path=path!("/register") view=pages::register::Register/>
                    <Route path=path!("/ready") view=pages::ready::Ready/>
                </Routes>
            </main>
        </Router>
    }
}
