//! Web origins and host names, compared exactly: scheme, host and port.
//!
//! A page's `Origin` is compared against the origins the relay is configured to be reached
//! at, never against the request's own `Host`: a DNS-rebinding page makes its `Host` match
//! whatever it likes. `Host` itself is only believed when it is one of the relay's public names
//! or a loopback name (for use on the relay's own machine).

/// `scheme://host[:port]`, lowercased, with the scheme's default port dropped; `None` if it
/// is not an http(s) origin.
pub fn normalize(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.trim().trim_end_matches('/').split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = normalize_host(rest)?;
    let authority = match authority.rsplit_once(':') {
        Some((host, port)) if port == default && !host.ends_with(':') => host.to_string(),
        _ => authority,
    };
    Some(format!("{scheme}://{authority}"))
}

/// `host[:port]` lowercased; `None` if it holds anything a host name cannot.
pub fn normalize_host(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-.:[]".contains(c);
    (!host.is_empty() && host.chars().all(allowed)).then_some(host)
}

/// The host name without its port (`[::1]` keeps its brackets).
fn name(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && !port.contains(']') => name,
        _ => host,
    }
}

/// Whether `host` (from a `Host` header) names this relay: one of `public` (authorities of the
/// relay's origins), or a loopback name on any port.
pub fn is_own_host(host: &str, public: &[String]) -> bool {
    let Some(host) = normalize_host(host) else { return false };
    matches!(name(&host), "127.0.0.1" | "localhost" | "[::1]") || public.contains(&host)
}

/// The authority (`host[:port]`) of a normalized origin.
pub fn authority(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        assert_eq!(
            normalize("HTTPS://Rapport.Example.org:443/").as_deref(),
            Some("https://rapport.example.org")
        );
        assert_eq!(normalize("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(normalize("http://[::1]:80").as_deref(), Some("http://[::1]"));
        assert_eq!(normalize("null"), None);
        assert_eq!(normalize("file://x"), None);
        assert_eq!(normalize("http://a b"), None);
    }

    #[test]
    fn hosts_are_our_names_or_loopback() {
        let public = vec!["rapport.example.org".to_string()];
        assert!(is_own_host("Rapport.example.org", &public));
        assert!(is_own_host("127.0.0.1:47181", &public));
        assert!(is_own_host("localhost:8080", &public));
        assert!(is_own_host("[::1]:8080", &public));
        assert!(!is_own_host("evil.example", &public));
        assert!(!is_own_host("localhost.evil.example", &public));
        assert!(!is_own_host("x\"><script>", &public));
    }
}
