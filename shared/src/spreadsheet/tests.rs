//! Spreadsheets in and out: encodings, quoting, formula cells, column suggestions, the
//! import plan's problems and duplicates, and export → import giving the same records.

use chrono::{DateTime, Utc};

use super::*;
use crate::network::duplicates::{Because, DuplicateIndex, Existing};
use crate::sample::{SampleSize, generate};
use crate::{
    CheckInCadence, Contact, ContactId, ContactRole, Partner, PartnerId, PartnerKind, PartnerTier,
    PreferredChannel, ReferralNetwork,
};

fn now() -> DateTime<Utc> {
    "2026-12-01T15:00:00Z".parse().unwrap()
}

fn plan(csv: &[u8], network: &ReferralNetwork, choices: &Choices) -> ImportPlan {
    let table = read_table(csv).unwrap();
    let mapping = suggest_columns(&table.headers);
    plan_import(&table, &mapping, &DuplicateIndex::new(network), choices, now())
}

#[test]
fn utf8_with_a_bom_and_windows_1252_both_read_as_text() {
    assert_eq!(decode(b"\xEF\xBB\xBFCaf\xC3\xA9"), "Café");
    assert_eq!(decode(b"Caf\xE9 \x93Hope\x94 \x80"), "Café “Hope” €");
    let table = read_table(b"Organization;Notes\r\nCaf\xE9 Uno;\"a; b\"\r\n").unwrap();
    assert_eq!(table.rows, [vec!["Café Uno".to_string(), "a; b".to_string()]]);
}

#[test]
fn quoted_cells_ragged_rows_and_blank_lines_are_read_as_a_spreadsheet_means_them() {
    let csv = b"Organization,Notes,Phone\n\"Mercy, North\",\"line one\nline two\"\n\n,,\nOak,\"say \"\"hi\"\"\",555-201-3001,extra\n";
    let table = read_table(csv).unwrap();
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0], ["Mercy, North", "line one\nline two", ""]);
    assert_eq!(table.rows[1], ["Oak", "say \"hi\"", "555-201-3001", "extra"]);
    assert_eq!(read_table(b""), Err(SpreadsheetError::Empty));
    assert_eq!(read_table(b" , \n"), Err(SpreadsheetError::Empty));
}

#[test]
fn cells_that_would_run_as_formulas_are_neutralised() {
    assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
    assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(neutralise("-2+3"), "'-2+3");
    assert_eq!(neutralise("\t=1"), "'\t=1");
    assert_eq!(neutralise("Mercy"), "Mercy");
    let file = write_table(&["Name", "Notes"], [vec!["=1+1".into(), "a, \"b\"".into()]]);
    assert!(file.starts_with('\u{FEFF}'));
    assert_eq!(&file[3..], "Name,Notes\r\n'=1+1,\"a, \"\"b\"\"\"\r\n");
}

#[test]
fn columns_are_suggested_from_the_headers_agencies_use() {
    let headers: Vec<String> = [
        "Organization",
        "Type",
        "Contact Name",
        "Job Title",
        "E-mail Address",
        "Phone",
        "Shoe size",
    ]
    .map(String::from)
    .into();
    use Column::*;
    assert_eq!(
        suggest_columns(&headers),
        [
            Some(Organization),
            Some(Kind),
            Some(ContactName),
            Some(Role),
            Some(Email),
            Some(ContactPhone),
            None
        ]
    );
    let lone: Vec<String> = ["Name", "Kind", "Phone"].map(String::from).into();
    assert_eq!(suggest_columns(&lone)[0], Some(Organization));
}

#[test]
fn two_columns_set_to_one_field_are_named_so_no_cell_is_silently_dropped() {
    use Column::*;
    assert_eq!(columns_set_twice(&[Some(Organization), Some(Email), None, None]), []);
    let twice = [Some(Email), Some(Organization), Some(Email), Some(Kind), Some(Kind), None];
    assert_eq!(columns_set_twice(&twice), [Kind, Email], "in the order fields are listed");
}

#[test]
fn kinds_tiers_and_roles_are_read_from_the_words_people_write() {
    assert_eq!(parse_kind("Physician Practice"), Some(PartnerKind::PhysicianPractice));
    assert_eq!(parse_kind("Family clinic"), Some(PartnerKind::PhysicianPractice));
    assert_eq!(parse_kind("MCO"), Some(PartnerKind::ManagedCare));
    assert_eq!(parse_kind(""), Some(PartnerKind::Other));
    assert_eq!(parse_kind("Spaceship"), None);
    assert_eq!(parse_tier("Key partner"), Some(PartnerTier::Key));
    assert_eq!(parse_tier("A"), Some(PartnerTier::Key));
    assert_eq!(parse_tier("gold"), None);
    assert_eq!(parse_role("RN, Discharge Planning"), ContactRole::DischargePlanner);
    assert_eq!(parse_role("LCSW"), ContactRole::SocialWorker);
    assert_eq!(parse_role("Intern"), ContactRole::Other);
    assert_eq!(parse_role("Charge RN"), ContactRole::Nurse);
}

