//! Device protection as stories: Maria and Dev share a tablet at a health fair.

use super::*;

/// Tiny Argon2 settings so debug-build tests stay fast; the real cost is measured below.
const QUICK: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

fn same_key(a: &DataKey, b: &DataKey) -> bool {
    let sealed = seal_at_rest(a, "probe", "1", b"x").unwrap();
    open_at_rest(b, "probe", "1", &sealed).is_ok()
}

#[test]
fn a_new_pin_must_have_six_digits_and_no_pattern() {
    assert_eq!(UnlockSecret::pin("482913").unwrap().kind(), SecretKind::Pin);
    assert_eq!(UnlockSecret::pin("40719385").unwrap().kind(), SecretKind::Pin);
    assert_eq!(UnlockSecret::pin("12345").unwrap_err(), SecretError::PinTooShort);
    assert_eq!(UnlockSecret::pin("12a456").unwrap_err(), SecretError::PinNotDigits);
    assert_eq!(UnlockSecret::pin("٤٨٢٩١٣").unwrap_err(), SecretError::PinNotDigits);
    for repeated in ["000000", "999999", "121212", "123123", "11112222" /* not periodic */] {
        let result = UnlockSecret::pin(repeated);
        if repeated == "11112222" {
            assert!(result.is_ok(), "{repeated}");
        } else {
            assert_eq!(result.unwrap_err(), SecretError::PinRepeated, "{repeated}");
        }
    }
    for counting in ["123456", "654321", "890123", "0123456789", "210987"] {
        assert_eq!(UnlockSecret::pin(counting).unwrap_err(), SecretError::PinSequential);
    }
    let message = SecretError::PinSequential.to_string();
    assert!(message.contains("123456") || message.contains("choose"), "{message}");
}

#[test]
fn a_new_passphrase_needs_eight_characters_and_one_field_takes_either() {
    assert_eq!(UnlockSecret::passphrase("seven77").unwrap_err(), SecretError::PassphraseTooShort);
    assert!(UnlockSecret::passphrase("héllo wö").is_ok(), "eight characters, more bytes");
    assert_eq!(UnlockSecret::new("482913").unwrap().kind(), SecretKind::Pin);
    assert_eq!(UnlockSecret::new("123456").unwrap_err(), SecretError::PinSequential);
    assert_eq!(UnlockSecret::new("").unwrap_err(), SecretError::PassphraseTooShort);
    let secret = UnlockSecret::new("blue heron lake").unwrap();
    assert_eq!(secret.kind(), SecretKind::Passphrase);
    assert!(!format!("{secret:?}").contains("heron"));
}

