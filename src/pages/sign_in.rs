//! `/sign-in`: a QR code of a sign-in ticket. The page polls the ticket and moves on once the
//! phone confirms: to registration for a new user, to the account page otherwise. Inside
//! WeChat there is no code to scan: WeChat signs its user in, and the page comes back here to
//! take the session. On a phone's own browser the page first says that sign-in happens in
//! WeChat and offers its link; the code is for another phone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::api::{TicketCreated, TicketState};

use crate::api::{self, Abort, ApiError};
use crate::components::copy_value::CopyValue;
use crate::components::qr::Qr;
use crate::components::when::when;
use crate::i18n::{t, t_string, td_string, ui, use_i18n, use_locale, use_title};
use crate::session::{self, use_session};
use crate::state::wechat_trip;
use onboarding_domain::api::{SIGN_IN_OUTCOME_PARAM, SignInOutcome, is_return_path};

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
    let instance = crate::embed::use_instance();
    let abort = Abort::new();
    let ticket = RwSignal::new(None::<TicketCreated>);
    let state = RwSignal::new(TicketState::Pending);
    let offline = RwSignal::new(false);
    let here = crate::router::use_here();
    // Back from WeChat: in the app's address, or in a host's that keeps the app's to itself.
    let (outcome, next) = match wechat_trip::returned() {
        Some((outcome, next)) => (Some(outcome), next),
        None => (session::wechat_outcome(here), here.query_value("next")),
    };
    let failed = matches!(outcome, Some(o) if o != SignInOutcome::SignedIn);
    use_title(|l| td_string!(ui(l), sign_in_title), Signal::derive(move || failed));
    // Where a page that needed a session sent the applicant from (an app path only).
    let next = next.filter(|p| is_return_path(p));
    let back_here = next.as_ref().map_or("/sign-in".to_string(), |n| {
        format!("/sign-in?next={}", String::from(js_sys::encode_uri_component(n)))
    });

    // Back from WeChat signed in, or on a host page that passed a platform's start token: the
    // session, then on to registration or where they were going. (A signal and a task, not an
    // Action: an Action measured kilobytes more in each module.)
    let taken = RwSignal::new(None);
    let host = session::host_start_token(instance);
    if outcome == Some(SignInOutcome::SignedIn) || host.is_some() {
        let hosted = host.is_some();
        let abort = abort.clone();
        spawn_local(async move {
            let grant = match host {
                Some(start) => api::take_host_session(&abort, &start).await,
                None => api::take_wechat_session(&abort, wechat_trip::take_verifier().as_deref()).await,
            };
            // Taken or refused, the host's token starts nothing more.
            session::forget_host_start_token(instance);
            taken.set(Some(grant));
        });
        Effect::new(move |_| match taken.get() {
            Some(Ok(grant)) => {
                session.set(&grant.token);
                // A platform's session is renewed by the host before it ends; WeChat's is not.
                match hosted {
                    true => crate::state::renewal::hosted(instance, session, &grant),
                    false => crate::state::renewal::not_hosted(),
                }
                // The platform's entity type is preselected, unless the applicant chose one on
                // the guide just now.
                if let Some(entity) = grant
                    .entity_type
                    .filter(|_| crate::state::carried::entity_type().is_none())
                {
                    crate::state::carried::keep_entity(entity);
                }
                let to = if grant.registered {
                    next.clone().unwrap_or_else(|| "/status".into())
                } else {
                    "/register".into()
                };
                here.replace(&to);
            }
            Some(Err(_)) => here.replace(&format!(
                "{back_here}{}{SIGN_IN_OUTCOME_PARAM}={}",
                if back_here.contains('?') { '&' } else { '?' },
                SignInOutcome::Expired.key()
            )),
            None => {}
        });
        return view! { <h1>{t!(i18n, sign_in_title)}</h1><p role="status">{t_string!(i18n, wizard.loading)}</p> }
            .into_any();
    }
    // Inside WeChat: WeChat signs its user in; no code to scan.
    if session::in_wechat() {
        // In a host's frame, the host's whole page goes to WeChat (a tap may take it there).
        let framed = instance.with(|c| c.frame_host.is_some()) == Some(true);
        let to_wechat = RwSignal::new(String::new());
        spawn_local(async move {
            let way = wechat_trip::way(instance, here, &back_here).await;
            if outcome.is_none() {
                wechat_trip::go(instance, &way);
            }
            to_wechat.set(way);
        });
        return view! {
            <h1>{t!(i18n, sign_in_title)}</h1>
            {match outcome {
                Some(failure) => view! {
                    <p class="error-banner" role="alert" id="sign-in-problem">{session::wechat_failure(failure, i18n)}</p>
                    <p><a href=to_wechat class="button" id="try-again" target=if framed { "_top" } else { "_self" }>{t_string!(i18n, try_again)}</a></p>
                }.into_any(),
                None => view! { <p role="status">{t_string!(i18n, wechat_opening)}</p> }.into_any(),
            }}
        }
        .into_any();
    }
    let on_phone = window()
        .match_media("(pointer: coarse)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());

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
                                crate::state::renewal::not_hosted();
                                // A returning promoter lands where their account stands: the
                                // status page says what is next (or that nothing is).
                                here.navigate(if grant.registered { "/status" } else { "/register" });
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
        {outcome.map(|failure| view! {
            <p class="error-banner" role="alert" id="sign-in-problem">{session::wechat_failure(failure, i18n)}</p>
        })}
        {if on_phone {
            let link = window().location().href().unwrap_or_default();
            view! {
                <p id="outside-wechat">{t!(i18n, sign_in_phone_help)}</p>
                <dl class="summary-list">
                    <CopyValue id="page-link" label=Signal::derive(move || t_string!(i18n, page_link)) value=link/>
                </dl>
            }
            .into_any()
        } else {
            view! { <p>{t!(i18n, sign_in_help)}</p> }.into_any()
        }}
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
    .into_any()
}
