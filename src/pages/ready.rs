//! `/ready`: after registration. A personal account can be used at once, and goes on to the
//! promoter console; a business account goes on to authentication.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::Me;
use onboarding_domain::events::ExitReason;

use crate::api::{self, Abort};
use crate::components::exit::Exit;
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_title};
use crate::pages::chunks::{Ahead, prefetch};
use crate::session::use_session;

#[component]
pub fn Ready() -> impl IntoView {
    crate::session::sign_in_when_needed();
    let i18n = use_i18n();
    let session = use_session();
    let abort = Abort::new();
    // `None` while asking; `Some(None)` when there is no account to show.
    let me = RwSignal::new(None::<Option<Me>>);
    Effect::new(move |_| {
        let token = session.0.get();
        let abort = abort.clone();
        spawn_local(async move {
            let answer = match token {
                Some(token) => api::me(&abort, &token).await.ok(),
                None => None,
            };
            if !abort.is_aborted() {
                me.set(Some(answer));
            }
        });
    });
    let needs_auth = move || me.get().flatten().map(|m: Me| m.needs_authentication);
    use_title(
        move |l| {
            if needs_auth() == Some(true) {
                td_string!(ui(l), ready_title_business)
            } else {
                td_string!(ui(l), ready_title_personal)
            }
        },
        Signal::derive(|| false),
    );
    view! {
        {move || match me.get().flatten() {
                Some(m) if m.account.is_some() => {
                    let business = m.needs_authentication;
                    if business {
                        prefetch(Ahead::Application);
                    }
                    view! {
                        <h1>{move || if business { t_string!(i18n, ready_title_business) } else { t_string!(i18n, ready_title_personal) }}</h1>
                        <p class="panel" id="ready-text">{move || if business { t_string!(i18n, ready_business) } else { t_string!(i18n, ready_personal) }}</p>
                        {business.then(|| view! {
                            <p><a href=crate::router::href("/apply") class="button" id="start-authentication">{t_string!(i18n, start_authentication)}</a></p>
                            <p><a href=crate::router::href("/")>{t_string!(i18n, back_to_guide)}</a></p>
                        })}
                        // A personal account goes on to promoting, where the deployment says
                        // that is (issue 15, item 7).
                        {m.promoter_console.filter(|_| !business).map(|console| view! {
                            <p><a href=console class="button" id="promoter-console">{t_string!(i18n, go_to_console)}</a></p>
                        })}
                        {(!business).then(|| view! { <div class="actions"><Exit reason=ExitReason::Completed/></div> })}
                    }
                        .into_any()
                }
                _ => view! {
                    <h1>{t!(i18n, sign_in_title)}</h1>
                    <p><a href=crate::router::href("/sign-in") class="button">{t_string!(i18n, sign_in_link)}</a></p>
                }
                    .into_any(),
            }}
    }
}
