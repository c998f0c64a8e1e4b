//! The guide's checklist, driven entirely by the domain's requirements catalogue.

use leptos::prelude::*;
use onboarding_domain::{BankAccountType, Document, EntityType, Field, Situation, requirements};

use crate::i18n::{td_string, ui, use_locale};

/// What to prepare for a situation: the licence, the identity document's faces, the
/// administrator's details, the settlement account and (enterprise) beneficial owners.
#[component]
pub fn Checklist(#[prop(into)] situation: Signal<Situation>) -> impl IntoView {
    let locale = use_locale();
    move || {
        let l = locale.get();
        let s = situation.get();
        let req = requirements(s);
        let photos = |pick: fn(&Document) -> bool| {
            req.images
                .iter()
                .filter(|i| pick(&i.document))
                .map(|i| view! { <li data-face=i.face.key()>{i.label(l)}</li> })
                .collect_view()
        };
        let licence = photos(|d| matches!(d, Document::BusinessLicence));
        let identity = req
            .images
            .iter()
            .filter(|i| matches!(i.field, Field::LegalPersonIdFront | Field::LegalPersonIdBack))
            .map(|i| view! { <li data-face=i.face.key()>{i.label(l)}</li> })
            .collect_view();
        let accounts = s.entity_type.allowed_account_types();
        view! {
            <section class="checklist" aria-labelledby="checklist-title">
                <h2 id="checklist-title">{td_string!(ui(l), checklist_title)}</h2>
                <ol id="checklist">
                    <li class="item">
                        <h3>{td_string!(ui(l), licence_heading)}</h3>
                        <ul class="faces">{licence}</ul>
                        <p>{td_string!(ui(l), licence_rules)}</p>
                        <p class="hint">{td_string!(ui(l), photo_rules)}</p>
                    </li>
                    <li class="item">
                        <h3>{td_string!(ui(l), identity_heading)}</h3>
                        <ul class="faces">{identity}</ul>
                        <p>{td_string!(ui(l), identity_details)}</p>
                        {req.contains(Field::LegalPersonAddress).then(|| view! { <p id="identity-address">{td_string!(ui(l), identity_address)}</p> })}
                    </li>
                    <li class="item">
                        <h3>{td_string!(ui(l), administrator_heading)}</h3>
                        <p>{td_string!(ui(l), administrator_details)}</p>
                    </li>
                    <li class="item">
                        <h3>{td_string!(ui(l), account_heading)}</h3>
                        {accounts.contains(&BankAccountType::Business).then(|| view! { <p>{td_string!(ui(l), account_business)}</p> })}
                        {accounts.contains(&BankAccountType::Private).then(|| view! { <p>{td_string!(ui(l), account_private)}</p> })}
                        <p class="hint">{td_string!(ui(l), account_details)}</p>
                    </li>
                    {(s.entity_type == EntityType::Enterprise).then(|| view! {
                        <li class="item">
                            <h3>{td_string!(ui(l), owner_heading)}</h3>
                            <p>{td_string!(ui(l), owner_details)}</p>
                        </li>
                    })}
                </ol>
            </section>
        }
    }
}
