//! Why the relay refused a device's request, in words the device can show. Every refusal
//! reaches the device as one `Error` frame, built (and counted for metrics) in `into_frame`.

use shared::protocol::{ErrorCode, ServerMessage};

/// A refused request: the machine-readable reason and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// The `Error` frame the device receives; the one place refusals are counted.
    pub fn into_frame(self) -> Vec<u8> {
        crate::metrics::refused(self.code);
        ServerMessage::Error { code: self.code, message: self.message }.encode()
    }
}

/// A size for messages: whole MiB when it is one, KiB otherwise, so a limit's text follows
/// its constant.
pub fn size_text(bytes: usize) -> String {
    const MIB: usize = 1 << 20;
    if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_the_limits_they_name() {
        assert_eq!(size_text(shared::protocol::MAX_FRAME), "1 MiB");
        assert_eq!(size_text(shared::protocol::MAX_BLOB), "1023 KiB");
    }
}
