//! The command line. Every flag also has an environment variable, for service managers.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::gateway::WechatPayFlags;
use crate::util::parse_duration;
use crate::webhooks::WebhookFlags;
use crate::wechat::WechatFlags;

#[derive(Clone, Debug, clap::Parser)]
#[command(
    name = "onboarding-server",
    version,
    about = "Promoter onboarding: the app and its API"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ONBOARDING_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for the database, uploaded images and the key file (created with mode 0700).
    #[arg(long, env = "ONBOARDING_DATA_DIR")]
    pub data_dir: PathBuf,

    /// The built app (Trunk's `dist/`, precompressed). Without it only the API is served.
    #[arg(long, env = "ONBOARDING_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Run the WeChat side on this machine: a stand-in WeChat sign-in, and a local WeChat Pay
    /// (unless the --wechatpay-* flags name a real one) with pages for its people's decisions.
    #[arg(long, env = "ONBOARDING_SANDBOX", overrides_with = "no_sandbox")]
    pub sandbox: bool,

    /// Let a sandbox listen on an address other than loopback. Its stand-in WeChat signs anyone
    /// in as anyone, so a sandbox reachable from a network is an open door; say so on purpose.
    #[arg(long, env = "ONBOARDING_SANDBOX_PUBLIC")]
    pub sandbox_public: bool,

    /// Talk to the real WeChat side (the default).
    #[arg(long = "no-sandbox", overrides_with = "sandbox")]
    pub no_sandbox: bool,

    /// The origin applicants reach the app at, for QR codes (default: http://LISTEN).
    #[arg(long, env = "ONBOARDING_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Where a registered promoter goes next: the alliance's promoter console (where promoters
    /// pick products, get promotion material and withdraw commissions), or the platform's own
    /// page for them. A personal account is usable at once, and its "account ready" page links
    /// here; without it, that page can only say what to do. An http(s) URL.
    #[arg(long, env = "ONBOARDING_PROMOTER_CONSOLE_URL", value_parser = parse_web_url)]
    pub promoter_console_url: Option<String>,

    /// A file holding the key a platform's backend starts its own users' sessions with
    /// (`POST /api/v1/embed-sessions`, `Authorization: Bearer KEY`; at least 32 characters).
    /// Without it, that endpoint refuses every key.
    #[arg(long, env = "ONBOARDING_PLATFORM_KEY_FILE", value_name = "FILE")]
    pub platform_key_file: Option<PathBuf>,

    /// Origins of host pages that embed the app and call the API (repeat the flag or separate
    /// with commas), e.g. `https://union.example.com`. They get CORS and `frame-ancestors`.
    #[arg(long = "allow-origin", env = "ONBOARDING_ALLOW_ORIGINS", value_delimiter = ',')]
    pub allow_origins: Vec<String>,

    /// Multiplies every rate limit (burst and rate). End-to-end suites, which sign many people in
    /// from one address, raise it; production keeps 1.
    #[arg(long, env = "ONBOARDING_RATE_LIMIT_SCALE", default_value_t = 1)]
    pub rate_limit_scale: u32,

    /// How long the sandbox's WeChat Pay takes over its preliminary check (whole seconds).
    #[arg(long, env = "ONBOARDING_CHECK_DELAY", default_value = "30s", value_parser = parse_duration)]
    pub check_delay: Duration,

    /// How long the sandbox's WeChat Pay takes to approve in review when no operator decides first.
    #[arg(long, env = "ONBOARDING_REVIEW_DELAY", default_value = "1d", value_parser = parse_duration)]
    pub review_delay: Duration,

    /// How long the sandbox's WeChat Pay gives the applicant to verify the account.
    #[arg(long, env = "ONBOARDING_VERIFY_WINDOW", default_value = "30d", value_parser = parse_duration)]
    pub verify_window: Duration,

    /// How long a claimed pipeline job is held before another worker may take it over (its
    /// worker died, say). Longer than any job takes.
    #[arg(long, env = "ONBOARDING_JOB_LEASE", default_value = "60s", value_parser = parse_duration)]
    pub job_lease: Duration,

    /// The operator's token for `/operator`, at least 16 characters. A sandbox without one makes a
    /// new random one at each start and prints it; a deployment has the page only with one.
    #[arg(long, env = "ONBOARDING_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,

    #[command(flatten)]
    pub wechatpay: WechatPayFlags,

    #[command(flatten)]
    pub wechat: WechatFlags,

    #[command(flatten)]
    pub webhooks: WebhookFlags,
}

