//! A GOV.UK-style radio group: a fieldset whose legend is the question.

use leptos::prelude::*;

/// One radio per option; `key` gives the form value and `label` the visible text.
#[component]
pub fn Radios<T>(
    /// The fieldset's id, also the prefix of each radio's id.
    #[prop(into)]
    id: String,
    /// The `name` shared by the radios.
    #[prop(into)]
    name: String,
    #[prop(into)] legend: Signal<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    options: &'static [T],
    key: fn(T) -> &'static str,
    #[prop(into)] label: Signal<Vec<&'static str>>,
    /// `None` until the applicant chooses: questions are not answered for them.
    #[prop(into)]
    selected: Signal<Option<T>>,
    /// Hears each choice.
    on_change: Callback<T>,
    /// The error shown above the options, if any.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let inputs = options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let option = *option;
            let input_id = format!("{id}-{}", key(option));
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=input_id.clone()
                        name=name.clone()
                        value=key(option)
                        prop:checked=move || selected.get() == Some(option)
                        on:change=move |_| on_change.run(option)
                    />
                    <label for=input_id>{move || label.get().get(i).copied().unwrap_or_default()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset id=id tabindex="-1" class="radios" class:has-error=move || error.get().is_some() aria-describedby=described>
            <legend>{move || legend.get()}</legend>
            {hint.map(|h| view! { <p id=hint_id class="hint">{move || h.get()}</p> })}
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
            {inputs}
        </fieldset>
    }
}
