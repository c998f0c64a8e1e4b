//! `onboarding-server`: see `--help`.

use clap::Parser;
use onboarding_server::{Config, serve};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .init();
    match serve(Config::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("onboarding-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
