//! The fault test: the real server binary under a bounded write load (drafts saved, applications
//! submitted, every 2xx recorded) is killed with SIGKILL three times, and each time once more
//! right after its restart. After each restart every acknowledged write is there, and every
//! submitted application's check runs.
//!
//! Plain threads and blocking sockets: the test drives the process from outside, as a client
//! would, and needs no HTTP library.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One HTTP/1.1 request on its own connection; `None` when the server is not there.
fn call(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Reply> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split(' ').nth(1)?.parse().ok()?;
    let mut body = raw[split + 4..].to_vec();
    if headers.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = unchunk(&body)?;
    }
    Some(Reply { status, headers, body })
}

fn unchunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).ok()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        let start = line_end + 2;
        out.extend_from_slice(raw.get(start..start + size)?);
        raw = raw.get(start + size + 2..)?;
    }
}

/// Starts the server binary on `data` and waits for its "listening on" line.
fn start(data: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_onboarding-server"))
        .args([
            "--data-dir",
            data.to_str().unwrap(),
            "--sandbox",
            "--listen",
            "127.0.0.1:0",
        ])
        .args(["--check-delay", "200ms", "--review-delay", "1h", "--job-lease", "1s"])
        .args(["--rate-limit-scale", "10000"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest.to_string();
        }
    };
    // Keep reading, so that the server never blocks on a full pipe.
    thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// Photos each applicant uploads.
const PHOTOS: usize = 3;

/// What the server acknowledged with a 2xx.
#[derive(Default)]
struct Acked {
    /// (session token, draft version acknowledged)
    drafts: Vec<(String, u64)>,
    /// (session token, application id)
    submissions: Vec<(String, String)>,
}

/// The path of a redirect's target (WeChat's `#wechat_redirect` left off).
fn location(reply: &Reply) -> Option<String> {
    let url = reply.header("location")?;
    let path = match url.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => url,
    };
    Some(path.split('#').next()?.to_string())
}

/// A desktop's session: its QR code confirmed by a phone on the sandbox's WeChat, as WeChat's
/// web authorization does it (to the authorize page, confirmed, back with the phone's cookie).
fn signed_in(addr: &str) -> Option<String> {
    let ticket = call(addr, "POST", "/api/v1/tickets", &[], b"")?.json();
    let (id, claim) = (ticket["id"].as_str()?, ticket["claim"].as_str()?);
    let to_wechat = call(
        addr,
        "GET",
        &format!("/auth/wechat?ticket={id}&return=%2Fm%2Fsign-in%2F{id}"),
        &[],
        b"",
    )?;
    let cookie = to_wechat.header("set-cookie")?.split(';').next()?.to_string();
    let authorize = location(&to_wechat)?;
    let (page, query) = authorize.split_once('?')?;
    let form = ("content-type", "application/x-www-form-urlencoded");
    let confirmed = call(addr, "POST", page, &[form], format!("{query}&user=new").as_bytes())?;
    let back = call(addr, "GET", &location(&confirmed)?, &[("cookie", &cookie)], b"")?;
    if !back.header("location")?.ends_with("wechat_sign_in=ok") {
        return None;
    }
    let polled = call(
        addr,
        "GET",
        &format!("/api/v1/tickets/{id}"),
        &[("ticket-claim", claim)],
        b"",
    )?;
    Some(polled.json()["session"]["token"].as_str()?.to_string())
}

