//! Store calls from a session: run on a blocking thread, timed for metrics, and a failure
//! becomes a refusal that says to try again without leaking what broke.

use std::sync::Arc;

use shared::protocol::ErrorCode;

use crate::relay::Relay;
use crate::relay::refusal::Refusal;
use crate::store::RelayStore;

/// Runs a blocking store call off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    relay: &Arc<Relay>,
    f: impl FnOnce(&dyn RelayStore) -> crate::store::Result<T> + Send + 'static,
) -> Result<T, Refusal> {
    let store = relay.store.clone();
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || f(store.as_ref())).await;
    crate::metrics::store_call(started.elapsed());
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            tracing::error!("store: {e}");
            Err(Refusal::new(
                ErrorCode::Internal,
                "the relay could not reach its storage; try again shortly",
            ))
        }
        Err(_) => Err(Refusal::new(ErrorCode::Internal, "the relay failed; try again shortly")),
    }
}
