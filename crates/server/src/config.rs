//! The command line. Every flag also has an environment variable, for service managers.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, clap::Parser)]
#[command(
    name = "onboarding-server",
    version,
    about = "Promoter onboarding: the app and its API"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ONBOARDING_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for the database, uploaded images and the key file (created with mode 0700).
    #[arg(long, env = "ONBOARDING_DATA_DIR")]
    pub data_dir: PathBuf,

    /// The built app (Trunk's `dist/`, precompressed). Without it only the API is served.
    #[arg(long, env = "ONBOARDING_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Simulate the WeChat side (QR confirmation, verification, signing) so the whole flow runs on one machine.
    #[arg(long, env = "ONBOARDING_SANDBOX", overrides_with = "no_sandbox")]
    pub sandbox: bool,

    /// Talk to the real WeChat side (the default).
    #[arg(long = "no-sandbox", overrides_with = "sandbox")]
    pub no_sandbox: bool,
}
