//! What each step of the wizard shows: the errors at its answers and its place in the stepper.
//! The verdicts are the domain's ([`Wizard::problems`]); this only decides when they show.

use leptos::prelude::*;
use onboarding_domain::{Explain, FieldPath, Locale, Step};

use crate::i18n::{field_label, missing, step_name, td_string, ui};
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
        self.error_with_code(path, locale).map(|(_, message)| message)
    }

    /// [`Wizard::error_at`], with the problem's code.
    fn error_with_code(self, path: FieldPath, locale: Locale) -> Option<(String, String)> {
        let attempted = self.attempted.with(|a| a.contains(&path.step()));
        // A missing answer is named ("Enter the account number"); other problems are the domain's.
        // A copied answer is missing where it is copied from, so that is what is asked for.
        let source = self.copied_from(path);
        let say = |code: &str, message: &dyn Fn() -> String| {
            let said = match source {
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
                None => self
                    .missing_photo(path, code, locale)
                    .or_else(|| missing(path, code, locale))
                    .unwrap_or_else(message),
            };
            (code.to_string(), said)
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

    /// A missing photo of an identity document, named as its upload's label names it
    /// ("Passport: photo page"), not by its place on a generic document. (The other photos'
    /// messages name them already: "Upload a photo of the business licence".)
    fn missing_photo(self, path: FieldPath, code: &str, locale: Locale) -> Option<String> {
        if code != "image_required" {
            return None;
        }
        let entity = self.entity.get_untracked();
        let photo = self.draft.with(|d| d.photo(path, entity))?;
        if !matches!(photo.document, onboarding_domain::catalogue::Document::Identity(_)) {
            return None;
        }
        let label = photo.label(locale);
        let message = td_string!(ui(locale), missing.photo_of, label).to_string();
        Some(match path {
            FieldPath::Owner(i, _) => td_string!(ui(locale), missing.of_owner, n = i + 1, message).to_string(),
            FieldPath::Field(_) => message,
        })
    }

    /// The label of a photo answer, as its upload shows it.
    fn photo_label(self, path: FieldPath, locale: Locale) -> Option<String> {
        let entity = self.entity.get_untracked();
        self.draft.with(|d| d.photo(path, entity)).map(|p| p.label(locale))
    }

    /// Every error on a step, in page order, as (element id, message) for the error summary. Each
    /// entry names its answer: a missing one says what is missing, any other problem is preceded
    /// by the answer's label ("Name: “-” cannot be used here").
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
            .filter_map(|p| {
                let (code, message) = self.error_with_code(p, locale)?;
                let named = missing(p, &code, locale).is_some() || self.copied_from(p).is_some();
                let message = if named {
                    message
                } else {
                    let label = self
                        .photo_label(p, locale)
                        .unwrap_or_else(|| field_label(p, locale).to_string());
                    let label = match p {
                        FieldPath::Owner(i, _) => {
                            td_string!(ui(locale), missing.of_owner, n = i + 1, message = label).to_string()
                        }
                        FieldPath::Field(_) => label,
                    };
                    td_string!(ui(locale), wizard.error_at_answer, label, message).to_string()
                };
                Some((self.fixed_at(p), message))
            })
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
