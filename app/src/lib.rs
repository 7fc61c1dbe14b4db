//! Rapport's tablet app: screens over the shared model, data kept on the device in IndexedDB.
//!
//! Everything works offline; the service worker (`public/sw.js`) serves the app shell when
//! there is no connection.

mod components;
mod format;
mod repo;
mod screens;
mod shell;
mod state;
mod storage;
mod sync;

pub use shell::App;
