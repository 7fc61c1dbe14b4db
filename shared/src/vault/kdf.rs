//! Argon2id settings: how much memory and time it costs to test one PIN or passphrase.
//!
//! A stolen tablet's storage can be attacked offline, where the 10-try wipe does not apply;
//! only the cost of each guess protects a PIN there. Argon2id (memory-hard) makes each guess
//! cost the same memory on an attacker's GPU as on the tablet. The settings are stored beside
//! each wrapped key, so they can be raised later for new wraps while old ones still unlock.
//!
//! The default aims at about 0.5 s on a mid-range tablet's browser. Measured on the 2-core
//! build machine (x86-64, loaded by other builds; median of 5–7 runs, 1 lane): native release,
//! and the same argon2 0.6 built for wasm32 (`opt-level = "z"`, LTO, no SIMD) run in Node 20,
//! whose V8 is Chromium's engine:
//!
//! | memory | passes | native release | wasm in V8 |
//! |---|---|---|---|
//! | 19 MiB | 2 | 0.035 s | 0.11 s |
//! | 46 MiB | 3 | 0.135 s | 0.43 s |
//! | **64 MiB** | **2** | **0.149 s** | **0.42 s** |
//! | 64 MiB | 3 | 0.193 s | 0.63 s |
//! | 64 MiB | 4 | 0.247 s | 0.81 s |
//!
//! Wasm is ~3× slower than native, and a mid-range tablet's cores are slower than this
//! machine's, so the default takes the most memory with the fewest passes in the 0.15–0.25 s
//! native window. Re-measure natively with `cargo test -p shared --release --lib -- --ignored
//! argon2_timing --nocapture`. No tablet has been measured yet: the app should time one
//! derivation at setup and store [`KdfParams::tuned`] settings with the new wrap.

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use super::VaultError;

/// Argon2id cost settings, stored with each wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KdfParams {
    /// Memory per guess, in KiB.
    pub memory_kib: u32,
    /// Passes over that memory.
    pub iterations: u32,
    /// Lanes; 1, since the browser computes them one after another anyway.
    pub parallelism: u32,
}

impl KdfParams {
    /// 64 MiB, 2 passes, 1 lane: ~0.15 s native release and ~0.4 s in V8 here (module docs);
    /// more than three times OWASP's minimum memory for Argon2id (19 MiB, 2 passes).
    pub const DEFAULT: Self = Self { memory_kib: 64 * 1024, iterations: 2, parallelism: 1 };

    /// The least memory [`KdfParams::tuned`] goes down to: OWASP's minimum for Argon2id.
    pub const MIN_MEMORY_KIB: u32 = 19 * 1024;

    /// The most memory a stored profile may ask for: more could crash the tablet's tab.
    pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
    /// The most passes a stored profile may ask for: more would make unlocking hang.
    pub const MAX_ITERATIONS: u32 = 32;
    /// The most lanes a stored profile may ask for.
    pub const MAX_PARALLELISM: u32 = 4;

    /// Settings that should take about `target` seconds on a device where `self` took
    /// `measured` seconds: more or fewer passes over the same memory, and below one pass less
    /// memory, never under [`KdfParams::MIN_MEMORY_KIB`] nor more than `self` had. Time grows
    /// with memory × passes. For calibrating once, when a staff member sets their unlock.
    pub fn tuned(self, measured: f64, target: f64) -> Self {
        if !(measured > 0.0 && target > 0.0) {
            return self;
        }
        let passes = (f64::from(self.iterations) * target / measured).round();
        if passes >= 1.0 {
            return Self { iterations: (passes as u32).min(Self::MAX_ITERATIONS), ..self };
        }
        let work = f64::from(self.memory_kib) * f64::from(self.iterations) * target / measured;
        let floor = Self::MIN_MEMORY_KIB.min(self.memory_kib);
        Self { memory_kib: (work as u32).clamp(floor, self.memory_kib), iterations: 1, ..self }
    }

    /// Derives 32 bytes from `secret` and `salt`; refuses settings outside the bounds above,
    /// which only a tampered or damaged profile would hold.
    pub(crate) fn derive(
        &self,
        secret: &[u8],
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        let in_range = self.memory_kib <= Self::MAX_MEMORY_KIB
            && (1..=Self::MAX_ITERATIONS).contains(&self.iterations)
            && (1..=Self::MAX_PARALLELISM).contains(&self.parallelism);
        if !in_range {
            return Err(VaultError::Params);
        }
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| VaultError::Params)?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, out.as_mut_slice())
            .map_err(|_| VaultError::Params)?;
        Ok(out)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}
