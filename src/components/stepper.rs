//! The wizard's steps at the top of each page: done, current, not started or with problems.

use leptos::prelude::*;
use onboarding_domain::{Locale, Step};

use crate::i18n::{step_name, td_string, ui, use_locale};
use crate::state::{StepStatus, use_wizard};

fn status_class(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "step done",
        StepStatus::Current => "step current",
        StepStatus::NotStarted => "step not-started",
        StepStatus::HasProblems => "step has-problems",
    }
}

fn status_text(status: StepStatus, l: Locale) -> &'static str {
    match status {
        StepStatus::Done => td_string!(ui(l), wizard.status_done),
        StepStatus::Current => td_string!(ui(l), wizard.status_current),
        StepStatus::NotStarted => td_string!(ui(l), wizard.status_not_started),
        StepStatus::HasProblems => td_string!(ui(l), wizard.status_problems),
    }
}

/// `current` is the step on screen; `None` is the check-your-answers page.
#[component]
pub fn Stepper(#[prop(into)] current: Signal<Option<Step>>) -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    // The four form steps, then "check and submit" (None).
    let steps = Step::ALL.into_iter().map(Some).chain([None]);
    view! {
        <nav class="stepper" aria-label=move || td_string!(ui(locale.get()), wizard.steps_label)>
            <ol>
                {steps
                    .enumerate()
                    .map(|(i, step)| {
                        let status = move || match step {
                            Some(s) => wizard.step_status(s, current.get()),
                            None if current.get().is_none() => StepStatus::Current,
                            None => StepStatus::NotStarted,
                        };
                        let href = crate::router::href(&format!("/apply/{}", step.map_or("check", Step::key)));
                        view! {
                            <li class=move || status_class(status())>
                                <a
                                    href=href
                                    aria-current=move || (status() == StepStatus::Current).then_some("step")
                                >
                                    <span class="number" aria-hidden="true">{i + 1}</span>
                                    <span class="name">{move || step_name(step, locale.get())}</span>
                                    <span class="status">{move || status_text(status(), locale.get())}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
