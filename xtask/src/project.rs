//! Where the repository is, and how child processes are started from it.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use anyhow::{Context, Result, bail};

/// The repository and the environment every child process gets.
pub struct Project {
    pub root: PathBuf,
    /// `PATH` for children: our wasm-opt first, then cargo's bin dir, then the caller's `PATH`.
    path: OsString,
    /// Whether child cargos may keep incremental caches; see `without_incremental`.
    incremental: bool,
}

impl Project {
    /// Finds the repository from this crate's location, so `cargo xtask` works from any
    /// sub-directory. `canonicalize` resolves symlinks to the real checkout.
    pub fn locate() -> Result<Self> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", manifest_dir.display()))?
            .parent()
            .context("xtask/ has no parent directory")?
            .to_path_buf();
        let mut dirs = vec![
            // The npm binaryen must shadow any other wasm-opt (Debian's 108 breaks the app).
            root.join(".tools/build/node_modules/.bin"),
            // A shell without rustup's profile snippet still has to find trunk and wasm-bindgen.
            cargo_home().join("bin"),
        ];
        dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
        let path = std::env::join_paths(dirs).context("a PATH entry contains `:`")?;
        Ok(Self {
            root,
            path,
            incremental: true,
        })
    }

    /// Child cargos build without incremental caches unless the caller's `CARGO_INCREMENTAL`
    /// says otherwise. A test run from a fresh clone never reuses them, and they cost 1.5 GB
    /// of a CI machine's disk.
    pub fn without_incremental(self) -> Self {
        Self {
            incremental: false,
            ..self
        }
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// Cargo's output directory, honouring `CARGO_TARGET_DIR` like cargo does.
    pub fn target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// A command that runs in the repository root with our `PATH`. Setting `PATH` on the
    /// command also makes the program itself be looked up in it.
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root).env("PATH", &self.path);
        if !self.incremental && std::env::var_os("CARGO_INCREMENTAL").is_none() {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        cmd
    }

    /// `cargo` through the rustup proxy on `PATH`, so `cargo fmt` and `cargo clippy` resolve.
    pub fn cargo<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.cmd("cargo");
        cmd.args(args);
        cmd
    }

    /// Runs a command with inherited stdio and fails unless it exits 0.
    pub fn run(&self, cmd: &mut Command) -> Result<()> {
        let status = status(cmd)?;
        if !status.success() {
            bail!("`{}` failed ({status})", display(cmd));
        }
        Ok(())
    }

    /// Runs a command quietly and returns its stdout, or `None` when it cannot be started or
    /// fails: used to ask a tool for its version before deciding to install it.
    pub fn output(&self, cmd: &mut Command) -> Option<String> {
        let out = cmd.stdin(std::process::Stdio::null()).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Starts a command and waits for it, naming it in the error when it cannot be started.
pub fn status(cmd: &mut Command) -> Result<ExitStatus> {
    cmd.status().with_context(|| format!("cannot start `{}`", display(cmd)))
}

/// The command line as a person would type it, for messages.
pub fn display(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

pub fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
}
