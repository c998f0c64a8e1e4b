//! Turns `locales/*.json` into the `i18n` module (`src/i18n/mod.rs` includes it): a misspelt key
//! fails the build, and so does a key, or a `{{ value }}` in a text, that one language lacks
//! (leptos_i18n itself would only warn and fall back to English).

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use serde_json::Value;
use std::collections::BTreeSet;
use std::{error::Error, path::PathBuf};

const DEFAULT: &str = "en";
const OTHERS: [&str; 2] = ["zh-CN", "zh-Hant"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let expected = shape(DEFAULT)?;
    for locale in std::iter::once(DEFAULT).chain(OTHERS) {
        let found = shape(locale)?;
        let blank: Vec<_> = found.iter().filter(|k| k.ends_with(" is empty")).collect();
        if !blank.is_empty() {
            return Err(format!("locales/{locale}.json has blank texts: {blank:?}").into());
        }
        let missing: Vec<_> = expected.difference(&found).collect();
        let extra: Vec<_> = found.difference(&expected).collect();
        if !missing.is_empty() || !extra.is_empty() {
            return Err(format!(
                "locales/{locale}.json differs from {DEFAULT}.json: missing {missing:?}, extra {extra:?}"
            )
            .into());
        }
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // `interpolate_display`: texts with values ("{{ days }} and {{ hours }} left") can also be
    // made into strings, for titles, attributes and messages built after an `await`.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new(DEFAULT)?.add_locales(OTHERS)?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}

/// Every key of a locale file, each with the values its text takes: `status.time_left{days,hours}`.
fn shape(locale: &str) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let text = std::fs::read_to_string(format!("locales/{locale}.json"))?;
    let mut keys = BTreeSet::new();
    walk("", &serde_json::from_str(&text)?, &mut keys);
    Ok(keys)
}

fn walk(prefix: &str, value: &Value, keys: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| walk(&format!("{prefix}{k}."), v, keys)),
        // A blank text passes every key check and shows nothing: refuse it like a missing one.
        Value::String(text) if text.trim().is_empty() => {
            keys.insert(format!("{} is empty", prefix.trim_end_matches('.')));
        }
        Value::String(text) => {
            // A set: languages put the values in their own order.
            let values: BTreeSet<&str> = text
                .split("{{")
                .skip(1)
                .filter_map(|s| s.split("}}").next())
                .map(str::trim)
                .collect();
            let values: Vec<&str> = values.into_iter().collect();
            keys.insert(format!("{}{{{}}}", prefix.trim_end_matches('.'), values.join(",")));
        }
        other => {
            keys.insert(format!("{}: {other}", prefix.trim_end_matches('.')));
        }
    }
}
