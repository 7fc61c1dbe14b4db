//! Options as an operator types them, and what the relay makes of them.

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
    assert_eq!(proxy.transport(), Ok(Transport::Proxy { origin: "https://r.example.org".into() }));
    assert_eq!(proxy.public_origins(&proxy.transport().unwrap(), 8080), ["https://r.example.org"]);
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
    assert_eq!(acme.public_origins(&acme.transport().unwrap(), 443)[0], "https://r.example.org");
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
