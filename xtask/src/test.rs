//! `cargo xtask test`: every check CI runs, in stages from cheapest to dearest, stopping after
//! the first stage that fails. Tests are counted over all stages and the run ends with exactly
//! one line `N passed, N failed`, the line CI reads.

use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::project::{self, Project};
use crate::{e2e, size, tools};

#[derive(Default)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    /// Counts a check that has no tests of its own (fmt, clippy, the size budget) as one.
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            println!("xtask: check failed: {name}");
        }
    }
}

pub fn run(p: &Project) -> Result<ExitCode> {
    let mut tally = Tally::default();
    stages(p, &mut tally);
    // Nothing may be printed after this line.
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The stages in order; returns at the first one that fails.
fn stages(p: &Project, t: &mut Tally) {
    if !stage(t, "tools", |_| tools::ensure(p, tools::Scope::Test)) {
        return;
    }
    if !stage(t, "1/5 format and lint", |t| lint(p, t)) {
        return;
    }
    if !stage(t, "2/5 unit and integration tests", |t| {
        // `--no-fail-fast`: one failing crate must not hide the results of the others.
        counted(t, &mut p.cargo(["test", "--workspace", "--no-fail-fast"]))
    }) {
        return;
    }
    if !stage(t, "3/5 component tests in Chromium", |t| component_tests(p, t)) {
        return;
    }
    let mut assets = Vec::new();
    if !stage(t, "4/5 end-to-end tests", |t| {
        assets = e2e::run(p, t)?;
        Ok(())
    }) {
        return;
    }
    // The size of exactly the build that the end-to-end tests drove.
    stage(t, "5/5 size report", |t| {
        let within = size::report(&assets)?;
        t.check("size budget", within);
        Ok(())
    });
}

/// Runs one stage and says whether the next may start. An error (a build that fails, a tool
/// that cannot be installed) counts as one failure so that the final line never hides it.
fn stage(tally: &mut Tally, name: &str, body: impl FnOnce(&mut Tally) -> Result<()>) -> bool {
    println!("\n==> {name}");
    let started = Instant::now();
    let failed_before = tally.failed;
    if let Err(err) = body(tally) {
        eprintln!("error: {err:#}");
        tally.failed += 1;
    }
    let ok = tally.failed == failed_before;
    // The time of each stage, to keep CI well inside its limit on two cores.
    let verdict = if ok { "done" } else { "FAILED, stopping" };
    println!("==> {name}: {verdict} after {:.0?}", started.elapsed());
    ok
}

/// The app's wasm tests in headless Chromium; `.cargo/config.toml` makes
/// wasm-bindgen-test-runner the runner for the wasm target, and it drives Chromium through
/// chromedriver.
fn component_tests(p: &Project, t: &mut Tally) -> Result<()> {
    let mut cmd = p.cargo(["test", "-p", "onboarding-app", "--target", "wasm32-unknown-unknown"]);
    cmd.env("CHROMEDRIVER", tools::CHROMEDRIVER);
    counted(t, &mut cmd)
}

fn lint(p: &Project, t: &mut Tally) -> Result<()> {
    let fmt = project::status(&mut p.cargo(["fmt", "--all", "--check"]))?;
    t.check("cargo fmt --all --check", fmt.success());
    let clippy = project::status(&mut p.cargo(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    t.check("cargo clippy", clippy.success());
    // The release app's page splitting is only compiled for wasm with the `split` feature.
    let split = [
        "clippy",
        "-p",
        "onboarding-app",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "split",
        "--",
        "-D",
        "warnings",
    ];
    let clippy_split = project::status(&mut p.cargo(split))?;
    t.check("cargo clippy (wasm, split)", clippy_split.success());
    Ok(())
}

/// Runs a libtest-style command, copying its stdout to ours line by line while counting its
/// `test result:` lines. A command that fails without a failing test (say, a compile error)
/// counts as one failure.
pub fn counted(t: &mut Tally, cmd: &mut Command) -> Result<()> {
    counted_into(t, cmd, &mut io::stdout().lock())
}

/// `counted` with the copy going to `out`. The unit tests pass a buffer: bytes written straight
/// to stdout escape libtest's capture, and a `test result:` line among them would be counted by
/// the `cargo xtask test` that runs these very tests.
fn counted_into(t: &mut Tally, cmd: &mut Command, out: &mut impl Write) -> Result<()> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{}`", project::display(cmd)))?;
    let mut reader = BufReader::new(child.stdout.take().context("no stdout pipe")?);
    let (mut passed, mut failed) = (0, 0);
    let mut line = Vec::new();
    while reader.read_until(b'\n', &mut line)? > 0 {
        out.write_all(&line)?;
        out.flush()?;
        if let Some((p, f)) = parse_test_result(&String::from_utf8_lossy(&line)) {
            passed += p;
            failed += f;
        }
        line.clear();
    }
    let status = child.wait()?;
    t.passed += passed;
    t.failed += failed;
    if !status.success() && failed == 0 {
        t.check(&project::display(cmd), false);
    }
    Ok(())
}

/// Reads libtest's summary, `test result: ok. 3 passed; 0 failed; 1 ignored; ...`, which both
/// native test binaries and wasm-bindgen-test-runner print once per test binary.
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let line = strip_ansi(line);
    let rest = line.trim().strip_prefix("test result: ")?;
    let (_verdict, counts) = rest.split_once(". ")?;
    let (mut passed, mut failed) = (None, None);
    for part in counts.split(';') {
        let mut words = part.split_whitespace();
        let (Some(number), Some(label)) = (words.next(), words.next()) else {
            continue;
        };
        match label {
            "passed" => passed = number.parse().ok(),
            "failed" => failed = number.parse().ok(),
            _ => {}
        }
    }
    Some((passed?, failed?))
}

/// Drops terminal colour codes (`ESC [ ... letter`), in case a runner colours its summary.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_native_and_wasm_summaries() {
        let native = "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.03s\n";
        assert_eq!(parse_test_result(native), Some((12, 0)));
        let failing =
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.20s";
        assert_eq!(parse_test_result(failing), Some((3, 2)));
        let wasm = "test result: ok. 4 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.41s";
        assert_eq!(parse_test_result(wasm), Some((4, 0)));
        let coloured = "test result: \u{1b}[32mok\u{1b}[0m. 1 passed; 0 failed; 0 ignored";
        assert_eq!(parse_test_result(coloured), Some((1, 0)));
    }

    #[test]
    fn ignores_other_lines() {
        assert_eq!(parse_test_result("running 3 tests"), None);
        assert_eq!(parse_test_result("test parses ... ok"), None);
        assert_eq!(parse_test_result("test result: garbage"), None);
    }

    #[test]
    fn counts_a_run_and_a_failure_without_summary() {
        let mut tally = Tally::default();
        let mut ok = Command::new("sh");
        ok.args(["-c", "echo 'test result: ok. 2 passed; 1 failed; 0 ignored'"]);
        let mut copy = Vec::new();
        counted_into(&mut tally, &mut ok, &mut copy).unwrap();
        assert!(copy.starts_with(b"test result: ok. 2 passed"));
        assert_eq!((tally.passed, tally.failed), (2, 1));

        let mut broken = Command::new("sh");
        broken.args(["-c", "echo 'error[E0425]: cannot find value'; exit 101"]);
        counted_into(&mut tally, &mut broken, &mut copy).unwrap();
        assert_eq!((tally.passed, tally.failed), (2, 2));
    }
}
