//! Command-line and environment configuration: the options, their defaults and `--help`.
//! How the options decide the way browsers reach the relay is in `transport.rs`.

mod transport;

pub use transport::{ConfigError, Transport};

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

impl Config {
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
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
}

#[cfg(test)]
mod tests;
