//! Opaque 128-bit identifiers and secrets that travel in frames.

use std::fmt;
use std::str::FromStr;

/// Occurs when text that should be an id or code is not 32 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected 32 hexadecimal digits, got {0} characters")]
pub struct OpaqueIdParseError(pub usize);

macro_rules! opaque {
    ($(#[$doc:meta])* $name:ident, secret = $secret:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            pub fn to_hex(&self) -> String {
                crate::hex::encode(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if $secret {
                    write!(f, concat!(stringify!($name), "(…)"))
                } else {
                    write!(f, concat!(stringify!($name), "({})"), self.to_hex())
                }
            }
        }

        /// As its hex text, so it can key a JSON object.
        #[cfg(feature = "documents")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_hex())
            }
        }

        #[cfg(feature = "documents")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl FromStr for $name {
            type Err = OpaqueIdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                crate::hex::decode(s).map(Self).ok_or_else(|| OpaqueIdParseError(s.chars().count()))
            }
        }
    };
}

opaque!(
    /// A team: the devices that share one referral network and one team key.
    TeamId, secret = false
);
opaque!(
    /// One device (tablet) in a team, chosen by the relay when it joins.
    DeviceId, secret = false
);
opaque!(
    /// A document as the relay knows it: a keyed hash of its name, so the relay cannot tell
    /// which month or kind of record a document holds.
    DocId, secret = false
);
opaque!(
    /// A device's secret for authenticating to the relay; the relay keeps only its hash.
    Token, secret = true
);
opaque!(
    /// A one-time secret code: the relay's setup code, an invite, or an admin recovery code.
    OneTimeCode, secret = true
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_hex_and_secrets_stay_out_of_logs() {
        let t = Token([0xab; 16]);
        assert_eq!(t.to_hex().parse::<Token>().unwrap(), t);
        assert_eq!(format!("{t:?}"), "Token(…)");
        assert!(format!("{:?}", TeamId([1; 16])).contains("0101"));
        assert!("xyz".parse::<DeviceId>().is_err());
    }
}
