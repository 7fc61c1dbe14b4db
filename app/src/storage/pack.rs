//! Several byte fields as one sealed value: each field is a 4-byte big-endian length, then its
//! bytes. Used for outbox entries (`doc`, change) and quarantined chunks (`doc`, `chunk`,
//! message, bytes), whose fields were separate properties before they were sealed.

/// Joins `fields` so [`unpack`] can split them again.
pub fn pack(fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fields.iter().map(|f| f.len() + 4).sum());
    for field in fields {
        out.extend_from_slice(&(field.len() as u32).to_be_bytes());
        out.extend_from_slice(field);
    }
    out
}

/// Splits what [`pack`] joined; `None` when the lengths do not add up (damaged data).
pub fn unpack(mut bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut fields = Vec::new();
    while !bytes.is_empty() {
        let (len, rest) = bytes.split_at_checked(4)?;
        let len = u32::from_be_bytes(len.try_into().ok()?) as usize;
        let (field, rest) = rest.split_at_checked(len)?;
        fields.push(field);
        bytes = rest;
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn fields_come_back_as_they_went_in_even_empty_ones() {
        let packed = pack(&[b"contacts", b"", &[0, 1, 2, 255]]);
        assert_eq!(unpack(&packed), Some(vec![&b"contacts"[..], &b""[..], &[0, 1, 2, 255][..]]));
    }

    #[test]
    fn a_length_past_the_end_is_damage_not_a_panic() {
        let mut packed = pack(&[b"doc", b"bytes"]);
        packed.truncate(packed.len() - 1);
        assert_eq!(unpack(&packed), None);
        assert_eq!(unpack(&[0, 0, 0]), None);
    }
}
