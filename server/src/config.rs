//! Command-line and environment configuration, and the one rule about how the relay may be
//! reached: tablets need HTTPS, so a relay on the network serves TLS or sits behind a proxy.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "rapport-server",
    version,
    about = "Serves Rapport and relays sync between tablets",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: Config,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Copies the relay's database to FILE, consistently, while the relay keeps serving.
    Backup {
        file: PathBuf,
        #[arg(long, env = "RAPPORT_DATA", default_value = "rapport-data")]
        data: PathBuf,
    },
    /// Restores the relay's database from a backup FILE; the relay must be stopped.
    Restore {
        file: PathBuf,
        #[arg(long, env = "RAPPORT_DATA", default_value = "rapport-data")]
        data: PathBuf,
        /// Replace a store that already holds a team (the old file is kept beside it).
        #[arg(long)]
        replace: bool,
    },
    /// Deletes a damaged snapshot a tablet reported ("delete-snapshot --doc … --covers …");
    /// safe while the relay runs. Tablets then start that document from its changes.
    DeleteSnapshot {
        #[arg(long, env = "RAPPORT_DATA", default_value = "rapport-data")]
        data: PathBuf,
        /// The document's id, 32 hexadecimal digits, as the tablet showed it.
        #[arg(long)]
        doc: shared::protocol::DocId,
        /// The change number the snapshot claims to cover, as the tablet showed it.
        #[arg(long)]
        covers: u64,
    },
    /// Prints a one-time link that makes a tablet already in the team an admin, for when the
    /// team has lost its admins. Run it on the relay's machine; the relay may keep running.
    Recover {
        #[arg(long, env = "RAPPORT_DATA", default_value = "rapport-data")]
        data: PathBuf,
        /// The address tablets use to reach the relay, for the link.
        #[arg(long, env = "RAPPORT_PUBLIC_ORIGIN", default_value = "http://127.0.0.1:8080")]
        origin: String,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on. Loopback by default; another address needs TLS or --behind-proxy.
    #[arg(long, env = "RAPPORT_BIND", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "RAPPORT_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Directory holding the built app.
    #[arg(long, env = "RAPPORT_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Directory for the relay's data (its SQLite file); created if missing.
    #[arg(long, env = "RAPPORT_DATA", default_value = "rapport-data")]
    pub data: PathBuf,
    /// Web origins besides the relay's own whose pages may open sync connections
    /// (comma-separated).
    #[arg(long = "allowed-origin", env = "RAPPORT_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// TLS certificate chain (PEM); re-read when the file changes.
    #[arg(long, env = "RAPPORT_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM) for --tls-cert.
    #[arg(long, env = "RAPPORT_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Public domain(s) to get certificates for from Let's Encrypt (TLS-ALPN-01 on port 443).
    #[arg(long = "domain", env = "RAPPORT_DOMAINS", value_delimiter = ',',
          conflicts_with_all = ["tls_cert", "behind_proxy"])]
    pub domains: Vec<String>,
    /// Contact e-mail for the Let's Encrypt account.
    #[arg(long, env = "RAPPORT_ACME_CONTACT", requires = "domains")]
    pub acme_contact: Option<String>,
    /// Use Let's Encrypt's staging directory (untrusted certificates, generous limits).
    #[arg(long, env = "RAPPORT_ACME_STAGING", requires = "domains")]
    pub acme_staging: bool,
    /// With TLS, also listen on this port for plain HTTP that only redirects to HTTPS.
    #[arg(long, env = "RAPPORT_HTTP_PORT")]
    pub http_port: Option<u16>,
    /// The public https origin when a reverse proxy in front terminates TLS.
    #[arg(long, env = "RAPPORT_BEHIND_PROXY", conflicts_with = "tls_cert")]
    pub behind_proxy: Option<String>,
    /// Most MiB of sealed changes one team may store; pushes beyond it are refused.
    #[arg(long, env = "RAPPORT_TEAM_QUOTA_MB", default_value_t = 2048)]
    pub team_quota_mb: u64,
    /// Most MiB of sealed changes one device may store.
    #[arg(long, env = "RAPPORT_DEVICE_QUOTA_MB", default_value_t = 512)]
    pub device_quota_mb: u64,
    /// MiB the data directory's disk must keep free; pushes are refused below it.
    #[arg(long, env = "RAPPORT_MIN_FREE_DISK_MB", default_value_t = 1024)]
    pub min_free_disk_mb: u64,
    /// Connections one device may hold at once; a new one beyond this closes its oldest.
    #[arg(long, env = "RAPPORT_CONNECTIONS_PER_DEVICE", default_value_t = 4)]
    pub connections_per_device: usize,
    /// Names tablets use to reach this relay with --tls-cert (comma-separated), e.g. the name
    /// on the certificate. Pages are accepted only from the relay's own origins: these, the
    /// --domain names, the --behind-proxy origin and loopback names.
    #[arg(long = "public-name", env = "RAPPORT_PUBLIC_NAMES", value_delimiter = ',')]
    pub public_names: Vec<String>,
    /// Also show the one-time setup link as a QR code at /relay, to a browser on this machine
    /// (for a first local start; the link is always printed).
    #[arg(long, env = "RAPPORT_SHOW_SETUP_PAGE")]
    pub show_setup_page: bool,
    /// The header your reverse proxy puts the client's address in (e.g. X-Forwarded-For), so
    /// per-address limits apply to each client instead of the proxy. Believed only from
    /// loopback, or from any peer with --behind-proxy.
    #[arg(long, env = "RAPPORT_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,
}

