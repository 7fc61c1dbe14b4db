//! Alice, Bob and Carol sync through an in-memory relay with the relay's semantics.

mod memory_relay;
mod stories;
