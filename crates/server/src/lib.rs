//! The reference backend: it serves the built app and the onboarding API over an embedded SQLite
//! database kept in a data directory.

mod api;
mod auth;
mod config;
mod crypto;
mod db;
mod error;
mod routes;
mod static_files;
mod store;
mod util;

use std::sync::Arc;

pub use config::Config;
pub use crypto::Sealer;
pub use db::open as open_database;
pub use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::SqlitePool,
    pub config: Arc<Config>,
    pub sealer: Sealer,
}

impl AppState {
    /// Opens (or creates) the data directory, its database and its key.
    pub async fn open(config: Config) -> Result<AppState, String> {
        let db = db::open(&config.data_dir).await?;
        let sealer = Sealer::load_or_create(&config.data_dir)?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            sealer,
        })
    }
}

/// Builds the whole HTTP service for `state`.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Opens the data directory and database, binds, prints the address and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let listen = config.listen;
    let state = AppState::open(config).await?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let address = listener.local_addr()?;
    let router = app(state);
    // Scripts (the e2e suite, xtask) wait for this exact line.
    println!("listening on http://{address}");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