/// How browsers reach this relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// Plain HTTP on loopback: only this machine's browser, which treats it as secure.
    Loopback,
    /// Plain HTTP behind a proxy that serves `origin` over HTTPS.
    Proxy {
        origin: String,
    },
    Certificate {
        cert: PathBuf,
        key: PathBuf,
    },
    Acme {
        domains: Vec<String>,
        contact: Option<String>,
        staging: bool,
    },
}

/// Occurs when the options would put the relay on the network without HTTPS.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error(
        "refusing to serve plain HTTP on {0}: tablets only get offline use, storage and sync \
         over HTTPS, and plain HTTP sends device tokens, invite links and the app's code in \
         clear to anyone on the network.\n\
         Choose one:\n  \
         --domain rapport.example.org --port 443   (automatic certificate; reachable from the internet)\n  \
         --tls-cert cert.pem --tls-key key.pem      (your own certificate)\n  \
         --behind-proxy https://rapport.example.org (a reverse proxy such as Caddy serves HTTPS)\n\
         or keep the default --bind 127.0.0.1 to use Rapport on this machine only."
    )]
    PlainOnNetwork(IpAddr),
    #[error(
        "--behind-proxy needs the public https:// origin, like https://rapport.example.org (got {0})"
    )]
    ProxyOrigin(String),
    #[error("--http-port only redirects to HTTPS, so it needs --tls-cert or --domain")]
    RedirectWithoutTls,
}

impl Config {
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }

    /// Decides how the relay is reached, refusing plain HTTP beyond this machine.
    pub fn transport(&self) -> Result<Transport, ConfigError> {
        let transport = if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            Transport::Certificate { cert: cert.clone(), key: key.clone() }
        } else if !self.domains.is_empty() {
            Transport::Acme {
                domains: self.domains.clone(),
                contact: self.acme_contact.clone(),
                staging: self.acme_staging,
            }
        } else if let Some(origin) = &self.behind_proxy {
            let origin = origin.trim_end_matches('/');
            let host = origin.strip_prefix("https://").unwrap_or_default();
            if host.is_empty() || host.contains('/') {
                return Err(ConfigError::ProxyOrigin(origin.to_string()));
            }
            Transport::Proxy { origin: origin.to_string() }
        } else if self.bind.is_loopback() {
            Transport::Loopback
        } else {
            return Err(ConfigError::PlainOnNetwork(self.bind));
        };
        if self.http_port.is_some() && !transport.is_tls() {
            return Err(ConfigError::RedirectWithoutTls);
        }
        Ok(transport)
    }

    /// The relay's limits, with the ones set by options.
    pub fn limits(&self) -> crate::relay::Limits {
        crate::relay::Limits {
            team_quota: self.team_quota_mb.saturating_mul(1 << 20),
            device_quota: self.device_quota_mb.saturating_mul(1 << 20),
            min_free_disk: self.min_free_disk_mb.saturating_mul(1 << 20),
            connections_per_device: self.connections_per_device,
            ..crate::relay::Limits::default()
        }
    }

    /// Extra origins allowed to open sync sockets, besides the relay's own.
    pub fn origins(&self) -> Vec<String> {
        self.allowed_origins.clone()
    }

    /// The origins browsers reach this relay at on `port`, by transport: loopback names over
    /// http; https with the --domain, --public-name or bound names; or the proxy's origin.
    pub fn public_origins(&self, transport: &Transport, port: u16) -> Vec<String> {
        let with_port = |scheme: &str, name: &str| match (scheme, port) {
            ("https", 443) | ("http", 80) => format!("{scheme}://{name}"),
            _ => format!("{scheme}://{name}:{port}"),
        };
        let loopback = ["127.0.0.1", "localhost", "[::1]"];
        match transport {
            Transport::Loopback => loopback.iter().map(|n| with_port("http", n)).collect(),
            Transport::Proxy { origin } => vec![origin.clone()],
            Transport::Certificate { .. } | Transport::Acme { .. } => {
                let bound = match self.bind {
                    ip if ip.is_unspecified() => None,
                    IpAddr::V6(ip) => Some(format!("[{ip}]")),
                    ip => Some(ip.to_string()),
                };
                self.domains
                    .iter()
                    .chain(&self.public_names)
                    .cloned()
                    .chain(bound)
                    .chain(loopback.iter().map(|n| n.to_string()))
                    .map(|n| with_port("https", &n))
                    .collect()
            }
        }
    }
}

