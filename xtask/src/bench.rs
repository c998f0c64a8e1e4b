//! `cargo xtask bench-server`: the release server under load from a second process on loopback,
//! next to a bare axum handler as the ceiling. Prints a Markdown table for BENCHMARKS.md.

use std::io::{BufRead, BufReader};
use std::process::{Child, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

use crate::project::Project;

/// Starts `cmd`, waits for its `listening on http://ADDR` line and returns the child and base URL.
fn start(cmd: &mut std::process::Command) -> Result<(Child, String)> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start a server for the benchmark")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line?;
        if let Some(url) = line.strip_prefix("listening on ") {
            // Keep draining its output so the server never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok((child, url.trim().to_string()));
        }
    }
    bail!("the server exited before listening")
}

pub fn run(p: &Project) -> Result<ExitCode> {
    for package in [
        ["-p", "onboarding-server", "--bin", "onboarding-server"],
        ["-p", "onboarding-loadgen", "--bin", "onboarding-loadgen"],
    ] {
        p.run(p.cargo(["build", "--profile", "server"]).args(package))?;
    }
    p.run(&mut p.cargo([
        "build",
        "--profile",
        "server",
        "-p",
        "onboarding-server",
        "--example",
        "bare",
    ]))?;
    let bin = p.target_dir().join("server");
    let data = std::env::temp_dir().join(format!("onboarding-bench-{}", std::process::id()));
    // The check waits an hour, so every polled application keeps one state (and one ETag).
    let (mut server, server_url) = start(p.cmd(bin.join("onboarding-server")).args([
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        data.to_str().context("temp dir path")?,
        "--sandbox",
        "--check-delay",
        "1h",
    ]))?;
    let (mut bare, bare_url) = start(&mut p.cmd(bin.join("examples").join("bare")))?;
    let outcome = p.run(
        p.cmd(bin.join("onboarding-loadgen"))
            .args(["--server", &server_url, "--ceiling", &bare_url]),
    );
    let _ = server.kill();
    let _ = bare.kill();
    let _ = server.wait();
    let _ = bare.wait();
    let _ = std::fs::remove_dir_all(&data);
    outcome.map(|()| ExitCode::SUCCESS)
}
