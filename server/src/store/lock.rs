//! One relay per data directory: an advisory lock on `relay.lock`, released when the process
//! ends however it ends, so a `kill -9` never leaves a stale lock behind.

use std::fs::{File, TryLockError};
use std::path::Path;

use super::StoreError;

#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Creates `dir` if needed and locks it, or says who holds it.
    pub fn acquire(dir: &Path) -> Result<Self, StoreError> {
        let directory = |source| StoreError::Directory { path: dir.display().to_string(), source };
        std::fs::create_dir_all(dir).map_err(directory)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("relay.lock"))
            .map_err(directory)?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse(dir.display().to_string())),
            Err(TryLockError::Error(source)) => Err(directory(source)),
        }
    }
}
