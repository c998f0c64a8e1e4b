//! The example host pages of `examples/host/` on a second origin, for `cargo xtask run`: a
//! partner's site that embeds the app inline (`/inline.html`) and in a frame (`/frame.html`),
//! each under its Content-Security-Policy from `csp.json` (the same the e2e tests serve), with
//! `{{ORIGIN}}` the app's origin.
//!
//! It plays the partner's backend too: a page asked for `?as=USER` (the portal's form) comes
//! with a start token for that user in the element's `session-token`, which this backend got
//! from the app's server with the platform's key, as README's "Host-issued sessions" shows.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Where the example host listens: another origin than the app's.
pub const LISTEN: &str = "127.0.0.1:8081";

/// The app's server as the partner's backend reaches it: its address and the platform's key.
pub struct Platform {
    pub app: String,
    pub key: String,
}

/// Serves the examples on [`LISTEN`] in a thread of its own, for the app at `origin`.
pub fn spawn(dir: PathBuf, origin: &str, platform: Platform) -> Result<()> {
    let listener = TcpListener::bind(LISTEN).with_context(|| format!("cannot listen on {LISTEN}"))?;
    let origin = origin.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream, &dir, &origin, &platform);
        }
    });
    Ok(())
}

fn answer(mut stream: TcpStream, dir: &Path, origin: &str, platform: &Platform) -> Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    stream.write_all(&response(dir, origin, path, &|user| start_token(platform, user)))?;
    Ok(())
}

/// The whole HTTP response for `path`; `mint` starts a session for a portal user.
fn response(dir: &Path, origin: &str, path: &str, mint: &dyn Fn(&str) -> Option<String>) -> Vec<u8> {
    let (name, query) = path.split_once('?').unwrap_or((path, ""));
    let name = match name.trim_start_matches('/') {
        "" => "inline.html",
        name => name,
    };
    // Only the files of the folder itself, by name.
    let file = (!name.contains('/') && !name.contains("..") && name != "csp.json")
        .then(|| std::fs::read_to_string(dir.join(name)).ok())
        .flatten();
    let Some(body) = file else {
        return b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec();
    };
    let mut body = body.replace("{{ORIGIN}}", origin);
    // The portal's user, signed in to the portal: their onboarding starts signed in too.
    let user = query.split('&').find_map(|pair| pair.strip_prefix("as=")).filter(|u| {
        (1..=64).contains(&u.len()) && u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    if let Some(token) = user.and_then(mint) {
        let element = r#"<promoter-onboarding id="onboarding""#;
        body = body.replace(element, &format!(r#"{element} session-token="{token}""#));
    }
    let kind = match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    let policies: serde_json::Value = std::fs::read_to_string(dir.join("csp.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let csp = policies[name]
        .as_str()
        .map(|p| format!("content-security-policy: {}\r\n", p.replace("{{ORIGIN}}", origin)))
        .unwrap_or_default();
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\n{csp}cache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The partner's backend asks the app's server for a start token for its `user`
/// (`POST /api/v1/embed-sessions` with the platform's key), as an enterprise.
fn start_token(platform: &Platform, user: &str) -> Option<String> {
    let body = format!(r#"{{"external_id":"example-host:{user}","entity_type":"enterprise"}}"#);
    let mut stream = TcpStream::connect(&platform.app).ok()?;
    write!(
        stream,
        "POST /api/v1/embed-sessions HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        platform.app,
        platform.key,
        body.len()
    )
    .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (_, json) = answer.split_once("\r\n\r\n")?;
    let started: serde_json::Value = serde_json::from_str(json).ok()?;
    started["session_token"].as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::response;
    use std::path::Path;

    fn no_one(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_portal_user_s_page_comes_with_their_start_token() {
        let mint = |user: &str| Some(format!("token-of-{user}"));
        let page = String::from_utf8(response(examples(), "http://o", "/inline.html?as=partner-42", &mint)).unwrap();
        assert!(page.contains(r#"<promoter-onboarding id="onboarding" session-token="token-of-partner-42""#));
        for odd in ["/inline.html?as=%22%3E", "/inline.html?as=", "/inline.html"] {
            let page = String::from_utf8(response(examples(), "http://o", odd, &mint)).unwrap();
            assert!(!page.contains("session-token=\""), "{odd}");
        }
    }

    fn examples() -> &'static Path {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/host"))
    }

    #[test]
    fn each_page_has_its_policy_and_names_the_app_s_origin() {
        let page = String::from_utf8(response(examples(), "http://127.0.0.1:8080", "/", &no_one)).unwrap();
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(page.contains(
            "content-security-policy: default-src 'none'; script-src 'self' http://127.0.0.1:8080 'wasm-unsafe-eval';"
        ));
        assert!(page.contains(r#"<script type="module" src="http://127.0.0.1:8080/embed.js"></script>"#));
        let frame = String::from_utf8(response(examples(), "http://o", "/frame.html?x=1", &no_one)).unwrap();
        let policy = frame
            .lines()
            .find(|l| l.starts_with("content-security-policy:"))
            .unwrap();
        assert!(
            policy.ends_with("frame-src http://o") && !policy.contains("wasm-unsafe-eval"),
            "{policy}"
        );
        let script = String::from_utf8(response(examples(), "http://o", "/host.js", &no_one)).unwrap();
        assert!(script.contains("content-type: text/javascript") && !script.contains("content-security-policy"));
    }

    #[test]
    fn nothing_outside_the_folder_is_served() {
        for path in ["/../Cargo.toml", "/csp.json", "/nothing.html", "/a/b.js"] {
            assert!(
                String::from_utf8(response(examples(), "http://o", path, &no_one))
                    .unwrap()
                    .starts_with("HTTP/1.1 404"),
                "{path}"
            );
        }
    }
}
