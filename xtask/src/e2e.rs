//! The end-to-end stage: first the API's contract (schemathesis against the release server's
//! OpenAPI document, `tests/api/run.py`), then the release app served by the release server,
//! driven by Playwright in Debian's Chromium. Both start the server themselves, on a free port
//! with a temporary data directory.

use std::fs;
use std::path::Path;

use anyhow::Result;
use serde_json::Value;

use anyhow::Context;

use crate::compress::Asset;
use crate::project::{self, Project};
use crate::test::Tally;
use crate::{app, tools};

/// Builds what the tests drive, runs them, and returns the built files for the size report.
pub fn run(p: &Project, t: &mut Tally) -> Result<Vec<Asset>> {
    let assets = app::build_release(p)?;
    p.run(&mut p.cargo(["build", "--profile", "server", "-p", "onboarding-server"]))?;
    api_contract(p, t)?;
    playwright(p, t)?;
    Ok(assets)
}

/// schemathesis, bounded, with and without a session: one test per operation and run. The script
/// ends with `api contract: N passed, N failed` (not the bare form, which is this run's own last
/// line).
fn api_contract(p: &Project, t: &mut Tally) -> Result<()> {
    let mut cmd = p.cmd("python3");
    cmd.arg(p.root.join("tests/api/run.py"))
        .arg(tools::schemathesis_bin(p))
        .arg(p.target_dir().join("server/onboarding-server"))
        .arg(p.target_dir().join("api-report"));
    let out = cmd
        .output()
        .with_context(|| format!("cannot start `{}`", project::display(&cmd)))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    match text.lines().rev().find_map(read_summary) {
        Some((passed, failed)) => {
            t.passed += passed;
            t.failed += failed;
            if !out.status.success() && failed == 0 {
                t.failed += 1;
            }
        }
        None => {
            println!(
                "xtask: `{}` printed no summary ({})",
                project::display(&cmd),
                out.status
            );
            t.failed += 1;
        }
    }
    Ok(())
}

/// `api contract: 12 passed, 0 failed`.
fn read_summary(line: &str) -> Option<(u64, u64)> {
    let (passed, failed) = line.trim().strip_prefix("api contract: ")?.split_once(" passed, ")?;
    Some((passed.parse().ok()?, failed.strip_suffix(" failed")?.parse().ok()?))
}

fn playwright(p: &Project, t: &mut Tally) -> Result<()> {
    let dir = p.root.join("tests/e2e");
    let report = dir.join("playwright-report/results.json");
    // A report left by an earlier run must not be counted as this run's.
    let _ = fs::remove_file(&report);
    let mut cmd = p.cmd("npx");
    // `--no`: never download a Playwright that the lockfile did not install.
    cmd.args(["--no", "--", "playwright", "test"])
        .current_dir(&dir)
        .env("ONBOARDING_SERVER", p.target_dir().join("server/onboarding-server"))
        .env("ONBOARDING_STATIC", p.dist())
        .env("E2E_JSON_REPORT", &report);
    let status = project::status(&mut cmd)?;

    let counts = read_counts(&report);
    let (passed, failed) = counts.unwrap_or((0, 0));
    t.passed += passed;
    t.failed += failed;
    if counts.is_none() {
        println!("xtask: Playwright wrote no readable report at {}", report.display());
    }
    // A server that never came up, or a config error, fails the run without failing a test.
    if !status.success() && failed == 0 {
        t.failed += 1;
        println!("xtask: `{}` failed ({status})", project::display(&cmd));
    }
    Ok(())
}

/// Passed and failed tests from Playwright's JSON reporter. A test that passed on retry
/// ("flaky") passed; "unexpected" is Playwright's word for failed.
fn read_counts(report: &Path) -> Option<(u64, u64)> {
    let json: Value = serde_json::from_str(&fs::read_to_string(report).ok()?).ok()?;
    let stats = json.get("stats")?;
    let count = |key: &str| stats.get(key).and_then(Value::as_u64).unwrap_or(0);
    Some((count("expected") + count("flaky"), count("unexpected")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_playwright_stats() {
        let path = std::env::temp_dir().join(format!("xtask-pw-{}.json", std::process::id()));
        fs::write(
            &path,
            r#"{"config":{},"suites":[],"errors":[],
                "stats":{"startTime":"2026-01-01T00:00:00.000Z","duration":1234.5,
                         "expected":40,"skipped":2,"unexpected":3,"flaky":1}}"#,
        )
        .unwrap();
        assert_eq!(read_counts(&path), Some((41, 3)));
        fs::write(&path, "not json").unwrap();
        assert_eq!(read_counts(&path), None);
        assert_eq!(read_summary("api contract: 47 passed, 2 failed"), Some((47, 2)));
        assert_eq!(read_summary("api: 16 operations passed, 0 failed in 7 s"), None);
        assert_eq!(read_summary("47 passed, 2 failed"), None);
        fs::remove_file(&path).unwrap();
        assert_eq!(read_counts(&path), None);
    }
}
