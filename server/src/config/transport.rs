//! The one rule about how the relay may be reached: tablets need HTTPS, so a relay on the
//! network serves TLS or sits behind a proxy. Which of those the options choose, and the
//! origins browsers then reach it at.

use std::net::IpAddr;
use std::path::PathBuf;

use super::Config;

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
