//! Splits the release wasm by page, after trunk has built `dist/`.
//!
//! Trunk 0.21 runs cargo, wasm-bindgen and wasm-opt in one go and has no hook between cargo and
//! wasm-bindgen, which is where `wasm_split_cli_support` has to work. So trunk builds as usual
//! (with the `split` feature and relocations kept, see `app.rs`), and this step redoes the part
//! after cargo: split the module cargo linked into the main module and one chunk per page (plus
//! chunks for code pages share), run wasm-bindgen on the main module and wasm-opt on every
//! module, and put the results where trunk's were, with `index.html`'s integrity hashes updated.
//!
//! Names: every file is named after its content (`onboarding-app-<hash>.js`,
//! `__wasm_split-<same hash>.js`, `split_application-<hash>.wasm` …), so a deployment that leaves
//! a page unchanged leaves its module cached, and a changed file always has a new name. The
//! server caches `name-<12 to 16 hex>.ext` for a year.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::project::{Project, display};

/// The crate's name, as trunk and cargo name its files.
const APP: &str = "onboarding-app";
/// wasm-opt's level for every module, as `data-wasm-opt` in `index.html` for trunk's own build:
/// -O2 measured smaller after brotli than -Oz and -Os, on the single module and on the split ones;
/// later, with the app's own language signal, -O3 measured smaller than -O2 (first load −0.15 kB,
/// whole app −1.8 kB) and -O4.
const WASM_OPT_LEVEL: &str = "-O3";

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

    // Trunk's hash comes from the module cargo linked; the files served are what the tools made
    // of it, so they are renamed after their own content. A new wasm-opt or splitter then gives
    // new names, never new bytes under a name that browsers cache for a year. The main module
    // and the loader name each other, so they share one name taken from all three files; it has
    // the length of trunk's, so that the main module's imports (strings inside the wasm that name
    // the JS glue and the loader) can be rewritten in place.
    let js = minify(p, &fs::read_to_string(work.join(format!("{out_name}.js")))?)?;
    let loader = minify(p, &loader)?;
    let wasm = fs::read(&main_bg)?;
    let content = [wasm.as_slice(), js.as_bytes(), loader.as_bytes()].concat();
    let id = hex(&Sha256::digest(&content))[..hash.len()].to_string();
    // The wasm names its JS glue and the loader as modules it imports from.
    let wasm = replace_bytes(&wasm, &hash, &id)?;
    let (js, loader) = (js.replace(&hash, &id), loader.replace(&hash, &id));
    for stale in [format!("{APP}-{hash}.js"), format!("{APP}-{hash}_bg.wasm")] {
        fs::remove_file(dist.join(&stale)).with_context(|| format!("trunk wrote no {stale}"))?;
    }
    let (js_name, wasm_name, loader_name) = (
        format!("{APP}-{id}.js"),
        format!("{APP}-{id}_bg.wasm"),
        format!("__wasm_split-{id}.js"),
    );
    let index = dist.join("index.html");
    let html = rewrite_html(
        replace_starter(&fs::read_to_string(&index)?.replace(&hash, &id), &js_name, &wasm_name)?,
        &[(&js_name, &integrity(js.as_bytes())), (&wasm_name, &integrity(&wasm))],
        (&loader_name, &integrity(loader.as_bytes())),
    )?;
    fs::write(dist.join(&js_name), js)?;
    fs::write(dist.join(&wasm_name), wasm)?;
    fs::write(dist.join(&loader_name), loader)?;
    fs::write(&index, html)?;
    Ok(())
}

/// The script that starts the app, in place of trunk's. Trunk's imports the JS statically and
/// awaits `init`, so when a file fails to arrive (a dropped connection, a deployment that removed
/// it) or never arrives, nothing says so: the tab stays on the loading shell for good (issue 15,
/// item 11). This one imports the JS dynamically and shows `index.html`'s `#load-failed` (what
/// happened, and a link that loads the page again) when the import or the start fails, or when
/// the app has not replaced the shell after 20 s. It is still a deferred module, as trunk's was.
fn starter(js: &str, wasm: &str) -> String {
    format!(
        "<script type=module>const failed=()=>{{const s=document.querySelector('[data-onboarding] .shell'),\
         f=document.getElementById('load-failed');if(s&&f){{s.remove();f.hidden=false}}}};\
         setTimeout(failed,2e4);import('/{js}').then(m=>m.default({{module_or_path:'/{wasm}'}}))\
         .catch(e=>{{failed();throw e}})</script>"
    )
}

/// `html` with trunk's starting script (the inline module that imports the app's JS) replaced by
/// [`starter`].
fn replace_starter(html: &str, js: &str, wasm: &str) -> Result<String> {
    let start = html
        .find("<script type=module>")
        .ok_or_else(|| anyhow!("index.html has no starting script; trunk changed its output"))?;
    let end = start
        + html[start..]
            .find("</script>")
            .ok_or_else(|| anyhow!("index.html's starting script is not closed"))?
        + "</script>".len();
    if !html[start..end].contains("import init") {
        bail!("index.html's first module script does not start the app; trunk changed its output");
    }
    Ok(format!("{}{}{}", &html[..start], starter(js, wasm), &html[end..]))
}

