//! The embedding kit's files, written into `dist/` after the split: `embed.js`, the one tag a
//! host page needs (`src/embed/embed.js`, with the app's files and their integrity filled in, and
//! minified), the same under a name of its content, and `embed.json`, the manifest that names it
//! with its integrity so that a host can pin it:
//!
//! ```json
//! {"embed.js": {"file": "embed-0f1e2d3c4b5a6978.js", "integrity": "sha384-…"}}
//! ```
//!
//! `embed.js` itself is served revalidated (its name never changes); the named copy, like every
//! file named after its content, is cached for a year.

use std::fs;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use sha2::{Digest, Sha256};

use crate::project::Project;
use crate::split::{hex, integrity, minify};

/// The source of `embed.js`.
const SOURCE: &str = "src/embed/embed.js";

/// Whether a file of `dist/` is the embedding kit's (reported on its own, not as the app's).
pub fn is_kit(file_name: &str) -> bool {
    file_name.starts_with("embed")
}

/// Writes `embed.js`, its named copy, its stylesheet and `embed.json` into `dist/`.
pub fn write(p: &Project) -> Result<()> {
    let dist = p.dist();
    let source = fs::read_to_string(p.root.join(SOURCE))?;
    let mut files = files_of(&dist)?;
    // The app's stylesheet, as the shadow root needs it: the placeholder names that file.
    let css_name = files
        .iter()
        .find(|(k, _)| k == "__APP_CSS__")
        .map(|(_, name)| name.clone())
        .ok_or_else(|| anyhow!("no stylesheet"))?;
    let css = for_shadow_root(&fs::read_to_string(dist.join(&css_name))?);
    let named_css = format!("embed-{}.css", &hex(&Sha256::digest(css.as_bytes()))[..16]);
    fs::write(dist.join(&named_css), &css)?;
    for (key, value) in files.iter_mut() {
        match key.as_str() {
            "__APP_CSS__" => *value = named_css.clone(),
            "__APP_CSS_SRI__" => *value = integrity(css.as_bytes()),
            _ => {}
        }
    }
    let js = minify(p, &fill(&source, &files)?)?;
    let named = format!("embed-{}.js", &hex(&Sha256::digest(js.as_bytes()))[..16]);
    let manifest = format!(
        "{{\"embed.js\":{{\"file\":\"{named}\",\"integrity\":\"{}\"}}}}\n",
        integrity(js.as_bytes())
    );
    fs::write(dist.join("embed.js"), &js)?;
    fs::write(dist.join(&named), &js)?;
    fs::write(dist.join("embed.json"), manifest)?;
    Ok(())
}

/// The placeholders of `embed.js` and what they stand for: each of the app's files, and its
/// integrity.
fn files_of(dist: &Path) -> Result<Vec<(String, String)>> {
    let mut names: Vec<String> = fs::read_dir(dist)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    let find = |test: &dyn Fn(&str) -> bool, what: &str| {
        names
            .iter()
            .find(|n| test(n))
            .cloned()
            .ok_or_else(|| anyhow!("dist/ has no {what}"))
    };
    let files = [
        (
            "APP_JS",
            find(&|n| n.starts_with("onboarding-app-") && n.ends_with(".js"), "app JS")?,
        ),
        (
            "APP_WASM",
            find(
                &|n| n.starts_with("onboarding-app-") && n.ends_with("_bg.wasm"),
                "main wasm",
            )?,
        ),
        (
            "APP_LOADER",
            find(
                &|n| n.starts_with("__wasm_split-") && n.ends_with(".js"),
                "split loader",
            )?,
        ),
        (
            "APP_CSS",
            find(&|n| n.starts_with("main-") && n.ends_with(".css"), "stylesheet")?,
        ),
    ];
    // The theme's properties, as the domain lists them.
    let properties: Vec<String> = onboarding_domain::theme::PROPERTIES
        .iter()
        .map(|p| format!("'{p}'"))
        .collect();
    let mut placeholders = vec![(
        "__THEME_PROPERTIES__".to_string(),
        format!("[{}]", properties.join(",")),
    )];
    for (key, file) in files {
        placeholders.push((format!("__{key}_SRI__"), integrity(&fs::read(dist.join(&file))?)));
        placeholders.push((format!("__{key}__"), file));
    }
    Ok(placeholders)
}