impl Transport {
    /// Whether this process itself terminates TLS.
    pub fn is_tls(&self) -> bool {
        matches!(self, Self::Certificate { .. } | Self::Acme { .. })
    }

    /// Whether browsers reach the app over HTTPS (here or at the proxy), so HSTS applies.
    pub fn is_https(&self) -> bool {
        !matches!(self, Self::Loopback)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn config(args: &[&str]) -> Config {
        let mut all = vec!["rapport-server"];
        all.extend(args);
        Cli::try_parse_from(all).map(|c| c.serve).expect("valid arguments")
    }

    #[test]
    fn loopback_may_be_plain_http() {
        assert_eq!(config(&[]).transport(), Ok(Transport::Loopback));
        assert_eq!(config(&["--bind", "::1"]).transport(), Ok(Transport::Loopback));
    }

    #[test]
    fn a_network_address_without_tls_is_refused_with_the_ways_out() {
        let refused = config(&["--bind", "0.0.0.0"]).transport();
        let Err(e) = refused else { panic!("plain HTTP on the network was accepted") };
        let text = e.to_string();
        assert!(text.contains("0.0.0.0") && text.contains("--tls-cert"), "{text}");
        assert!(text.contains("--behind-proxy") && text.contains("--domain"), "{text}");
        assert!(config(&["--bind", "192.168.1.20"]).transport().is_err());
    }

    #[test]
    fn each_tls_choice_allows_the_network() {
        let files = config(&["--bind", "0.0.0.0", "--tls-cert", "c.pem", "--tls-key", "k.pem"]);
        assert!(files.transport().is_ok_and(|t| t.is_tls()));
        let acme = config(&["--bind", "0.0.0.0", "--domain", "rapport.example.org"]);
        assert!(matches!(acme.transport(), Ok(Transport::Acme { .. })));
        let proxy = config(&["--bind", "0.0.0.0", "--behind-proxy", "https://r.example.org/"]);
        assert_eq!(
            proxy.transport(),
            Ok(Transport::Proxy { origin: "https://r.example.org".into() })
        );
        assert_eq!(
            proxy.public_origins(&proxy.transport().unwrap(), 8080),
            ["https://r.example.org"]
        );
    }

    /// Issue 9: the Origin check compared against the request's own Host, so a DNS-rebinding
    /// page passed. The relay's origins now come from how it is configured.
    #[test]
    fn public_origins_follow_the_transport() {
        let local = config(&[]);
        assert_eq!(
            local.public_origins(&Transport::Loopback, 8080),
            ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"]
        );
        let tls = config(&[
            "--bind",
            "0.0.0.0",
            "--tls-cert",
            "c.pem",
            "--tls-key",
            "k.pem",
            "--public-name",
            "rapport.lan",
        ]);
        let origins = tls.public_origins(&tls.transport().unwrap(), 8443);
        assert_eq!(origins[0], "https://rapport.lan:8443");
        assert!(origins.iter().all(|o| o.starts_with("https://")), "{origins:?}");
        let acme = config(&["--bind", "0.0.0.0", "--domain", "r.example.org", "--port", "443"]);
        assert_eq!(
            acme.public_origins(&acme.transport().unwrap(), 443)[0],
            "https://r.example.org"
        );
    }

    #[test]
    fn a_proxy_must_be_named_by_its_https_origin() {
        for bad in ["http://r.example.org", "r.example.org", "https://r.example.org/app"] {
            let c = config(&["--bind", "0.0.0.0", "--behind-proxy", bad]);
            assert!(matches!(c.transport(), Err(ConfigError::ProxyOrigin(_))), "{bad}");
        }
    }

    #[test]
    fn a_redirect_port_needs_tls_here() {
        let c = config(&["--http-port", "80"]);
        assert_eq!(c.transport(), Err(ConfigError::RedirectWithoutTls));
    }

    #[test]
    fn a_certificate_needs_its_key() {
        assert!(Cli::try_parse_from(["rapport-server", "--tls-cert", "c.pem"]).is_err());
    }

    #[test]
    fn quotas_and_the_disk_reserve_are_options_in_mib() {
        let defaults = config(&[]).limits();
        assert_eq!((defaults.team_quota, defaults.device_quota), (2 << 30, 512 << 20));
        assert_eq!(defaults.min_free_disk, 1 << 30);
        let set = config(&["--team-quota-mb", "10", "--device-quota-mb", "5"]).limits();
        assert_eq!((set.team_quota, set.device_quota), (10 << 20, 5 << 20));
    }

    #[test]
    fn backup_and_restore_are_commands() {
        let cli = Cli::try_parse_from(["rapport-server", "backup", "out.db", "--data", "d"]);
        assert!(matches!(cli.map(|c| c.command), Ok(Some(Command::Backup { .. }))));
    }
}
