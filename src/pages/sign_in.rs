//! `/sign-in`: a QR code of a sign-in ticket. The page polls the ticket and moves on once the
//! phone confirms: to registration for a new user, to the account page otherwise.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::{TicketCreated, TicketState};

use crate::api::{self, Abort, ApiError};
use crate::components::qr::Qr;
use crate::components::when::when;
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::session::use_session;

/// Poll gently: a person takes seconds to scan; back off further while the network fails.
const POLL_MS: i32 = 1_500;
const RETRY_MS: i32 = 5_000;

fn local_time(unix_ms: i64, tag: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms as f64));
    date.to_locale_time_string(tag).into()
}

#[component]
pub fn SignIn() -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let session = use_session();
    let abort = Abort::new();
    let ticket = RwSignal::new(None::<TicketCreated>);
    let state = RwSignal::new(TicketState::Pending);
    let offline = RwSignal::new(false);
    use_title(|l| td_string!(ui(l), sign_in_title), Signal::derive(|| false));

    // Each new ticket gets its own polling loop; the generation stops the loops of old ones.
    let generation = StoredValue::new(0u32);
    let start = {
        let abort = abort.clone();
        move || {
            let abort = abort.clone();
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            spawn_local(async move {
                let created = loop {
                    match api::create_ticket(&abort).await {
                        Ok(created) => break created,
                        Err(_) if abort.is_aborted() => return,
                        Err(_) => {
                            offline.set(true);
                            api::sleep(RETRY_MS).await;
                        }
                    }
                };
                offline.set(false);
                let this_ticket = created.clone();
                ticket.set(Some(created));
                state.set(TicketState::Pending);
                while !abort.is_aborted() && generation.get_value() == mine {
                    api::sleep(POLL_MS).await;
                    match api::poll_ticket(&abort, &this_ticket).await {
                        Ok(status) => {
                            offline.set(false);
                            state.set(status.state);
                            if let Some(grant) = status.session {
                                session.set(&grant.token);
                                // A returning promoter lands where their account stands: the
                                // status page says what is next (or that nothing is).
                                crate::router::navigate(if grant.registered { "/status" } else { "/register" });
                                return;
                            }
                            // Expired, or confirmed with the session already handed to another tab:
                            // this ticket has nothing more to give, so stop polling.
                            if matches!(status.state, TicketState::Expired | TicketState::Confirmed) {
                                return;
                            }
                        }
                        Err(ApiError::Network) => {
                            offline.set(true);
                            api::sleep(RETRY_MS).await;
                        }
                        Err(_) => return,
                    }
                }
            });
        }
    };
    start();
    let refresh = start.clone();

    let status_text = move || match state.get() {
        TicketState::Pending => t_string!(i18n, sign_in_waiting),
        TicketState::Scanned | TicketState::Confirmed => t_string!(i18n, sign_in_scanned),
        TicketState::Expired => t_string!(i18n, sign_in_expired),
    };
    view! {
        <h1>{t!(i18n, sign_in_title)}</h1>
        <p>{t!(i18n, sign_in_help)}</p>
        {move || offline.get().then(|| view! { <p class="banner" role="status">{t_string!(i18n, network_error)}</p> })}
        {move || {
            ticket
                .get()
                .map(|created| {
                    let expired = move || state.get() == TicketState::Expired;
                    // The code's own URL: phone pages live on the app's server, not the host's.
                    let phone = created.qr_url.clone();
                    let until = local_time(created.expires_at, locale.get().tag());
                    view! {
                        <div class="sign-in">
                            {when(move || !expired(), move || view! {
                                <Qr data=created.qr_url.clone() label=Signal::derive(move || t_string!(i18n, qr_label))/>
                                <p class="hint">{t!(i18n, sign_in_valid_until)} " " {until.clone()}</p>
                            }.into_any())}
                            <p id="ticket-state" role="status" aria-live="polite">{status_text}</p>
                            <p>
                                <a id="open-on-device" href=phone target="_blank" rel="noopener">
                                    {move || t_string!(i18n, open_on_device)}
                                </a>
                            </p>
                        </div>
                    }
                })
        }}
        {when(move || state.get() == TicketState::Expired, move || view! {
            <button type="button" id="refresh" class="button" on:click={
                let refresh = refresh.clone();
                move |_| refresh()
            }>{t!(i18n, refresh_code)}</button>
        }.into_any())}
    }
}
