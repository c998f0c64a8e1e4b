//! The reference backend: it serves the built app and the onboarding API over an embedded SQLite
//! database kept in a data directory.

mod config;
mod db;
mod error;
mod routes;
mod static_files;

use std::sync::Arc;

pub use config::Config;
pub use db::open as open_database;
pub use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::SqlitePool,
    pub config: Arc<Config>,
}

/// Builds the whole HTTP service for `state`.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Opens the data directory and database, binds, prints the address and serves until Ctrl-C.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let db = db::open(&config.data_dir).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr()?;
    let router = app(AppState {
        db,
        config: Arc::new(config),
    });
    // Scripts (the e2e suite, xtask) wait for this exact line.
    println!("listening on http://{address}");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
