//! Team membership on this device: its credentials, and the one-off requests to the relay
//! that create or join a team and manage its devices.

use futures_util::StreamExt;
use shared::keyring::{DeviceKeyPair, Keyring};
use shared::protocol::{
    ClientMessage, DeviceId, DeviceInfo, ErrorCode, OneTimeCode, Role, ServerMessage, TeamId,
};
use shared::seal::TeamKey;
use shared::sync::{Credentials, stored};

use super::socket::{Socket, SocketError, SocketEvent, relay_url, sleep};
use crate::storage::{ChunkStore, StorageError};

const TEAM: &str = "team";

/// Occurs when a request to the relay about the team fails; each message says what to do.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TeamError {
    /// Occurs when the page's address names no relay (it was not served by one).
    #[error("Rapport cannot tell where its relay is")]
    NoRelay,
    #[error(transparent)]
    Socket(#[from] SocketError),
    /// Occurs when the relay cannot be reached or does not answer within 15 seconds.
    #[error("Could not reach the relay. Check the internet connection, then try again.")]
    Unreachable,
    /// Occurs when the relay refuses the request; worded for the person holding the tablet.
    #[error("{}", explain(*code, message))]
    Refused { code: ErrorCode, message: String },
    /// Occurs when the relay's reply cannot be decoded.
    #[error("{0}")]
    Frame(#[from] shared::protocol::FrameError),
    /// Occurs when the relay answers with a message that does not fit the request.
    #[error("The relay answered unexpectedly ({0}).")]
    Unexpected(String),
    /// Occurs when the browser has no secure randomness to make the team key with.
    #[error("This browser could not make a secure key: {0}")]
    Key(String),
    /// Occurs when the browser has no secure randomness to seal the tablet's name with.
    #[error("This browser could not seal the tablet's name: {0}")]
    SealName(String),
    /// Occurs when the device's storage refuses to keep or forget the membership.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn unexpected(reply: ServerMessage) -> TeamError {
    TeamError::Unexpected(format!("{reply:?}"))
}

/// This device's membership: who it is to the relay, and the team key.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Membership {
    pub creds: Credentials,
    pub device_name: String,
    /// Absent on tablets that joined before key rotation; made on their next start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<DeviceKeys>,
}

/// The team key epochs this device holds and its X25519 secret, to which new epochs are sealed
/// (issue 11). Kept with the membership, so in the same storage as the team key.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct DeviceKeys {
    pub keyring: Keyring,
    #[serde(with = "shared::hex::array")]
    secret: [u8; 32],
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceKeys({:?}, secret …)", self.keyring)
    }
}

impl DeviceKeys {
    /// A fresh key pair for a device holding only `key`, the team's original key.
    pub fn generate(key: &TeamKey) -> Result<Self, TeamError> {
        let pair = DeviceKeyPair::generate().map_err(|e| TeamError::Key(e.to_string()))?;
        Ok(Self { keyring: Keyring::new(key.clone()), secret: *pair.secret_bytes() })
    }

    pub fn pair(&self) -> DeviceKeyPair {
        DeviceKeyPair::from_secret_bytes(self.secret)
    }
}

impl Membership {
    fn encode(&self) -> String {
        stored::to_text(self)
    }

    fn decode(text: &str) -> Option<Self> {
        stored::from_text(text).or_else(|| Self::decode_lines(text))
    }

    /// Tablets that joined before JSON kept `name=value` lines; read them so nobody re-joins.
    fn decode_lines(text: &str) -> Option<Self> {
        let get = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix('='));
        Some(Self {
            creds: Credentials {
                team: get("team")?.parse().ok()?,
                device: get("device")?.parse().ok()?,
                token: get("token")?.parse().ok()?,
                key: TeamKey::from_hex(get("key")?).ok()?,
            },
            device_name: get("name").unwrap_or_default().to_string(),
            keys: None,
        })
    }

    pub async fn load(store: &ChunkStore) -> Option<Self> {
        store.read_meta(TEAM).await.ok().flatten().and_then(|t| Self::decode(&t))
    }

    pub async fn save(&self, store: &ChunkStore) -> Result<(), StorageError> {
        store.write_meta(TEAM, &self.encode()).await
    }

    pub async fn forget(store: &ChunkStore) -> Result<(), StorageError> {
        store.write_meta(TEAM, "").await
    }
}

