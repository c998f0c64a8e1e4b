//! The verification deadline: the date in the applicant's own time zone, and the days and hours
//! left (the domain's [`TimeLeft`]), updated every minute.

use leptos::prelude::*;
use onboarding_domain::tracking::TimeLeft;

use crate::i18n::{t, t_string, use_i18n, use_locale};

/// How often the count is refreshed: it shows hours, so a minute is plenty.
const TICK_MS: u64 = 60_000;

#[component]
pub fn Countdown(
    /// The deadline, Unix milliseconds.
    deadline: i64,
) -> impl IntoView {
    let locale = use_locale();
    let i18n = use_i18n();
    let now = RwSignal::new(js_sys::Date::now() as i64);
    if let Ok(tick) = set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_millis(TICK_MS),
    ) {
        on_cleanup(move || tick.clear());
    }
    let left = move || {
        TimeLeft::until(deadline, now.get()).map(|left| {
            // "1 day" / "2 days": the languages' plural rules are this simple, so the
            // plural data of leptos_i18n's `plurals` feature is not worth its bytes.
            let days = match left.days {
                1 => t_string!(i18n, status.one_day, count = left.days).to_string(),
                n => t_string!(i18n, status.many_days, count = n).to_string(),
            };
            let hours = match left.hours {
                1 => t_string!(i18n, status.one_hour, count = left.hours).to_string(),
                n => t_string!(i18n, status.many_hours, count = n).to_string(),
            };
            t_string!(i18n, status.time_left, days, hours).to_string()
        })
    };
    let date = move || local_date_time(deadline, locale.get().tag());
    view! {
        <p class="countdown">
            <span class="deadline">{t!(i18n, status.verify_by)}" "<time id="deadline">{date}</time></span>
            " "
            <strong id="time-left">{left}</strong>
        </p>
    }
}

/// A time as a date and time in the browser's time zone and the page's language.
pub fn local_date_time(ms: i64, tag: &str) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_string(tag, &options)
        .into()
}
