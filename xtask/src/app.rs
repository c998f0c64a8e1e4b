//! The release build of the browser app, shared by `run`, `test` and `size` so that what is
//! measured and tested is exactly what is served.

use std::time::Instant;

use anyhow::{Context, Result};

use crate::compress::{self, Asset};
use crate::project::Project;
use crate::{embed, split};

/// The relocations the split needs, and the checkout's and the crate registry's paths taken out
/// of the wasm (panic locations name source files, and the generated texts are included from
/// `target/`): the same commit builds the same bytes wherever it is cloned and whoever's
/// `CARGO_HOME` it uses, so the size report measures the code, not the paths. (The registry's
/// prefix alone, `…/registry/src/index.crates.io-<hash>/` before every dependency's file, was
/// about 0.2 kB of the brotli first load.) Cargo adds these to `.cargo/config.toml`'s wasm flags.
fn rustflags(p: &Project) -> String {
    let mut flags = format!("-C link-arg=--emit-relocs --remap-path-prefix={}=.", p.root.display());
    let registry = crate::project::cargo_home().join("registry/src");
    for index in std::fs::read_dir(&registry).into_iter().flatten().flatten() {
        flags.push_str(&format!(" --remap-path-prefix={}/=", index.path().display()));
    }
    flags
}

/// Builds `dist/` with trunk and writes the precompressed `.br` / `.gz` copies beside its files.
pub fn build_release(p: &Project) -> Result<Vec<Asset>> {
    let started = Instant::now();
    // Trunk.toml sets `offline = true`, which makes trunk pass `--offline` to cargo: download the
    // crates first, or a fresh clone cannot build.
    p.run(&mut p.cargo(["fetch"]))?;
    // `--skip-version-check` stops trunk from asking the network for a newer trunk.
    // The app is built with its split points (`split`) and the linker keeps its relocations, so
    // that the split step can move code between modules. Trunk's own wasm-bindgen and wasm-opt
    // output is then replaced by the split step's. (A plain `trunk build` builds one module.)
    p.run(
        p.cmd("trunk")
            .args(["build", "--release", "--skip-version-check", "--features", "split"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", rustflags(p)),
    )?;
    split::run(p).context("splitting the app by page failed")?;
    embed::write(p).context("writing the embedding kit failed")?;
    let assets = compress::precompress(&p.dist()).context("precompressing dist/ failed")?;
    println!(
        "xtask: built and precompressed dist/ ({} files) in {:.0?}",
        assets.len(),
        started.elapsed()
    );
    Ok(assets)
}
