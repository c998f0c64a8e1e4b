//! The size report: what a phone downloads on first visit, against the budget.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::compress::Asset;
use crate::project::Project;
use crate::{app, tools};

/// The budget for the first load, in brotli bytes, summed over the wasm, JS, CSS and HTML in
/// `dist/`, in kB (1000 bytes) as the issues state budgets. This constant is the only place the
/// budget is written down. It sits just above what the app measures, so that no change spends
/// bytes unnoticed, and it goes down whenever the app does.
///
/// It went up once, on purpose: the status page (issue 5: timeline, verification, signing, the
/// settlement account, the sandbox phone pages) measured +29.3 kB, from 231.0 to 260.3 kB. It came
/// down to 256 kB when the draft's JSON reader (serde's derive, 37 KB of wasm) became one
/// table-driven reader, wasm-opt went from -Oz to -O2 and Trunk began minifying CSS and HTML,
/// which paid for a round of fixes (and 0.2 kB of de-duplication after them). The
/// targets are still 220 kB (issue 4) and then 150 kB; reaching them needs code split by page
/// (Trunk 0.21 cannot split wasm), or the texts of the language not shown kept out of the first
/// load.
pub const BROTLI_BUDGET_BYTES: u64 = 256_200;

/// The kinds of file the first page load fetches, in the order the table lists them.
const KINDS: &[&str] = &["wasm", "js", "css", "html"];

/// `cargo xtask size`: build, report, and fail when over budget.
pub fn run(p: &Project) -> Result<ExitCode> {
    tools::ensure(p, tools::Scope::Build)?;
    let assets = app::build_release(p)?;
    Ok(if report(&assets)? {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints the table and returns whether the brotli total is within the budget.
pub fn report(assets: &[Asset]) -> Result<bool> {
    if !assets.iter().any(|a| a.extension() == "wasm") {
        bail!("dist/ has no .wasm file: did the trunk build produce the app?");
    }
    println!(
        "{:<6} {:>5} {:>12} {:>12} {:>12}",
        "kind", "files", "raw", "gzip -9", "brotli -q 11"
    );
    let mut total = Row::default();
    for kind in KINDS {
        let row = Row::sum(assets.iter().filter(|a| a.extension() == *kind));
        row.print(kind);
        total.add(&row);
    }
    total.print("total");

    let within = total.brotli <= BROTLI_BUDGET_BYTES;
    println!(
        "brotli total {} of the {} budget ({} bytes): {}",
        kilobytes(total.brotli),
        kilobytes(BROTLI_BUDGET_BYTES),
        BROTLI_BUDGET_BYTES,
        if within { "within budget" } else { "OVER BUDGET" }
    );
    Ok(within)
}

#[derive(Default)]
struct Row {
    files: usize,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl Row {
    fn sum<'a>(assets: impl Iterator<Item = &'a Asset>) -> Self {
        let mut row = Self::default();
        for asset in assets {
            row.files += 1;
            row.raw += asset.raw;
            // Every kind in KINDS is compressible, so the sizes are there.
            row.gzip += asset.gzip.unwrap_or(asset.raw);
            row.brotli += asset.brotli.unwrap_or(asset.raw);
        }
        row
    }

    fn add(&mut self, other: &Self) {
        self.files += other.files;
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }

    fn print(&self, label: &str) {
        println!(
            "{label:<6} {:>5} {:>12} {:>12} {:>12}",
            self.files, self.raw, self.gzip, self.brotli
        );
    }
}

fn kilobytes(bytes: u64) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn asset(name: &str, raw: u64, brotli: u64) -> Asset {
        Asset {
            path: PathBuf::from(name),
            raw,
            gzip: Some(brotli + 1),
            brotli: Some(brotli),
        }
    }

    #[test]
    fn budget_counts_only_first_load_kinds() {
        let half = BROTLI_BUDGET_BYTES / 2;
        let assets = [
            asset("app-1a2b.wasm", 500_000, half),
            asset("app-1a2b.js", 30_000, half),
            // Not loaded on the first page view, so not counted.
            asset("robots.txt", 10, 1_000_000),
        ];
        assert!(report(&assets).unwrap());
        let over = [asset("app.wasm", 1, BROTLI_BUDGET_BYTES + 1)];
        assert!(!report(&over).unwrap());
    }

    #[test]
    fn a_dist_without_wasm_is_an_error() {
        assert!(report(&[asset("index.html", 10, 5)]).is_err());
    }
}
