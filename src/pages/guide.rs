//! `/`: the guide. The applicant says who is joining and sees exactly what to prepare.

use leptos::prelude::*;
use onboarding_domain::{EntityType, Residency, Situation};

use crate::components::{checklist::Checklist, radios::Radios};
use crate::i18n::{texts, use_locale};

#[component]
pub fn Guide() -> impl IntoView {
    let locale = use_locale();
    let t = move || texts(locale.get());
    let entity = RwSignal::new(EntityType::Enterprise);
    let residency = RwSignal::new(Residency::Mainland);
    let situation = Signal::derive(move || Situation::new(entity.get(), residency.get()));
    let needs_documents = move || entity.get().needs_authentication();

    view! {
        <h1>{move || t().guide_title}</h1>
        <p class="lead">{move || t().guide_intro}</p>
        <Radios
            id="entity-type"
            name="entity_type"
            legend=Signal::derive(move || t().entity_question)
            options=&EntityType::ALL
            key=EntityType::key
            label=Signal::derive(move || EntityType::ALL.iter().map(|e| e.label(locale.get())).collect())
            selected=entity
        />
        <Show
            when=needs_documents
            fallback=move || view! { <p id="personal-ready" class="panel">{move || t().personal_ready}</p> }
        >
            <Radios
                id="residency"
                name="residency"
                legend=Signal::derive(move || t().residency_question)
                hint=Signal::derive(move || t().residency_hint)
                options=&Residency::ALL
                key=Residency::key
                label=Signal::derive(move || Residency::ALL.iter().map(|r| r.label(locale.get())).collect())
                selected=residency
            />
            <Checklist situation=situation/>
        </Show>
    }
}
