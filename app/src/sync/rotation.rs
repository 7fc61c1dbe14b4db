//! Changing the team key after a tablet is removed (issue 11), as the Team screen sees it.
//!
//! The screen that removes a tablet records the rotation as owed in IndexedDB, then asks the
//! syncing tab's driver (which may be another tab) over a `BroadcastChannel`. The driver
//! rotates when online, says how it goes on the same channel, and clears the record only once
//! the team is on a newer key epoch: a rotation survives a restart or a lost connection
//! between the removal and the new key.

use shared::protocol::DeviceId;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

use crate::storage::{ChunkStore, StorageError};

const CHANNEL: &str = "rapport-key-rotation";
/// Meta key of the removed tablets whose rotation is not yet done, one device id a line.
const OWED: &str = "rotation-owed";
const ASK: &str = "rotate";

/// How a rotation stands, as the driver tells the Team screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotationNote {
    /// Under way with the relay.
    Changing,
    /// Owed, waiting for a connection to the relay.
    Waiting,
    /// The team is on this key epoch; the removed tablets were left out of it.
    Done(u32),
    /// Not done (no randomness, or the relay refused); tried again at the next start.
    Failed,
}

impl RotationNote {
    fn encode(self) -> String {
        match self {
            Self::Changing => "changing".into(),
            Self::Waiting => "waiting".into(),
            Self::Done(epoch) => format!("done {epoch}"),
            Self::Failed => "failed".into(),
        }
    }

    fn decode(text: &str) -> Option<Self> {
        match text {
            "changing" => Some(Self::Changing),
            "waiting" => Some(Self::Waiting),
            "failed" => Some(Self::Failed),
            other => other.strip_prefix("done ")?.parse().ok().map(Self::Done),
        }
    }

    /// What the person who removed the tablet reads.
    pub fn text(self) -> String {
        match self {
            Self::Changing => "Changing the team key…".into(),
            Self::Waiting => "Changing the team key: waiting for a connection to the relay. It \
                              finishes by itself once this tablet is online."
                .into(),
            Self::Done(epoch) => format!(
                "Team key changed (update {epoch}). The removed tablet cannot read anything \
                 written from now on."
            ),
            Self::Failed => "The team key could not be changed yet. Rapport tries again when it \
                             next starts; keep this tablet online."
                .into(),
        }
    }
}

/// The removed tablets whose rotation is still owed.
pub async fn owed(store: &ChunkStore) -> Vec<DeviceId> {
    let text = store.read_meta(OWED).await.ok().flatten().unwrap_or_default();
    text.lines().filter_map(|l| l.parse().ok()).collect()
}

/// Forgets the owed rotations for `done` (those a finished rotation left out).
pub async fn settle(store: &ChunkStore, done: &[DeviceId]) -> Result<(), StorageError> {
    let left: Vec<String> = owed(store)
        .await
        .into_iter()
        .filter(|d| !done.contains(d))
        .map(|d| d.to_string())
        .collect();
    store.write_meta(OWED, &left.join("\n")).await
}

/// Records that removing `device` owes a rotation, then asks the syncing tab to do it.
pub async fn rotate_after_removing(
    store: &ChunkStore,
    device: DeviceId,
) -> Result<(), StorageError> {
    let mut list = owed(store).await;
    if !list.contains(&device) {
        list.push(device);
    }
    let text: Vec<String> = list.iter().map(ToString::to_string).collect();
    store.write_meta(OWED, &text.join("\n")).await?;
    post(ASK);
    Ok(())
}

fn post(text: &str) {
    if let Ok(channel) = BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&text.into());
        channel.close();
    }
}

/// Tells every tab's Team screen how the rotation stands.
pub(super) fn tell(note: RotationNote) {
    post(&note.encode());
}

/// Listens on the rotation channel while alive; dropping it stops listening.
pub struct Listener {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

fn listen(mut on_text: impl FnMut(String) + 'static) -> Option<Listener> {
    let channel = BroadcastChannel::new(CHANNEL).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(text) = e.data().as_string() {
            on_text(text);
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(Listener { channel, _on_message: on_message })
}

/// The Team screen's view of rotations: every note the driver sends.
pub fn watch(on_note: impl Fn(RotationNote) + 'static) -> Option<Listener> {
    listen(move |text| {
        if let Some(note) = RotationNote::decode(&text) {
            on_note(note);
        }
    })
}

/// The driver's ear: `on_ask` runs whenever a tab asks for a rotation.
pub(super) fn requests(on_ask: impl Fn() + 'static) -> Option<Listener> {
    listen(move |text| {
        if text == ASK {
            on_ask();
        }
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn notes_survive_the_trip_between_tabs() {
        for note in [
            RotationNote::Changing,
            RotationNote::Waiting,
            RotationNote::Done(3),
            RotationNote::Failed,
        ] {
            assert_eq!(RotationNote::decode(&note.encode()), Some(note));
        }
        assert_eq!(RotationNote::decode(ASK), None);
        assert_eq!(RotationNote::decode("done x"), None);
    }
}
