use super::*;

/// Cheap settings so the tests run quickly; the app uses `KdfParams::DEFAULT`.
const FAST: KdfParams = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
const PASSPHRASE: &str = "river maple lantern";

fn backup() -> Backup {
    Backup {
        made_at: "2026-12-01T15:00:00Z".parse().unwrap(),
        documents: vec![
            SavedDocument { name: "partners".into(), bytes: b"Mercy General Hospital".to_vec() },
            SavedDocument { name: "referrals-2026-11".into(), bytes: vec![0, 1, 2, 255] },
            SavedDocument { name: "empty".into(), bytes: Vec::new() },
        ],
    }
}

#[test]
fn a_backup_opens_with_its_passphrase_and_equals_what_was_saved() {
    let file = backup().seal(PASSPHRASE, FAST).unwrap();
    assert!(file.starts_with(MAGIC));
    assert!(!file.windows(6).any(|w| w == b"Mercy "), "no record readable in the file");
    let opened = Backup::open(&file, PASSPHRASE).unwrap();
    assert_eq!(opened, backup());
    assert_eq!(opened.verify(&backup().documents), Ok(()));
}

#[test]
fn a_wrong_passphrase_or_a_changed_byte_is_refused() {
    let file = backup().seal(PASSPHRASE, FAST).unwrap();
    assert_eq!(
        Backup::open(&file, "river maple lanterns"),
        Err(BackupError::WrongPassphraseOrDamaged)
    );
    let mut damaged = file.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert_eq!(Backup::open(&damaged, PASSPHRASE), Err(BackupError::WrongPassphraseOrDamaged));
    // Lowering the Argon2 passes in the header does not open a cheaper attack: it fails.
    let mut weakened = file.clone();
    weakened[MAGIC.len() + 1 + 7] = 0;
    assert!(Backup::open(&weakened, PASSPHRASE).is_err());
}

#[test]
fn other_files_and_newer_formats_get_a_clear_error() {
    assert_eq!(Backup::open(b"Organization,Kind\n", PASSPHRASE), Err(BackupError::NotABackup));
    let mut newer = backup().seal(PASSPHRASE, FAST).unwrap();
    newer[MAGIC.len()] = 9;
    assert_eq!(Backup::open(&newer, PASSPHRASE), Err(BackupError::NewerFormat(9)));
    assert_eq!(backup().seal("short pass", FAST), Err(BackupError::PassphraseTooShort));
}

#[test]
fn a_restore_that_wrote_back_something_else_is_caught() {
    let mut restored = backup().documents;
    restored[1].bytes.push(7);
    assert_eq!(backup().verify(&restored), Err(BackupError::Mismatch("referrals-2026-11".into())));
    restored.remove(1);
    assert!(backup().verify(&restored).is_err());
}

#[test]
fn settings_remind_after_thirty_days_without_a_backup() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert!(backup_due(None, d("2026-12-01")));
    assert!(!backup_due(Some(d("2026-11-02")), d("2026-12-01")));
    assert!(backup_due(Some(d("2026-11-01")), d("2026-12-01")));
}

#[test]
fn entry_names_give_back_the_document_and_chunk() {
    let name = entry_name("referrals/2026-11", "0192ab-7f3e");
    assert_eq!(split_entry_name(&name), Some(("referrals/2026-11", "0192ab-7f3e")));
    assert_eq!(split_entry_name("partners"), None);
    assert_eq!(split_entry_name("#chunk"), None);
    assert_eq!(split_entry_name("partners#"), None);
}
