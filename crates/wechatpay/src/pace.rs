//! WeChat Pay's rate limits per merchant (`wechatpay.md` §9.3), kept on this side so that a burst
//! of applications waits here instead of drawing `429 FREQUENCY_LIMITED` there: at most a limit's
//! calls in any window of its period. Calls within the limit go at once; only the one beyond it
//! waits, until the oldest of the last `limit` calls is a period old.
//!
//! The limits are one process's. Several server instances share WeChat Pay's limits; they divide
//! them (the scale-out issue) or meet a 429, which is retried with backoff like any busy answer.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// One kind of call's limit, and when its last `calls` calls were let go.
#[derive(Debug)]
pub struct Pace {
    calls: usize,
    period: Duration,
    turns: Mutex<VecDeque<Instant>>,
}

impl Pace {
    /// At most `calls` in any `period`.
    pub fn limit(calls: usize, period: Duration) -> Pace {
        Pace {
            calls: calls.max(1),
            period,
            turns: Mutex::new(VecDeque::new()),
        }
    }

    /// Waits for this call's turn. Turns are given in the order the calls arrive; a call that
    /// is dropped while waiting still spends its turn (the limit holds either way).
    pub async fn turn(&self) {
        let at = {
            let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let at = if turns.len() < self.calls {
                now
            } else {
                // Turns only grow later, so the oldest kept is the one `calls` turns back.
                let oldest = turns.pop_front().expect("full");
                (oldest + self.period).max(now)
            };
            turns.push_back(at);
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

/// Photo uploads a merchant may make in a second (the official FAQ for the upload endpoint).
pub const UPLOADS_PER_SECOND: usize = 10;

/// The published limits, by kind of call.
#[derive(Debug)]
pub struct Paces {
    /// Photo uploads: [`UPLOADS_PER_SECOND`].
    pub upload: Pace,
    /// Applyment submissions: 15 a second (the submit document).
    pub submit: Pace,
    /// Applyment queries and revocations: no limit is published; the submit endpoint's 15 a
    /// second is taken as theirs, which also bounds how hard many open status pages ask.
    pub applyment: Pace,
    /// Settlement changes: 20 a minute (the modify-settlement document; its 5 a day per
    /// sub-merchant is the domain's rule, checked before a change is accepted).
    pub modify_settlement: Pace,
    /// Settlement change and account queries: 100 a second each (their documents).
    pub settlement_query: Pace,
}

impl Default for Paces {
    fn default() -> Paces {
        let second = Duration::from_secs(1);
        Paces {
            upload: Pace::limit(UPLOADS_PER_SECOND, second),
            submit: Pace::limit(15, second),
            applyment: Pace::limit(15, second),
            modify_settlement: Pace::limit(20, Duration::from_secs(60)),
            settlement_query: Pace::limit(100, second),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start of each of `n` turns, from the first.
    async fn starts(pace: &Pace, n: usize) -> Vec<Duration> {
        let first = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..n {
            pace.turn().await;
            starts.push(first.elapsed());
        }
        starts
    }

    #[tokio::test(start_paused = true)]
    async fn no_window_of_the_period_holds_more_calls_than_the_limit() {
        let pace = Pace::limit(15, Duration::from_secs(1));
        let starts = starts(&pace, 46).await;
        for (i, start) in starts.iter().enumerate() {
            let within = starts[i..]
                .iter()
                .filter(|s| **s - *start < Duration::from_secs(1))
                .count();
            assert!(within <= 15, "{within} calls in the second from {start:?}");
        }
        // And no slower than it must be: 15 go at once, then 15 a second.
        assert_eq!(starts[14], Duration::ZERO);
        assert_eq!(starts[15], Duration::from_secs(1));
        assert_eq!(starts[45], Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn calls_at_once_take_turns_and_a_quiet_pace_lets_the_next_go_at_once() {
        let pace = Pace::limit(2, Duration::from_secs(60));
        let first = Instant::now();
        let turn = || async {
            pace.turn().await;
            first.elapsed()
        };
        let (a, b, c, d) = tokio::join!(turn(), turn(), turn(), turn());
        let mut turns = [a, b, c, d];
        turns.sort();
        let minute = Duration::from_secs(60);
        assert_eq!(turns, [Duration::ZERO, Duration::ZERO, minute, minute]);
        tokio::time::sleep(Duration::from_secs(120)).await;
        let again = Instant::now();
        pace.turn().await;
        pace.turn().await;
        assert_eq!(again.elapsed(), Duration::ZERO, "a quiet minute owes nothing");
    }
}
