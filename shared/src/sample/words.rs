//! The invented names, places and phrases the sample agency is made of.

pub(super) const PLACES: &[&str] = &[
    "Riverton",
    "Oak Hollow",
    "Maple Grove",
    "Cedar Falls",
    "Lakeside",
    "Brookfield",
    "Pine Ridge",
    "Fairview",
    "Hillcrest",
    "Westbrook",
    "Millbrook",
    "Stonebridge",
    "Elm Park",
    "Harbor Point",
    "Willow Creek",
    "Ashford",
    "Granite Bay",
    "Clearwater",
    "Summit",
    "Bayview",
];
pub(super) const SURNAMES: &[&str] = &[
    "Alvarez",
    "Brooks",
    "Chen",
    "Daniels",
    "Edwards",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ibrahim",
    "Johnson",
    "Kim",
    "Lopez",
    "Mensah",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rivera",
    "Schmidt",
    "Thompson",
    "Usman",
    "Vargas",
    "Washington",
    "Xu",
    "Young",
    "Zimmerman",
];
pub(super) const GIVEN: &[&str] = &[
    "Ana", "Ben", "Carmen", "David", "Elena", "Farah", "Grace", "Hector", "Imani", "James",
    "Keisha", "Luis", "Maya", "Nora", "Omar", "Priya", "Rosa", "Samuel", "Tanya", "Victor", "Wen",
    "Yusuf",
];
pub(super) const STREETS: &[&str] =
    &["Main St", "Oak Ave", "Hospital Dr", "Center St", "Park Blvd", "Elm St"];
pub(super) const NOTES: &[&str] = &[
    "Dropped off brochures at the front desk.",
    "Discussed respite availability for next month.",
    "Asked about our weekend personal-care coverage.",
    "Thanked them for the recent referrals.",
    "Shared our updated service-area map.",
    "",
];
pub(super) const STAFF: &[&str] = &["Ana Ruiz", "Ben Okafor", "Chris Patel", "Dana Lee"];
pub(super) const WAIVERS: &[&str] = &["Aged & Disabled waiver", "Community Choices waiver", "", ""];
