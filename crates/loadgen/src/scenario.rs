//! The benchmark's scenarios, driven through the public API only.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use hyper::Method;

use crate::http::{Http, Reply};

pub struct Applicant {
    pub http: Http,
    pub token: String,
}

pub struct Polled {
    pub requests: usize,
    pub errors: usize,
    pub throughput: f64,
    pub p50: Duration,
    pub p99: Duration,
}

pub struct Submits {
    pub accepted: usize,
    pub errors: usize,
    pub found: usize,
    pub throughput: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Applicant `i` calls from 127.1.x.y: its own address, as distinct people would.
fn address(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 1, (i / 250) as u8, (i % 250 + 1) as u8))
}

/// A real grey 1600 × 1200 PNG: the server decodes every pixel of an upload. Made once.
fn png() -> Vec<u8> {
    static PNG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PNG.get_or_init(encode_png).clone()
}

fn encode_png() -> Vec<u8> {
    let (width, height) = (1600, 1200);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder.write_header().expect("PNG header");
    writer
        .write_image_data(&vec![230; (width * height) as usize])
        .expect("PNG data");
    writer.finish().expect("PNG end");
    out
}

fn ok(reply: &crate::http::Reply, what: &str) -> Result<(), String> {
    if reply.status.is_success() {
        Ok(())
    } else {
        Err(format!(
            "{what}: {} {}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        ))
    }
}

/// The path of a redirect's target (WeChat's `#wechat_redirect` left off).
fn location(reply: &Reply) -> Result<String, String> {
    let url = reply
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("a redirect without a location")?;
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    Ok(path.split('#').next().unwrap_or_default().to_string())
}

/// A desktop's session: its QR code confirmed by a phone on the sandbox's WeChat, as WeChat's web
/// authorization does it (to the authorize page, confirmed, back with the phone's cookie).
async fn signed_in(http: &Http) -> Result<String, String> {
    let ticket = http.send(Method::POST, "/api/v1/tickets", &[], Vec::new()).await?;
    ok(&ticket, "ticket")?;
    let ticket = ticket.json();
    let (id, claim) = (
        ticket["id"].as_str().unwrap_or_default(),
        ticket["claim"].as_str().unwrap_or_default(),
    );
    let path = format!("/auth/wechat?ticket={id}&return=%2Fm%2Fsign-in%2F{id}");
    let to_wechat = http.send(Method::GET, &path, &[], Vec::new()).await?;
    let cookie = to_wechat
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .ok_or("no sign-in cookie")?
        .to_string();
    let authorize = location(&to_wechat)?;
    let (page, query) = authorize.split_once('?').ok_or("an authorize page without a query")?;
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let confirmed = http
        .send(Method::POST, page, &form, format!("{query}&user=new").into_bytes())
        .await?;
    let back = http
        .send(Method::GET, &location(&confirmed)?, &[("cookie", &cookie)], Vec::new())
        .await?;
    if !location(&back)?.ends_with("wechat_sign_in=ok") {
        return Err(format!("sign-in came back as {}", location(&back)?));
    }
    let polled = http
        .send(
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
            &[("ticket-claim", claim)],
            Vec::new(),
        )
        .await?;
    ok(&polled, "ticket poll")?;
    Ok(polled.json()["session"]["token"]
        .as_str()
        .unwrap_or_default()
        .to_string())
}

async fn prepare_one(base: &str, i: usize) -> Result<Applicant, String> {
    let http = Http::new(base, Some(address(i)));
    let token = signed_in(&http).await?;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    let register = serde_json::json!({"entity_type": "enterprise", "account_name": format!("bench{i}"), "entry_notice_version": "2024-06"});
    ok(
        &http
            .send(
                Method::POST,
                "/api/v1/registration",
                &auth,
                register.to_string().into_bytes(),
            )
            .await?,
        "register",
    )?;
    let mut images = Vec::new();
    for _ in 0..3 {
        let upload = http
            .send(
                Method::POST,
                "/api/v1/uploads",
                &[("authorization", bearer.as_str())],
                png(),
            )
            .await?;
        ok(&upload, "upload")?;
        images.push(upload.json()["id"].as_str().unwrap_or_default().to_string());
    }
    let draft = serde_json::json!({
        "subject": {"licence_image": images[0], "licence_number": "91110000600037341L",
                    "merchant_name": "北京某某科技有限公司", "legal_person_name": "张三"},
        "store": {"name": "某某小店", "url": "https://shop.example.com", "short_name": "某某科技"},
        "legal_person": {"residency": "mainland", "name": "张三", "id_number": "11010519491231002X",
                         "id_front_image": images[1], "id_back_image": images[2],
                         "validity": {"begin": "2020-01-01", "end": "", "long_term": true},
                         "address": "北京市朝阳区某某路 1 号", "is_beneficial_owner": true},
        "super_administrator": {"type": "65", "name": "张三", "id_number": "11010519491231002X",
                                "mobile": "13800138000", "email": "zhangsan@example.com"},
        "settlement_account": {"account_type": "74", "bank": "工商银行", "city_code": "110000",
                               "branch_name": "中国工商银行北京朝阳支行", "account_name": "北京某某科技有限公司",
                               "account_number": "0200001234567890"}
    });
    let put = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/json"),
        ("if-match", "\"v0\""),
    ];
    ok(
        &http
            .send(Method::PUT, "/api/v1/draft", &put, draft.to_string().into_bytes())
            .await?,
        "draft",
    )?;
    Ok(Applicant { http, token })
}

pub async fn prepare(base: &str, count: usize) -> Result<Vec<Applicant>, String> {
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        out.push(prepare_one(base, i).await?);
    }
    Ok(out)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Every applicant submits at the same moment; afterwards each must have exactly its application.
pub async fn submit_all(base: &str, applicants: &[Applicant]) -> Result<Submits, String> {
    let started = Instant::now();
    let tasks: Vec<_> = applicants
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let http = a.http.clone();
            let bearer = format!("Bearer {}", a.token);
            tokio::spawn(async move {
                let key = format!("bench-submit-{i}");
                let t = Instant::now();
                let reply = http
                    .send(
                        Method::POST,
                        "/api/v1/application",
                        &[("authorization", &bearer), ("idempotency-key", &key)],
                        Vec::new(),
                    )
                    .await;
                (reply.map(|r| r.status.as_u16() == 202).unwrap_or(false), t.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let (mut accepted, mut errors) = (0, 0);
    for t in tasks {
        let (good, latency) = t.await.map_err(|e| e.to_string())?;
        latencies.push(latency);
        if good { accepted += 1 } else { errors += 1 }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let mut ids = std::collections::HashSet::new();
    for a in applicants {
        let bearer = format!("Bearer {}", a.token);
        let status = Http::new(base, None)
            .send(
                Method::GET,
                "/api/v1/application/status",
                &[("authorization", &bearer)],
                Vec::new(),
            )
            .await?;
        if let Some(id) = status.json()["application_id"].as_str() {
            ids.insert(id.to_string());
        }
    }
    Ok(Submits {
        accepted,
        errors,
        found: ids.len(),
        throughput: accepted as f64 / elapsed.as_secs_f64(),
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
    })
}

pub async fn current_etag(base: &str, token: &str) -> Result<String, String> {
    let bearer = format!("Bearer {token}");
    let reply = Http::new(base, None)
        .send(
            Method::GET,
            "/api/v1/application/status",
            &[("authorization", &bearer)],
            Vec::new(),
        )
        .await?;
    ok(&reply, "status")?;
    Ok(reply
        .headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string())
}

/// `pollers` clients, each on its own connection, poll as fast as they can for `duration`.
pub async fn poll(base: &str, token: &str, etag: Option<&str>, pollers: usize, duration: Duration) -> Polled {
    let expected = if etag.is_some() { 304 } else { 200 };
    let started = Instant::now();
    let tasks: Vec<_> = (0..pollers)
        .map(|i| {
            let http = Http::new(base, Some(address(i % 4000)));
            let bearer = format!("Bearer {token}");
            let tag = etag.map(str::to_string);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                while started.elapsed() < duration {
                    let mut headers = vec![("authorization", bearer.as_str())];
                    if let Some(t) = &tag {
                        headers.push(("if-none-match", t.as_str()));
                    }
                    let t = Instant::now();
                    match http
                        .send(Method::GET, "/api/v1/application/status", &headers, Vec::new())
                        .await
                    {
                        Ok(r) if r.status.as_u16() == expected => latencies.push(t.elapsed()),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((l, e)) = t.await {
            all.extend(l);
            errors += e;
        }
    }
    let elapsed = started.elapsed();
    all.sort();
    Polled {
        requests: all.len() + errors,
        errors,
        throughput: all.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&all, 0.50),
        p99: percentile(&all, 0.99),
    }
}
