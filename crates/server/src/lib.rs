//! The reference backend: it serves the built app and the onboarding API over an embedded SQLite
//! database kept in a data directory.

mod api;
mod auth;
mod changes;
mod config;
mod crypto;
mod db;
mod error;
mod extract;
mod gateway;
mod housekeeping;
mod local_wechatpay;
mod openapi;
mod operator;
mod pipeline;
mod rate_limit;
mod renewal;
mod routes;
mod sealed_draft;
mod security;
mod static_files;
mod store;
mod util;
pub mod webhooks;
mod wechat;

use std::sync::Arc;

pub use config::Config;
pub use crypto::Sealer;
pub use db::open as open_database;
pub use error::ApiError;
pub use gateway::WechatPayFlags;
pub use wechat::WechatFlags;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::SqlitePool,
    pub config: Arc<Config>,
    pub sealer: Sealer,
    /// Status long polls wait here for their own account's application to change.
    pub changes: Arc<changes::Changes>,
    /// Wakes the pipeline when a timer is added.
    pub wake: Arc<tokio::sync::Notify>,
    /// Wakes the webhook sender when a change may have written events.
    pub outbox_wake: Arc<tokio::sync::Notify>,
    /// The host's backend that hears of changes, when one is configured.
    pub webhooks: Option<Arc<webhooks::Webhooks>>,
    /// The SHA-256 of the platform's key (`--platform-key-file`), when one is configured.
    pub platform_key_hash: Option<Arc<String>>,
    /// Guards the sandbox operator's decisions; printed at start-up, new on every start.
    pub operator_token: Arc<String>,
    /// The WeChat Pay merchant applications are sent through: the one configured, or the
    /// sandbox's local one.
    pub gateway: Option<Arc<gateway::Gateway>>,
    /// The sandbox's local WeChat Pay, when the sandbox has no other configured.
    pub local_wechatpay: Option<Arc<local_wechatpay::LocalWechatPay>>,
    /// The official account people sign in with: the one configured, or the sandbox's local one.
    pub wechat: Option<Arc<onboarding_wechat::Client>>,
    /// The sandbox's local WeChat, when the sandbox has no official account configured.
    pub local_wechat: Option<Arc<onboarding_wechat::fake::LocalWechat>>,
    /// Applications someone is looking at (a status long poll), and since when: WeChat Pay is
    /// asked about them at least every 30 s.
    watched: Arc<std::sync::Mutex<std::collections::HashMap<String, std::time::Instant>>>,
    /// The pipeline and housekeeping tasks, so that [`AppState::stop`] can end them as a process
    /// exit would.
    background: Arc<std::sync::OnceLock<Vec<tokio::task::AbortHandle>>>,
}

