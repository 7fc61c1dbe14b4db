//! What a staff member types to unlock the tablet, and the rules a new one must meet.
//!
//! A PIN has at least 6 digits and no obvious pattern: the first PINs an attacker tries are the
//! repeated (000000, 121212, 123123) and the counting ones (123456, 654321, 789012). With 10
//! tries before the tablet wipes, that leaves a guesser a tiny chance. A passphrase has at least
//! 8 characters. The rules apply only when a secret is set: unlocking takes whatever is typed,
//! so tightening the rules later never locks anyone out.

use std::fmt;

use zeroize::Zeroizing;

/// The shortest PIN accepted.
pub const MIN_PIN: usize = 6;
/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE: usize = 8;

/// Which keypad the lock screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretKind {
    Pin,
    Passphrase,
}

/// Occurs when a new PIN or passphrase is too easy to guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Occurs when a PIN has fewer than 6 digits.
    #[error("a PIN needs at least {MIN_PIN} digits; add more digits")]
    PinTooShort,
    /// Occurs when a PIN has something other than the digits 0–9.
    #[error("a PIN is digits only; use a passphrase to include letters")]
    PinNotDigits,
    /// Occurs when a PIN repeats one digit or a short group (000000, 121212, 123123).
    #[error(
        "this PIN repeats itself, so it is among the first guessed; choose digits without a pattern"
    )]
    PinRepeated,
    /// Occurs when a PIN counts up or down (123456, 654321, 890123).
    #[error(
        "this PIN counts up or down, so it is among the first guessed; choose digits without a pattern"
    )]
    PinSequential,
    /// Occurs when a passphrase has fewer than 8 characters.
    #[error("a passphrase needs at least {MIN_PASSPHRASE} characters; try a few words")]
    PassphraseTooShort,
}

/// A PIN or passphrase that passed the rules for a new secret. Wiped from memory on drop.
pub struct UnlockSecret {
    kind: SecretKind,
    text: Zeroizing<String>,
}

impl fmt::Debug for UnlockSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnlockSecret({:?}, …)", self.kind)
    }
}

impl UnlockSecret {
    /// A new PIN if `text` is all digits, otherwise a new passphrase: one field serves both.
    pub fn new(text: &str) -> Result<Self, SecretError> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            Self::pin(text)
        } else {
            Self::passphrase(text)
        }
    }

    pub fn pin(text: &str) -> Result<Self, SecretError> {
        let digits: Zeroizing<Vec<u8>> = Zeroizing::new(
            text.bytes()
                .map(|b| b.is_ascii_digit().then(|| b - b'0').ok_or(SecretError::PinNotDigits))
                .collect::<Result<_, _>>()?,
        );
        if digits.len() < MIN_PIN {
            return Err(SecretError::PinTooShort);
        }
        if repeats(&digits) {
            return Err(SecretError::PinRepeated);
        }
        if counts(&digits) {
            return Err(SecretError::PinSequential);
        }
        Ok(Self { kind: SecretKind::Pin, text: Zeroizing::new(text.to_string()) })
    }

    pub fn passphrase(text: &str) -> Result<Self, SecretError> {
        if text.chars().count() < MIN_PASSPHRASE {
            return Err(SecretError::PassphraseTooShort);
        }
        Ok(Self { kind: SecretKind::Passphrase, text: Zeroizing::new(text.to_string()) })
    }

    pub fn kind(&self) -> SecretKind {
        self.kind
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

/// Whether `digits` is one short group repeated (a single digit included).
fn repeats(digits: &[u8]) -> bool {
    (1..=digits.len() / 2).any(|period| {
        digits.len().is_multiple_of(period)
            && digits.iter().enumerate().all(|(i, d)| *d == digits[i % period])
    })
}

/// Whether each digit is one more (or each one less) than the last, wrapping 9 to 0.
fn counts(digits: &[u8]) -> bool {
    let steps = || digits.windows(2).map(|pair| (10 + pair[1] - pair[0]) % 10);
    steps().all(|step| step == 1) || steps().all(|step| step == 9)
}
