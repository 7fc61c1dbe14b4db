//! The agency's full backup file (issue 14): every document, sealed with a passphrase, so an
//! agency without a relay has a copy off the tablet and a lost USB stick reveals nothing.
//!
//! File layout: `MAGIC ‖ version (1) ‖ memory KiB, passes, lanes (u32 BE each) ‖ salt (16) ‖
//! nonce (24) ‖ XChaCha20-Poly1305 ciphertext`, the header being the associated data, so
//! lowered Argon2 settings make the file fail to open rather than weaken it. The plaintext is
//! `made at (i64 ms BE) ‖ count (u32) ‖ per document: name length (u16) ‖ name ‖ SHA-256 (32)
//! ‖ length (u32) ‖ bytes`; the digests let a restore prove it wrote back what was saved.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use crate::vault::KdfParams;

const MAGIC: &[u8] = b"RAPPORT BACKUP\n";
const VERSION: u8 = 1;
const HEADER: usize = MAGIC.len() + 1 + 12 + 16 + 24;
/// A backup leaves the tablet and can be attacked offline without a try limit, so it takes a
/// passphrase, not a PIN, and a longer one than the lock screen's.
pub const MIN_PASSPHRASE: usize = 12;
/// Settings remind the agency after this many days without a backup.
pub const REMIND_AFTER_DAYS: u64 = 30;

/// One saved document: its storage name and its bytes (an Automerge save).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDocument {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub made_at: DateTime<Utc>,
    pub documents: Vec<SavedDocument>,
}

/// Occurs when a backup cannot be made or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the passphrase must be at least {MIN_PASSPHRASE} characters; a backup can be guessed at offline, so use a few words"
    )]
    PassphraseTooShort,
    #[error(
        "this is not a Rapport backup file; choose the file Rapport saved (it ends in .rapport)"
    )]
    NotABackup,
    #[error(
        "this backup was made by a newer Rapport (format {0}); update Rapport, then restore it"
    )]
    NewerFormat(u8),
    #[error(
        "the passphrase is not the one this backup was made with, or the file was damaged; check the passphrase and try again"
    )]
    WrongPassphraseOrDamaged,
    #[error("the backup's settings are out of range; the file was damaged or altered")]
    Params,
    #[error("this device could not make a random key: {0}")]
    Random(String),
    #[error(
        "document {0} was not restored exactly as it was saved; restore again, and keep the backup file"
    )]
    Mismatch(String),
}

