//! `cargo xtask run`: the release app, served locally the way production serves it.

use std::io::{self, BufRead, BufReader, Write};
use std::process::{ExitCode, Stdio};

use anyhow::{Context, Result};

use crate::project::{self, Project};
use crate::{app, host, tools};

const LISTEN: &str = "127.0.0.1:8080";

pub fn run(p: &Project) -> Result<ExitCode> {
    tools::ensure(p, tools::Scope::Build)?;
    app::build_release(p)?;
    // Build before running, so compiler output is over when the server starts talking.
    let profile = ["--profile", "server", "-p", "onboarding-server"];
    p.run(p.cargo(["build"]).args(profile))?;

    let mut cmd = p.cargo(["run"]);
    cmd.args(profile).args([
        "--",
        "--listen",
        LISTEN,
        "--data-dir",
        ".data",
        "--static-dir",
        "dist",
        "--sandbox",
        // The example host pages' origin (`host.rs`).
        "--allow-origin",
        &format!("http://{}", host::LISTEN),
    ]);
    host::spawn(p.root.join("examples/host"), &format!("http://{LISTEN}"))?;
    let mut server = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{}`", project::display(&cmd)))?;
    // Copy the server's output, and announce the URL once the server says it is listening,
    // so the address is the last thing on screen rather than lost above the build logs.
    let reader = BufReader::new(server.stdout.take().context("no stdout pipe")?);
    for line in reader.lines() {
        let line = line?;
        println!("{line}");
        if line.contains("listening on") {
            println!("\n    The app is running at  http://{LISTEN}   (Ctrl-C stops it)");
            println!(
                "    Example host pages:    http://{0}/inline.html  http://{0}/frame.html\n",
                host::LISTEN
            );
        }
        io::stdout().flush()?;
    }
    // Ctrl-C reaches the server too (same process group); report how it ended.
    let status = server.wait()?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        println!("xtask: the server stopped ({status})");
        ExitCode::FAILURE
    })
}
