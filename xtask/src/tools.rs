//! Installs the tools the build needs. Every step checks first and does nothing when the tool is
//! already there at the right version, so a second `cargo xtask run` installs nothing. A step that
//! installs prints one line; a step that fails says in one sentence what to do by hand (the
//! installer's own output is already on the terminal above it).

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use anyhow::{Result, anyhow, bail};

use crate::project::Project;

/// trunk 0.22 and later need rustc 1.96; this is the newest that builds on Rust 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// Must match `wasm_opt = "version_132"` in Trunk.toml.
const BINARYEN_VERSION: &str = "132";
/// As `xtask/tools/package.json` pins it.
const ESBUILD_VERSION: &str = "0.28.2";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What a command needs: building and serving needs no browser, testing does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Build,
    Test,
}

pub fn ensure(p: &Project, scope: Scope) -> Result<()> {
    rust_parts(p)?;
    trunk(p)?;
    wasm_bindgen(p)?;
    npm_build_tools(p)?;
    if scope == Scope::Test {
        browsers(p)?;
        e2e_packages(p)?;
        schemathesis(p)?;
    }
    Ok(())
}

fn rust_parts(p: &Project) -> Result<()> {
    let no_rustup = || anyhow!("rustup did not answer: install Rust 1.95 with rustup and run again.");
    let targets = p
        .output(p.cmd("rustup").args(["target", "list", "--installed"]))
        .ok_or_else(no_rustup)?;
    if !targets.lines().any(|line| line.trim() == WASM_TARGET) {
        install(&format!("the {WASM_TARGET} target"), "rustup", || {
            p.run(p.cmd("rustup").args(["target", "add", WASM_TARGET]))
        })
        .map_err(|_| {
            anyhow!("adding the wasm target failed: run `rustup target add {WASM_TARGET}` and fix what it reports.")
        })?;
    }
    let components = p
        .output(p.cmd("rustup").args(["component", "list", "--installed"]))
        .ok_or_else(no_rustup)?;
    // Installed components are listed with the host triple, e.g. `clippy-x86_64-unknown-linux-gnu`.
    let missing: Vec<&str> = ["clippy", "rustfmt"]
        .into_iter()
        .filter(|name| {
            !components
                .lines()
                .any(|line| line.trim() == *name || line.starts_with(&format!("{name}-")))
        })
        .collect();
    if !missing.is_empty() {
        let list = missing.join(" ");
        install(&format!("rustup components {list}"), "rustup", || {
            p.run(p.cmd("rustup").args(["component", "add"]).args(&missing))
        })
        .map_err(|_| {
            anyhow!("adding rustup components failed: run `rustup component add {list}` and fix what it reports.")
        })?;
    }
    Ok(())
}

fn trunk(p: &Project) -> Result<()> {
    let ok = |p: &Project| {
        p.output(p.cmd("trunk").arg("--version"))
            .is_some_and(|out| has_version(&out, TRUNK_VERSION))
    };
    if ok(p) {
        return Ok(());
    }
    let installed = install(
        &format!("trunk {TRUNK_VERSION}"),
        "cargo install, about 7 minutes on 2 cores",
        || {
            let args = ["install", "--locked", "trunk", "--version", TRUNK_VERSION];
            p.run(&mut p.cargo(args))
        },
    );
    if installed.is_err() || !ok(p) {
        bail!(
            "installing trunk failed: run `cargo install --locked trunk --version {TRUNK_VERSION}` and fix what it reports."
        );
    }
    Ok(())
}

