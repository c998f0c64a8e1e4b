//! WeChat web authorization (网页授权) for the official account the server signs people in with:
//! OAuth 2.0 with `scope=snsapi_base`, which is silent inside WeChat's in-app browser.
//!
//! 1. The browser is sent to WeChat's `connect/oauth2/authorize` page ([`Client::authorize_url`])
//!    with a `state` that the server binds to the browser and, for a QR sign-in, to its ticket.
//! 2. WeChat sends the browser back to `redirect_uri?code=CODE&state=STATE`.
//! 3. The server exchanges the code for the user's `openid` through `sns/oauth2/access_token`
//!    ([`Client::exchange`]). A code works once, for five minutes.
//!
//! [`fake`] is a strict local WeChat serving both endpoints, for the sandbox and the tests: the
//! server's sign-in code is the same whichever WeChat it talks to.

mod client;
pub mod fake;

pub use client::{API_BASE, AUTHORIZE_BASE, Client, Endpoints, ExchangeError, WechatUser};

/// `n` random bytes as lowercase hex.
pub(crate) fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
