//! Image upload (`wechatpay.md` §5): `POST /v3/merchant/media/upload`, multipart with a `meta`
//! part (`{"filename","sha256"}`) and a `file` part; only `meta` is signed, as the request body.

use aws_lc_rs::digest::{SHA256, digest};

/// The upload's path, as signed.
pub const UPLOAD_PATH: &str = "/v3/merchant/media/upload";

/// An upload ready to send: `meta` is what the signature covers, `body` the multipart body
/// with `content_type` (its boundary).
#[derive(Clone, Debug)]
pub struct Upload {
    pub meta: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// The lower-case hex SHA-256 of `bytes`, as `meta.sha256` wants it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    digest(&SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The upload of `file` named `filename` (its suffix tells WeChat Pay the type: `.png`, `.jpg`).
/// `boundary` must not occur in the file; `upload` picks a random one.
pub fn upload_with_boundary(filename: &str, file: &[u8], boundary: &str) -> Upload {
    let meta = serde_json::json!({ "filename": filename, "sha256": sha256_hex(file) }).to_string();
    let mime = if filename.ends_with(".png") {
        "image/png"
    } else {
        "image/jpeg"
    };
    let mut body = Vec::with_capacity(file.len() + meta.len() + 256);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{meta}\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Upload {
        meta,
        content_type: format!("multipart/form-data; boundary={boundary}"),
        body,
    }
}

/// [`upload_with_boundary`] with a fresh random boundary.
pub fn upload(filename: &str, file: &[u8]) -> Upload {
    upload_with_boundary(filename, file, &format!("wechatpay-{}", crate::sign::nonce()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fixtures;
    use crate::sign::{Signer, message};

    /// `wechatpay.md` Appendix A3: the meta of `\x89PNG-fake` as `a.png`, and its signature.
    #[test]
    fn the_meta_and_its_signature_match_the_known_answer() {
        let upload = upload_with_boundary("a.png", b"\x89PNG-fake", "boundary");
        assert_eq!(
            upload.meta,
            r#"{"filename":"a.png","sha256":"0d0a329aa8940475ce068bfe51373fe38abcfd787288220869321092ab7fc876"}"#
        );
        let signer = Signer {
            mchid: fixtures::MERCHANT_ID.into(),
            serial: fixtures::MERCHANT_SERIAL.into(),
            key: fixtures::merchant(),
        };
        let signed = message(
            "POST",
            UPLOAD_PATH,
            1_700_000_000,
            "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
            &upload.meta,
        );
        assert!(
            signer
                .signature(&signed)
                .starts_with("HeZAOeMeYFIlLmsWtWr02c70X8BS9Pnw")
        );
    }

    #[test]
    fn the_body_carries_meta_then_the_file_between_boundaries() {
        let jpeg = upload_with_boundary("licence.jpg", b"\xFF\xD8\xFFbytes", "b0undary");
        assert_eq!(jpeg.content_type, "multipart/form-data; boundary=b0undary");
        let text = String::from_utf8_lossy(&jpeg.body);
        let meta_at = text.find("name=\"meta\"").unwrap();
        let file_at = text
            .find("name=\"file\"; filename=\"licence.jpg\"\r\nContent-Type: image/jpeg")
            .unwrap();
        assert!(meta_at < file_at);
        assert!(jpeg.body.windows(8).any(|w| w == b"\xFF\xD8\xFFbytes"));
        assert!(text.ends_with("\r\n--b0undary--\r\n"));
        assert_ne!(
            upload("a.png", b"x").content_type,
            upload("a.png", b"x").content_type,
            "random boundaries"
        );
    }
}