fn existing() -> (ReferralNetwork, PartnerId, ContactId) {
    let at = now().timestamp_millis();
    let mary = Partner::new(
        PartnerId::from_parts(at, 1),
        PartnerKind::Hospital,
        "St. Mary's Hospital",
        PartnerTier::Key,
        CheckInCadence::Monthly,
    );
    let dana = Contact {
        id: ContactId::from_parts(at, 2),
        partner_id: mary.id,
        name: "Dana Lee".into(),
        role: ContactRole::DischargePlanner,
        email: "dana@stmarys.org".into(),
        phone: String::new(),
        preferred_channel: PreferredChannel::Email,
        archived: false,
    };
    let mut n = ReferralNetwork::default();
    let ids = (mary.id, dana.id);
    n.replace_partners(vec![mary]);
    n.replace_contacts(vec![dana]);
    (n, ids.0, ids.1)
}

const SHEET: &[u8] = b"Organization,Type,Contact,Title,Email,Phone
Saint Marys Hosp.,Hospital,Dana Lee,Discharge planner,DANA@stmarys.org,
Riverside Clinic,Physician practice,Ann Ko,MD,ann@riverside.org,
Riverside Clinic,,Ann Ko,,,555-201-3001
,,Bob Stone,,bob@example.org,
Hope Center,Spaceship,,,,
Oak MD,Physician,Cy Lu,Nurse,not-an-email,
";

#[test]
fn an_import_lists_bad_rows_with_reasons_and_finds_duplicates_before_writing() {
    let (n, mary, dana) = existing();
    let plan = plan(SHEET, &n, &Choices::new());
    let lines: Vec<usize> = plan.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [5, 6, 7]);
    assert!(plan.problems[0].messages[0].contains("Organization name is required"));
    assert!(plan.problems[1].messages[0].contains("Spaceship"));
    assert!(
        plan.problems[2].messages.iter().any(|m| m.starts_with("Email")),
        "{:?}",
        plan.problems[2]
    );
    // The valid rows still import: two new partners (Oak's own row is fine), one new contact.
    let partners: Vec<&str> = plan.new_partners.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(partners, ["Riverside Clinic", "Oak MD"]);
    assert_eq!(plan.new_contacts.len(), 1);
    assert_eq!(plan.new_contacts[0].partner_id, plan.new_partners[0].id);
    // "Saint Marys Hosp." is St. Mary's; Dana is Dana (same email); Ann's second row is Ann.
    let dups: Vec<(usize, DuplicateOf)> = plan.duplicates.iter().map(|d| (d.line, d.of)).collect();
    assert_eq!(
        dups,
        [
            (2, DuplicateOf::Existing(Existing::Partner(mary))),
            (2, DuplicateOf::Existing(Existing::Contact(dana))),
            (4, DuplicateOf::EarlierRow(3)),
        ]
    );
    assert!(plan.duplicates[1].because.contains(&Because::SameEmail));
    assert_eq!(plan.skipped, 2);
}

#[test]
fn staff_can_import_a_likely_duplicate_as_new_or_skip_its_organization() {
    let (n, _, _) = existing();
    let choices = Choices::from([((4, Subject::Contact), Resolution::ImportAsNew)]);
    let plan = plan(SHEET, &n, &choices);
    assert_eq!(plan.new_contacts.len(), 2);
    let skip_mary = Choices::from([((2, Subject::Partner), Resolution::Skip)]);
    let plan = super::tests::plan(SHEET, &n, &skip_mary);
    assert_eq!(plan.skipped, 2, "the skipped organization's row and Ann's second row");
    assert_eq!(plan.duplicates.iter().filter(|d| d.line == 2).count(), 1);
}

