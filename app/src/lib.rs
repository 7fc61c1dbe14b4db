//! Rapport's tablet app: screens over the shared model, data kept on the device in IndexedDB.
//!
//! Everything works offline; the service worker (`public/sw.js`) serves the app shell when
//! there is no connection.

#[macro_use]
mod split;
mod access;
mod boot;
mod clock;
mod components;
mod device;
mod files;
mod format;
mod perf;
mod repo;
mod routes;
mod screens;
mod share;
mod shell;
mod state;
mod storage;
mod sync;

pub use shell::App;

// Unit tests also run as wasm in headless Chromium (`scripts/test`), where `usize` is 32 bits
// and the browser's APIs are real: bugs that only show up there are caught there.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
