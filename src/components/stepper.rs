//! The wizard's steps at the top of each page: done, current, not started or with problems.

use leptos::prelude::*;
use onboarding_domain::Step;

use crate::i18n::{WizardTexts, step_name, use_locale, wizard_texts};
use crate::state::{StepStatus, use_wizard};

fn status_class(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "step done",
        StepStatus::Current => "step current",
        StepStatus::NotStarted => "step not-started",
        StepStatus::HasProblems => "step has-problems",
    }
}

fn status_text(status: StepStatus, t: &WizardTexts) -> &'static str {
    match status {
        StepStatus::Done => t.status_done,
        StepStatus::Current => t.status_current,
        StepStatus::NotStarted => t.status_not_started,
        StepStatus::HasProblems => t.status_problems,
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
        <nav class="stepper" aria-label=move || wizard_texts(locale.get()).steps_label>
            <ol>
                {steps
                    .enumerate()
                    .map(|(i, step)| {
                        let status = move || match step {
                            Some(s) => wizard.step_status(s, current.get()),
                            None if current.get().is_none() => StepStatus::Current,
                            None => StepStatus::NotStarted,
                        };
                        let href = format!("/apply/{}", step.map_or("check", Step::key));
                        view! {
                            <li class=move || status_class(status())>
                                <a
                                    href=href
                                    aria-current=move || (status() == StepStatus::Current).then_some("step")
                                >
                                    <span class="number" aria-hidden="true">{i + 1}</span>
                                    <span class="name">{move || step_name(step, locale.get())}</span>
                                    <span class="status">{move || status_text(status(), wizard_texts(locale.get()))}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