/// `bytes` with every `from` replaced by `to`, which has the same length; an error when there is
/// none, since then the file is not what this step expects.
fn replace_bytes(bytes: &[u8], from: &str, to: &str) -> Result<Vec<u8>> {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    assert_eq!(from.len(), to.len(), "an in-place rewrite keeps the length");
    let mut out = bytes.to_vec();
    let mut found = 0;
    let mut at = 0;
    while let Some(i) = out[at..].windows(from.len()).position(|w| w == from) {
        out[at + i..at + i + from.len()].copy_from_slice(to);
        at += i + from.len();
        found += 1;
    }
    if found == 0 {
        bail!("the main module does not name {}", String::from_utf8_lossy(from));
    }
    Ok(out)
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
///
/// `--converge` repeats the passes while they still shrink the module (whole app −0.3 kB brotli,
/// a few seconds of build).
///
/// The `producers` and `target_features` sections (which toolchain built the module, and with
/// which features) go after optimising: browsers never read them, and every module carried them
/// (first load −0.2 kB brotli).
fn optimize(p: &Project, wasm: &Path) -> Result<()> {
    let mut cmd = p.cmd("wasm-opt");
    cmd.arg(WASM_OPT_LEVEL)
        .args(["--converge", "--strip-producers", "--strip-target-features"])
        .arg(wasm)
        .arg("-o")
        .arg(wasm);
    let out = cmd
        .output()
        .with_context(|| format!("cannot start `{}`", display(&cmd)))?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        bail!("`{}` failed ({})", display(&cmd), out.status);
    }
    Ok(())
}

/// An ES module's JS, minified by esbuild. wasm-bindgen writes its glue for reading (comments,
/// long names, warnings for old browsers): minified, the main JS is 1.8 kB smaller after brotli,
/// all of it in the first load. Names that other modules or the wasm import stay as they are.
pub(crate) fn minify(p: &Project, source: &str) -> Result<String> {
    use std::io::Write as _;
    let mut cmd = p.cmd("esbuild");
    cmd.args(["--minify", "--format=esm", "--loader=js", "--log-level=error"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start `{}`", display(&cmd)))?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow!("esbuild has no stdin"))?
        .write_all(source.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("`{}` failed ({})", display(&cmd), out.status);
    }
    Ok(String::from_utf8(out.stdout)?)
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

pub(crate) fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

fn file_stem(path: &Path) -> Result<&str> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| anyhow!("odd file name {}", path.display()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
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
    fn trunks_starting_script_gives_way_to_one_that_reports_failures() {
        let html = "<title>t</title><script type=module>import init, * as bindings from '/app-1.js';\n\
            const wasm = await init({ module_or_path: '/app-1_bg.wasm' });</script><link href=/app-1.js>";
        let out = replace_starter(html, "app-2.js", "app-2_bg.wasm").unwrap();
        assert!(out.starts_with("<title>t</title><script type=module>const failed="));
        assert!(out.ends_with("</script><link href=/app-1.js>"));
        assert!(out.contains("import('/app-2.js').then(m=>m.default({module_or_path:'/app-2_bg.wasm'}))"));
        assert!(out.contains(".catch(e=>{failed();throw e})"));
        assert_eq!(out.matches("<script").count(), 1);
        assert!(replace_starter("<script type=module>other()</script>", "a.js", "a.wasm").is_err());
        assert!(replace_starter("<title>t</title>", "a.js", "a.wasm").is_err());
    }

    #[test]
    fn the_loaders_name_is_rewritten_inside_the_wasm_in_place() {
        let wasm = b"\0asm\x16./__wasm_split-0abc.js\x01a\x16./__wasm_split-0abc.js\x01b";
        let out = replace_bytes(wasm, "__wasm_split-0abc", "__wasm_split-9def").unwrap();
        assert_eq!(
            out,
            b"\0asm\x16./__wasm_split-9def.js\x01a\x16./__wasm_split-9def.js\x01b"
        );
        assert!(replace_bytes(b"\0asm", "__wasm_split-0abc", "__wasm_split-9def").is_err());
    }

    #[test]
    fn a_page_that_does_not_name_the_file_is_an_error() {
        let html = "<link href=/other.js integrity=x rel=modulepreload>";
        assert!(rewrite_html(html.into(), &[("app-1.js", "h")], ("l.js", "h")).is_err());
        let no_integrity = "<link href=/app-1.js rel=modulepreload>";
        assert!(rewrite_html(no_integrity.into(), &[("app-1.js", "h")], ("l.js", "h")).is_err());
    }
}