/// The app's stylesheet for a shadow root on a host's page. `rem` is the host's root font size,
/// which a host may have changed (`html { font-size: 10px }`), so every length in `rem` becomes
/// one of the app's own root size instead: `--onboarding-font-size`, a theming property, or
/// 16px. (Media queries keep `rem`: there it is the browser's size, whatever the page says.)
fn for_shadow_root(css: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(at) = rest.find("rem") {
        let before = &rest[..at];
        let number_starts = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .map_or(0, |i| i + 1);
        let number = &before[number_starts..];
        let in_media_query = {
            let so_far = [out.as_str(), before].concat();
            so_far.rfind("@media").is_some_and(|m| !so_far[m..].contains('{'))
        };
        let is_length = number.bytes().any(|b| b.is_ascii_digit())
            && !rest[at + 3..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
        if is_length && !in_media_query {
            out.push_str(&before[..number_starts]);
            out.push_str(&format!("calc({number}*var(--r))"));
        } else {
            out.push_str(&rest[..at + 3]);
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out.push_str(".onboarding-app{--r:var(--onboarding-font-size,16px);font-size:var(--r)}");
    out
}

/// `source` with every placeholder filled in; an error when one is missing from it or left in.
fn fill(source: &str, placeholders: &[(String, String)]) -> Result<String> {
    let mut out = source.to_string();
    for (placeholder, value) in placeholders {
        if !out.contains(placeholder.as_str()) {
            bail!("{SOURCE} has no {placeholder}");
        }
        out = out.replace(placeholder.as_str(), value);
    }
    if let Some(at) = out.find("'__APP_") {
        bail!(
            "{SOURCE} has a placeholder this build does not fill: {}",
            &out[at..at + 20.min(out.len() - at)]
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{fill, for_shadow_root};

    #[test]
    fn embed_js_speaks_the_domain_s_frame_protocol() {
        use onboarding_domain::events::frame::*;
        let source = include_str!("../../src/embed/embed.js");
        for name in [SOURCE, HELLO, HEIGHT, EVENT, INIT, SESSION, HOST_PARAM, LANG_PARAM] {
            assert!(source.contains(&format!("'{name}'")), "embed.js does not say '{name}'");
        }
    }

    #[test]
    fn lengths_in_rem_become_the_app_s_own_root_size_outside_media_queries() {
        let css = ".a{margin:1rem -.5rem;gap:2.25rem}@media (width<=30rem){.b{padding:1rem}}.remove{x:0}";
        assert_eq!(
            for_shadow_root(css),
            ".a{margin:calc(1*var(--r)) calc(-.5*var(--r));gap:calc(2.25*var(--r))}\
             @media (width<=30rem){.b{padding:calc(1*var(--r))}}.remove{x:0}\
             .onboarding-app{--r:var(--onboarding-font-size,16px);font-size:var(--r)}"
        );
    }

    #[test]
    fn every_placeholder_is_filled_and_none_is_left() {
        let values = [
            ("__APP_A_SRI__".to_string(), "sha384-x".to_string()),
            ("__APP_A__".to_string(), "__wasm_split-1.js".to_string()),
        ];
        assert_eq!(
            fill("f('__APP_A__','__APP_A_SRI__')", &values).unwrap(),
            "f('__wasm_split-1.js','sha384-x')"
        );
        assert!(
            fill("f('__APP_A__')", &values).is_err(),
            "a placeholder the source lacks"
        );
        assert!(
            fill("f('__APP_A__','__APP_A_SRI__','__APP_B__')", &values).is_err(),
            "one left unfilled"
        );
    }
}
