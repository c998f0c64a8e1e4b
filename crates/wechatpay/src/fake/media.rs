//! The local WeChat Pay's media upload (`wechatpay.md` §5): the multipart's `meta` and `file`
//! parts, the signed `meta` naming the file's SHA-256.

use std::collections::BTreeMap;

use serde_json::json;

use super::applyments::ok;
use super::{Answer, Ledger, Request, refusal};
use crate::media::{UPLOAD_PATH, sha256_hex};

/// The bytes an upload's signature covers (its `meta` part), or any other request's body.
pub(super) fn signed_body(request: &Request<'_>) -> Option<String> {
    if request.path_and_query == UPLOAD_PATH {
        let (meta, _) = multipart(request)?;
        return String::from_utf8(meta).ok();
    }
    String::from_utf8(request.body.to_vec()).ok()
}

/// An upload's `meta` and `file` parts.
fn multipart(request: &Request<'_>) -> Option<(Vec<u8>, Vec<u8>)> {
    let content_type = request.headers.get("content-type")?.to_str().ok()?;
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?;
    let delimiter = format!("--{boundary}");
    let mut parts = BTreeMap::new();
    let body = request.body;
    let positions: Vec<usize> = body
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, w)| *w == delimiter.as_bytes())
        .map(|(i, _)| i)
        .collect();
    for pair in positions.windows(2) {
        let part = body.get(pair[0] + delimiter.len()..pair[1])?;
        let part = part.strip_prefix(b"\r\n")?.strip_suffix(b"\r\n")?;
        let split = part.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&part[..split]).ok()?;
        let name = head
            .split(';')
            .find_map(|p| p.trim().strip_prefix("name=\""))
            .and_then(|n| n.split('"').next())?;
        parts.insert(name.to_string(), part[split + 4..].to_vec());
    }
    Some((parts.remove("meta")?, parts.remove("file")?))
}

/// §5: the file's SHA-256 must be the one its signed `meta` names; at most 2 MB; JPG, BMP, PNG.
pub(super) fn upload(ledger: &mut Ledger, request: &Request<'_>) -> Answer {
    let Some((meta, file)) = multipart(request) else {
        return refusal(400, "PARAM_ERROR", "上传的文件格式不正确", Some("meta"));
    };
    let meta: serde_json::Value = serde_json::from_slice(&meta).unwrap_or_default();
    let filename = meta["filename"].as_str().unwrap_or("").to_ascii_lowercase();
    if ![".jpg", ".jpeg", ".png", ".bmp"].iter().any(|e| filename.ends_with(e)) {
        return refusal(400, "PARAM_ERROR", "文件名须以JPG、BMP或PNG结尾", Some("meta.filename"));
    }
    if file.len() > 2 * 1024 * 1024 {
        return refusal(400, "PARAM_ERROR", "文件大小不能超过2M", Some("file"));
    }
    let sha256 = sha256_hex(&file);
    if meta["sha256"].as_str() != Some(sha256.as_str()) {
        return refusal(
            400,
            "PARAM_ERROR",
            "文件摘要与meta中的sha256不一致",
            Some("meta.sha256"),
        );
    }
    let media_id = format!("FAKE_MEDIA_{}", crate::sign::nonce());
    ledger.media.insert(media_id.clone(), sha256);
    ok(json!({ "media_id": media_id }))
}
