//! `/m/legal-scan/:token` and `/m/sign/:token`: the sandbox's stand-in for what WeChat shows the
//! legal person (confirm the account is the business's) and the super administrator (sign the
//! agreement) after they scan the status page's QR code.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Abort, ApiError};
use crate::components::when::when_else;
use crate::i18n::{t_string, td_string, ui, use_i18n, use_title};

/// Which phone page: what the person is asked, and where the answer goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PhoneTask {
    LegalScan,
    Sign,
}

impl PhoneTask {
    fn api_kind(self) -> &'static str {
        match self {
            PhoneTask::LegalScan => "legal-scans",
            PhoneTask::Sign => "signatures",
        }
    }
}

#[component]
pub fn PhoneConfirm(task: PhoneTask) -> impl IntoView {
    let i18n = use_i18n();
    let here = crate::router::use_here();
    let abort = Abort::new();
    let done = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let words = move || match task {
        PhoneTask::LegalScan => (
            t_string!(i18n, status.legal_scan_title),
            t_string!(i18n, status.legal_scan_text),
            t_string!(i18n, status.legal_scan_confirm),
            t_string!(i18n, status.legal_scan_done),
        ),
        PhoneTask::Sign => (
            t_string!(i18n, status.sign_page_title),
            t_string!(i18n, status.sign_page_text),
            t_string!(i18n, status.sign_page_confirm),
            t_string!(i18n, status.sign_page_done),
        ),
    };
    use_title(
        move |l| match task {
            PhoneTask::LegalScan => td_string!(ui(l), status.legal_scan_title),
            PhoneTask::Sign => td_string!(ui(l), status.sign_page_title),
        },
        Signal::derive(move || problem.get().is_some()),
    );
    let confirm = move |_| {
        let path = here.path.get_untracked();
        let token = path.rsplit('/').next().unwrap_or_default().to_string();
        let abort = abort.clone();
        busy.set(true);
        spawn_local(async move {
            match api::sandbox_confirm(&abort, task.api_kind(), &token).await {
                Ok(()) => {
                    problem.set(None);
                    done.set(true);
                }
                Err(ApiError::Refused { status: 404 | 409, .. }) => problem.set(Some(
                    td_string!(ui(abort.instance().locale_now()), status.link_used).into(),
                )),
                Err(_) => problem.set(Some(
                    td_string!(ui(abort.instance().locale_now()), network_error).into(),
                )),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{move || words().0}</h1>
        {move || problem.get().map(|p| view! { <p class="error-banner" role="alert">{p}</p> })}
        {when_else(
            move || done.get(),
            move || {
                view! { <p class="panel" id="phone-done" role="status">{words().3}</p> }.into_any()
            },
            move || {
                view! {
                    <p>{words().1}</p>
                    <button type="button" id="confirm" class="button" disabled=move || busy.get() on:click=confirm.clone()>
                        {words().2}
                    </button>
                }
                .into_any()
            },
        )}
    }
}
