//! Splits the release wasm by page, after trunk has built `dist/`.
//!
//! Trunk 0.21 runs cargo, wasm-bindgen and wasm-opt in one go and has no hook between cargo and
//! wasm-bindgen, which is where `wasm_split_cli_support` has to work. So trunk builds as usual
//! (with the `split` feature and relocations kept, see `app.rs`), and this step redoes the part
//! after cargo: split the module cargo linked into the main module and one chunk per page (plus
//! chunks for code pages share), run wasm-bindgen on the main module and wasm-opt on every
//! module, and put the results where trunk's were, with `index.html`'s integrity hashes updated.
//!
//! Names: the main module keeps trunk's (`onboarding-app-<hash>`) and the loader that fetches
//! chunks is `__wasm_split-<same hash>.js`; each chunk is named after its own content, so a
//! deployment that leaves a page unchanged leaves its chunk cached. The server caches
//! `name-<16 hex>.ext` for a year.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::project::{Project, display};

/// The crate's name, as trunk and cargo name its files.
const APP: &str = "onboarding-app";
/// wasm-opt's level for every module; -O2 was measured smaller after brotli than -Oz here.
const WASM_OPT_LEVEL: &str = "-O2";

/// Splits the module cargo linked and replaces trunk's JS and wasm in `dist/`.
pub fn run(p: &Project) -> Result<()> {
    let dist = p.dist();
    let hash = trunk_hash(&dist)?;
    let linked = p
        .target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{APP}.wasm"));
    let work = p.target_dir().join("wasm-split");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("cannot clear {}", work.display()))?;
    }
    fs::create_dir_all(&work)?;

    let input = fs::read(&linked).with_context(|| format!("cannot read {}", linked.display()))?;
    let main_wasm = work.join("main.wasm");
    let link_name = format!("./__wasm_split-{hash}.js");
    let main_module = format!("./{APP}-{hash}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &work;
        opts.main_out_path = &main_wasm;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| anyhow!("splitting {} failed: {e:?}", linked.display()))?;

    // The main module: wasm-bindgen as trunk runs it, then wasm-opt.
    let out_name = format!("{APP}-{hash}");
    p.run(
        p.cmd("wasm-bindgen")
            .arg("--target=web")
            .arg("--no-typescript")
            .arg("--keep-lld-exports")
            .arg("--out-dir")
            .arg(&work)
            .arg("--out-name")
            .arg(&out_name)
            .arg(&main_wasm),
    )?;
    let main_bg = work.join(format!("{out_name}_bg.wasm"));
    optimize(p, &main_bg)?;
    let js_name = format!("{out_name}.js");
    let wasm_name = format!("{out_name}_bg.wasm");
    fs::copy(work.join(&js_name), dist.join(&js_name))?;
    fs::copy(&main_bg, dist.join(&wasm_name))?;

    // The chunks, renamed after their content, and the loader that names them.
    let loader_path = work.join(link_name.trim_start_matches("./"));
    let mut loader = fs::read_to_string(&loader_path)?;
    for module in &split.split_modules {
        optimize(p, module)?;
        let bytes = fs::read(module)?;
        let stem = file_stem(module)?;
        let named = format!("{stem}-{}.wasm", &hex(&Sha256::digest(&bytes))[..16]);
        let reference = format!("\"./{stem}.wasm\"");
        if !loader.contains(&reference) {
            bail!("the split loader does not fetch {stem}.wasm; wasm_split_cli_support changed its output");
        }
        loader = loader.replace(&reference, &format!("\"./{named}\""));
        fs::write(dist.join(&named), &bytes)?;
    }
    let loader_name = format!("__wasm_split-{hash}.js");
    fs::write(dist.join(&loader_name), &loader)?;

    rewrite_index(&dist, &js_name, &wasm_name, &loader_name)?;
    Ok(())
}

/// The hash trunk put in the name of the app's JS (`onboarding-app-<hash>.js`).
fn trunk_hash(dist: &Path) -> Result<String> {
    let prefix = format!("{APP}-");
    for entry in fs::read_dir(dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(hash) = name.strip_prefix(&prefix).and_then(|n| n.strip_suffix(".js")) {
            return Ok(hash.to_string());
        }
    }
    bail!("dist/ has no {prefix}<hash>.js: did trunk build the app?")
}

/// wasm-opt in place. Its warnings about the split modules' name sections (which it drops) are
/// noise, so its output is shown only when it fails.
fn optimize(p: &Project, wasm: &Path) -> Result<()> {
    let mut cmd = p.cmd("wasm-opt");
    cmd.arg(WASM_OPT_LEVEL).arg(wasm).arg("-o").arg(wasm);
    let out = cmd
        .output()
        .with_context(|| format!("cannot start `{}`", display(&cmd)))?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        bail!("`{}` failed ({})", display(&cmd), out.status);
    }
    Ok(())
}