/// What a relay refusal means for the person holding the tablet.
pub fn explain(code: ErrorCode, message: &str) -> String {
    match code {
        ErrorCode::SetupInvalid => "This setup link was already used, or the relay already has a team. Ask a teammate for an invite instead.".into(),
        ErrorCode::InviteInvalid => "This invite was already used or has expired. Ask a teammate for a new invite.".into(),
        ErrorCode::TooManyAttempts => "Too many wrong codes from this network. Wait ten minutes, then try again.".into(),
        ErrorCode::Revoked => "This tablet was removed from the team. Ask a teammate for a new invite to rejoin.".into(),
        ErrorCode::Unauthorized => "The relay does not recognise this tablet. Ask a teammate for a new invite.".into(),
        ErrorCode::NotAdmin => "Only an admin of the team can do this. Ask one of the team's admins.".into(),
        ErrorCode::LastAdmin => "This is the team's last admin. Make another tablet an admin first.".into(),
        _ => format!("The relay refused: {message}."),
    }
}

/// Opens a connection, sends `first` (and, once welcomed, `then`), and returns the reply.
async fn one_shot(
    first: ClientMessage,
    then: Option<ClientMessage>,
) -> Result<ServerMessage, TeamError> {
    let url = relay_url().ok_or(TeamError::NoRelay)?;
    let (tx, mut rx) = futures_channel::mpsc::unbounded();
    let socket = Socket::open(&url, move |e| {
        let _ = tx.unbounded_send(e);
    })?;
    let mut then = then;
    let deadline = sleep(15_000);
    futures_util::pin_mut!(deadline);
    loop {
        let next = futures_util::future::select(rx.next(), &mut deadline).await;
        let event = match next {
            futures_util::future::Either::Left((Some(e), _)) => e,
            _ => return Err(TeamError::Unreachable),
        };
        match event {
            SocketEvent::Opened => {
                socket.send(&first.encode());
            }
            SocketEvent::Closed => return Err(TeamError::Unreachable),
            SocketEvent::Frame(frame) => match ServerMessage::decode(&frame)? {
                ServerMessage::Error { code, message } => {
                    return Err(TeamError::Refused { code, message });
                }
                ServerMessage::Welcome { .. } if then.is_some() => {
                    if let Some(next) = then.take() {
                        socket.send(&next.encode());
                    }
                }
                ServerMessage::Live { .. } | ServerMessage::Pong => {}
                reply => return Ok(reply),
            },
        }
    }
}

fn hello(c: &Credentials) -> ClientMessage {
    ClientMessage::Hello { team: c.team, device: c.device, token: c.token }
}

fn welcomed(
    reply: ServerMessage,
    key: TeamKey,
    device_name: &str,
) -> Result<Membership, TeamError> {
    match reply {
        ServerMessage::Welcome { team, device, token: Some(token) } => Ok(Membership {
            keys: Some(DeviceKeys::generate(&key)?),
            creds: Credentials { team, device, token, key },
            device_name: device_name.to_string(),
        }),
        other => Err(unexpected(other)),
    }
}

/// The relay keeps device names sealed with the team key, like documents.
fn seal_name(key: &TeamKey, name: &str) -> Result<Vec<u8>, TeamError> {
    key.seal_name(name).map_err(|e| TeamError::SealName(e.to_string()))
}

/// A device's name from the relay's list, opened with the team key.
pub fn device_name(m: &Membership, d: &DeviceInfo) -> String {
    m.creds.key.open_name(&d.name).unwrap_or_else(|_| {
        // Relays from before names were sealed list them in plain text.
        String::from_utf8(d.name.clone()).unwrap_or_else(|_| "Unnamed tablet".into())
    })
}

