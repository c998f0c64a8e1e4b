//! Build-time compression. The server sends `X.br` / `X.gz` beside `X` when the browser accepts
//! them; on-the-fly brotli in tower-http is ~20 % larger than quality 11, which is too slow to run
//! per request but costs nothing here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;

/// Extensions worth compressing; images such as PNG are compressed already.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json", "txt"];
/// Brotli's best quality, as `brotli -q 11`.
const BROTLI_QUALITY: u32 = 11;
/// The `brotli` command line's default window (16 MiB); browsers accept up to this.
const BROTLI_LG_WINDOW: u32 = 24;

/// One file of the built app, with its compressed sizes when it is compressible.
pub struct Asset {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: Option<u64>,
    pub brotli: Option<u64>,
}

impl Asset {
    pub fn extension(&self) -> &str {
        self.path.extension().and_then(|e| e.to_str()).unwrap_or("")
    }

    pub fn file_name(&self) -> &str {
        self.path.file_name().and_then(|e| e.to_str()).unwrap_or("")
    }
}

/// Writes `X.br` and `X.gz` beside every compressible file under `dir` and returns every file
/// (compressed copies excluded) with its sizes.
pub fn precompress(dir: &Path) -> Result<Vec<Asset>> {
    let mut assets = Vec::new();
    for path in files(dir)? {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "br" || ext == "gz" {
            continue;
        }
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut asset = Asset {
            path: path.clone(),
            raw: bytes.len() as u64,
            gzip: None,
            brotli: None,
        };
        if COMPRESSIBLE.contains(&ext) {
            let gz = gzip(&bytes)?;
            let br = brotli(&bytes)?;
            write(&with_suffix(&path, "gz"), &gz)?;
            write(&with_suffix(&path, "br"), &br)?;
            asset.gzip = Some(gz.len() as u64);
            asset.brotli = Some(br.len() as u64);
        }
        assets.push(asset);
    }
    Ok(assets)
}

/// gzip at level 9, as `gzip -9` (the header's mtime is 0, so output is reproducible).
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, BROTLI_LG_WINDOW);
    writer.write_all(bytes)?;
    // `into_inner` finishes the stream; an explicit flush would only add an empty block.
    Ok(writer.into_inner())
}

/// All regular files under `dir`, sorted so reports list them in a stable order.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = fs::read_dir(&current).with_context(|| format!("cannot list {}", current.display()))?;
        for entry in entries {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_encodings_round_trip() {
        let text = "What to prepare / 入驻准备材料\n".repeat(200).into_bytes();

        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&text).unwrap()[..])
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, text);

        let compressed = brotli(&text).unwrap();
        assert!(compressed.len() < text.len() / 10);
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(&compressed[..], 4096)
            .read_to_end(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, text);
    }

    #[test]
    fn precompress_writes_siblings_for_text_only() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("snippets")).unwrap();
        fs::write(dir.join("index.html"), "<!doctype html>".repeat(50)).unwrap();
        fs::write(dir.join("snippets/app.js"), "export {};".repeat(50)).unwrap();
        fs::write(dir.join("logo.png"), [0u8; 64]).unwrap();

        let assets = precompress(&dir).unwrap();
        // A second run must not compress the compressed copies again.
        let again = precompress(&dir).unwrap();

        assert_eq!(assets.len(), 3);
        assert_eq!(again.len(), 3);
        assert!(dir.join("index.html.br").exists() && dir.join("index.html.gz").exists());
        assert!(dir.join("snippets/app.js.br").exists());
        assert!(!dir.join("logo.png.br").exists());
        let png = assets.iter().find(|a| a.extension() == "png").unwrap();
        assert_eq!((png.raw, png.gzip, png.brotli), (64, None, None));
        fs::remove_dir_all(&dir).unwrap();
    }
}
