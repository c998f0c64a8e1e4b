//! What each step of the wizard shows: the errors at its answers and its place in the stepper.
//! The verdicts are the domain's ([`Wizard::problems`]); this only decides when they show.

use leptos::prelude::*;
use onboarding_domain::{Explain, FieldPath, Locale, Step};

use crate::i18n::{missing, step_name, td_string, ui};
use crate::state::Wizard;

/// A step as the stepper shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    Current,
    NotStarted,
    HasProblems,
}

impl Wizard {
    /// The error to show at an answer: the domain's, once its step was attempted; otherwise one
    /// the server reported, until the answer changes.
    pub fn error_at(self, path: FieldPath, locale: Locale) -> Option<String> {
        let attempted = self.attempted.with(|a| a.contains(&path.step()));
        // A missing answer is named ("Enter the account number"); other problems are the domain's.
        // A copied answer is missing where it is copied from, so that is what is asked for.
        let source = self.copied_from(path);
        let say = |code: &str, message: &dyn Fn() -> String| match source {
            Some(source) => missing(FieldPath::Field(source), code, locale)
                .map(|m| {
                    td_string!(
                        ui(locale),
                        wizard.copied_from,
                        missing = m,
                        step = step_name(Some(source.step()), locale)
                    )
                    .to_string()
                })
                .unwrap_or_else(message),
            None => missing(path, code, locale).unwrap_or_else(message),
        };
        let ours = attempted
            .then(|| {
                self.problems.with(|p| {
                    p.iter()
                        .find(|e| e.path == path)
                        .map(|e| say(e.problem.code(), &|| e.problem.message(locale)))
                })
            })
            .flatten();
        ours.or_else(|| {
            self.server_errors.with(|errors| {
                errors
                    .iter()
                    .find(|e| e.path == path)
                    .map(|e| say(&e.code, &|| e.message.clone()))
            })
        })
    }

    /// Every error on a step, in page order, as (element id, message) for the error summary.
    pub fn step_errors(self, step: Step, locale: Locale) -> Vec<(String, String)> {
        let mut paths: Vec<FieldPath> = Vec::new();
        if self.attempted.with(|a| a.contains(&step)) {
            self.problems.with(|p| paths.extend(p.iter().map(|e| e.path)));
        }
        self.server_errors.with(|e| paths.extend(e.iter().map(|e| e.path)));
        paths.retain(|p| p.step() == step);
        let mut seen = Vec::new();
        paths
            .into_iter()
            .filter(|p| {
                let first = !seen.contains(p);
                seen.push(*p);
                first
            })
            .filter_map(|p| self.error_at(p, locale).map(|m| (self.fixed_at(p), m)))
            .collect()
    }

    /// Where an error is fixed: the answer's element id on this page; for an answer the rules
    /// copy from another (the account holder from the business name), that answer, on its step.
    fn fixed_at(self, path: FieldPath) -> String {
        match self.copied_from(path).map(FieldPath::Field) {
            Some(source) => format!("/apply/{}#{}", source.step().key(), source.dom_id()),
            None => path.dom_id(),
        }
    }

    /// The answer this one is copied from, while the rules lock it (the domain's `locked_from`).
    fn copied_from(self, path: FieldPath) -> Option<onboarding_domain::Field> {
        match path {
            FieldPath::Field(f) => self.draft.with(|d| d.locked_from(f)),
            FieldPath::Owner(..) => None,
        }
    }

    /// Whether the domain finds nothing wrong on this step.
    pub fn step_is_complete(self, step: Step) -> bool {
        self.problems.with(|p| p.iter().all(|e| e.path.step() != step))
            && self.server_errors.with(|e| e.iter().all(|e| e.path.step() != step))
    }

    pub fn step_status(self, step: Step, current: Option<Step>) -> StepStatus {
        if current == Some(step) {
            StepStatus::Current
        } else if self.step_is_complete(step) {
            StepStatus::Done
        } else if self.attempted.with(|a| a.contains(&step))
            || self.server_errors.with(|e| e.iter().any(|e| e.path.step() == step))
        {
            StepStatus::HasProblems
        } else {
            StepStatus::NotStarted
        }
    }

    /// The first step the domain or the server still finds fault with.
    pub fn first_incomplete_step(self) -> Option<Step> {
        Step::ALL.into_iter().find(|s| !self.step_is_complete(*s))
    }
}
