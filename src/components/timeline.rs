//! The tracking timeline: every stage from the preliminary check to withdrawing, each done,
//! current, sent back, still to come, or where a frozen or canceled application stopped. The
//! stage of a state is the domain's ([`Progress`]), which the status row reads too.

use leptos::prelude::*;
use onboarding_domain::{Locale, Progress, Stage, StageStatus};

use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale};

/// A stage's name in the applicant's words.
pub fn stage_name(stage: Stage, l: Locale) -> &'static str {
    match stage {
        Stage::Check => td_string!(ui(l), status.stage_check),
        Stage::Verification => td_string!(ui(l), status.stage_verification),
        Stage::Review => td_string!(ui(l), status.stage_review),
        Stage::Signing => td_string!(ui(l), status.stage_signing),
        Stage::SettlementAccount => td_string!(ui(l), status.stage_settlement),
        Stage::Done => td_string!(ui(l), status.stage_done),
    }
}

#[component]
pub fn Timeline(progress: Progress) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| {
            let status = move || progress.status_of(stage);
            let class = move || match status() {
                StageStatus::Done => "done",
                StageStatus::Current => "current",
                StageStatus::SentBack => "sent-back",
                StageStatus::Upcoming => "upcoming",
                StageStatus::Stopped => "stopped",
            };
            let word = move || match status() {
                StageStatus::Done => t_string!(i18n, status.stage_is_done),
                StageStatus::Current => t_string!(i18n, status.stage_is_current),
                StageStatus::SentBack => t_string!(i18n, status.stage_is_sent_back),
                StageStatus::Upcoming => t_string!(i18n, status.stage_is_upcoming),
                StageStatus::Stopped => t_string!(i18n, status.stage_is_stopped),
            };
            view! {
                <li class=class aria-current=move || matches!(status(), StageStatus::Current | StageStatus::SentBack | StageStatus::Stopped).then_some("step")>
                    <span class="name">{move || stage_name(stage, locale.get())}</span>
                    <span class="status">{word}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="visually-hidden">{t!(i18n, status.progress)}</h2>
            <ol>{stages}</ol>
        </nav>
    }
}