/// Points `index.html`'s integrity hashes at the rewritten JS and wasm, and preloads the loader.
fn rewrite_index(dist: &Path, js: &str, wasm: &str, loader: &str) -> Result<()> {
    let path = dist.join("index.html");
    let html = fs::read_to_string(&path)?;
    let hashes = [js, wasm, loader].map(|file| integrity(&dist.join(file)));
    let [js_hash, wasm_hash, loader_hash] = hashes;
    let html = rewrite_html(html, &[(js, &js_hash?), (wasm, &wasm_hash?)], (loader, &loader_hash?))?;
    fs::write(&path, html)?;
    Ok(())
}

/// Sets the `integrity` of the tags naming `files`, and adds a preload of `loader` after the JS's
/// tag (the main JS imports the loader, so without it the loader would be fetched only once the
/// JS has arrived). Trunk minifies the HTML, so attributes may or may not be quoted.
fn rewrite_html(mut html: String, files: &[(&str, &str)], loader: (&str, &str)) -> Result<String> {
    for (file, value) in files {
        let tag = tag_naming(&html, file)?;
        let attr = html[tag.clone()]
            .find(" integrity=")
            .map(|i| tag.start + i + " integrity=".len())
            .ok_or_else(|| anyhow!("the tag naming /{file} has no integrity attribute"))?;
        let rest = &html[attr..tag.end];
        let len = match rest.strip_prefix('"') {
            Some(quoted) => quoted.find('"').map(|i| i + 2),
            None => Some(rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len())),
        }
        .ok_or_else(|| anyhow!("unreadable integrity attribute for /{file}"))?;
        html.replace_range(attr..attr + len, &format!("\"{value}\""));
    }
    let (js, _) = files
        .first()
        .ok_or_else(|| anyhow!("no JS to preload the loader after"))?;
    let after_js = tag_naming(&html, js)?.end + 1;
    let (loader, loader_hash) = loader;
    let preload = format!("<link rel=modulepreload href=/{loader} crossorigin integrity=\"{loader_hash}\">");
    html.insert_str(after_js, &preload);
    Ok(html)
}

/// The span from `<` to just before `>` of the tag whose `href` is `/file`.
fn tag_naming(html: &str, file: &str) -> Result<std::ops::Range<usize>> {
    let at = [format!("href=/{file}"), format!("href=\"/{file}\"")]
        .iter()
        .find_map(|href| html.find(href.as_str()))
        .ok_or_else(|| anyhow!("index.html has no tag naming /{file}"))?;
    let start = html[..at].rfind('<').ok_or_else(|| anyhow!("index.html is not HTML"))?;
    let end = at
        + html[at..]
            .find('>')
            .ok_or_else(|| anyhow!("unclosed tag naming /{file}"))?;
    Ok(start..end)
}

fn integrity(path: &Path) -> Result<String> {
    let bytes = fs::read(path)?;
    Ok(format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
    ))
}

fn file_stem(path: &Path) -> Result<&str> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| anyhow!("odd file name {}", path.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_replaced_quoted_or_not_and_the_loader_is_preloaded() {
        let html = "<title>t</title><script type=module>import init from '/app-1.js';</script>\
            <link crossorigin href=/app-1.js integrity=sha384-OLDJS rel=modulepreload>\
            <link as=fetch href=\"/app-1_bg.wasm\" integrity=\"sha384-OLD WASM\" rel=preload></head>";
        let out = rewrite_html(
            html.into(),
            &[("app-1.js", "sha384-J"), ("app-1_bg.wasm", "sha384-W")],
            ("__wasm_split-1.js", "sha384-L"),
        )
        .unwrap();
        assert_eq!(
            out,
            "<title>t</title><script type=module>import init from '/app-1.js';</script>\
            <link crossorigin href=/app-1.js integrity=\"sha384-J\" rel=modulepreload>\
            <link rel=modulepreload href=/__wasm_split-1.js crossorigin integrity=\"sha384-L\">\
            <link as=fetch href=\"/app-1_bg.wasm\" integrity=\"sha384-W\" rel=preload></head>"
        );
    }

    #[test]
    fn a_page_that_does_not_name_the_file_is_an_error() {
        let html = "<link href=/other.js integrity=x rel=modulepreload>";
        assert!(rewrite_html(html.into(), &[("app-1.js", "h")], ("l.js", "h")).is_err());
        let no_integrity = "<link href=/app-1.js rel=modulepreload>";
        assert!(rewrite_html(no_integrity.into(), &[("app-1.js", "h")], ("l.js", "h")).is_err());
    }
}
