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

    // The platform's key, with which the example host's backend starts its users' sessions.
    let key_file = p.root.join(".data/platform-key");
    let key = platform_key(&key_file)?;

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
        "--platform-key-file",
        ".data/platform-key",
    ]);
    let platform = host::Platform {
        app: LISTEN.into(),
        key,
    };
    host::spawn(p.root.join("examples/host"), &format!("http://{LISTEN}"), platform)?;
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
                "    Example host pages:    http://{0}/inline.html  http://{0}/frame.html",
                host::LISTEN
            );
            println!(
                "    As a platform's user:  http://{}/inline.html?as=partner-42   (no WeChat sign-in)\n",
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

/// The key in `file`, made (random, 48 hex digits) the first time.
fn platform_key(file: &std::path::Path) -> Result<String> {
    if let Ok(key) = std::fs::read_to_string(file) {
        return Ok(key.trim().to_string());
    }
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| std::io::Read::read_exact(&mut random, &mut bytes))
        .context("cannot read /dev/urandom for the platform key")?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // A secret: readable by its owner only.
    let mut out = std::fs::OpenOptions::new();
    std::os::unix::fs::OpenOptionsExt::mode(out.write(true).create_new(true), 0o600);
    out.open(file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, key.as_bytes()))
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(key)
}