impl Config {
    /// A configuration for tests and tools: sandbox on, delays zero.
    pub fn for_data_dir(data_dir: PathBuf) -> Config {
        Config {
            listen: "127.0.0.1:0".parse().expect("address"),
            data_dir,
            static_dir: None,
            sandbox: true,
            sandbox_public: false,
            no_sandbox: false,
            public_url: None,
            promoter_console_url: None,
            platform_key_file: None,
            allow_origins: Vec::new(),
            rate_limit_scale: 1,
            check_delay: Duration::ZERO,
            review_delay: Duration::ZERO,
            verify_window: Duration::from_secs(30 * 86_400),
            job_lease: Duration::from_secs(60),
            operator_token: None,
            wechatpay: WechatPayFlags::none(),
            wechat: WechatFlags::none(),
            webhooks: WebhookFlags::none(),
        }
    }

    pub fn sandbox_on(&self) -> bool {
        self.sandbox && !self.no_sandbox
    }

    /// Refuses configurations that would be unsafe to serve: a sandbox (whose sign-in accepts
    /// any WeChat user) reachable from beyond this machine, unless that was asked for by name.
    pub fn check(&self) -> Result<(), String> {
        if self.sandbox_on() && !self.listen.ip().is_loopback() && !self.sandbox_public {
            return Err(format!(
                "--sandbox lets anyone sign in as anyone, so it listens only on loopback (127.0.0.1 or ::1); \
                 {} is not. Give --sandbox-public as well to serve a sandbox on it anyway",
                self.listen.ip()
            ));
        }
        let (wechat, wechatpay) = (self.wechat.missing(), self.wechatpay.missing());
        if !self.sandbox_on() {
            if wechat.is_empty() && wechatpay.is_empty() {
                return Ok(());
            }
            let missing = [wechat, wechatpay].concat().join(", ");
            return Err(format!(
                "without --sandbox, people sign in with WeChat and applications go to WeChat Pay, which need {missing} \
                 (each flag also reads from its ONBOARDING_ variable); --sandbox runs a local WeChat and WeChat Pay instead"
            ));
        }
        if self.wechat.any() && !wechat.is_empty() {
            return Err(format!(
                "--sandbox with WeChat sign-in flags signs people in with that official account, which needs {} as well; \
                 give them all, or none for the sandbox's own WeChat",
                wechat.join(", ")
            ));
        }
        if self.wechatpay.any() && !wechatpay.is_empty() {
            return Err(format!(
                "--sandbox with WeChat Pay flags sends applications to that WeChat Pay, which needs {} as well; \
                 give them all, or none for the sandbox's own WeChat Pay",
                wechatpay.join(", ")
            ));
        }
        Ok(())
    }

    /// The SHA-256 of the platform's key, read from `--platform-key-file`; an error names the flag
    /// and the path, never the file's contents.
    pub fn platform_key_hash(&self) -> Result<Option<String>, String> {
        let Some(file) = &self.platform_key_file else {
            return Ok(None);
        };
        let key = std::fs::read_to_string(file)
            .map_err(|e| format!("--platform-key-file: cannot read {}: {}", file.display(), e.kind()))?;
        let key = key.trim();
        if key.len() < 32 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(format!(
                "--platform-key-file: {} must hold at least 32 visible ASCII characters",
                file.display()
            ));
        }
        Ok(Some(crate::util::sha256_hex(key.as_bytes())))
    }

    /// Whether applicants reach the app over https (then cookies are `Secure` and HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")))
    }

    pub fn public_origin(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }
}