/// wasm-bindgen's CLI must be the exact version of the `wasm-bindgen` crate in Cargo.lock, or the
/// generated JS glue does not match the wasm. The same package brings `wasm-bindgen-test-runner`.
fn wasm_bindgen(p: &Project) -> Result<()> {
    let lock_path = p.root.join("Cargo.lock");
    if !lock_path.exists() {
        // A checkout without a lockfile: let cargo resolve one so there is a version to match.
        p.run(&mut p.cargo(["generate-lockfile"]))?;
    }
    let lock = fs::read_to_string(&lock_path)?;
    let version = locked_version(&lock, "wasm-bindgen").ok_or_else(|| {
        anyhow!("Cargo.lock has no `wasm-bindgen` package: add the app's dependencies and run `cargo fetch`.")
    })?;
    let ok = |p: &Project| {
        let cli = p
            .output(p.cmd("wasm-bindgen").arg("--version"))
            .is_some_and(|out| has_version(&out, &version));
        let runner = p
            .output(p.cmd("wasm-bindgen-test-runner").arg("--version"))
            .is_some_and(|out| has_version(&out, &version));
        cli && runner
    };
    if ok(p) {
        return Ok(());
    }
    // Without `--locked`: the registry mirror lacks one of the versions in its lockfile.
    let installed = install(
        &format!("wasm-bindgen-cli {version}"),
        "cargo install, about 3 minutes on 2 cores",
        || {
            let args = ["install", "wasm-bindgen-cli", "--version", version.as_str()];
            p.run(&mut p.cargo(args))
        },
    );
    if installed.is_err() || !ok(p) {
        bail!(
            "installing wasm-bindgen-cli failed: run `cargo install wasm-bindgen-cli --version {version}` and fix what it reports."
        );
    }
    Ok(())
}

/// The build's npm tools, installed from the committed lockfile into `.tools/build` (first on
/// every child's `PATH`, see `Project`): wasm-opt from `binaryen`, since Debian's binaryen 108
/// builds an app that Chromium rejects at load time and must never be the one trunk finds; and
/// esbuild, which minifies wasm-bindgen's JS glue (`split.rs`).
fn npm_build_tools(p: &Project) -> Result<()> {
    let source = p.root.join("xtask/tools");
    let dir = p.root.join(".tools/build");
    let bin = dir.join("node_modules/.bin");
    let ok = |p: &Project| {
        p.output(p.cmd(bin.join("wasm-opt")).arg("--version"))
            .is_some_and(|out| has_version(&out, BINARYEN_VERSION))
            && p.output(p.cmd(bin.join("esbuild")).arg("--version"))
                .is_some_and(|out| has_version(&out, ESBUILD_VERSION))
    };
    let same_lock = fs::read(source.join("package-lock.json")).ok() == fs::read(dir.join("package-lock.json")).ok();
    if same_lock && ok(p) {
        return Ok(());
    }
    let installed = install(
        &format!("wasm-opt {BINARYEN_VERSION} and esbuild {ESBUILD_VERSION}"),
        "npm ci of xtask/tools into .tools/build",
        || {
            fs::create_dir_all(&dir)?;
            for file in ["package.json", "package-lock.json"] {
                fs::copy(source.join(file), dir.join(file))?;
            }
            p.run(&mut npm_ci(p, &dir))
        },
    );
    if installed.is_err() || !ok(p) {
        bail!(
            "installing wasm-opt and esbuild failed: copy xtask/tools/package*.json to .tools/build, run `npm ci` there and fix what it reports."
        );
    }
    Ok(())
}

/// The version `xtask/tools/schemathesis-requirements.txt` pins.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// schemathesis's command, in its own virtual environment under `.tools/`.
pub fn schemathesis_bin(p: &Project) -> std::path::PathBuf {
    p.root.join(".tools/schemathesis/bin/schemathesis")
}

/// schemathesis from PyPI, for the API contract (`tests/api/run.py`), with every package it pulls
/// in pinned by the committed requirements, into a virtual environment of the machine's Python
/// 3 under `.tools/schemathesis`. Reinstalled when the requirements change.
fn schemathesis(p: &Project) -> Result<()> {
    let requirements = p.root.join("xtask/tools/schemathesis-requirements.txt");
    let dir = p.root.join(".tools/schemathesis");
    let installed = dir.join("requirements.txt");
    let bin = schemathesis_bin(p);
    let ok = |p: &Project| {
        p.output(p.cmd(&bin).arg("--version"))
            .is_some_and(|out| has_version(&out, SCHEMATHESIS_VERSION))
    };
    if fs::read(&requirements).ok() == fs::read(&installed).ok() && ok(p) {
        return Ok(());
    }
    let done = install(
        &format!("schemathesis {SCHEMATHESIS_VERSION}"),
        "pip, into .tools/schemathesis",
        || {
            let _ = fs::remove_dir_all(&dir);
            p.run(p.cmd("python3").args(["-m", "venv"]).arg(&dir))?;
            p.run(
                p.cmd(dir.join("bin/pip"))
                    .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                    .arg(&requirements),
            )?;
            fs::copy(&requirements, &installed)?;
            Ok(())
        },
    );
    if done.is_err() || !ok(p) {
        bail!(
            "installing schemathesis failed: run `python3 -m venv .tools/schemathesis && .tools/schemathesis/bin/pip install -r xtask/tools/schemathesis-requirements.txt` and fix what it reports."
        );
    }
    Ok(())
}