#[test]
fn maria_unlocks_with_her_pin_and_a_wrong_pin_is_told_apart_from_damage() {
    // Step 1: Maria sets up the tablet; the data key exists only wrapped by her PIN.
    let key = DataKey::generate().unwrap();
    assert_eq!(format!("{key:?}"), "DataKey(…)");
    let pin = UnlockSecret::new("482913").unwrap();
    let maria = StaffProfile::new("Maria", &key, &pin, QUICK).unwrap();
    assert_eq!(maria.secret_kind(), Some(SecretKind::Pin));

    // Step 2: a mistyped PIN is a wrong secret; the right one gives back the same key.
    assert_eq!(maria.unlock_with_secret("482914").unwrap_err(), VaultError::WrongSecret);
    assert!(same_key(&maria.unlock_with_secret("482913").unwrap(), &key));

    // Step 3: a damaged record is reported as damage, which does not count as a guess.
    let mut damaged = maria.clone();
    damaged.unlocks[0].ciphertext[3] ^= 1;
    assert_eq!(damaged.unlock_with_secret("482913").unwrap_err(), VaultError::Corrupted);
    let mut damaged = maria.clone();
    damaged.unlocks[0].nonce[0] ^= 1;
    assert_eq!(damaged.unlock_with_secret("482913").unwrap_err(), VaultError::Corrupted);

    // Step 4: the profile survives storage as JSON, and a passkey is not a PIN.
    let json = serde_json::to_string(&maria).unwrap();
    assert!(json.contains(r#""type":"secret","secret":"pin""#), "{json}");
    let stored: StaffProfile = serde_json::from_str(&json).unwrap();
    assert!(same_key(&stored.unlock_with_secret("482913").unwrap(), &key));
    assert_eq!(stored.unlock_with_prf(b"cred", &[0; 32]).unwrap_err(), VaultError::WrongMethod);
}

#[test]
fn dev_shares_the_tablet_with_a_passphrase_and_a_passkey() {
    let key = DataKey::generate().unwrap();
    let maria = StaffProfile::new("Maria", &key, &UnlockSecret::new("482913").unwrap(), QUICK);
    let row = seal_at_rest(&key, "outbox", "17", b"referral for J.R.").unwrap();

    // Dev gets a profile of his own wrapping the same data key, then adds a passkey.
    let phrase = UnlockSecret::new("blue heron lake").unwrap();
    let mut dev = StaffProfile::new("Dev", &key, &phrase, QUICK).unwrap();
    let salt = prf_salt().unwrap();
    let prf_output = [0x5a; 32]; // what the authenticator returns for `salt`
    dev.unlocks.push(wrap_with_prf(&key, b"dev-passkey", salt, &prf_output).unwrap());
    assert_eq!(dev.passkeys().collect::<Vec<_>>(), [(&b"dev-passkey"[..], &salt)]);

    // Either of Dev's methods opens what was sealed while Maria was signed in.
    let by_prf = dev.unlock_with_prf(b"dev-passkey", &prf_output).unwrap();
    assert_eq!(open_at_rest(&by_prf, "outbox", "17", &row).unwrap(), b"referral for J.R.");
    let by_phrase = dev.unlock_with_secret("blue heron lake").unwrap();
    assert!(same_key(&by_phrase, &maria.unwrap().unlock_with_secret("482913").unwrap()));

    // Another authenticator's output, or Maria's PIN on Dev's profile, does not.
    assert_eq!(dev.unlock_with_prf(b"dev-passkey", &[1; 32]).unwrap_err(), VaultError::WrongSecret);
    assert_eq!(dev.unlock_with_prf(b"other", &prf_output).unwrap_err(), VaultError::WrongMethod);
    assert_eq!(dev.unlock_with_secret("482913").unwrap_err(), VaultError::WrongSecret);
    assert_eq!(unwrap_with_secret(&dev.unlocks[1], "x").unwrap_err(), VaultError::WrongMethod);

    // A wrap edited to name another credential no longer opens.
    let mut moved = dev.unlocks[1].clone();
    if let WrapKind::Prf { credential_id, .. } = &mut moved.kind {
        *credential_id = b"maria-passkey".to_vec();
    }
    assert_eq!(unwrap_with_prf(&moved, &prf_output).unwrap_err(), VaultError::Corrupted);
}

#[test]
fn stored_argon2_settings_out_of_range_are_refused_before_any_memory_is_taken() {
    let key = DataKey::generate().unwrap();
    let mut wrapped = wrap_with_secret(&key, &UnlockSecret::new("482913").unwrap(), QUICK).unwrap();
    for edit in [
        KdfParams { memory_kib: u32::MAX, ..QUICK },
        KdfParams { iterations: 0, ..QUICK },
        KdfParams { iterations: 1_000_000, ..QUICK },
        KdfParams { parallelism: 64, ..QUICK },
        KdfParams { memory_kib: 1, ..QUICK },
    ] {
        if let WrapKind::Secret { params, .. } = &mut wrapped.kind {
            *params = edit;
        }
        assert_eq!(unwrap_with_secret(&wrapped, "482913").unwrap_err(), VaultError::Params);
    }
}

#[test]
fn a_row_swapped_with_another_or_moved_to_another_store_does_not_open() {
    let key = DataKey::generate().unwrap();
    let at_rest = AtRest::new(&key);
    let chunk = at_rest.seal("chunks", "touchpoints-2026-03/0", b"Mercy General").unwrap();
    let other = at_rest.seal("chunks", "touchpoints-2026-03/1", b"St. Luke's").unwrap();
    assert!(!chunk.windows(5).any(|w| w == b"Mercy"));
    assert_eq!(chunk.len(), b"Mercy General".len() + 41);
    assert_eq!(at_rest.open("chunks", "touchpoints-2026-03/0", &chunk).unwrap(), b"Mercy General");

    assert_eq!(at_rest.open("chunks", "touchpoints-2026-03/0", &other), Err(VaultError::Forged));
    assert_eq!(at_rest.open("outbox", "touchpoints-2026-03/0", &chunk), Err(VaultError::Forged));
    let split = seal_at_rest(&key, "ab", "c", b"x").unwrap();
    assert_eq!(open_at_rest(&key, "a", "bc", &split), Err(VaultError::Forged));
    let stranger = DataKey::generate().unwrap();
    assert_eq!(open_at_rest(&stranger, "ab", "c", &split), Err(VaultError::Forged));

    let mut tampered = chunk.clone();
    tampered[30] ^= 1;
    assert_eq!(at_rest.open("chunks", "touchpoints-2026-03/0", &tampered), Err(VaultError::Forged));
    assert_eq!(at_rest.open("chunks", "x", &chunk[..30]), Err(VaultError::Truncated));
    assert_eq!(at_rest.open("chunks", "x", &[]), Err(VaultError::Truncated));
    assert_eq!(at_rest.open("chunks", "x", &[9; 60]), Err(VaultError::Format(9)));
}

#[test]
fn ten_wrong_tries_wipe_the_tablet_with_a_warning_on_the_last_three() {
    let mut attempts = Attempts::new();
    let mut said = Vec::new();
    for _ in 0..WIPE_AFTER {
        attempts.begin().unwrap();
        said.push(attempts.status());
    }
    let fine = (4..=9).rev().map(|left| Status::Fine { left });
    let warn = (1..=3).rev().map(|left| Status::Warn { left });
    let expected: Vec<_> = fine.chain(warn).chain([Status::Wipe]).collect();
    assert_eq!(said, expected);
    assert_eq!(attempts.begin(), Err(Exhausted), "no eleventh try");
    assert_eq!(attempts.wrong(), WIPE_AFTER);
}

#[test]
fn a_right_pin_resets_the_count_and_damage_is_forgiven() {
    let mut attempts = Attempts::new();
    for _ in 0..8 {
        attempts.begin().unwrap();
    }
    assert_eq!(attempts.status(), Status::Warn { left: 2 });
    // The tab closed during Argon2: the try still counts, as it was stored before deriving.
    attempts.begin().unwrap();
    assert_eq!(attempts.status(), Status::Warn { left: 1 });
    attempts.forgive();
    assert_eq!(attempts.status(), Status::Warn { left: 2 });
    attempts.begin().unwrap();
    attempts.succeeded();
    assert_eq!(attempts.status(), Status::Fine { left: WIPE_AFTER });
    let json = serde_json::to_string(&attempts).unwrap();
    assert_eq!(serde_json::from_str::<Attempts>(&json).unwrap(), attempts);
}

#[test]
fn argon2_settings_are_tuned_to_the_tablet_measured_at_setup() {
    let default = KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };
    assert_eq!(default.tuned(0.25, 0.5).iterations, 6, "a fast tablet gets more passes");
    assert_eq!(default.tuned(1.0, 0.5).iterations, 2, "a slow one fewer");
    assert_eq!(default.tuned(3.0, 0.5), KdfParams { iterations: 1, ..default });
    let slowest = default.tuned(4.0, 0.5);
    assert_eq!((slowest.iterations, slowest.memory_kib), (1, 24 * 1024), "then less memory");
    assert_eq!(default.tuned(100.0, 0.5).memory_kib, KdfParams::MIN_MEMORY_KIB, "a floor");
    assert_eq!(default.tuned(0.001, 0.5).iterations, KdfParams::MAX_ITERATIONS, "a ceiling");
    assert_eq!(default.tuned(f64::NAN, 0.5), default);
    assert_eq!(default.tuned(0.0, 0.5), default);
}

#[test]
fn the_lock_screen_counts_maria_s_wrong_pin_but_not_damaged_storage() {
    let key = DataKey::generate().unwrap();
    let maria = StaffProfile::new("Maria", &key, &UnlockSecret::new("482913").unwrap(), QUICK);
    let maria = maria.unwrap();
    let mut attempts = Attempts::new();

    attempts.begin().unwrap(); // stored before deriving
    let wrong = maria.unlock_with_secret("111111");
    assert_eq!(attempts.settle(&wrong), Status::Fine { left: 9 });

    let mut damaged = maria.clone();
    damaged.unlocks[0].ciphertext[0] ^= 1;
    attempts.begin().unwrap();
    let outcome = damaged.unlock_with_secret("482913");
    assert_eq!(outcome.as_ref().unwrap_err(), &VaultError::Corrupted);
    assert_eq!(attempts.settle(&outcome), Status::Fine { left: 9 }, "damage is not a guess");

    attempts.begin().unwrap();
    let right = maria.unlock_with_secret("482913");
    assert_eq!(attempts.settle(&right), Status::Fine { left: WIPE_AFTER });
}

/// Prints Argon2id timings to choose [`KdfParams::DEFAULT`]. Run in release:
/// `cargo test -p shared --release --lib -- --ignored argon2_timing --nocapture`.
#[test]
#[ignore = "a measurement, not a check; run in release"]
fn argon2_timing() {
    let candidates = [
        KdfParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 },
        KdfParams { memory_kib: 46 * 1024, iterations: 3, parallelism: 1 },
        KdfParams::DEFAULT,
        KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 },
        KdfParams { memory_kib: 64 * 1024, iterations: 4, parallelism: 1 },
    ];
    for params in candidates {
        let mut runs: Vec<f64> = (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                params.derive(b"482913", &[7; 16]).unwrap();
                start.elapsed().as_secs_f64()
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        eprintln!("{params:?}: median {:.3} s, min {:.3} s", runs[2], runs[0]);
    }
}

mod fuzz {
    //! Storage can be damaged or edited: any bytes are refused without a panic.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn any_bytes_as_a_stored_row_are_refused_without_panicking(
            bytes in proptest::collection::vec(any::<u8>(), 0..120),
        ) {
            let key = DataKey::generate().unwrap();
            prop_assert!(open_at_rest(&key, "outbox", "1", &bytes).is_err());
        }

        #[test]
        fn any_stored_wrap_is_refused_without_panicking(
            nonce in any::<[u8; 24]>(),
            check in any::<[u8; 16]>(),
            ciphertext in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let kind = WrapKind::Prf { credential_id: vec![1], prf_salt: [2; 32] };
            let wrapped = WrappedDataKey { kind, nonce, check, ciphertext };
            prop_assert!(unwrap_with_prf(&wrapped, &[3; 32]).is_err());
        }
    }
}
