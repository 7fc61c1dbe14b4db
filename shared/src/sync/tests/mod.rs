//! Alice, Bob and Carol sync through an in-memory relay with the relay's semantics.

mod faults;
mod memory_relay;
mod net;
mod schedules;
mod stories;