impl Backup {
    /// Seals the backup with `passphrase` under `params` (the app passes `KdfParams::DEFAULT`).
    pub fn seal(&self, passphrase: &str, params: KdfParams) -> Result<Vec<u8>, BackupError> {
        if passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(BackupError::PassphraseTooShort);
        }
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut salt).map_err(|e| BackupError::Random(e.to_string()))?;
        getrandom::fill(&mut nonce).map_err(|e| BackupError::Random(e.to_string()))?;
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.push(VERSION);
        for n in [params.memory_kib, params.iterations, params.parallelism] {
            header.extend_from_slice(&n.to_be_bytes());
        }
        header.extend_from_slice(&salt);
        header.extend_from_slice(&nonce);
        let cipher = cipher(passphrase, params, &salt)?;
        let plaintext = zeroize::Zeroizing::new(self.encode());
        let sealed = cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: &plaintext, aad: &header })
            .map_err(|_| BackupError::Params)?;
        header.extend_from_slice(&sealed);
        Ok(header)
    }

    /// Opens a backup file; every document's digest is checked as it is read.
    pub fn open(file: &[u8], passphrase: &str) -> Result<Self, BackupError> {
        let header = file.get(..HEADER).ok_or(BackupError::NotABackup)?;
        if !header.starts_with(MAGIC) {
            return Err(BackupError::NotABackup);
        }
        let mut at = MAGIC.len();
        if header[at] != VERSION {
            return Err(BackupError::NewerFormat(header[at]));
        }
        at += 1;
        let mut n = [0u32; 3];
        for slot in &mut n {
            *slot = u32::from_be_bytes(
                header[at..at + 4].try_into().map_err(|_| BackupError::NotABackup)?,
            );
            at += 4;
        }
        let params = KdfParams { memory_kib: n[0], iterations: n[1], parallelism: n[2] };
        let salt = &header[at..at + 16];
        let nonce: [u8; 24] =
            header[at + 16..HEADER].try_into().map_err(|_| BackupError::NotABackup)?;
        let plaintext = cipher(passphrase, params, salt)?
            .decrypt(&XNonce::from(nonce), Payload { msg: &file[HEADER..], aad: header })
            .map_err(|_| BackupError::WrongPassphraseOrDamaged)?;
        let plaintext = zeroize::Zeroizing::new(plaintext);
        Self::decode(&plaintext).ok_or(BackupError::WrongPassphraseOrDamaged)
    }

    /// Checks what a restore wrote back (read again from storage) against the backup.
    pub fn verify(&self, restored: &[SavedDocument]) -> Result<(), BackupError> {
        for saved in &self.documents {
            let same = restored.iter().any(|r| r.name == saved.name && r.bytes == saved.bytes);
            if !same {
                return Err(BackupError::Mismatch(saved.name.clone()));
            }
        }
        Ok(())
    }

    fn encode(&self) -> Vec<u8> {
        let size: usize = self.documents.iter().map(|d| d.name.len() + d.bytes.len() + 38).sum();
        let mut out = Vec::with_capacity(12 + size);
        out.extend_from_slice(&self.made_at.timestamp_millis().to_be_bytes());
        out.extend_from_slice(&(self.documents.len() as u32).to_be_bytes());
        for doc in &self.documents {
            out.extend_from_slice(&(doc.name.len() as u16).to_be_bytes());
            out.extend_from_slice(doc.name.as_bytes());
            out.extend_from_slice(&Sha256::digest(&doc.bytes));
            out.extend_from_slice(&(doc.bytes.len() as u32).to_be_bytes());
            out.extend_from_slice(&doc.bytes);
        }
        out
    }

    fn decode(mut input: &[u8]) -> Option<Self> {
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, rest) = input.split_at_checked(n)?;
            input = rest;
            Some(head)
        };
        let made_at =
            DateTime::from_timestamp_millis(i64::from_be_bytes(take(8)?.try_into().ok()?))?;
        let count = u32::from_be_bytes(take(4)?.try_into().ok()?);
        let mut documents = Vec::new();
        for _ in 0..count {
            let name_len = u16::from_be_bytes(take(2)?.try_into().ok()?);
            let name = String::from_utf8(take(usize::from(name_len))?.to_vec()).ok()?;
            let digest = take(32)?.to_vec();
            let len = u32::from_be_bytes(take(4)?.try_into().ok()?);
            let bytes = take(usize::try_from(len).ok()?)?.to_vec();
            if Sha256::digest(&bytes).as_slice() != digest {
                return None;
            }
            documents.push(SavedDocument { name, bytes });
        }
        Some(Self { made_at, documents })
    }
}

fn cipher(
    passphrase: &str,
    params: KdfParams,
    salt: &[u8],
) -> Result<XChaCha20Poly1305, BackupError> {
    let key = params.derive(passphrase.as_bytes(), salt).map_err(|_| BackupError::Params)?;
    Ok(XChaCha20Poly1305::new(&Key::from(*key)))
}

/// A backup holds each stored chunk as it is, named `document#chunk` (document names contain
/// `/`, never `#`), so a restore writes back exactly what was stored.
pub fn entry_name(document: &str, chunk: &str) -> String {
    format!("{document}#{chunk}")
}

/// The document and chunk an entry was saved from; `None` for a name Rapport never writes.
pub fn split_entry_name(name: &str) -> Option<(&str, &str)> {
    name.split_once('#').filter(|(doc, chunk)| !doc.is_empty() && !chunk.is_empty())
}

/// Whether Settings should remind the agency to make a backup.
pub fn backup_due(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    last.and_then(|day| day.checked_add_days(Days::new(REMIND_AFTER_DAYS)))
        .is_none_or(|due| today >= due)
}

#[cfg(test)]
mod tests;
