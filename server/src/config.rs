//! Command-line and environment configuration.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "rapport-server",
    version,
    about = "Serves Rapport and relays sync between tablets"
)]
pub struct Config {
    /// Address to listen on. Loopback by default; use 0.0.0.0 to serve tablets on the network.
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
    /// (comma-separated), e.g. https://rapport.example.org when behind a proxy.
    #[arg(long = "allowed-origin", env = "RAPPORT_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
}

impl Config {
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }
}
