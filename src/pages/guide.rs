//! `/`: the guide. The applicant says who is joining and sees exactly what to prepare.

use leptos::prelude::*;
use onboarding_domain::{EntityType, Residency, Situation};

use crate::components::when::when_else;
use crate::components::{checklist::Checklist, radios::Radios};
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::pages::chunks::{Ahead, prefetch};

#[component]
pub fn Guide() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    // The guide answers a question before anyone asks it, so it starts from the commonest case.
    let entity = RwSignal::new(Some(EntityType::Enterprise));
    let residency = RwSignal::new(Some(Residency::Mainland));
    let situation = Signal::derive(move || {
        Situation::new(
            entity.get().unwrap_or(EntityType::Enterprise),
            residency.get().unwrap_or(Residency::Mainland),
        )
    });
    let needs_documents = move || situation.get().entity_type.needs_authentication();
    use_title(|l| td_string!(ui(l), guide_title), Signal::derive(|| false));
    prefetch(Ahead::Account);

    view! {
        <h1>{t!(i18n, guide_title)}</h1>
        <p class="lead">{t!(i18n, guide_intro)}</p>
        <Radios
            id="entity-type"
            name="entity_type"
            legend=Signal::derive(move || t_string!(i18n, entity_question))
            options=&EntityType::ALL
            key=EntityType::key
            label=Signal::derive(move || EntityType::ALL.iter().map(|e| e.label(locale.get())).collect())
            selected=entity
            on_change=Callback::new(move |e| { entity.set(Some(e)); crate::state::carried::keep_entity(e) })
        />
        {when_else(
            needs_documents,
            move || view! {
                <Radios
                    id="residency"
                    name="residency"
                    legend=Signal::derive(move || t_string!(i18n, residency_question))
                    hint=Signal::derive(move || t_string!(i18n, residency_hint))
                    options=&Residency::ALL
                    key=Residency::key
                    label=Signal::derive(move || Residency::ALL.iter().map(|r| r.label(locale.get())).collect())
                    selected=residency
                    on_change=Callback::new(move |r| { residency.set(Some(r)); crate::state::carried::keep_residency(r) })
                />
                <Checklist situation=situation/>
            }.into_any(),
            move || view! { <p id="personal-ready" class="panel">{t!(i18n, personal_ready)}</p> }.into_any(),
        )}
        <p><a href=crate::router::href("/sign-in") class="button" id="start">{t!(i18n, start)}</a></p>
    }
}
