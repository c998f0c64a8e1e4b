//! A GOV.UK-style radio group: a fieldset whose legend is the question.

use leptos::prelude::*;

/// One radio per option; `key` gives the form value and `label` the visible text.
#[component]
pub fn Radios<T>(
    /// The fieldset's id, also the prefix of each radio's id.
    id: &'static str,
    /// The `name` shared by the radios.
    name: &'static str,
    #[prop(into)] legend: Signal<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    options: &'static [T],
    key: fn(T) -> &'static str,
    #[prop(into)] label: Signal<Vec<&'static str>>,
    selected: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <fieldset id=id class="radios" aria-describedby=described>
            <legend>{move || legend.get()}</legend>
            {hint.map(|h| view! { <p id=hint_id class="hint">{move || h.get()}</p> })}
            {options
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
                                name=name
                                value=key(option)
                                prop:checked=move || selected.get() == option
                                on:change=move |_| selected.set(option)
                            />
                            <label for=input_id>{move || label.get().get(i).copied().unwrap_or_default()}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
