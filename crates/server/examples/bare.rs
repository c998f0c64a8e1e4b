//! The ceiling for `cargo xtask bench-server`: a bare axum handler that answers the status path
//! with a fixed body of the real one's size (and 304 for `If-None-Match: "a1"`), without
//! authentication, database or decryption. Whatever the real server loses against it is ours.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

async fn status(headers: HeaderMap) -> impl IntoResponse {
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == "\"a1\"") {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, "\"a1\"")], String::new());
    }
    let body = serde_json::json!({
        "application_id": "0123456789abcdef0123456789abcdef", "state": "CHECKING", "next_action": "wait_for_check",
        "version": 1, "submitted_at": 1_764_000_000_000_i64, "updated_at": 1_764_000_000_000_i64,
        "legal_person_id_number": "**************002X",
        "settlement": {"state": "UNBOUND", "account_number": "****7890", "bank": "工商银行", "account_name": "北京某某科技有限公司"}
    });
    (StatusCode::OK, [(header::ETAG, "\"a1\"")], body.to_string())
}

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("listening on http://{}", listener.local_addr().expect("address"));
    let app = Router::new().route("/api/v1/application/status", get(status));
    axum::serve(listener, app).await.expect("serve");
}