/// An absolute http or https URL, as a link the app shows.
pub(crate) fn parse_web_url(value: &str) -> Result<String, String> {
    let uri: axum::http::Uri = value.parse().map_err(|e| format!("not a URL: {e}"))?;
    let web = matches!(uri.scheme_str(), Some("https" | "http"));
    if !web || uri.host().is_none_or(str::is_empty) {
        return Err("an absolute http:// or https:// URL, such as https://promoters.example.com/console".into());
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Config;

    fn parse(args: &[&str]) -> Config {
        let mut all = vec!["onboarding-server", "--data-dir", "/tmp/x"];
        all.extend_from_slice(args);
        Config::try_parse_from(all).expect("arguments parse")
    }

    #[test]
    fn the_promoter_console_is_a_web_address() {
        let url = "https://promoters.example.com/console?from=onboarding";
        assert_eq!(
            parse(&["--promoter-console-url", url]).promoter_console_url.as_deref(),
            Some(url)
        );
        for wrong in [
            "promoters.example.com",
            "javascript:alert(1)",
            "/console",
            "ftp://example.com/x",
            "https://",
        ] {
            let all = [
                "onboarding-server",
                "--data-dir",
                "/tmp/x",
                "--promoter-console-url",
                wrong,
            ];
            assert!(Config::try_parse_from(all).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_sandbox_listens_only_on_loopback_unless_asked_by_name() {
        assert!(parse(&["--sandbox"]).check().is_ok());
        assert!(parse(&["--sandbox", "--listen", "[::1]:8080"]).check().is_ok());
        let error = parse(&["--sandbox", "--listen", "0.0.0.0:8080"]).check().unwrap_err();
        assert!(error.contains("--sandbox-public"), "{error}");
        assert!(parse(&["--sandbox", "--listen", "192.168.1.5:80"]).check().is_err());
        assert!(
            parse(&["--sandbox", "--sandbox-public", "--listen", "0.0.0.0:8080"])
                .check()
                .is_ok()
        );
        // Without the sandbox, any address is fine (with WeChat Pay configured).
        assert!(
            parse(&[&WECHATPAY[..], &["--listen", "0.0.0.0:8080"]].concat())
                .check()
                .is_ok()
        );
        assert!(
            parse(
                &[
                    &WECHATPAY[..],
                    &["--sandbox", "--no-sandbox", "--listen", "0.0.0.0:8080"]
                ]
                .concat()
            )
            .check()
            .is_ok()
        );
    }

    /// A complete configuration, in public-key mode (the files need not exist to be named), and
    /// the official account people sign in with.
    const WECHATPAY: [&str; 16] = [
        "--wechat-appid",
        "wx0123456789abcdef",
        "--wechat-app-secret-file",
        "app_secret",
        "--wechatpay-mchid",
        "1234567891",
        "--wechatpay-serial",
        "5F1C72E2A8931B72A2E13AF8DEE92471EB397115",
        "--wechatpay-private-key",
        "key.pem",
        "--wechatpay-apiv3-key",
        "apiv3.key",
        "--wechatpay-public-key",
        "pub.pem",
        "--wechatpay-public-key-id",
        "PUB_KEY_ID_0114232134912410000000000000",
    ];

    #[test]
    fn without_the_sandbox_wechat_pay_must_be_configured_and_what_is_missing_is_named() {
        let error = parse(&[]).check().unwrap_err();
        for flag in [
            "--wechatpay-mchid",
            "--wechatpay-private-key",
            "--wechatpay-platform-cert",
        ] {
            assert!(error.contains(flag), "{error}");
        }
        assert!(parse(&WECHATPAY).check().is_ok());
        assert_eq!(parse(&WECHATPAY).wechatpay.base_url, "https://api.mch.weixin.qq.com");
        let error = parse(&WECHATPAY[6..]).check().unwrap_err();
        assert!(
            error.contains("--wechatpay-mchid") && !error.contains("--wechatpay-serial"),
            "{error}"
        );
        // Nobody can sign in without an official account: named like WeChat Pay's flags.
        let error = parse(&WECHATPAY[2..]).check().unwrap_err();
        assert!(
            error.contains("--wechat-appid") && !error.contains("--wechat-app-secret-file"),
            "{error}"
        );
        assert_eq!(parse(&WECHATPAY).wechat.oauth_base_url, "https://open.weixin.qq.com");
        assert_eq!(parse(&WECHATPAY).wechat.api_base_url, "https://api.weixin.qq.com");
        let error = parse(&["--sandbox", "--wechat-appid", "wx0123456789abcdef"])
            .check()
            .unwrap_err();
        assert!(error.contains("--wechat-app-secret-file"), "{error}");
        // Both ways of naming WeChat Pay's key at once is a mistake, not a choice.
        let both = [&WECHATPAY[..], &["--wechatpay-platform-cert", "cert.pem"]].concat();
        assert!(Config::try_parse_from([&["onboarding-server", "--data-dir", "x"][..], &both].concat()).is_err());

        // The sandbox's own WeChat Pay needs none; half a configuration is refused there too.
        assert!(parse(&["--sandbox"]).check().is_ok());
        assert!(parse(&[&WECHATPAY[..], &["--sandbox"]].concat()).check().is_ok());
        let error = parse(&["--sandbox", "--wechatpay-mchid", "1234567891"])
            .check()
            .unwrap_err();
        assert!(error.contains("--wechatpay-serial"), "{error}");
    }
}
