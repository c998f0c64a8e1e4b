//! `/status`: where a submitted application stands, kept current by the [`Tracker`], and what the
//! applicant must do next. Each next action has its own part: `verification`, `settlement`,
//! and the short ones in `outcome`.

mod outcome;
mod settlement;
mod verification;

use leptos::prelude::*;
use onboarding_domain::events::ExitReason;

use crate::components::exit::Exit;
use leptos::task::spawn_local;
use onboarding_domain::api::StatusView;
use onboarding_domain::{NextAction, Progress};

use wasm_bindgen::JsCast;

use crate::api::{self, Abort};
use crate::components::countdown::local_date_time;
use crate::components::timeline::Timeline;
use crate::components::when::{when, when_else};
use crate::i18n::{t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::session::use_session;
use crate::state::{Tracked, Tracker};

use outcome::announcement;

#[component]
pub fn Status() -> impl IntoView {
    crate::session::sign_in_when_needed();
    let locale = use_locale();
    let session = use_session();
    use_title(
        move |l| td_string!(ui(l), wizard.status_title),
        Signal::derive(|| false),
    );
    view! {
        <h1>{move || td_string!(ui(locale.get()), wizard.status_title)}</h1>
        {move || match session.0.get() {
            Some(token) => view! { <Standing token/> }.into_any(),
            None => view! {
                <p><a href=crate::router::href("/sign-in") class="button">{move || td_string!(ui(locale.get()), sign_in_link)}</a></p>
            }
            .into_any(),
        }}
    }
}

/// Whether there is an application to follow, asked first: a personal account, or a business
/// that has not submitted, has no status (asking for one would only be a 404).
#[component]
fn Standing(token: String) -> impl IntoView {
    let locale = use_locale();
    let me = RwSignal::new(None);
    let (abort, asked) = (Abort::new(), token.clone());
    spawn_local(async move { me.set(Some(api::me(&abort, &asked).await)) });
    move || match me.get() {
        None => {
            view! { <p class="loading" role="status">{td_string!(ui(locale.get()), wizard.loading)}</p> }.into_any()
        }
        Some(Ok(me)) if me.application_state.is_none() => {
            // The server says whether the account is usable (a personal one is, at once).
            view! { <NothingSubmitted active=me.account.is_some_and(|a| a.active)/> }.into_any()
        }
        Some(_) => view! { <Tracking token=token.clone()/> }.into_any(),
    }
}

/// The page for one session: it follows the application while it is shown.
#[component]
fn Tracking(token: String) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let tracker = Tracker::start(token.clone());
    let token = StoredValue::new(token);
    // Only a new status re-renders the page, not every "nothing changed" answer. The version is
    // the status's `ETag`, so comparing it is comparing the status (and cheaper in the bundle).
    let version = Memo::new(move |_| tracker.version());
    let instance = crate::embed::use_instance();
    // A new status rebuilds the panel, taking with it the button the applicant just pressed:
    // focus goes to the new next step's heading instead of falling back to the page.
    Effect::new(move |before: Option<Option<u64>>| {
        let now = version.get();
        // Not on arriving at the page: only when one status replaces another.
        if before.flatten().is_some() {
            request_animation_frame(move || {
                // Lost: on the page's body, or on the host of the app's shadow root.
                let lost = instance.focused().is_none_or(|e| e.tag_name() == "BODY");
                if lost && let Some(heading) = instance.by_id("next-step-title") {
                    let _ = heading.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
        now
    });
    view! {
        // One live region, always there, whose content comes and goes: announced when it does.
        <div role="status">
            {when(move || tracker.offline.get(), move || view! { <p class="banner" id="offline">{t_string!(i18n, status.offline)}</p> }.into_any())}
        </div>
        {move || tracker.tracked.with(|tracked| match tracked {
            Tracked::Loading => view! { <p class="loading" role="status">{td_string!(ui(locale.get()), wizard.loading)}</p> }.into_any(),
            Tracked::SignedOut => view! {
                <p><a href=crate::router::href("/sign-in") class="button">{td_string!(ui(locale.get()), sign_in_link)}</a></p>
            }
            .into_any(),
            Tracked::NotSubmitted => view! { <NothingSubmitted active=false/> }.into_any(),
            Tracked::Found(_) => ().into_any(),
        })}
        // The live region stays in place while the status changes, so screen readers announce
        // each new next action (a region created with its text is often not announced).
        <p class="visually-hidden" role="status" aria-live="polite" id="status-announcement">
            {move || version.get().and_then(|_| tracker.view_untracked()).map(|view| announcement(&view, locale.get()))}
        </p>
        // Only a new version rebuilds the panel: a change of language must not lose what the
        // applicant is typing in it (each text follows the language by itself).
        {move || version.get().and_then(|_| tracker.view_untracked()).map(|view| found(view, tracker, token.get_value()))}
        <p class="caption" id="heard-at">
            {move || tracker.heard_at.get().map(|ms| format!("{} {}", t_string!(i18n, status.heard_at), local_date_time(ms as i64, locale.get().tag())))}
        </p>
    }
}

/// The application: the part for its next action, the timeline, and its reference.
pub fn found(view: StatusView, tracker: Tracker, token: String) -> AnyView {
    let locale = use_locale();
    let reference = view.application_id.clone();
    let progress = Progress::of(view.state, view.settlement.state);
    let leaving = match view.next_action {
        NextAction::WithdrawCommissions => ExitReason::Completed,
        _ => ExitReason::Closed,
    };
    let part = match view.next_action {
        NextAction::VerifyAccount => view! { <verification::Verification view=view.clone() tracker token/> }.into_any(),
        NextAction::BindSettlementAccount
        | NextAction::WaitForAccountVerification
        | NextAction::FixSettlementAccount
        | NextAction::WithdrawCommissions => {
            view! { <settlement::Settlement view=view.clone() tracker token/> }.into_any()
        }
        _ => outcome::outcome(&view),
    };
    view! {
        <section class="next-step" aria-labelledby="next-step-title">{part}</section>
        <Timeline progress/>
        <dl class="summary-list">
            <div class="summary-row">
                <dt>{move || td_string!(ui(locale.get()), wizard.status_reference)}</dt>
                <dd id="application-id">{reference}</dd>
            </div>
            <div class="summary-row">
                <dt>{move || td_string!(ui(locale.get()), wizard.status_state)}</dt>
                <dd id="application-state">{move || progress.label(locale.get())}</dd>
            </div>
        </dl>
        <div class="actions"><Exit reason=leaving/></div>
    }
    .into_any()
}

/// No application: a personal account is active as it is; a business has yet to submit.
#[component]
fn NothingSubmitted(active: bool) -> impl IntoView {
    let i18n = use_i18n();
    when_else(
        move || active,
        move || {
            view! {
                <div class="panel" id="personal-active">
                    <h2>{t_string!(i18n, status.personal_active_title)}</h2>
                    <p>{t_string!(i18n, status.personal_active)}</p>
                </div>
                <div class="actions"><Exit reason=ExitReason::Completed/></div>
            }
            .into_any()
        },
        move || {
            view! {
                <p id="not-submitted">{t_string!(i18n, status.not_submitted)}</p>
                <p><a href=crate::router::href("/apply") class="button">{t_string!(i18n, status.continue_application)}</a></p>
            }
            .into_any()
        },
    )
}
