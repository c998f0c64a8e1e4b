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
    /// A hint under each option, in the order of `options`, tied to its radio.
    #[prop(optional, into)]
    option_hints: Option<Signal<Vec<&'static str>>>,
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
    // Only the mapping between options and positions is generic; the group itself is one
    // function for every option type.
    let keys = options.iter().map(|o| key(*o)).collect();
    let selected = Signal::derive(move || selected.get().and_then(|s| options.iter().position(|o| *o == s)));
    let on_change = Callback::new(move |i: usize| on_change.run(options[i]));
    group(Group {
        id,
        name,
        legend,
        hint,
        keys,
        label,
        option_hints,
        selected,
        on_change,
        error,
    })
}

struct Group {
    id: String,
    name: String,
    legend: Signal<&'static str>,
    hint: Option<Signal<&'static str>>,
    keys: Vec<&'static str>,
    label: Signal<Vec<&'static str>>,
    option_hints: Option<Signal<Vec<&'static str>>>,
    selected: Signal<Option<usize>>,
    on_change: Callback<usize>,
    error: Option<Signal<Option<String>>>,
}

fn group(g: Group) -> AnyView {
    let Group {
        id,
        name,
        legend,
        hint,
        keys,
        label,
        option_hints,
        selected,
        on_change,
        error,
    } = g;
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
    let inputs = keys
        .into_iter()
        .enumerate()
        .map(|(i, key)| {
            let input_id = format!("{id}-{key}");
            let option_hint_id = format!("{input_id}-hint");
            let option_hint = option_hints.map(|h| {
                view! { <p id=option_hint_id.clone() class="hint">{move || h.get().get(i).copied().unwrap_or_default()}</p> }
            });
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=input_id.clone()
                        name=name.clone()
                        value=key
                        prop:checked=move || selected.get() == Some(i)
                        on:change=move |_| on_change.run(i)
                        aria-describedby=option_hints.is_some().then_some(option_hint_id)
                    />
                    <label for=input_id>{move || label.get().get(i).copied().unwrap_or_default()}</label>
                    {option_hint}
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
    }.into_any()
}
