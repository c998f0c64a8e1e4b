//! Conditional parts of a page: `when(condition, view)` shows `view` while `condition` holds and
//! re-renders only when it flips, like `<Show>`.
//!
//! Unlike `<Show>`, the work is done by one non-generic function: every use shares one copy of the
//! memo and render code in the bundle instead of carrying its own (about 2 KB of wasm each).
//!
//! ```ignore
//! view! { {when(move || residency.get().is_some(), move || view! { <DocumentFields/> }.into_any())} }
//! ```

use leptos::prelude::*;

type Condition = Box<dyn Fn() -> bool + Send + Sync>;
type Part = Box<dyn Fn() -> AnyView + Send + Sync>;

/// Shows `view` while `condition` is true.
pub fn when(
    condition: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    either(Box::new(condition), Box::new(view), None)
}

/// Shows `view` while `condition` is true, and `otherwise` while it is not.
pub fn when_else(
    condition: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
    otherwise: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    either(Box::new(condition), Box::new(view), Some(Box::new(otherwise)))
}

fn either(condition: Condition, view: Part, otherwise: Option<Part>) -> AnyView {
    let shown = Memo::new(move |_| condition());
    (move || {
        if shown.get() {
            Some(view())
        } else {
            otherwise.as_ref().map(|o| o())
        }
    })
    .into_any()
}