#[test]
fn an_export_imported_into_an_empty_agency_gives_the_same_partners_and_contacts() {
    let today = "2026-11-26".parse().unwrap();
    let sample = generate(SampleSize::Demo, today, 5);
    let mut source = ReferralNetwork::default();
    let kept: Vec<Partner> = sample.partners.iter().filter(|p| !p.archived).cloned().collect();
    let works_at_kept = |c: &&Contact| !c.archived && kept.iter().any(|p| p.id == c.partner_id);
    source.replace_contacts(sample.contacts.iter().filter(works_at_kept).cloned().collect());
    source.replace_partners(kept.clone());

    let empty = ReferralNetwork::default();
    let partners = plan(partners_csv(&source).as_bytes(), &empty, &Choices::new());
    assert!(partners.problems.is_empty(), "{:?}", partners.problems.first());
    let mut imported = ReferralNetwork::default();
    imported.replace_partners(partners.new_partners.clone());
    let contacts_file = contacts_csv(&source);
    let first_look = plan(contacts_file.as_bytes(), &imported, &Choices::new());
    // The sample gives namesakes at two organizations one email address; the import offers
    // each later one as a duplicate of the earlier row, and staff say they are two people.
    // Each organization's first row is offered as the partner just imported, merged by default.
    let (people, organizations): (Vec<_>, Vec<_>) =
        first_look.duplicates.iter().partition(|d| d.subject == Subject::Contact);
    assert!(!people.is_empty());
    assert!(people.iter().all(|d| matches!(d.of, DuplicateOf::EarlierRow(_))));
    assert!(organizations.iter().all(|d| d.resolution == Resolution::Merge));
    let two_people: Choices =
        people.iter().map(|d| ((d.line, d.subject), Resolution::ImportAsNew)).collect();
    let contacts = plan(contacts_file.as_bytes(), &imported, &two_people);
    assert!(contacts.problems.is_empty(), "{:?}", contacts.problems.first());
    assert!(contacts.new_partners.is_empty(), "every contact's organization was just imported");
    imported.replace_contacts(contacts.new_contacts.clone());

    let partner_facts = |n: &ReferralNetwork| {
        let mut v: Vec<_> = n
            .partners()
            .map(|p| {
                (
                    p.name.clone(),
                    p.kind,
                    p.tier,
                    p.phone.clone(),
                    p.address.clone(),
                    p.tags.clone(),
                    p.notes.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(partner_facts(&imported), partner_facts(&source));
    let contact_facts = |n: &ReferralNetwork| {
        let mut v: Vec<_> = n
            .contacts()
            .map(|c| {
                let at = n.partner(c.partner_id).map(|p| p.name.clone());
                (at, c.name.clone(), c.role, c.email.clone(), c.phone.clone())
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(contact_facts(&imported), contact_facts(&source));
}

#[test]
fn the_referrals_export_names_participants_only_when_asked() {
    let today = "2026-11-26".parse().unwrap();
    let sample = generate(SampleSize::Demo, today, 5);
    let mut n = ReferralNetwork::default();
    n.replace_partners(sample.partners.clone());
    sample.referrals.iter().cloned().for_each(|r| n.upsert_referral(r));
    let someone = &sample.referrals[0].participant;
    let without = referrals_csv(&n, Participants::Leave);
    assert!(!without.lines().next().unwrap().contains("Participant"));
    assert!(!without.lines().any(|l| l.ends_with(&format!(",{someone}"))));
    let with = referrals_csv(&n, Participants::Include);
    assert!(with.contains("Participant (PHI)"));
    assert!(with.contains(someone.as_str()));
    assert_eq!(without.lines().count(), sample.referrals.len() + 1);
}

#[test]
fn the_events_export_counts_who_came_in_local_time_and_never_names_a_capture() {
    use crate::{Event, EventId, EventKind, Invitation, InvitationStatus, Lead, LeadId};
    let (mut n, mary, dana) = existing();
    let at = now().timestamp_millis();
    let ann = Contact {
        id: ContactId::from_parts(at, 3),
        name: "Ann Ko".into(),
        role: ContactRole::SocialWorker,
        ..n.contact(dana).unwrap().clone()
    };
    n.upsert_contact(ann.clone());
    let starts: DateTime<Utc> = "2026-12-10T18:00:00Z".parse().unwrap();
    let hour = chrono::Duration::hours(1);
    let mut webinar = Event::new(
        EventId::from_parts(at, 4),
        EventKind::Webinar,
        "=Medicaid waiver services",
        starts,
        starts + hour,
        "America/Chicago",
    );
    webinar.co_hosts = vec![mary];
    let fair = Event::new(
        EventId::from_parts(at, 5),
        EventKind::HealthFair,
        "Fall fair",
        starts - hour * 48,
        starts - hour * 44,
        "America/Chicago",
    );
    for (contact, status) in
        [(dana, InvitationStatus::Attended), (ann.id, InvitationStatus::Declined)]
    {
        let invitation = Invitation { event_id: webinar.id, contact_id: contact, status };
        n.relations.invitations.insert((webinar.id, contact), invitation);
    }
    let mut zora = Lead::new(LeadId::from_parts(at, 6), fair.id, starts, "Maria Lopez");
    zora.name = "Zora Quill".into();
    n.relations.leads.insert(zora.id, zora);
    n.relations.events.insert(webinar.id, webinar);
    n.relations.events.insert(fair.id, fair);

    let file = events_csv(&n, &chrono_tz::America::Chicago);
    assert!(!file.contains("Zora"), "a captured person's name left the tablet");
    let table = read_table(file.as_bytes()).unwrap();
    let cell = |row: usize, header: &str| {
        let column = table.headers.iter().position(|h| h == header).unwrap();
        table.rows[row][column].clone()
    };
    assert_eq!(cell(0, "Title"), "Fall fair", "earliest first");
    assert_eq!(cell(0, "People captured"), "1");
    assert_eq!(cell(1, "Starts"), "2026-12-10 12:00");
    assert_eq!(cell(1, "Title"), "'=Medicaid waiver services");
    assert_eq!(cell(1, "Co-hosts"), "St. Mary's Hospital");
    assert_eq!(cell(1, "Invitees"), "2");
    assert_eq!(cell(1, "Attended"), "1");
    assert_eq!(cell(1, "Declined"), "1");
    assert_eq!(cell(1, "Attended by"), "Dana Lee (St. Mary's Hospital)");
    assert_eq!(cell(1, "People captured"), "0");
}
