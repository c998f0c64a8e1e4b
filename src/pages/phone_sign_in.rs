//! `/m/sign-in/:ticket`: the sandbox's stand-in for WeChat on the phone. The person confirms the
//! sign-in started on the other screen; a new user goes on to register.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Abort, ApiError};
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::session::{self, use_session};

#[component]
pub fn PhoneSignIn() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let here = crate::router::use_here();
    let session = use_session();
    let abort = Abort::new();
    // `Some(registered)` once confirmed.
    let done = RwSignal::new(None::<bool>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    use_title(
        |l| td_string!(ui(l), phone_title),
        Signal::derive(move || problem.get().is_some()),
    );

    let confirm = move |_| {
        let id = here
            .path
            .get_untracked()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let abort = abort.clone();
        busy.set(true);
        spawn_local(async move {
            match api::confirm_ticket(&abort, &id, session::wechat_user()).await {
                Ok(confirmed) => {
                    session::remember_wechat_user(&confirmed.wechat_user);
                    session.set(&confirmed.session.token);
                    problem.set(None);
                    done.set(Some(confirmed.session.registered));
                }
                Err(ApiError::Refused { body, .. }) => problem.set(Some(body.message)),
                Err(_) => problem.set(Some(td_string!(ui(locale.get_untracked()), network_error).to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>{t!(i18n, phone_title)}</h1>
        {move || problem.get().map(|p| view! { <p class="error-banner" role="alert">{p}</p> })}
        {move || match done.get() {
            None => view! {
                <p>{t_string!(i18n, phone_help)}</p>
                <button type="button" id="confirm" class="button" disabled=move || busy.get() on:click=confirm.clone()>
                    {t_string!(i18n, confirm_sign_in)}
                </button>
            }
                .into_any(),
            Some(registered) => view! {
                <p id="phone-done" role="status">{t_string!(i18n, phone_done)}</p>
                {(!registered).then(|| view! { <p><a href=crate::router::href("/register") class="button" id="go-to-register">{t_string!(i18n, go_to_register)}</a></p> })}
            }
                .into_any(),
        }}
    }
}
