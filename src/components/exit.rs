//! Leaving the form on a host's page: a button that tells the host (`onboarding:exit`), which
//! decides what comes next (it may close a dialog, or go on to its own pages). The app's own page
//! has nowhere to go back to, so it shows none.

use leptos::prelude::*;
use onboarding_domain::events::ExitReason;

use crate::embed::Instance;
use crate::i18n::{t_string, use_i18n};

/// "Close" (the applicant will be back; nothing is unsaved here), or "Done" (nothing is left to
/// do here). The wizard's "Save and close" is its own (`step_form.rs`): it saves first.
#[component]
pub fn Exit(reason: ExitReason) -> impl IntoView {
    let instance = crate::embed::use_instance();
    let i18n = use_i18n();
    let label = move || match reason {
        ExitReason::Closed => t_string!(i18n, exit_close),
        ExitReason::Completed => t_string!(i18n, exit_done),
    };
    exit_button(instance, reason, label, move || tell(instance, reason))
}

/// Tells the host that the applicant left.
pub fn tell(instance: Instance, reason: ExitReason) {
    crate::embed::events::emit(instance, &reason.event());
}

/// The button, on a host's page only; `leave` runs when it is pressed.
pub fn exit_button(
    instance: Instance,
    reason: ExitReason,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    leave: impl Fn() + 'static,
) -> Option<impl IntoView> {
    instance.hosted().then(|| {
        view! {
            <button type="button" class="button secondary" id=format!("exit-{}", reason.key()) on:click=move |_| leave()>
                {label}
            </button>
        }
    })
}