impl AppState {
    /// Opens (or creates) the data directory, its database and its key, and starts the review
    /// pipeline, which resumes any jobs left from before a restart.
    pub async fn open(config: Config) -> Result<AppState, String> {
        let db = db::open(&config.data_dir).await?;
        let alike = store::accounts::rekey_names(&db).await.map_err(|e| e.to_string())?;
        if alike > 0 {
            tracing::warn!(
                alike,
                "account names re-keyed by the look-alike rule; some already looked alike"
            );
        }
        config.check()?;
        // A configured WeChat Pay whose files do not load stops the start, naming the flag.
        let sealer = Sealer::load_or_create(&config.data_dir)?;
        let (gateway, local_wechatpay) = if config.wechatpay.missing().is_empty() {
            (Some(Arc::new(gateway::Gateway::load(&config.wechatpay)?)), None)
        } else if config.sandbox_on() {
            let (local, gateway) = local_wechatpay::LocalWechatPay::open(&config, &db, &sealer).await?;
            (Some(Arc::new(gateway)), Some(local))
        } else {
            (None, None)
        };
        let (wechat, local_wechat) = if config.wechat.missing().is_empty() {
            (Some(Arc::new(config.wechat.load()?)), None)
        } else if config.sandbox_on() {
            let (local, client) = wechat::local::open(&config).await?;
            (Some(Arc::new(client)), Some(local))
        } else {
            (None, None)
        };
        let webhooks = config.webhooks.load()?.map(Arc::new);
        let platform_key_hash = config.platform_key_hash()?.map(Arc::new);
        let operator_token = match &config.operator_token {
            // It travels in a cookie and a header: letters, digits, `-` and `_` only.
            Some(t) if t.len() < 16 || !t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
                return Err("the operator token must be at least 16 letters, digits, - or _".into());
            }
            Some(t) => t.clone(),
            None => util::random_hex(16),
        };
        let state = AppState {
            db,
            config: Arc::new(config),
            sealer,
            changes: Arc::new(changes::Changes::default()),
            wake: Arc::new(tokio::sync::Notify::new()),
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
            webhooks,
            platform_key_hash,
            operator_token: Arc::new(operator_token),
            gateway,
            local_wechatpay,
            wechat,
            local_wechat,
            watched: Arc::default(),
            background: Arc::new(std::sync::OnceLock::new()),
        };
        let mut tasks = vec![
            tokio::spawn(pipeline::run(state.clone())).abort_handle(),
            tokio::spawn(housekeeping::run(state.clone())).abort_handle(),
            tokio::spawn(renewal::run(state.clone())).abort_handle(),
        ];
        if let Some(hooks) = &state.webhooks {
            tasks.push(tokio::spawn(webhooks::run(state.clone(), hooks.clone())).abort_handle());
        }
        let _ = state.background.set(tasks);
        Ok(state)
    }

    /// Stops the review pipeline and the housekeeping (tests use it to simulate a stopped
    /// process).
    pub fn stop(&self) {
        for task in self.background.get().into_iter().flatten() {
            task.abort();
        }
    }

    /// Whether `token` is the operator token, compared in constant time: it guards every decision.
    pub fn is_operator(&self, token: &str) -> bool {
        util::constant_time_eq(token.as_bytes(), self.operator_token.as_bytes())
    }

    /// Someone is waiting on application `id`'s status. The first time in a while, WeChat Pay is
    /// asked about it soon; while they look, it is asked at least every 30 s.
    pub fn watch(&self, id: &str) {
        let now = std::time::Instant::now();
        let fresh = {
            let mut watched = self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Forget the ones nobody has looked at for long, so the map stays small.
            watched.retain(|_, at| now.duration_since(*at) < pipeline::WATCHED_INTERVAL * 4);
            let fresh = watched
                .get(id)
                .is_none_or(|at| now.duration_since(*at) >= pipeline::WATCHED_INTERVAL);
            if fresh {
                watched.insert(id.to_string(), now);
            }
            fresh
        };
        if fresh {
            let (state, id) = (self.clone(), id.to_string());
            tokio::spawn(async move {
                if let Err(e) = pipeline::follow_soon(&state, &id, pipeline::WATCHED_INTERVAL).await {
                    tracing::error!(error = %e, "cannot bring WeChat Pay's question forward");
                }
            });
        }
    }

    /// Whether someone looked at application `id` within the last minute.
    pub fn watched(&self, id: &str) -> bool {
        let watched = self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        watched
            .get(id)
            .is_some_and(|at| at.elapsed() < pipeline::WATCHED_INTERVAL * 2)
    }

    /// Tells the long polls of `account_id` that its application changed, and the pipeline that
    /// there may be a new job.
    pub fn changed(&self, account_id: &str) {
        self.changes.announce(account_id);
        self.wake.notify_one();
        self.outbox_wake.notify_one();
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
    if let Some(gateway) = &state.gateway {
        tracing::info!(base_url = gateway.client().base_url(), gateway = ?gateway, "WeChat Pay");
    }
    if state.config.sandbox_on() {
        eprintln!("{SANDBOX_BANNER}");
        let wechat_pay = if state.local_wechatpay.is_some() {
            "the local WeChat Pay"
        } else {
            "the configured WeChat Pay"
        };
        let wechat = if state.local_wechat.is_some() {
            "the local WeChat (anyone signs in as a test user)"
        } else {
            "the configured official account"
        };
        tracing::warn!(wechat_pay, wechat, "sandbox mode");
        // A token the operator chose is theirs already; only a generated one is printed.
        if state.config.operator_token.is_some() {
            println!("sandbox operator token: the one in ONBOARDING_OPERATOR_TOKEN");
        } else {
            println!(
                "sandbox operator token (header X-Operator-Token): {}",
                state.operator_token
            );
        }
    }
    let router = app(state);
    // Scripts (the e2e suite, xtask) wait for this exact line.
    println!("listening on http://{address}");
    // The peer address feeds the rate limits.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

/// Printed at every sandbox start, so that nobody mistakes a sandbox for a real deployment.
const SANDBOX_BANNER: &str = "\
******************************************************************************
*  SANDBOX MODE. This server stands in for WeChat and WeChat Pay: its sign-in *
*  accepts any WeChat user, and applications go to its local WeChat Pay      *
*  unless --wechatpay-* flags name another. Never let real applicants use    *
*  it. Start without --sandbox for a real deployment.                         *
******************************************************************************";

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
