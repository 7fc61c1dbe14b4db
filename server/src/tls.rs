//! HTTPS: the relay's own certificate files (re-read when they change), or certificates from
//! Let's Encrypt over TLS-ALPN-01; plus the plain-HTTP port that only redirects, and HSTS.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_server::tls_rustls::RustlsConfig;
use futures_util::StreamExt;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// How often certificate files are checked for a renewal.
pub const RELOAD_EVERY: Duration = Duration::from_secs(30);

/// Occurs when certificate files cannot be used; names the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("could not read the TLS certificate {path}: {reason}")]
    Certificate { path: String, reason: String },
    #[error("could not read the TLS private key {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("the certificate {cert} and key {key} do not work together: {reason}")]
    Pair { cert: String, key: String, reason: String },
}

/// Only HTTP/1.1: the sync socket is a classic WebSocket upgrade.
fn finish(mut config: ServerConfig) -> Arc<ServerConfig> {
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// Reads a PEM certificate chain and key into a server configuration.
pub fn load(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let shown = |p: &Path| p.display().to_string();
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(Iterator::collect)
        .map_err(|e| TlsError::Certificate { path: shown(cert), reason: e.to_string() })?;
    if chain.is_empty() {
        let reason = "no CERTIFICATE block in it".into();
        return Err(TlsError::Certificate { path: shown(cert), reason });
    }
    let private = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsError::Key { path: shown(key), reason: e.to_string() })?;
    let config =
        ServerConfig::builder().with_no_client_auth().with_single_cert(chain, private).map_err(
            |e| TlsError::Pair { cert: shown(cert), key: shown(key), reason: e.to_string() },
        )?;
    Ok(finish(config))
}

/// Re-reads the files whenever either changes; a broken renewal keeps the old certificate.
pub fn reload_on_change(config: RustlsConfig, cert: PathBuf, key: PathBuf, every: Duration) {
    let modified = move |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    tokio::spawn(async move {
        let stamp = |c: &PathBuf, k: &PathBuf| (modified(c), modified(k));
        let mut seen: (Option<SystemTime>, Option<SystemTime>) = stamp(&cert, &key);
        loop {
            tokio::time::sleep(every).await;
            let now = stamp(&cert, &key);
            if now == seen {
                continue;
            }
            match load(&cert, &key) {
                Ok(fresh) => {
                    config.reload_from_config(fresh);
                    seen = now;
                    tracing::info!("loaded the renewed TLS certificate {}", cert.display());
                }
                Err(e) => tracing::warn!("kept the previous TLS certificate: {e}"),
            }
        }
    });
}

/// Certificates from Let's Encrypt, answered on the HTTPS port itself (TLS-ALPN-01).
pub fn acme(
    domains: &[String],
    contact: Option<&str>,
    staging: bool,
    cache: PathBuf,
) -> rustls_acme::axum::AxumAcceptor {
    let mut state = rustls_acme::AcmeConfig::new(domains)
        .contact(contact.map(|c| format!("mailto:{c}")))
        .cache(rustls_acme::caches::DirCache::new(cache))
        .directory_lets_encrypt(!staging)
        .state();
    let config = ServerConfig::builder().with_no_client_auth().with_cert_resolver(state.resolver());
    let acceptor = state.axum_acceptor(finish(config));
    tokio::spawn(async move {
        while let Some(event) = state.next().await {
            match event {
                Ok(ok) => tracing::info!("certificate: {ok:?}"),
                Err(e) => tracing::warn!(
                    "could not get a certificate yet ({e:?}); check that the domain points \
                     here and port 443 is reachable from the internet"
                ),
            }
        }
    });
    acceptor
}

/// Strict-Transport-Security on every response once browsers reach us over HTTPS.
pub async fn hsts(response: Response) -> Response {
    let mut response = response;
    response
        .headers_mut()
        .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    response
}

/// The plain-HTTP port: every request is sent to the same path over HTTPS.
pub fn redirect_router(https_port: u16) -> Router {
    Router::new().fallback(move |request: Request| async move { redirect(&request, https_port) })
}

fn redirect(request: &Request, https_port: u16) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let name = host_name(host);
    let plausible =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c));
    if !plausible {
        return (StatusCode::BAD_REQUEST, "use https:// to reach Rapport\n").into_response();
    }
    let port = if https_port == 443 { String::new() } else { format!(":{https_port}") };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    match format!("https://{name}{port}{path}").parse::<Uri>() {
        Ok(to) => Redirect::permanent(&to.to_string()).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "use https:// to reach Rapport\n").into_response(),
    }
}

/// `example.org:80` → `example.org`; `[::1]:80` → `[::1]`.
fn host_name(host: &str) -> &str {
    match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => &host[..i],
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use tower::ServiceExt;

    use super::*;

    async fn location(host: &str, path: &str, https_port: u16) -> (StatusCode, String) {
        let request = Request::get(path).header(header::HOST, host).body(Body::empty()).unwrap();
        let response = redirect_router(https_port).oneshot(request).await.unwrap();
        let to = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string());
        (response.status(), to.unwrap_or_default())
    }

    #[tokio::test]
    async fn plain_http_is_sent_to_the_same_place_over_https() {
        let (status, to) = location("rapport.example.org", "/partners?q=1", 443).await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(to, "https://rapport.example.org/partners?q=1");
        assert_eq!(location("10.0.0.5:8080", "/", 8443).await.1, "https://10.0.0.5:8443/");
        assert_eq!(location("[::1]:80", "/x", 443).await.1, "https://[::1]/x");
    }

    #[tokio::test]
    async fn a_hostile_host_header_is_not_reflected() {
        let (status, to) = location("evil.example/<script>", "/", 443).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(to.is_empty());
    }

    #[test]
    fn unreadable_certificate_files_say_which_file() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        std::fs::write(&cert, "not a certificate").unwrap();
        let Err(e) = load(&cert, &dir.path().join("missing-key.pem")) else {
            panic!("a file without a certificate was accepted")
        };
        assert!(e.to_string().contains("cert.pem"), "{e}");
    }
}
