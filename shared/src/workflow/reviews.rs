//! Key partners get a review every few months; their answers show a trend.

use chrono::{Months, NaiveDate};

use crate::{AgencyPolicy, Partner, PartnerTier, Review};

/// When the partner's next review is due: `None` unless it is a key partner.
///
/// The first is due one review period after the partner was added, not at once: a key partner
/// added today has nothing to review yet. (When it became key is not recorded; added is the
/// closest date kept.)
pub fn review_due(
    partner: &Partner,
    reviews: &[&Review],
    policy: &AgencyPolicy,
) -> Option<NaiveDate> {
    if partner.tier != PartnerTier::Key || partner.archived {
        return None;
    }
    let since =
        reviews.iter().map(|r| r.on).max().unwrap_or_else(|| partner.id.created_at().date_naive());
    since.checked_add_months(Months::new(u32::from(policy.review_months)))
}

/// The mean of a review's 1–5 scores, if it has any.
pub fn score(review: &Review) -> Option<f32> {
    let scores: Vec<f32> = review.answers.iter().filter_map(|a| a.score).map(f32::from).collect();
    (!scores.is_empty()).then(|| scores.iter().sum::<f32>() / scores.len() as f32)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Better,
    Same,
    Worse,
}

/// How the latest scored review compares with the one before (reviews newest first).
pub fn trend(reviews: &[&Review]) -> Option<Trend> {
    let mut scored = reviews.iter().filter_map(|r| score(r));
    let (latest, previous) = (scored.next()?, scored.next()?);
    Some(match latest - previous {
        d if d > 0.25 => Trend::Better,
        d if d < -0.25 => Trend::Worse,
        _ => Trend::Same,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Answer, CheckInCadence, PartnerId, PartnerKind, ReviewId};

    /// Added on 2026-03-10.
    fn partner(tier: PartnerTier) -> Partner {
        Partner::new(
            PartnerId::from_parts(1_773_100_800_000, 1),
            PartnerKind::Hospital,
            "Mercy",
            tier,
            CheckInCadence::Monthly,
        )
    }

    fn review(on: &str, scores: &[u8]) -> Review {
        Review {
            id: ReviewId::from_parts(1, 1),
            partner_id: PartnerId::from_parts(1, 1),
            on: on.parse().unwrap(),
            answered_by: "Dana".into(),
            answers: scores
                .iter()
                .map(|s| Answer { question: "ease".into(), score: Some(*s), text: String::new() })
                .collect(),
            follow_up: String::new(),
        }
    }

    #[test]
    fn key_partners_are_due_six_months_after_their_last_review_others_never() {
        let policy = AgencyPolicy::default();
        let last = review("2026-05-31", &[4]);
        assert_eq!(
            review_due(&partner(PartnerTier::Key), &[&last], &policy),
            Some("2026-11-30".parse().unwrap())
        );
        assert_eq!(review_due(&partner(PartnerTier::Regular), &[], &policy), None);
    }

    #[test]
    fn a_new_key_partner_is_first_due_one_period_after_it_was_added() {
        let due = review_due(&partner(PartnerTier::Key), &[], &AgencyPolicy::default());
        assert_eq!(due, Some("2026-09-10".parse().unwrap()), "added 2026-03-10, not due at once");
    }

    #[test]
    fn six_months_after_august_31st_is_the_end_of_february() {
        let last = review("2027-08-31", &[4]);
        let due = review_due(&partner(PartnerTier::Key), &[&last], &AgencyPolicy::default());
        assert_eq!(due, Some("2028-02-29".parse().unwrap()));
    }

    #[test]
    fn the_trend_compares_the_latest_scores_with_the_previous() {
        let newer = review("2026-11-01", &[5, 4]);
        let older = review("2026-05-01", &[3, 3]);
        assert_eq!(trend(&[&newer, &older]), Some(Trend::Better));
        assert_eq!(trend(&[&older, &newer]), Some(Trend::Worse));
        assert_eq!(trend(&[&newer]), None);
        assert_eq!(score(&newer), Some(4.5));
    }
}
