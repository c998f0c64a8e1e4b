//! `/status`: where a submitted application stands. (Tracking each stage in full is issue 5.)

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::ApplicationState;
use onboarding_domain::api::StatusView;

use crate::api::{self, Abort};
use crate::i18n::{texts, use_locale, use_title_in, wizard_texts};
use crate::session::use_session;

#[component]
pub fn Status() -> impl IntoView {
    let locale = use_locale();
    let t = move || wizard_texts(locale.get());
    let session = use_session();
    let abort = Abort::new();
    use_title_in(move |l| wizard_texts(l).status_title, Signal::derive(|| false));
    // `None` while asking; `Some(None)` when there is nothing to show.
    let status = RwSignal::new(None::<Option<StatusView>>);
    Effect::new(move |_| {
        let token = session.0.get();
        let abort = abort.clone();
        spawn_local(async move {
            let answer = match token {
                Some(token) => api::status(&abort, &token).await.ok(),
                None => None,
            };
            if !abort.is_aborted() {
                status.set(Some(answer));
            }
        });
    });
    view! {
        <h1>{move || t().status_title}</h1>
        {move || match status.get() {
                None => view! { <p class="loading" role="status">{t().loading}</p> }.into_any(),
                Some(found) => match found {
                Some(s) => {
                    let rejected = s.state == ApplicationState::Rejected;
                    view! {
                        <p class="panel" id="status-submitted">{t().status_submitted}</p>
                        <dl class="summary-list">
                            <div class="summary-row">
                                <dt>{t().status_reference}</dt>
                                <dd id="application-id">{s.application_id.clone()}</dd>
                            </div>
                            <div class="summary-row">
                                <dt>{t().status_state}</dt>
                                <dd id="application-state">{s.state.wechat_name()}</dd>
                            </div>
                        </dl>
                        {rejected.then(|| view! { <p><a href="/apply" class="button">{t().status_fix}</a></p> })}
                    }
                    .into_any()
                }
                None => view! {
                    <p><a href="/sign-in" class="button">{texts(locale.get()).sign_in_link}</a></p>
                }
                .into_any(),
                },
            }}
    }
}
