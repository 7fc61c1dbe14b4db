//! Invite links: everything a new device needs to join, in the part of a URL after `#`,
//! which browsers never send to a server. The relay sees the invite code only when the new
//! device presents it; it never sees the team key.

use crate::protocol::{OneTimeCode, TeamId};
use crate::seal::TeamKey;

/// Occurs when pasted text is not a complete Rapport invite link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "this is not a complete Rapport invite link ({0} is missing or damaged); copy the whole link again"
)]
pub struct InviteParseError(pub &'static str);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub team: TeamId,
    pub code: OneTimeCode,
    pub key: TeamKey,
}

/// The value of `name` in a `#a=1&b=2` fragment (or a whole link containing one).
fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    fragment.split('&').find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

impl Invite {
    /// The link a teammate opens (or scans) on the new device.
    pub fn link(&self, origin: &str) -> String {
        format!(
            "{origin}/join#team={}&invite={}&key={}",
            self.team,
            self.code.to_hex(),
            self.key.to_hex()
        )
    }

    /// Reads a whole invite link, or just its fragment.
    pub fn parse(text: &str) -> Result<Self, InviteParseError> {
        let text = text.trim();
        let team =
            field(text, "team").and_then(|t| t.parse().ok()).ok_or(InviteParseError("the team"))?;
        let code = field(text, "invite")
            .and_then(|c| c.parse().ok())
            .ok_or(InviteParseError("the invite code"))?;
        let key = field(text, "key")
            .and_then(|k| TeamKey::from_hex(k).ok())
            .ok_or(InviteParseError("the team key"))?;
        Ok(Self { team, code, key })
    }
}

/// The relay's one-time setup code from a setup link (`…/setup#code=…`).
pub fn setup_code(text: &str) -> Option<OneTimeCode> {
    field(text.trim(), "code")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_link_round_trips_and_keeps_the_key_in_the_fragment() {
        let invite = Invite {
            team: TeamId([3; 16]),
            code: OneTimeCode([4; 16]),
            key: TeamKey::from_hex(&"ab".repeat(32)).unwrap(),
        };
        let link = invite.link("https://rapport.example.org");
        let (before_fragment, _) = link.split_once('#').unwrap();
        assert!(!before_fragment.contains(&"ab".repeat(32)));
        assert_eq!(Invite::parse(&link).unwrap(), invite);
        assert_eq!(Invite::parse(link.split_once('#').unwrap().1).unwrap(), invite);
    }

    #[test]
    fn a_truncated_link_says_what_is_missing() {
        let err = Invite::parse("https://x/join#team=0303030303030303030303030303030303&invite=04")
            .unwrap_err();
        assert!(err.to_string().contains("team"));
        let err = Invite::parse(&format!(
            "#team={}&invite={}",
            TeamId([3; 16]),
            OneTimeCode([4; 16]).to_hex()
        ))
        .unwrap_err();
        assert_eq!(err, InviteParseError("the team key"));
    }

    #[test]
    fn the_setup_code_is_read_from_the_setup_link() {
        let code = OneTimeCode([9; 16]);
        assert_eq!(
            setup_code(&format!("http://127.0.0.1:8080/setup#code={}", code.to_hex())),
            Some(code)
        );
        assert_eq!(setup_code("http://127.0.0.1:8080/setup"), None);
    }
}
