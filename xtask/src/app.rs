//! The release build of the browser app, shared by `run`, `test` and `size` so that what is
//! measured and tested is exactly what is served.

use std::time::Instant;

use anyhow::{Context, Result};

use crate::compress::{self, Asset};
use crate::project::Project;

/// Builds `dist/` with trunk and writes the precompressed `.br` / `.gz` copies beside its files.
pub fn build_release(p: &Project) -> Result<Vec<Asset>> {
    let started = Instant::now();
    // Trunk.toml sets `offline = true`, which makes trunk pass `--offline` to cargo: download the
    // crates first, or a fresh clone cannot build.
    p.run(&mut p.cargo(["fetch"]))?;
    // `--skip-version-check` stops trunk from asking the network for a newer trunk.
    p.run(p.cmd("trunk").args(["build", "--release", "--skip-version-check"]))?;
    let assets = compress::precompress(&p.dist()).context("precompressing dist/ failed")?;
    println!(
        "xtask: built and precompressed dist/ ({} files) in {:.0?}",
        assets.len(),
        started.elapsed()
    );
    Ok(assets)
}
