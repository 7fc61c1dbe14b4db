//! Pieces several messages share on the wire: optional ids and device key lists.

use super::*;

/// An optional id on the wire: a flag byte, then the id if present.
pub(super) fn optional_id(w: Writer, id: Option<&[u8; 16]>) -> Writer {
    match id {
        Some(id) => w.u8(1).id(id),
        None => w.u8(0),
    }
}

/// A device key record on the wire: device, public key, epoch, tag.
pub(super) fn write_record(w: Writer, record: &KeyRecord) -> Writer {
    w.id(&record.device.0).key(&record.public).varint(u64::from(record.epoch)).key(&record.tag)
}

/// A list of device key records, as `DeviceKeys` and `KeysWanted` carry them.
pub(super) fn write_records(mut w: Writer, records: &[KeyRecord]) -> Writer {
    w = w.varint(records.len() as u64);
    for record in records {
        w = write_record(w, record);
    }
    w
}

pub(super) fn read_records(r: &mut Reader<'_>) -> Result<Vec<KeyRecord>, FrameError> {
    let n = r.count("device keys", MAX_ITEMS, 81)?;
    let mut records = Vec::with_capacity(n);
    for _ in 0..n {
        records.push(read_record(r)?);
    }
    Ok(records)
}

/// A list of sealed epoch keys, as `EpochKeys` and `ShareKeys` carry them.
pub(super) fn write_keys(mut w: Writer, keys: &[Vec<u8>]) -> Writer {
    w = w.varint(keys.len() as u64);
    for key in keys {
        w = w.bytes(key);
    }
    w
}

pub(super) fn read_keys(r: &mut Reader<'_>) -> Result<Vec<Vec<u8>>, FrameError> {
    let n = r.count("sealed keys", MAX_ITEMS, 1)?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(r.bytes("sealed key", MAX_SEALED_KEY)?.to_vec());
    }
    Ok(keys)
}

pub(super) fn read_record(r: &mut Reader<'_>) -> Result<KeyRecord, FrameError> {
    Ok(KeyRecord {
        device: DeviceId(r.id("device")?),
        public: r.key("public key")?,
        epoch: r.u32("key epoch")?,
        tag: r.key("key tag")?,
    })
}