/// Chromium and its WebDriver for the component tests (wasm-bindgen-test-runner) and Playwright,
/// from Debian: Playwright's own browser download cannot reach its host from here.
fn browsers(p: &Project) -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let is_root = p.output(p.cmd("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        return Err(anyhow!(
            "Chromium is missing: install the Debian packages `chromium` and `chromium-driver` (as root: `apt-get install chromium chromium-driver`) and run again."
        ));
    }
    install("chromium and chromium-driver", "apt-get, about 30 s", || {
        p.run(p.cmd("apt-get").arg("update"))?;
        p.run(
            p.cmd("apt-get")
                .args(["install", "-y", "chromium", "chromium-driver"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    })
    .map_err(|_| anyhow!("installing Chromium failed: run `apt-get update && apt-get install -y chromium chromium-driver` as root and fix what it reports."))
}

/// The Playwright project's packages, reinstalled whenever its lockfile is newer than the last
/// install (npm writes `node_modules/.package-lock.json` at the end of every install).
fn e2e_packages(p: &Project) -> Result<()> {
    let dir = p.root.join("tests/e2e");
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    let wanted = modified(&dir.join("package-lock.json"));
    if matches!((installed, wanted), (Some(i), Some(w)) if i >= w) {
        return Ok(());
    }
    install("the end-to-end test packages", "npm ci in tests/e2e", || {
        p.run(&mut npm_ci(p, &dir))
    })
    .map_err(|_| {
        anyhow!("installing the end-to-end test packages failed: run `npm ci` in tests/e2e and fix what it reports.")
    })
}

fn npm_ci(p: &Project, dir: &Path) -> std::process::Command {
    let mut cmd = p.cmd("npm");
    cmd.args(["ci", "--no-audit", "--no-fund"]).current_dir(dir);
    cmd
}

/// Announces one install on one line, runs it and says how long it took.
fn install(what: &str, how: &str, step: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("xtask: installing {what} ({how})");
    let started = Instant::now();
    let result = step();
    if result.is_ok() {
        println!("xtask: installed {what} in {:.0?}", started.elapsed());
    }
    result
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// True when a `--version` output names `version` as a word, e.g. `trunk 0.21.14` or
/// `wasm-opt version 132 (version_132)`.
fn has_version(output: &str, version: &str) -> bool {
    output
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .any(|word| word.trim_start_matches('v') == version)
}

/// The version of package `name` in a Cargo.lock (the first one, if several are locked).
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut current = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            current = None;
        } else if let Some(value) = line.strip_prefix("name = ") {
            current = Some(value.trim_matches('"'));
        } else if let Some(value) = line.strip_prefix("version = ")
            && current == Some(name)
        {
            return Some(value.trim_matches('"').to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn reads_the_locked_version_of_exactly_that_package() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro").as_deref(), Some("0.2.999"));
        assert_eq!(locked_version(LOCK, "trunk"), None);
    }

    #[test]
    fn finds_versions_in_tool_outputs() {
        assert!(has_version("trunk 0.21.14\n", "0.21.14"));
        assert!(!has_version("trunk 0.21.1\n", "0.21.14"));
        assert!(has_version("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(has_version("wasm-opt version 132 (version_132)", "132"));
        assert!(!has_version("wasm-opt version 108", "132"));
    }
}