/// One applicant's journey up to submission, recording each acknowledged write. Stops at the
/// first request that gets no answer (the server was killed).
fn applicant(addr: &str, n: usize, acked: &Mutex<Acked>) -> Option<()> {
    let json_type = ("content-type", "application/json");
    let token = signed_in(addr)?;
    let bearer = format!("Bearer {token}");
    let auth = ("authorization", bearer.as_str());
    let register = json!({"entity_type": "enterprise", "account_name": format!("crash{n}"), "entry_notice_version": onboarding_domain::api::ENTRY_NOTICE_VERSION});
    let registered = call(
        addr,
        "POST",
        "/api/v1/registration",
        &[auth, json_type],
        register.to_string().as_bytes(),
    )?;
    if registered.status != 201 {
        return None;
    }
    let mut images = Vec::new();
    for _ in 0..PHOTOS {
        let upload = call(
            addr,
            "POST",
            "/api/v1/uploads",
            &[auth, ("content-type", "application/octet-stream")],
            &common::png(1600, 1200),
        )?;
        images.push(upload.json()["id"].as_str()?.to_string());
    }
    let mut draft = common::draft_with_photos(&images);
    // Two saves, the second over the first's version, then the submission.
    let mut tag = "\"v0\"".to_string();
    for branch in ["中国工商银行北京朝阳支行", "中国工商银行北京海淀支行"] {
        draft["settlement_account"]["branch_name"] = json!(branch);
        let saved = call(
            addr,
            "PUT",
            "/api/v1/draft",
            &[auth, json_type, ("if-match", &tag)],
            draft.to_string().as_bytes(),
        )?;
        if saved.status != 200 {
            return None;
        }
        tag = saved.header("etag")?.to_string();
        let version = saved.json()["version"].as_u64()?;
        acked.lock().unwrap().drafts.push((token.clone(), version));
    }
    let key = format!("crash-submit-{n}");
    let submitted = call(
        addr,
        "POST",
        "/api/v1/application",
        &[auth, ("idempotency-key", &key)],
        b"",
    )?;
    if submitted.status != 202 {
        return None;
    }
    let application = submitted.json()["application_id"].as_str()?.to_string();
    acked.lock().unwrap().submissions.push((token, application));
    Some(())
}

/// Every acknowledged write is there; every submitted application leaves `CHECKING` (its check
/// job runs) within `patience`. Returns how many applications were checked.
fn verify(addr: &str, acked: &Acked, patience: Duration) -> usize {
    for (token, version) in &acked.drafts {
        let bearer = format!("Bearer {token}");
        let draft = call(addr, "GET", "/api/v1/draft", &[("authorization", &bearer)], b"").expect("the server answers");
        assert_eq!(draft.status, 200);
        let stored = draft.json()["version"].as_u64().unwrap();
        assert!(
            stored >= *version,
            "an acknowledged draft version {version} is gone (now {stored})"
        );
    }
    let deadline = Instant::now() + patience;
    for (token, application) in &acked.submissions {
        let bearer = format!("Bearer {token}");
        loop {
            let status = call(
                addr,
                "GET",
                "/api/v1/application/status",
                &[("authorization", &bearer)],
                b"",
            )
            .expect("the server answers");
            assert_eq!(status.status, 200, "an acknowledged submission is gone");
            let view = status.json();
            assert_eq!(view["application_id"], application.as_str());
            if view["state"] != "CHECKING" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "application {application} is stuck in CHECKING"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }
    acked.submissions.len()
}

#[test]
fn every_acknowledged_write_survives_three_kill_9s_and_the_jobs_run() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path().join("data");
    let acked = Arc::new(Mutex::new(Acked::default()));
    let mut next = 0;
    let mut submitted_before = 0;
    for round in 1..=3 {
        let (mut child, addr) = start(&data);
        let stop = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let (addr, acked, stop) = (addr.clone(), acked.clone(), stop.clone());
                let first = next + w * 1_000;
                thread::spawn(move || {
                    let mut n = first;
                    while !stop.load(Ordering::Relaxed) && applicant(&addr, n, &acked).is_some() {
                        n += 1;
                    }
                })
            })
            .collect();
        next += 10_000;
        // Long enough for many journeys, and for checks to be claimed while writes go on.
        thread::sleep(Duration::from_millis(1_500));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.join().unwrap();
        }

        // Killed again right after the restart, while its pipeline takes the backlog of checks
        // that came due while it was down (the fault measured before jobs had leases).
        let (mut child, _) = start(&data);
        thread::sleep(Duration::from_millis(5));
        child.kill().unwrap();
        child.wait().unwrap();

        let (mut child, addr) = start(&data);
        let acked = acked.lock().unwrap();
        // WeChat Pay takes this round's photos at its published pace, whatever the machine.
        let photos = (acked.submissions.len() - submitted_before) * PHOTOS;
        let uploading = Duration::from_secs_f64(photos as f64 / onboarding_wechatpay::pace::UPLOADS_PER_SECOND as f64);
        let checked = verify(&addr, &acked, Duration::from_secs(20) + uploading);
        submitted_before = acked.submissions.len();
        eprintln!(
            "kill -9 round {round}: {} draft saves and {} submissions acknowledged so far; all there after the restart, {checked} checked",
            acked.drafts.len(),
            acked.submissions.len()
        );
        assert!(!acked.submissions.is_empty(), "the load submitted nothing");
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