/// Creates the team with the relay's one-time setup code; makes the team key here.
pub async fn create(setup: OneTimeCode, device_name: &str) -> Result<Membership, TeamError> {
    let key = TeamKey::generate().map_err(|e| TeamError::Key(e.to_string()))?;
    let sealed = seal_name(&key, device_name)?;
    let reply = one_shot(ClientMessage::CreateTeam { setup, device_name: sealed }, None).await?;
    welcomed(reply, key, device_name)
}

pub async fn join(
    team: TeamId,
    invite: OneTimeCode,
    key: TeamKey,
    device_name: &str,
) -> Result<Membership, TeamError> {
    let sealed = seal_name(&key, device_name)?;
    let reply = one_shot(ClientMessage::Join { team, invite, device_name: sealed }, None).await?;
    welcomed(reply, key, device_name)
}

pub async fn invite(m: &Membership) -> Result<(OneTimeCode, u64), TeamError> {
    match one_shot(hello(&m.creds), Some(ClientMessage::CreateInvite { ttl_secs: 0 })).await? {
        ServerMessage::Invite { code, expires_at_ms } => Ok((code, expires_at_ms)),
        other => Err(unexpected(other)),
    }
}

pub async fn devices(m: &Membership) -> Result<Vec<DeviceInfo>, TeamError> {
    match one_shot(hello(&m.creds), Some(ClientMessage::ListDevices)).await? {
        ServerMessage::Devices { devices } => Ok(devices),
        other => Err(unexpected(other)),
    }
}

pub async fn revoke(m: &Membership, device: DeviceId) -> Result<Vec<DeviceInfo>, TeamError> {
    match one_shot(hello(&m.creds), Some(ClientMessage::Revoke { device })).await? {
        ServerMessage::Devices { devices } => Ok(devices),
        other => Err(unexpected(other)),
    }
}

/// Makes `device` an admin or a member again (admins only).
pub async fn set_role(
    m: &Membership,
    device: DeviceId,
    role: Role,
) -> Result<Vec<DeviceInfo>, TeamError> {
    match one_shot(hello(&m.creds), Some(ClientMessage::SetRole { device, role })).await? {
        ServerMessage::Devices { devices } => Ok(devices),
        other => Err(unexpected(other)),
    }
}

/// Makes this tablet an admin with a recovery code from `rapport-server recover`.
pub async fn claim_admin(m: &Membership, code: OneTimeCode) -> Result<Vec<DeviceInfo>, TeamError> {
    match one_shot(hello(&m.creds), Some(ClientMessage::ClaimAdmin { code })).await? {
        ServerMessage::Devices { devices } => Ok(devices),
        other => Err(unexpected(other)),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use shared::protocol::{DeviceId, Token};

    use super::*;

    fn membership() -> Membership {
        let key = TeamKey::from_hex(&"cd".repeat(32)).unwrap();
        Membership {
            keys: Some(DeviceKeys::generate(&key).unwrap()),
            creds: Credentials {
                team: TeamId([1; 16]),
                device: DeviceId([2; 16]),
                token: Token([3; 16]),
                key,
            },
            device_name: "Outreach tablet 1\nsecond line".into(),
        }
    }

    #[test]
    fn membership_round_trips_and_old_tablets_keep_theirs() {
        let m = membership();
        let back = Membership::decode(&m.encode()).unwrap();
        assert_eq!(back.device_name, m.device_name);
        assert_eq!(back.creds.key, m.creds.key);
        let (keys, back_keys) = (m.keys.as_ref().unwrap(), back.keys.as_ref().unwrap());
        assert_eq!(back_keys.keyring, keys.keyring);
        assert_eq!(back_keys.pair().public(), keys.pair().public());
        assert!(
            !format!("{m:?}").contains(&shared::hex::encode(&keys.secret)),
            "no secret in logs"
        );
        let old = format!(
            "team={}\ndevice={}\ntoken={}\nkey={}\nname=Front desk",
            m.creds.team,
            m.creds.device,
            m.creds.token.to_hex(),
            m.creds.key.to_hex()
        );
        let upgraded = Membership::decode(&old).unwrap();
        assert_eq!(
            (upgraded.creds.device, upgraded.device_name.as_str()),
            (m.creds.device, "Front desk")
        );
    }
}
