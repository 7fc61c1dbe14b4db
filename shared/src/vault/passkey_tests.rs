//! Fingerprint or face unlock as a story: Maria sets it up on her tablet, uses it, and removes it.

use super::*;

const QUICK: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

#[test]
fn maria_sets_up_a_passkey_replaces_it_and_removes_it_keeping_her_pin() {
    let key = DataKey::generate().unwrap();
    let pin = UnlockSecret::new("482913").unwrap();
    let mut maria = StaffProfile::new("Maria", &key, &pin, QUICK).unwrap();
    assert!(!maria.has_passkey());
    assert_eq!(PasskeyOffer::for_profile(&maria, true), PasskeyOffer::CanSetUp);
    assert_eq!(PasskeyOffer::for_profile(&maria, false), PasskeyOffer::Unsupported);

    // Step 1: she sets it up; the lock screen now offers it, and both ways open the data.
    let salt = prf_salt().unwrap();
    maria.set_passkey(&key, b"first", salt, &[7; 32]).unwrap();
    assert!(maria.has_passkey());
    assert_eq!(PasskeyOffer::for_profile(&maria, true), PasskeyOffer::SetUp);
    assert!(maria.unlock_with_prf(b"first", &[7; 32]).is_ok());
    assert!(maria.unlock_with_secret("482913").is_ok());

    // Step 2: setting it up again (a new fingerprint) replaces the first, never adds a second.
    maria.set_passkey(&key, b"second", prf_salt().unwrap(), &[8; 32]).unwrap();
    assert_eq!(maria.passkeys().map(|(id, _)| id.to_vec()).collect::<Vec<_>>(), [b"second"]);
    assert_eq!(maria.unlock_with_prf(b"first", &[7; 32]).unwrap_err(), VaultError::WrongMethod);
    assert_eq!(maria.unlock_with_prf(b"second", &[9; 32]).unwrap_err(), VaultError::WrongSecret);

    // Step 3: removing it leaves the PIN, so the lock screen shows only the PIN field.
    maria.remove_passkeys();
    assert!(!maria.has_passkey());
    assert_eq!(maria.unlocks.len(), 1);
    assert_eq!(maria.secret_kind(), Some(SecretKind::Pin));
    assert!(maria.unlock_with_secret("482913").is_ok());

    // A browser without WebAuthn never offers a passkey saved earlier.
    maria.set_passkey(&key, b"third", salt, &[1; 32]).unwrap();
    assert_eq!(PasskeyOffer::for_profile(&maria, false), PasskeyOffer::Unsupported);
}
