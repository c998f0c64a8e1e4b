//! `/m/sign-in/:ticket`: what a desktop's QR code opens on the phone. Inside WeChat it goes
//! straight to WeChat's sign-in, which confirms the code for the desktop; back from WeChat it
//! takes this phone's session and offers registration. In a phone's own browser, where WeChat
//! cannot sign anyone in, it says so and offers this page's link to open in WeChat.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::SignInOutcome;

use crate::api::{self, Abort};
use crate::components::copy_value::CopyValue;
use crate::components::when::when;
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_title};
use crate::session::{self, use_session};

#[component]
pub fn PhoneSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let here = crate::router::use_here();
    let session = use_session();
    let instance = crate::embed::use_instance();
    let ticket = here
        .path
        .get_untracked()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let page = format!("/m/sign-in/{ticket}");
    let to_wechat = api::wechat_sign_in_url(instance, Some(&ticket), &page, None);
    let outcome = session::wechat_outcome(here);
    let failed = matches!(outcome, Some(o) if o != SignInOutcome::SignedIn);
    use_title(|l| td_string!(ui(l), phone_title), Signal::derive(move || failed));

    // Back from WeChat, signed in: this phone's own session, taken once.
    // (A signal and a task, not an Action: an Action measured kilobytes more in each module.)
    let taken = RwSignal::new(None);
    if outcome == Some(SignInOutcome::SignedIn) {
        let abort = Abort::new();
        spawn_local(async move {
            let answer = api::take_wechat_session(&abort, None).await;
            if let Ok(grant) = &answer {
                session.set(&grant.token);
                crate::state::renewal::not_hosted();
            }
            taken.set(Some(answer));
        });
    }
    // Fresh from the QR code inside WeChat: on to WeChat's sign-in at once.
    let leaving = outcome.is_none() && session::in_wechat();
    if leaving {
        let _ = window().location().assign(&to_wechat);
    }

    let part = match outcome {
        Some(SignInOutcome::SignedIn) => view! {
            {move || match taken.get() {
                None => view! { <p role="status">{t_string!(i18n, wizard.loading)}</p> }.into_any(),
                Some(Ok(grant)) => view! {
                    <p id="phone-done" role="status">{t_string!(i18n, phone_done)}</p>
                    {(!grant.registered).then(|| view! {
                        <p><a href=crate::router::href("/register") class="button" id="go-to-register">{t_string!(i18n, go_to_register)}</a></p>
                    })}
                }
                .into_any(),
                // Taken already (a reload), or gone: the desktop is signed in either way.
                Some(Err(_)) => view! { <p id="phone-done" role="status">{t_string!(i18n, phone_done)}</p> }.into_any(),
            }}
        }
        .into_any(),
        Some(failure) => view! {
            <p class="error-banner" role="alert" id="sign-in-problem">{move || session::wechat_failure(failure, i18n)}</p>
            {session::in_wechat().then(|| view! {
                <p><a href=to_wechat.clone() class="button" id="try-again" target="_self">{t_string!(i18n, try_again)}</a></p>
            })}
        }
        .into_any(),
        None if leaving => view! { <p role="status">{t_string!(i18n, wechat_opening)}</p> }.into_any(),
        None => outside_wechat(to_wechat).into_any(),
    };
    view! {
        <h1>{t!(i18n, phone_title)}</h1>
        {part}
    }
}

/// A phone's own browser: sign-in happens in WeChat. This page's link, to open there; a sandbox's
/// WeChat works in any browser, so a sandbox offers it too.
fn outside_wechat(to_wechat: String) -> impl IntoView {
    let i18n = use_i18n();
    let link = window().location().href().unwrap_or_default();
    let sandbox = RwSignal::new(false);
    let abort = Abort::new();
    spawn_local(async move { sandbox.set(api::health(&abort).await.is_ok_and(|h| h.sandbox)) });
    view! {
        <p id="outside-wechat">{t_string!(i18n, outside_wechat)}</p>
        <dl class="summary-list">
            <CopyValue id="page-link" label=Signal::derive(move || t_string!(i18n, page_link)) value=link/>
        </dl>
        {when(move || sandbox.get(), move || view! {
            <p><a id="sandbox-wechat" href=to_wechat.clone() target="_self">{t_string!(i18n, sandbox_wechat)}</a></p>
        }.into_any())}
    }
}
