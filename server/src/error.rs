//! The one error type HTTP handlers return, with the status and a message that says what to do.
//! Details of internal failures are logged where they happen, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Occurs when a browser page from another site tries to open a sync socket.
    #[error("connections are only accepted from Rapport's own pages (origin {0} is not allowed)")]
    ForeignOrigin(String),
    /// Occurs when the relay already holds as many connections as it is allowed.
    #[error("the relay is at capacity; try again in a minute")]
    AtCapacity,
    /// Occurs when a health check or metrics request finds the store unreachable.
    #[error("the relay cannot reach its store")]
    StoreUnreachable,
    /// Occurs when metrics are asked for from another machine or through a proxy.
    #[error("metrics are served only on the relay's own machine")]
    NotLocal,
    /// Occurs when a page is asked for under a host name that is not the relay's own
    /// (DNS rebinding, or a misconfigured proxy).
    #[error("this relay does not answer to that host name")]
    ForeignHost,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            Self::AtCapacity | Self::StoreUnreachable => StatusCode::SERVICE_UNAVAILABLE,
            Self::NotLocal => StatusCode::NOT_FOUND,
            Self::ForeignHost => StatusCode::MISDIRECTED_REQUEST,
        };
        (status, format!("{self}\n")).into_response()
    }
}
