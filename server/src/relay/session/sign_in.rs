//! A connection's first frame: sign in with a device token, create the team with the setup
//! code, or join it with an invite. Wrong credentials are counted (see `limits::Attempts`),
//! but a valid one is never refused however many wrong ones came before it.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use shared::protocol::{
    ClientMessage, DeviceId, ErrorCode, OneTimeCode, ServerMessage, TeamId, Token,
};

use super::Member;
use super::store_call::blocking;
use crate::relay::Relay;
use crate::relay::limits::{Key, wait_text};
use crate::relay::refusal::Refusal;
use crate::relay::secrets::{hash, now_ms, random16};
use crate::store::{Auth, NewDevice, RelayStore};

/// A wrong credential past the limit is answered this late, to slow guessing further.
const WRONG_AFTER_LIMIT: Duration = Duration::from_secs(1);

/// Signs the connection in from its first frame; returns who it is and the `Welcome`.
pub(super) async fn sign_in(
    relay: &Arc<Relay>,
    peer: IpAddr,
    frame: &[u8],
) -> Result<(Member, ServerMessage), Refusal> {
    let message = ClientMessage::decode(frame)
        .map_err(|e| Refusal::new(ErrorCode::BadFrame, e.to_string()))?;
    match message {
        ClientMessage::Hello { team, device, token } => {
            hello(relay, peer, team, device, token).await
        }
        ClientMessage::CreateTeam { setup, device_name } => {
            let (team, device, token) = fresh_identity()?;
            let name = clean_name(&device_name)?;
            let ok = redeem(relay, &[Key::Address(peer)], setup, move |s, code| {
                let new = new_device(team, device, &name, &token);
                s.create_team(code, &new)
            })
            .await?;
            if !ok {
                return Err(Refusal::new(
                    ErrorCode::SetupInvalid,
                    "the setup code is wrong, or this relay already has a team",
                ));
            }
            relay.team_created();
            tracing::info!("team created by device {device}");
            Ok(welcome(team, device, Some(token)))
        }
        ClientMessage::Join { team, invite, device_name } => {
            let (_, device, token) = fresh_identity()?;
            let name = clean_name(&device_name)?;
            let keys = [Key::Address(peer), Key::Team(team)];
            let ok = redeem(relay, &keys, invite, move |s, code| {
                let new = new_device(team, device, &name, &token);
                s.redeem_invite(code, &new)
            })
            .await?;
            if !ok {
                return Err(Refusal::new(
                    ErrorCode::InviteInvalid,
                    "this invite is unknown, already used or expired; ask for a new one",
                ));
            }
            Ok(welcome(team, device, Some(token)))
        }
        _ => Err(Refusal::new(ErrorCode::NotAllowed, "sign in first")),
    }
}

/// A known device signing in with its token.
async fn hello(
    relay: &Arc<Relay>,
    peer: IpAddr,
    team: TeamId,
    device: DeviceId,
    token: Token,
) -> Result<(Member, ServerMessage), Refusal> {
    // The token is checked first, so a valid one is never refused however many wrong ones
    // came from the same network; the count only decides how to answer a wrong one.
    let attempt = relay.attempts.begin(&[Key::Address(peer), Key::Device(team, device)]);
    let token_hash = hash(&token.0);
    match blocking(relay, move |s| s.authenticate(team, device, token_hash)).await? {
        Auth::Ok => Ok(welcome(team, device, None)),
        Auth::Revoked => {
            Err(Refusal::new(ErrorCode::Revoked, "this device was removed from the team"))
        }
        Auth::Unknown if attempt.failed() => {
            tokio::time::sleep(WRONG_AFTER_LIMIT).await;
            Err(Refusal::new(
                ErrorCode::TooManyAttempts,
                format!(
                    "too many failed sign-ins for this device or from this network; {}",
                    wait_text()
                ),
            ))
        }
        Auth::Unknown => Err(Refusal::new(ErrorCode::Unauthorized, "unknown device or token")),
    }
}

/// The signed-in member (its connection id comes later, from the hub) and its `Welcome`;
/// `token` only for a device that was just created.
fn welcome(team: TeamId, device: DeviceId, token: Option<Token>) -> (Member, ServerMessage) {
    (Member { team, device, conn: 0 }, ServerMessage::Welcome { team, device, token })
}

/// Checks a one-time code against the store, counting wrong guesses per address (and per
/// team for invites). Like a token, a valid code is never refused.
async fn redeem(
    relay: &Arc<Relay>,
    keys: &[Key],
    code: OneTimeCode,
    f: impl FnOnce(&dyn RelayStore, [u8; 32]) -> crate::store::Result<bool> + Send + 'static,
) -> Result<bool, Refusal> {
    let attempt = relay.attempts.begin(keys);
    let code_hash = hash(&code.0);
    let ok = blocking(relay, move |s| f(s, code_hash)).await?;
    if !ok && attempt.failed() {
        tokio::time::sleep(WRONG_AFTER_LIMIT).await;
        return Err(Refusal::new(
            ErrorCode::TooManyAttempts,
            format!("too many wrong codes from this network; {}", wait_text()),
        ));
    }
    Ok(ok)
}

fn fresh_identity() -> Result<(TeamId, DeviceId, Token), Refusal> {
    let fail = |_| {
        Refusal::new(ErrorCode::Internal, "the relay could not generate an identity; try again")
    };
    Ok((
        TeamId(random16().map_err(fail)?),
        DeviceId(random16().map_err(fail)?),
        Token(random16().map_err(fail)?),
    ))
}

/// A device joining now, with only its token's hash kept.
fn new_device<'a>(team: TeamId, device: DeviceId, name: &'a [u8], token: &Token) -> NewDevice<'a> {
    NewDevice { team, device, name, token: hash(&token.0), now_ms: now_ms() }
}

/// Device names arrive sealed with the team key; the relay can only check they are there.
fn clean_name(name: &[u8]) -> Result<Vec<u8>, Refusal> {
    if name.is_empty() {
        return Err(Refusal::new(ErrorCode::NotAllowed, "give this device a name"));
    }
    Ok(name.to_vec())
}
