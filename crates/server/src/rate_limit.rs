//! Rate limits per client address: a token bucket per (limit, address). Over the limit, the API
//! answers 429 with `Retry-After`, through the one error type.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::ApiError;

/// A bucket of `burst` requests refilled at `per_minute`.
pub struct Limit {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

/// Beyond this many tracked addresses, idle ones are forgotten so memory stays bounded.
const MAX_TRACKED: usize = 10_000;

impl Limit {
    pub fn new(burst: u32, per_minute: u32) -> Arc<Limit> {
        Arc::new(Limit {
            burst: f64::from(burst),
            per_second: f64::from(per_minute) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// `burst` then `per_minute`, multiplied by the configured scale (end-to-end suites raise it);
    /// a scale too large for the arithmetic means no practical limit rather than an overflow.
    pub fn scaled(config: &crate::Config, burst: u32, per_minute: u32) -> Arc<Limit> {
        let scale = config.rate_limit_scale.max(1);
        Limit::new(burst.saturating_mul(scale), per_minute.saturating_mul(scale))
    }

    /// Takes one request's token, or says how many seconds until one is available.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > MAX_TRACKED {
            let full_after = Duration::from_secs_f64(self.burst / self.per_second);
            buckets.retain(|_, (_, last)| now.duration_since(*last) < full_after);
        }
        let (tokens, last) = buckets.entry(key.to_string()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil() as u64)
        }
    }
}

/// Middleware: limits by the peer address (one shared bucket when it is unknown, as in tests).
pub async fn limit(State(limit): State<Arc<Limit>>, request: Request, next: Next) -> Response {
    let key = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string());
    match limit.take(&key, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after_secs) => ApiError::TooManyRequests { retry_after_secs }.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_refill_rate() {
        let limit = Limit::new(3, 60);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limit.take("a", t0), Ok(()));
        }
        assert_eq!(limit.take("a", t0), Err(1));
        // Another address has its own bucket.
        assert_eq!(limit.take("b", t0), Ok(()));
        // One per second comes back.
        assert_eq!(limit.take("a", t0 + Duration::from_millis(1_000)), Ok(()));
    }
}
