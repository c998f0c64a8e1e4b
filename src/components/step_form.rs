//! One step of the wizard: its error summary, heading, answers, "Continue" and the save status.
//!
//! GOV.UK behaviour: the step validates on "Continue" (the domain's rules, in the browser); after
//! that its answers re-validate as they change. Focus moves to the heading when a step opens, and
//! to the error summary when "Continue" finds problems.

use leptos::html::H1;
use leptos::prelude::*;

use onboarding_domain::Step;

use crate::components::error_summary::ErrorSummary;
use crate::i18n::{step_name, t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::state::{SaveState, use_wizard};

/// Where "Continue" goes from `step`: back to the check page when the applicant came from there.
pub fn after(step: Step, returning: bool) -> String {
    match (returning, step.next()) {
        (false, Some(next)) => format!("/apply/{}", next.key()),
        _ => "/apply/check".to_string(),
    }
}

#[component]
pub fn StepForm(step: Step, children: Children) -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let i18n = use_i18n();
    let here = crate::router::use_here();
    let returning = move || here.query_value("return").as_deref() == Some("check");
    // "Continue" while a photo is still on its way: said at the top, nothing else changes.
    let waiting = RwSignal::new(false);
    let errors = Signal::derive(move || {
        let mut list = wizard.step_errors(step, locale.get());
        if waiting.get() && wizard.uploads.get() > 0 {
            list.push((
                "continue".to_string(),
                td_string!(ui(locale.get()), wizard.uploads_pending).to_string(),
            ));
        }
        list
    });
    use_title(
        move |l| step_name(Some(step), l),
        Signal::derive(move || !errors.get().is_empty()),
    );

    let heading = NodeRef::<H1>::new();
    // A new step is announced at its heading (the summary takes the focus if it shows).
    crate::router::focus_on_arrival(heading);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        wizard.attempted.update(|a| {
            if !a.contains(&step) {
                a.push(step);
            }
        });
        if wizard.uploads.get_untracked() > 0 {
            waiting.set(true);
            wizard.attempts.update(|n| *n += 1);
        } else if wizard.step_errors(step, locale.get_untracked()).is_empty() {
            here.navigate(&after(step, returning()));
        } else {
            wizard.attempts.update(|n| *n += 1);
        }
    };
    let number = Step::ALL.iter().position(|s| *s == step).unwrap_or(0) + 1;
    let previous = Step::ALL
        .get(number.wrapping_sub(2))
        .map(|s| crate::router::href(&format!("/apply/{}", s.key())));
    view! {
        <ErrorSummary errors=errors attempts=wizard.attempts/>
        <OfflineBanner/>
        <form class="step" novalidate on:submit=submit>
            <p class="caption">{move || format!("{} {number} {}", t_string!(i18n, wizard.step_of), t_string!(i18n, wizard.step_of_total))}</p>
            <h1 node_ref=heading tabindex="-1">{move || step_name(Some(step), locale.get())}</h1>
            {children()}
            <div class="actions">
                <button type="submit" id="continue" class="button">
                    {move || if returning() { t_string!(i18n, wizard.return_to_check) } else { t_string!(i18n, wizard.continue_button) }}
                </button>
                {previous.map(|href| view! { <a class="back" href=href>{t!(i18n, wizard.back)}</a> })}
                <SaveAndClose/>
            </div>
            <SaveStatus/>
        </form>
    }
}

/// Offline: said at the top of the step, where it cannot be missed (under "Continue" it was below
/// the fold of a long step), announced politely, and kept until the answers typed meanwhile are
/// saved. The region is always there and only its content comes and goes, so that it is announced.
#[component]
fn OfflineBanner() -> impl IntoView {
    let wizard = use_wizard();
    let i18n = use_i18n();
    let unsent = Memo::new(move |before: Option<&bool>| match wizard.save.get() {
        SaveState::Offline => true,
        // Back online and sending: still not saved.
        SaveState::Saving => before.copied().unwrap_or(false),
        _ => false,
    });
    view! {
        // Sticky: on a long step the applicant is typing far below the top.
        <div role="status" class="offline-region">
            {move || unsent.get().then(|| view! { <p class="banner" id="offline-banner">{t_string!(i18n, wizard.offline)}</p> })}
        </div>
    }
}

/// Whether the answers are saved, announced politely. (Offline is the banner's to say.)
#[component]
pub fn SaveStatus() -> impl IntoView {
    let wizard = use_wizard();
    let i18n = use_i18n();
    let text = move || match wizard.save.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => t_string!(i18n, wizard.saving).to_string(),
        SaveState::Saved(at) => at_time(t_string!(i18n, wizard.saved_at), at),
        SaveState::Merged(at) => at_time(t_string!(i18n, wizard.merged_at), at),
        SaveState::Offline => String::new(),
        SaveState::Failed => t_string!(i18n, wizard.save_failed).to_string(),
    };
    let class = move || match wizard.save.get() {
        SaveState::Failed => "save-status warning",
        _ => "save-status",
    };
    view! { <p id="save-status" class=class role="status">{text}</p> }
}

fn at_time(label: &str, at: f64) -> String {
    let time = js_sys::Date::new(&at.into());
    format!("{label} {:02}:{:02}", time.get_hours(), time.get_minutes())
}

/// "Save and close", on a host's page: the host hears of it once the answers are saved, so that
/// it may remove the form at once and lose nothing typed. A save that fails is shown as the
/// wizard shows it (offline, the banner), and the applicant stays.
#[component]
fn SaveAndClose() -> impl IntoView {
    let instance = crate::embed::use_instance();
    let wizard = use_wizard();
    let i18n = use_i18n();
    let reason = onboarding_domain::events::ExitReason::Closed;
    let leave = move || {
        leptos::task::spawn_local(async move {
            if wizard.flush_once().await.is_ok() {
                crate::components::exit::tell(instance, reason);
            }
        })
    };
    crate::components::exit::exit_button(instance, reason, move || t_string!(i18n, exit_save_and_close), leave)
}
