//! The relay over TLS on a real socket: it serves the certificate it was given, picks up a
//! renewed one without a restart, and refuses plain HTTP on a network address.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum_server::tls_rustls::RustlsConfig;
use clap::Parser;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use server::relay::{Limits, Relay};
use server::store::SqliteStore;
use server::{AppState, Cli, Tls};

/// Accepts any certificate: the test asks which one was presented, not whether to trust it.
#[derive(Debug)]
struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

async fn presented(addr: SocketAddr) -> Vec<u8> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let tls = connector.connect(name, tcp).await.expect("TLS handshake");
    tls.get_ref().1.peer_certificates().expect("a certificate")[0].to_vec()
}

/// Writes a fresh self-signed certificate; returns its DER bytes.
fn write_certificate(dir: &Path) -> Vec<u8> {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    std::fs::write(dir.join("cert.pem"), made.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), made.key_pair.serialize_pem()).unwrap();
    made.cert.der().to_vec()
}

#[tokio::test]
async fn a_renewed_certificate_is_served_without_a_restart() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let first = write_certificate(dir.path());
    let config = RustlsConfig::from_config(server::tls::load(&cert, &key).unwrap());
    server::tls::reload_on_change(config.clone(), cert, key, Duration::from_millis(50));

    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), "<!doctype html>").unwrap();
    let store = SqliteStore::open(&dir.path().join("data")).unwrap();
    let relay = Arc::new(Relay::new(Arc::new(store), Limits::default(), vec![]));
    let state = AppState { dist: Arc::new(dir.path().join("dist")), relay };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tls = Tls::Certificate(config);
    tokio::spawn(server::serve_with(listener, state, tls, std::future::pending()));

    assert_eq!(presented(addr).await, first);
    // Step 2: the certificate is renewed on disk (as certbot would) while the relay runs.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let renewed = write_certificate(dir.path());
    let mut seen = Vec::new();
    for _ in 0..100 {
        seen = presented(addr).await;
        if seen == renewed {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen, renewed, "the renewed certificate is served within a few checks");
}

#[tokio::test]
async fn serving_plain_http_on_a_network_address_is_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let args = ["rapport-server", "--bind", "0.0.0.0", "--port", "0", "--data"];
    let cli = Cli::try_parse_from(args.iter().copied().chain([data.to_str().unwrap()])).unwrap();
    let refused = server::run(cli.serve).await.expect_err("plain HTTP on 0.0.0.0 was served");
    let text = refused.to_string();
    assert!(text.contains("refusing to serve plain HTTP") && text.contains("--tls-cert"), "{text}");
    assert!(!data.exists(), "nothing was created before the refusal");
}
