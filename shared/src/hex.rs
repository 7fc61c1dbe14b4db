//! Lowercase hexadecimal text for ids, codes and keys: the one encoder and decoder the app,
//! the relay and the tests share, so every side writes and accepts the same text.
//!
//! Decoding never panics: text of the wrong length or with a non-hex character (including any
//! non-ASCII one) is refused as a whole.

/// `bytes` as lowercase hex, two digits a byte.
pub fn encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(2 * bytes.len());
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    text
}

/// Exactly `N` bytes from `2 * N` hex digits (either case); `None` for anything else.
pub fn decode<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// Any number of bytes from hex digits (either case); `None` for an odd length or a non-hex
/// character.
pub fn decode_vec(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits.chunks_exact(2).map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
}

fn nibble(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).map(|d| d as u8)
}

/// A fixed-size byte field as hex text in JSON: `#[serde(with = "crate::hex::array")]`.
#[cfg(feature = "documents")]
pub mod array {
    use serde::Deserialize;

    pub fn serialize<S: serde::Serializer, const N: usize>(
        bytes: &[u8; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::encode(bytes))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::decode(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("expected {} hex digits", 2 * N)))
    }
}

/// A byte field of any length as hex text in JSON: `#[serde(with = "crate::hex::bytes")]`.
#[cfg(feature = "documents")]
pub mod bytes {
    use serde::Deserialize;

    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::encode(bytes))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::decode_vec(&text).ok_or_else(|| serde::de::Error::custom("expected hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_through_lowercase_hex() {
        let bytes = [0x00, 0x0f, 0xa5, 0xff];
        assert_eq!(encode(&bytes), "000fa5ff");
        assert_eq!(decode::<4>("000fa5ff"), Some(bytes));
        assert_eq!(decode::<4>("000FA5FF"), Some(bytes));
        assert_eq!(decode_vec("000fa5ff"), Some(bytes.to_vec()));
        assert_eq!(decode_vec(""), Some(Vec::new()));
    }

    #[test]
    fn wrong_lengths_and_non_hex_text_are_refused_without_panicking() {
        assert_eq!(decode::<2>("abc"), None);
        assert_eq!(decode::<2>("abcdef"), None);
        assert_eq!(decode::<2>("abcg"), None);
        assert_eq!(decode::<2>("é1a"), None, "a two-byte character where a digit should be");
        assert_eq!(decode::<2>("+1a2"), None, "a sign, which from_str_radix would accept");
        assert_eq!(decode_vec("abc"), None);
        assert_eq!(decode_vec("zz"), None);
    }
}
