//! The rule for wrong unlock attempts: warn on the last three, wipe the tablet after ten.
//!
//! The count is per tablet, not per staff member, so guesses cannot be spread over profiles.
//! A try counts as wrong from the moment it starts ([`Attempts::begin`]) until it succeeds:
//! the app stores the raised count *before* deriving the key, so closing the tab during the
//! half-second of Argon2 does not give a free guess. Damaged storage
//! ([`super::VaultError::Corrupted`]) is not a wrong guess, but the app cannot tell it apart
//! before the try, so [`Attempts::settle`] forgives it afterwards.

/// Wrong tries after which the tablet wipes its data.
pub const WIPE_AFTER: u32 = 10;
/// From how many tries left the lock screen warns.
pub const WARN_WHEN_LEFT: u32 = 3;

/// Wrong unlock tries on this tablet since the last success. Stored unencrypted (it is needed
/// before unlocking), so tampering with it is possible but gains only what offline guessing
/// against the copied storage already gives, at Argon2's cost per guess.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attempts {
    wrong: u32,
}

/// What the lock screen says after a wrong try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Tries remain; no need to alarm anyone.
    Fine { left: u32 },
    /// Only a few tries remain before the tablet wipes: say so.
    Warn { left: u32 },
    /// No tries remain: wipe every store and key now.
    Wipe,
}

/// Occurs when a try is started with none left: the tablet must wipe instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many wrong PINs or passphrases; this tablet's data must be erased")]
pub struct Exhausted;

impl Attempts {
    pub fn new() -> Self {
        Self::default()
    }

    /// Wrong tries so far.
    pub fn wrong(&self) -> u32 {
        self.wrong
    }

    /// Counts the try about to be made as wrong until [`Attempts::succeeded`]; store the
    /// result before deriving the key.
    pub fn begin(&mut self) -> Result<(), Exhausted> {
        if self.wrong >= WIPE_AFTER {
            return Err(Exhausted);
        }
        self.wrong += 1;
        Ok(())
    }

    /// The try unlocked the tablet: the count starts again.
    pub fn succeeded(&mut self) {
        self.wrong = 0;
    }

    /// The try failed for a reason other than a wrong secret (damaged storage): uncount it.
    pub fn forgive(&mut self) {
        self.wrong = self.wrong.saturating_sub(1);
    }

    /// Records how a try begun with [`Attempts::begin`] ended and says what to show: a right
    /// unlock resets the count, a wrong secret stays counted, anything else (damaged storage,
    /// a wrong method) is forgiven. Store the result again afterwards.
    pub fn settle<T>(&mut self, outcome: &Result<T, super::VaultError>) -> Status {
        match outcome {
            Ok(_) => self.succeeded(),
            Err(super::VaultError::WrongSecret) => {}
            Err(_) => self.forgive(),
        }
        self.status()
    }

    /// What to tell the person now.
    pub fn status(&self) -> Status {
        match WIPE_AFTER.saturating_sub(self.wrong) {
            0 => Status::Wipe,
            left if left <= WARN_WHEN_LEFT => Status::Warn { left },
            left => Status::Fine { left },
        }
    }
}
