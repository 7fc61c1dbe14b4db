//! Counters for `/metrics`, in Prometheus' text format. They count and time; they never name a
//! team or a device. One relay runs per process, so the counters are process-wide and every
//! layer can count without a handle threaded through it.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use shared::protocol::ErrorCode;

use crate::store::StoreStats;

pub static PUSHES: AtomicU64 = AtomicU64::new(0);
pub static PULLS: AtomicU64 = AtomicU64::new(0);

/// Upper bounds of the store-latency buckets, in seconds.
const BUCKETS: [f64; 7] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 2.0];
static STORE_BUCKETS: [AtomicU64; BUCKETS.len()] = [const { AtomicU64::new(0) }; BUCKETS.len()];
static STORE_COUNT: AtomicU64 = AtomicU64::new(0);
static STORE_MICROS: AtomicU64 = AtomicU64::new(0);

const REASONS: [(ErrorCode, &str); 20] = [
    (ErrorCode::BadFrame, "bad_frame"),
    (ErrorCode::Unauthorized, "unauthorized"),
    (ErrorCode::Revoked, "revoked"),
    (ErrorCode::TooLarge, "too_large"),
    (ErrorCode::RateLimited, "rate_limited"),
    (ErrorCode::UnknownDoc, "unknown_doc"),
    (ErrorCode::InviteInvalid, "invite_invalid"),
    (ErrorCode::SetupInvalid, "setup_invalid"),
    (ErrorCode::TooManyAttempts, "too_many_attempts"),
    (ErrorCode::NotAllowed, "not_allowed"),
    (ErrorCode::Internal, "internal"),
    (ErrorCode::Restarting, "restarting"),
    (ErrorCode::BadSequence, "bad_sequence"),
    (ErrorCode::TooManyDocs, "too_many_docs"),
    (ErrorCode::TooManyConnections, "too_many_connections"),
    (ErrorCode::DiskFull, "disk_full"),
    (ErrorCode::TeamQuota, "team_quota"),
    (ErrorCode::DeviceQuota, "device_quota"),
    (ErrorCode::NotAdmin, "not_admin"),
    (ErrorCode::LastAdmin, "last_admin"),
];
static REFUSALS: [AtomicU64; REASONS.len()] = [const { AtomicU64::new(0) }; REASONS.len()];

/// Counts one error frame sent to a device.
pub fn refused(code: ErrorCode) {
    if let Some(i) = REASONS.iter().position(|(c, _)| *c == code) {
        REFUSALS[i].fetch_add(1, Relaxed);
    }
}

/// Records how long one store call took.
pub fn store_call(took: Duration) {
    let secs = took.as_secs_f64();
    for (bucket, bound) in STORE_BUCKETS.iter().zip(BUCKETS) {
        if secs <= bound {
            bucket.fetch_add(1, Relaxed);
        }
    }
    STORE_COUNT.fetch_add(1, Relaxed);
    STORE_MICROS.fetch_add(took.as_micros().try_into().unwrap_or(u64::MAX), Relaxed);
}

/// The whole scrape: live gauges passed in, counters read here.
pub fn render(connected: usize, stats: StoreStats) -> String {
    let mut out = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, lines: &[(String, u64)]| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, value) in lines {
            let _ = writeln!(out, "{name}{labels} {value}");
        }
    };
    let plain = |v: u64| vec![(String::new(), v)];
    metric(
        "rapport_connected_devices",
        "gauge",
        "Signed-in sync connections.",
        &plain(connected as u64),
    );
    metric("rapport_teams", "gauge", "Teams this relay serves.", &plain(stats.teams));
    metric("rapport_stored_bytes", "gauge", "Size of the relay's database.", &plain(stats.bytes));
    metric("rapport_pushes_total", "counter", "Blobs stored.", &plain(PUSHES.load(Relaxed)));
    metric(
        "rapport_pulls_total",
        "counter",
        "Pull requests answered.",
        &plain(PULLS.load(Relaxed)),
    );
    let refusals: Vec<_> = REASONS
        .iter()
        .zip(&REFUSALS)
        .map(|((_, reason), n)| (format!("{{reason=\"{reason}\"}}"), n.load(Relaxed)))
        .collect();
    metric(
        "rapport_refusals_total",
        "counter",
        "Error replies sent to devices, by reason.",
        &refusals,
    );
    let _ = writeln!(
        out,
        "# HELP rapport_store_seconds Time of each store call.\n# TYPE rapport_store_seconds histogram"
    );
    for (bucket, bound) in STORE_BUCKETS.iter().zip(BUCKETS) {
        let _ = writeln!(
            out,
            "rapport_store_seconds_bucket{{le=\"{bound}\"}} {}",
            bucket.load(Relaxed)
        );
    }
    let count = STORE_COUNT.load(Relaxed);
    let _ = writeln!(out, "rapport_store_seconds_bucket{{le=\"+Inf\"}} {count}");
    let sum = STORE_MICROS.load(Relaxed) as f64 / 1e6;
    let _ = writeln!(out, "rapport_store_seconds_sum {sum}\nrapport_store_seconds_count {count}");
    out
}
