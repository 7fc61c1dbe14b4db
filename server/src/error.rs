//! The one error type HTTP handlers return, with the status and a message that says what to do.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Occurs when a browser page from another site tries to open a sync socket.
    #[error("connections are only accepted from Rapport's own pages (origin {0} is not allowed)")]
    ForeignOrigin(String),
    #[error("the relay is at capacity; try again in a minute")]
    AtCapacity,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            Self::AtCapacity => StatusCode::SERVICE_UNAVAILABLE,
        };
        (status, self.to_string()).into_response()
    }
}
