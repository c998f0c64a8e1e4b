//! Project automation, run as `cargo xtask <command>` (an alias in `.cargo/config.toml`).
//!
//! Written in Rust rather than shell so that a fresh clone needs nothing but rustup, node and
//! npm: every other tool is installed (or checked) by `tools::ensure` before it is used.

mod app;
mod bench;
mod compress;
mod e2e;
mod embed;
mod host;
mod project;
mod serve;
mod size;
mod split;
mod test;
mod tools;

use std::process::ExitCode;

use project::Project;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run    install the build tools, build the release app and serve it on http://127.0.0.1:8080,
         with example host pages on http://127.0.0.1:8081
  test   install tools and browsers, then run lint, unit, component and end-to-end tests
         and the size report; ends with one line `N passed, N failed`
  size   build the release app and report its raw, gzip and brotli sizes, for the first load
         and the whole app, against their budgets
  bench-server
         load the release server (1,000 status pollers, concurrent submits) beside a bare axum
         handler, and print throughput and p50/p99 latency";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str);
    if args.len() > 1 {
        eprintln!("error: unexpected arguments after `{}`\n\n{USAGE}", args[0]);
        return ExitCode::from(2);
    }
    let project = match Project::locate() {
        Ok(project) => project,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        Some("run") => serve::run(&project),
        Some("test") => test::run(&project.without_incremental()),
        Some("size") => size::run(&project),
        Some("bench-server") => bench::run(&project),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            Ok(ExitCode::from(2))
        }
        None => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
