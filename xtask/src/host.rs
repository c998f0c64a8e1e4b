//! The example host pages of `examples/host/` on a second origin, for `cargo xtask run`: a
//! partner's site that embeds the app inline (`/inline.html`) and in a frame (`/frame.html`),
//! each under its Content-Security-Policy from `csp.json` (the same the e2e tests serve), with
//! `{{ORIGIN}}` the app's origin.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Where the example host listens: another origin than the app's.
pub const LISTEN: &str = "127.0.0.1:8081";

/// Serves the examples on [`LISTEN`] in a thread of its own, for the app at `origin`.
pub fn spawn(dir: PathBuf, origin: &str) -> Result<()> {
    let listener = TcpListener::bind(LISTEN).with_context(|| format!("cannot listen on {LISTEN}"))?;
    let origin = origin.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream, &dir, &origin);
        }
    });
    Ok(())
}

fn answer(mut stream: TcpStream, dir: &Path, origin: &str) -> Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    stream.write_all(&response(dir, origin, path))?;
    Ok(())
}

/// The whole HTTP response for `path`.
fn response(dir: &Path, origin: &str, path: &str) -> Vec<u8> {
    let name = match path.split('?').next().unwrap_or("").trim_start_matches('/') {
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
    let body = body.replace("{{ORIGIN}}", origin);
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
        "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\n{csp}cache-control: no-cache\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::response;
    use std::path::Path;

    fn examples() -> &'static Path {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/host"))
    }

    #[test]
    fn each_page_has_its_policy_and_names_the_app_s_origin() {
        let page = String::from_utf8(response(examples(), "http://127.0.0.1:8080", "/")).unwrap();
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(page.contains(
            "content-security-policy: default-src 'none'; script-src 'self' http://127.0.0.1:8080 'wasm-unsafe-eval';"
        ));
        assert!(page.contains(r#"<script type="module" src="http://127.0.0.1:8080/embed.js"></script>"#));
        let frame = String::from_utf8(response(examples(), "http://o", "/frame.html?x=1")).unwrap();
        let policy = frame
            .lines()
            .find(|l| l.starts_with("content-security-policy:"))
            .unwrap();
        assert!(
            policy.ends_with("frame-src http://o") && !policy.contains("wasm-unsafe-eval"),
            "{policy}"
        );
        let script = String::from_utf8(response(examples(), "http://o", "/host.js")).unwrap();
        assert!(script.contains("content-type: text/javascript") && !script.contains("content-security-policy"));
    }

    #[test]
    fn nothing_outside_the_folder_is_served() {
        for path in ["/../Cargo.toml", "/csp.json", "/nothing.html", "/a/b.js"] {
            assert!(
                String::from_utf8(response(examples(), "http://o", path))
                    .unwrap()
                    .starts_with("HTTP/1.1 404"),
                "{path}"
            );
        }
    }
}
