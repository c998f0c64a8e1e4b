//! `onboarding-loadgen --server URL --ceiling URL [--pollers N] [--seconds S] [--submits K]`
//!
//! 1. prepares K applicants (each from its own loopback address), each with a complete draft;
//! 2. submits all K at once and checks that exactly K applications exist (nothing lost);
//! 3. runs N concurrent status pollers for S seconds on the 304 path (`If-None-Match`), then on
//!    the 200 path, then against the bare axum handler at `--ceiling` (both paths), and prints
//!    throughput and p50/p99 latency as a Markdown table.

mod http;
mod scenario;

use std::time::Duration;

struct Args {
    server: String,
    ceiling: String,
    pollers: usize,
    seconds: u64,
    submits: usize,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        server: String::new(),
        ceiling: String::new(),
        pollers: 1000,
        seconds: 10,
        submits: 200,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--server" => args.server = value,
            "--ceiling" => args.ceiling = value,
            "--pollers" => args.pollers = value.parse().map_err(|_| "--pollers takes a number")?,
            "--seconds" => args.seconds = value.parse().map_err(|_| "--seconds takes a number")?,
            "--submits" => args.submits = value.parse().map_err(|_| "--submits takes a number")?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if args.server.is_empty() || args.ceiling.is_empty() {
        return Err("--server and --ceiling are required".into());
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("onboarding-loadgen: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("onboarding-loadgen: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let duration = Duration::from_secs(args.seconds);
    eprintln!("preparing {} applicants…", args.submits);
    let applicants = scenario::prepare(&args.server, args.submits).await?;
    eprintln!("submitting all {} at once…", applicants.len());
    let submits = scenario::submit_all(&args.server, &applicants).await?;
    let token = applicants[0].token.clone();
    let etag = scenario::current_etag(&args.server, &token).await?;

    let mut rows = Vec::new();
    for (label, base, tag) in [
        ("status, 304 path", &args.server, Some(etag.as_str())),
        ("status, 200 path", &args.server, None),
        ("bare axum ceiling, 304 path", &args.ceiling, Some("\"a1\"")),
        ("bare axum ceiling, 200 path", &args.ceiling, None),
    ] {
        eprintln!("{label}: {} pollers for {}s…", args.pollers, args.seconds);
        rows.push((label, scenario::poll(base, &token, tag, args.pollers, duration).await));
    }

    println!("| scenario | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (label, r) in rows {
        println!(
            "| {label} | {} | {} | {:.0} | {:.2} | {:.2} |",
            r.requests,
            r.errors,
            r.throughput,
            r.p50.as_secs_f64() * 1e3,
            r.p99.as_secs_f64() * 1e3
        );
    }
    println!(
        "| submit ({} applicants at once) | {} | {} | {:.0} | {:.2} | {:.2} |",
        submits.accepted + submits.errors,
        submits.accepted + submits.errors,
        submits.errors,
        submits.throughput,
        submits.p50.as_secs_f64() * 1e3,
        submits.p99.as_secs_f64() * 1e3
    );
    println!();
    println!(
        "Submits: {} accepted, {} applications found afterwards, {} lost.",
        submits.accepted,
        submits.found,
        submits.accepted.saturating_sub(submits.found)
    );
    if submits.found != applicants.len() || submits.errors > 0 {
        return Err("some submits were lost or failed".into());
    }
    Ok(())
}
