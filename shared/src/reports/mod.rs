//! The monthly report's figures (issue 14), as plain functions over the referral network so
//! each is unit-tested on a small hand-built agency. They count; they never name a participant.

mod activity;
mod period;
mod referrals;

pub use activity::{CheckInsKept, MonthlyTouchpoints, check_ins_kept, touchpoints_per_month};
pub use period::{Month, Period, PeriodError, PeriodKind, percent_change};
pub use referrals::{
    Funnel, MonthlyReferrals, MonthlyTimeToServices, TopReferrers, funnel, referrals_by_partner,
    referrals_per_month, time_to_services,
};

#[cfg(test)]
mod tests;
