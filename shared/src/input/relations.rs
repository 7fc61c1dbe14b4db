//! Forms for appreciation, reviews and care-plan meetings.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{
    Answer, ContactId, Gift, GiftId, GiftKind, Meeting, MeetingId, PartnerId, Question, ReferralId,
    Review, ReviewId,
};

/// Single words that mark cash or a cash equivalent, which is never allowed as appreciation.
const CASH_WORDS: [&str; 14] = [
    "cash",
    "giftcard",
    "giftcards",
    "cheque",
    "cheques",
    "voucher",
    "vouchers",
    "prepaid",
    "visa",
    "mastercard",
    "venmo",
    "paypal",
    "zelle",
    "cashapp",
];
/// Word pairs that do the same ("gift-card" reads as "gift card").
const CASH_PAIRS: [(&str, &str); 7] = [
    ("gift", "card"),
    ("gift", "cards"),
    ("gift", "certificate"),
    ("gift", "certificates"),
    ("money", "order"),
    ("store", "credit"),
    ("bank", "transfer"),
];

/// Whether a description names cash or a cash equivalent. Whole words only, so "cashew
/// cookies" and a "check-in" are fine while "a check" is not.
fn names_cash(description: &str) -> bool {
    let lower = description.to_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let bank_check = |i: usize| {
        matches!(words[i], "check" | "checks")
            && !matches!(words.get(i + 1), Some(&("in" | "ins" | "up" | "ups" | "out" | "list")))
    };
    (0..words.len()).any(|i| {
        CASH_WORDS.contains(&words[i])
            || bank_check(i)
            || words.get(i + 1).is_some_and(|next| CASH_PAIRS.contains(&(words[i], *next)))
    })
}

