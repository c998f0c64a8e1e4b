//! Turns `locales/*.json` into the `i18n` module (`src/i18n/keys.rs` includes it): a typo in a
//! key, or a key missing from one language, fails the build.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::{error::Error, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // `interpolate_display`: texts with values ("{{ days }} and {{ hours }} left") can also be
    // made into strings, for titles, attributes and messages built after an `await`.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?.add_locale("zh-CN")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
