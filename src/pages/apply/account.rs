//! Step 4: the settlement account commissions are paid into.

use leptos::prelude::*;
use onboarding_domain::{Bank, BankAccountType, Field, FieldPath, Step, group_digits};

use crate::components::radios::Radios;
use crate::components::step_form::StepForm;
use crate::components::text_field::{Input, TextField};
use crate::i18n::{field_label, t_string, td_string, text, ui, use_i18n, use_locale};
use crate::state::use_wizard;

fn grouped(typed: &str) -> String {
    group_digits(typed)
}

#[component]
pub fn AccountStep() -> impl IntoView {
    view! {
        <StepForm step=Step::SettlementAccount>
            <AccountFields/>
        </StepForm>
    }
}

/// The account's questions, bound to the wizard in context. The status page reuses them to
/// change the account after `FINISH`, over a wizard of its own.
#[component]
pub fn AccountFields() -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let i18n = use_i18n();
    let type_path: FieldPath = Field::AccountType.into();
    let allowed = move || wizard.entity.get().allowed_account_types();
    let kind = Signal::derive(move || wizard.draft.with(|d| d.settlement_account.account_type));
    let choose = Callback::new(move |k: BankAccountType| {
        wizard.edit(Some(type_path), |d| d.settlement_account.account_type = Some(k))
    });
    let numeric = Input {
        inputmode: "numeric",
        ..Input::TEXT
    };
    let number = Input {
        inputmode: "numeric",
        tidy: Some(grouped),
        ..Input::TEXT
    };
    view! {
            {move || {
                let options = allowed();
                if options.len() == 1 {
                    view! { <p class="panel" id=type_path.dom_id()>{t_string!(i18n, wizard.account_type_only_business)}</p> }.into_any()
                } else {
                    view! {
                        <Radios
                            id=type_path.dom_id()
                            name="account_type"
                            legend=Signal::derive(move || t_string!(i18n, wizard.account_type))
                            options=options
                            key=BankAccountType::code
                            label=Signal::derive(move || allowed().iter().map(|a| a.label(locale.get())).collect())
                            selected=kind
                            on_change=choose
                            error=Signal::derive(move || wizard.error_at(type_path, locale.get()))
                        />
                    }
                        .into_any()
                }
            }}
            <BankSelect/>
            <TextField path=Field::AccountCityCode.into() hint=text(|l| td_string!(ui(l), wizard.city_code_hint)) input=numeric/>
            <TextField path=Field::AccountBranchName.into() hint=text(|l| td_string!(ui(l), wizard.branch_name_hint))/>
            <TextField path=Field::AccountName.into()/>
            <TextField path=Field::AccountNumber.into() hint=text(|l| td_string!(ui(l), wizard.account_number_hint)) input=number/>
    }
}

/// The bank: WeChat Pay's directly connected banks, or another one.
#[component]
fn BankSelect() -> impl IntoView {
    let wizard = use_wizard();
    let locale = use_locale();
    let path: FieldPath = Field::AccountBank.into();
    let id = path.dom_id();
    let error_id = format!("{id}-error");
    let error = Signal::derive(move || wizard.error_at(path, locale.get()));
    let selected = move || wizard.draft.with(|d| d.settlement_account.bank.map(Bank::key));
    let choose = move |ev| {
        let value = event_target_value(&ev);
        let bank = value.parse::<usize>().ok().and_then(|i| Bank::ALL.get(i).copied());
        wizard.edit(Some(path), |d| d.settlement_account.bank = bank);
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{move || field_label(path, locale.get())}</label>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
            <select
                id=id
                on:change=choose
                aria-describedby=move || error.get().map(|_| format!("{}-error", path.dom_id()))
                aria-invalid=move || error.get().is_some().then_some("true")
            >
                <option value="" selected=move || selected().is_none()>{move || td_string!(ui(locale.get()), wizard.choose_bank)}</option>
                {Bank::ALL
                    .iter()
                    .map(|bank| {
                        let key = bank.key();
                        view! {
                            <option value=key.to_string() selected=move || selected() == Some(key)>
                                {move || bank.label(locale.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
