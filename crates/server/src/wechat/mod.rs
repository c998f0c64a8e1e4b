//! Sign-in with WeChat: the official account whose web authorization signs people in
//! (`onboarding_wechat`), configured by flags or, in a sandbox without them, the local WeChat
//! (`local.rs`). The flow itself (`flow.rs`) is the same for both.

pub mod flow;
pub mod local;

use std::path::PathBuf;

use onboarding_wechat::{API_BASE, AUTHORIZE_BASE, Client, Endpoints};

/// The flag names are a public interface operators script against: keep them.
#[derive(Clone, Debug, clap::Args)]
pub struct WechatFlags {
    /// The AppID of the official account (公众号) whose web authorization signs people in.
    #[arg(long = "wechat-appid", env = "ONBOARDING_WECHAT_APPID")]
    pub appid: Option<String>,

    /// A file holding that official account's AppSecret.
    #[arg(
        long = "wechat-app-secret-file",
        env = "ONBOARDING_WECHAT_APP_SECRET_FILE",
        value_name = "FILE"
    )]
    pub app_secret_file: Option<PathBuf>,

    /// WeChat's authorize page origin: browsers open `/connect/oauth2/authorize` under it.
    #[arg(long = "wechat-oauth-base-url", env = "ONBOARDING_WECHAT_OAUTH_BASE_URL", default_value = AUTHORIZE_BASE)]
    pub oauth_base_url: String,

    /// WeChat's API origin: the server exchanges codes at `/sns/oauth2/access_token` under it.
    /// (WeChat serves the two from different hosts.)
    #[arg(long = "wechat-api-base-url", env = "ONBOARDING_WECHAT_API_BASE_URL", default_value = API_BASE)]
    pub api_base_url: String,
}

impl WechatFlags {
    /// No official account configured (a sandbox's local WeChat stands in).
    pub fn none() -> WechatFlags {
        WechatFlags {
            appid: None,
            app_secret_file: None,
            oauth_base_url: AUTHORIZE_BASE.into(),
            api_base_url: API_BASE.into(),
        }
    }

    /// The flags still needed, by name.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.appid.is_none() {
            missing.push("--wechat-appid");
        }
        if self.app_secret_file.is_none() {
            missing.push("--wechat-app-secret-file");
        }
        missing
    }

    pub fn any(&self) -> bool {
        self.appid.is_some() || self.app_secret_file.is_some()
    }

    /// The client, with its secret read from its file. An error names the flag and the path,
    /// never the file's contents.
    pub fn load(&self) -> Result<Client, String> {
        let (Some(appid), Some(file)) = (&self.appid, &self.app_secret_file) else {
            return Err(format!("WeChat sign-in needs {}", self.missing().join(", ")));
        };
        let secret = std::fs::read_to_string(file)
            .map_err(|e| format!("--wechat-app-secret-file: cannot read {}: {}", file.display(), e.kind()))?;
        let secret = secret.trim();
        // An AppSecret is 32 hexadecimal characters.
        if secret.len() != 32 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "--wechat-app-secret-file: {} does not hold an AppSecret (32 hexadecimal characters)",
                file.display()
            ));
        }
        if !appid.starts_with("wx") || appid.len() != 18 || !appid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "--wechat-appid: {appid} is not an AppID (wx and 16 letters or digits)"
            ));
        }
        let endpoints = Endpoints {
            authorize: self.oauth_base_url.clone(),
            api: self.api_base_url.clone(),
        };
        Ok(Client::new(appid, secret, endpoints))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_comes_from_its_file_and_never_shows() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app_secret");
        std::fs::write(&file, "0123456789abcdef0123456789ABCDEF\n").unwrap();
        let flags = WechatFlags {
            appid: Some("wx0123456789abcdef".into()),
            app_secret_file: Some(file.clone()),
            ..WechatFlags::none()
        };
        assert!(flags.missing().is_empty());
        let client = flags.load().unwrap();
        assert_eq!(client.appid(), "wx0123456789abcdef");
        assert!(!format!("{client:?}").contains("0123456789abcdef0123456789ABCDEF"));

        std::fs::write(&file, "not a secret at all, and long enough to be one").unwrap();
        let error = flags.load().unwrap_err();
        assert!(
            error.contains("--wechat-app-secret-file") && !error.contains("not a secret"),
            "{error}"
        );
        let gone = WechatFlags {
            app_secret_file: Some(dir.path().join("nothing")),
            ..flags.clone()
        };
        assert!(gone.load().unwrap_err().contains("cannot read"));
        assert_eq!(
            WechatFlags::none().missing(),
            ["--wechat-appid", "--wechat-app-secret-file"]
        );
    }
}
