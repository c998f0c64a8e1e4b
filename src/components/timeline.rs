//! The tracking timeline: every stage from the preliminary check to withdrawing, each done,
//! current, still to come, or where a frozen or canceled application stopped. The stage of a
//! state is the domain's ([`Stage::status_in`]).

use leptos::prelude::*;
use onboarding_domain::{ApplicationState, SettlementState, Stage, StageStatus};

use crate::i18n::{StatusTexts, status_texts, use_locale};

/// A stage's name in the applicant's words.
pub fn stage_name(stage: Stage, t: &'static StatusTexts) -> &'static str {
    match stage {
        Stage::Check => t.stage_check,
        Stage::Verification => t.stage_verification,
        Stage::Review => t.stage_review,
        Stage::Signing => t.stage_signing,
        Stage::SettlementAccount => t.stage_settlement,
        Stage::Done => t.stage_done,
    }
}

#[component]
pub fn Timeline(state: ApplicationState, settlement: SettlementState) -> impl IntoView {
    let locale = use_locale();
    let t = move || status_texts(locale.get());
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| {
            let status = move || stage.status_in(state, settlement);
            let class = move || match status() {
                StageStatus::Done => "done",
                StageStatus::Current => "current",
                StageStatus::Upcoming => "upcoming",
                StageStatus::Stopped => "stopped",
            };
            let word = move || match status() {
                StageStatus::Done => t().stage_is_done,
                StageStatus::Current => t().stage_is_current,
                StageStatus::Upcoming => t().stage_is_upcoming,
                StageStatus::Stopped => t().stage_is_stopped,
            };
            view! {
                <li class=class aria-current=move || matches!(status(), StageStatus::Current | StageStatus::Stopped).then_some("step")>
                    <span class="name">{move || stage_name(stage, t())}</span>
                    <span class="status">{word}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="visually-hidden">{move || t().progress}</h2>
            <ol>{stages}</ol>
        </nav>
    }
}