/// Dollars as typed ("25", "$42.50") into cents.
pub fn parse_dollars(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches('$').replace(',', "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<u64>().ok()?;
    let total = whole.parse::<u64>().ok()?.checked_mul(100)?.checked_add(cents)?;
    u32::try_from(total).ok()
}

#[derive(Debug, Clone, PartialEq)]
pub struct GiftInput {
    pub partner_id: PartnerId,
    pub contact_id: Option<ContactId>,
    pub on: String,
    pub kind: GiftKind,
    pub description: String,
    pub value: String,
}

impl GiftInput {
    pub fn validate(&self, id: GiftId, today: NaiveDate) -> Result<Gift, ValidationErrors> {
        let mut c = Checker::default();
        let on = c.date("gift-on", "Date", &self.on);
        if on.is_some_and(|d| d > today) {
            c.fail("gift-on", "Date", Problem::Future);
        }
        let description = c.text("gift-description", "Description", &self.description, true, 200);
        if names_cash(&description) {
            c.fail("gift-description", "Appreciation", Problem::CashEquivalent);
        }
        let value = parse_dollars(&self.value).filter(|v| *v > 0 && *v <= 1_000_000);
        if value.is_none() {
            c.fail("gift-value", "Value", Problem::Amount);
        }
        c.finish(|| Gift {
            id,
            partner_id: self.partner_id,
            contact_id: self.contact_id,
            on: on.unwrap_or(today),
            kind: self.kind,
            description,
            value_cents: value.unwrap_or(0),
            event_id: None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewInput {
    pub partner_id: PartnerId,
    pub on: String,
    pub answered_by: String,
    /// One per question, as typed: a score for scored questions, text otherwise.
    pub answers: Vec<String>,
    pub follow_up: String,
}

impl ReviewInput {
    pub fn validate(
        &self,
        id: ReviewId,
        questions: &[Question],
        today: NaiveDate,
    ) -> Result<Review, ValidationErrors> {
        let mut c = Checker::default();
        let on = c.date("review-on", "Date", &self.on);
        if on.is_some_and(|d| d > today) {
            c.fail("review-on", "Date", Problem::Future);
        }
        let answered_by = c.text("review-by", "Who answered", &self.answered_by, true, 120);
        let mut answers = Vec::new();
        for (q, typed) in
            questions.iter().zip(self.answers.iter().chain(std::iter::repeat(&String::new())))
        {
            let typed = typed.trim();
            if q.scored {
                let score = match typed {
                    "" => None,
                    s => match s.parse::<u8>() {
                        Ok(n) if (1..=5).contains(&n) => Some(n),
                        _ => {
                            c.fail("review-answer", "Each score", Problem::Score);
                            None
                        }
                    },
                };
                answers.push(Answer { question: q.id.clone(), score, text: String::new() });
            } else {
                let text = c.text("review-answer", "Each answer", typed, false, 2000);
                answers.push(Answer { question: q.id.clone(), score: None, text });
            }
        }
        let follow_up =
            c.text("review-follow-up", "Follow-up actions", &self.follow_up, false, 2000);
        c.finish(|| Review {
            id,
            partner_id: self.partner_id,
            on: on.unwrap_or(today),
            answered_by,
            answers,
            follow_up,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingInput {
    pub referral_id: ReferralId,
    pub partner_id: PartnerId,
    pub date: String,
    pub time: String,
    pub attendees: String,
    pub agenda: String,
}

impl MeetingInput {
    /// A meeting is planned ahead, so unlike a touchpoint it may be in the future.
    pub fn validate<Tz: TimeZone>(
        &self,
        id: MeetingId,
        tz: &Tz,
    ) -> Result<Meeting, ValidationErrors> {
        let mut c = Checker::default();
        let date = c.date("meeting-date", "Date", &self.date);
        let time = NaiveTime::parse_from_str(self.time.trim(), "%H:%M").ok();
        if time.is_none() {
            c.fail("meeting-time", "Time", Problem::Time);
        }
        let attendees = c.text("meeting-attendees", "Who", &self.attendees, true, 300);
        let agenda = c.text("meeting-agenda", "Agenda", &self.agenda, false, 2000);
        let at = match date.zip(time) {
            Some((d, t)) => match tz.from_local_datetime(&d.and_time(t)).earliest() {
                Some(at) => at.with_timezone(&Utc),
                None => {
                    c.fail("meeting-time", "Time", Problem::SkippedByClockChange);
                    DateTime::<Utc>::MIN_UTC
                }
            },
            None => DateTime::<Utc>::MIN_UTC,
        };
        c.finish(|| Meeting {
            id,
            referral_id: self.referral_id,
            partner_id: self.partner_id,
            at,
            attendees,
            agenda,
            outcome: String::new(),
            held: false,
            cancelled: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AgencyPolicy;

    fn gift(description: &str, value: &str) -> GiftInput {
        GiftInput {
            partner_id: PartnerId::from_parts(1, 1),
            contact_id: None,
            on: "2026-11-20".into(),
            kind: GiftKind::Gift,
            description: description.into(),
            value: value.into(),
        }
    }

    #[test]
    fn cash_and_cash_equivalents_are_refused() {
        let today = "2026-11-26".parse().unwrap();
        for bad in [
            "$50 Visa gift card",
            "Cash thank-you",
            "Check for the team",
            "$50 Amazon gift-card",
            "Restaurant voucher",
            "Venmo for lunch",
        ] {
            let errs = gift(bad, "50").validate(GiftId::from_parts(1, 1), today).unwrap_err();
            assert!(errs.for_field("gift-description").unwrap().contains("cash"), "{bad}");
        }
        for fine in ["Coffee at our quarterly check-in", "Cashew cookie tin", "Lunch for the team"]
        {
            assert!(gift(fine, "20").validate(GiftId::from_parts(1, 1), today).is_ok(), "{fine}");
        }
        assert_eq!(
            gift("Fruit basket", "$42.50")
                .validate(GiftId::from_parts(1, 1), today)
                .unwrap()
                .value_cents,
            4_250
        );
    }

    #[test]
    fn amounts_must_be_dollars() {
        assert_eq!(parse_dollars("1,234.5"), Some(123_450));
        assert_eq!(parse_dollars("12.345"), None);
        assert_eq!(parse_dollars("ten"), None);
        let errs = gift("Lunch", "0")
            .validate(GiftId::from_parts(1, 1), "2026-11-26".parse().unwrap())
            .unwrap_err();
        assert!(errs.for_field("gift-value").is_some());
    }

    #[test]
    fn review_scores_must_be_one_to_five_and_text_answers_are_kept() {
        let questions = AgencyPolicy::default().questions;
        let input = ReviewInput {
            partner_id: PartnerId::from_parts(1, 1),
            on: "2026-11-20".into(),
            answered_by: "Dana Lee".into(),
            answers: vec!["4".into(), "".into(), "Faster call-backs".into()],
            follow_up: "Call within a day".into(),
        };
        let today = "2026-11-26".parse().unwrap();
        let r = input.validate(ReviewId::from_parts(1, 1), &questions, today).unwrap();
        assert_eq!(r.answers[0].score, Some(4));
        assert_eq!(r.answers[1].score, None);
        assert_eq!(r.answers[2].text, "Faster call-backs");
        let bad = ReviewInput { answers: vec!["9".into()], ..input };
        assert!(bad.validate(ReviewId::from_parts(1, 1), &questions, today).is_err());
    }
}
