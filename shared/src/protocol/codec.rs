//! The byte-level reader and writer behind every frame.

use super::{MAX_FRAME, PROTOCOL_VERSION};

/// Occurs when a frame cannot be decoded; the relay answers with `ErrorCode::BadFrame`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("empty frame")]
    Empty,
    #[error("frame is {0} bytes; the limit is {MAX_FRAME}")]
    TooLarge(usize),
    #[error(
        "protocol version {0} is not supported (this side speaks {PROTOCOL_VERSION}); update Rapport"
    )]
    Version(u8),
    #[error("unknown message type {0}")]
    UnknownTag(u8),
    #[error("frame ends in the middle of {0}")]
    Truncated(&'static str),
    #[error("{0} is longer than allowed")]
    TooLong(&'static str),
    #[error("{0} is not valid UTF-8 text")]
    BadText(&'static str),
    #[error("{0} has an invalid value")]
    BadValue(&'static str),
    #[error("{0} unexpected bytes after the message")]
    Trailing(usize),
}

pub struct Writer(Vec<u8>);

impl Writer {
    pub fn new(tag: u8) -> Self {
        Self(vec![PROTOCOL_VERSION, tag])
    }
    pub fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }
    pub fn varint(mut self, mut v: u64) -> Self {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return self;
            }
            self.0.push(byte | 0x80);
        }
    }
    pub fn id(mut self, id: &[u8; 16]) -> Self {
        self.0.extend_from_slice(id);
        self
    }
    /// A 32-byte public key or tag, without a length.
    pub fn key(mut self, key: &[u8; 32]) -> Self {
        self.0.extend_from_slice(key);
        self
    }
    pub fn bytes(self, b: &[u8]) -> Self {
        let mut this = self.varint(b.len() as u64);
        this.0.extend_from_slice(b);
        this
    }
    pub fn text(self, s: &str) -> Self {
        self.bytes(s.as_bytes())
    }
    pub fn finish(self) -> Vec<u8> {
        self.0
    }
}

pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks size and version; returns the reader and the message tag.
    pub fn open(data: &'a [u8]) -> Result<(Self, u8), FrameError> {
        if data.is_empty() {
            return Err(FrameError::Empty);
        }
        if data.len() > MAX_FRAME {
            return Err(FrameError::TooLarge(data.len()));
        }
        if data[0] != PROTOCOL_VERSION {
            return Err(FrameError::Version(data[0]));
        }
        let tag = *data.get(1).ok_or(FrameError::Truncated("the message type"))?;
        Ok((Self { data, pos: 2 }, tag))
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], FrameError> {
        let end = self.pos.checked_add(n).ok_or(FrameError::Truncated(what))?;
        let slice = self.data.get(self.pos..end).ok_or(FrameError::Truncated(what))?;
        self.pos = end;
        Ok(slice)
    }

    pub fn u8(&mut self, what: &'static str) -> Result<u8, FrameError> {
        Ok(self.take(1, what)?[0])
    }

    pub fn varint(&mut self, what: &'static str) -> Result<u64, FrameError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8(what)?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                if shift == 63 && byte > 1 {
                    return Err(FrameError::BadValue(what));
                }
                return Ok(value);
            }
        }
        Err(FrameError::BadValue(what))
    }

    pub fn id(&mut self, what: &'static str) -> Result<[u8; 16], FrameError> {
        let mut out = [0u8; 16];
        out.copy_from_slice(self.take(16, what)?);
        Ok(out)
    }

    pub fn key(&mut self, what: &'static str) -> Result<[u8; 32], FrameError> {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.take(32, what)?);
        Ok(out)
    }

    /// A varint that must fit in 32 bits (a key epoch).
    pub fn u32(&mut self, what: &'static str) -> Result<u32, FrameError> {
        u32::try_from(self.varint(what)?).map_err(|_| FrameError::BadValue(what))
    }

    pub fn bytes(&mut self, what: &'static str, max: usize) -> Result<&'a [u8], FrameError> {
        let len = self.varint(what)?;
        if len > max as u64 {
            return Err(FrameError::TooLong(what));
        }
        self.take(len as usize, what)
    }

    pub fn text(&mut self, what: &'static str, max: usize) -> Result<String, FrameError> {
        let bytes = self.bytes(what, max)?;
        std::str::from_utf8(bytes).map(str::to_string).map_err(|_| FrameError::BadText(what))
    }

    pub fn bool(&mut self, what: &'static str) -> Result<bool, FrameError> {
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(FrameError::BadValue(what)),
        }
    }

    /// A count of list items, checked against what the rest of the frame could hold.
    pub fn count(
        &mut self,
        what: &'static str,
        max: usize,
        min_item_size: usize,
    ) -> Result<usize, FrameError> {
        let n = self.varint(what)?;
        let remaining = self.data.len() - self.pos;
        if n > max as u64 || n.saturating_mul(min_item_size as u64) > remaining as u64 {
            return Err(FrameError::TooLong(what));
        }
        Ok(n as usize)
    }

    pub fn finish(self) -> Result<(), FrameError> {
        match self.data.len() - self.pos {
            0 => Ok(()),
            n => Err(FrameError::Trailing(n)),
        }
    }
}
