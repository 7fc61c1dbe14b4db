//! What leaving the tablet does to the records: a message about a participant goes into the
//! referral's disclosure log when it is handed to another app or copied, and "Log as sent"
//! adds the touch that completes the follow-up (and the disclosure, if it was sent some
//! other way: read out, printed, typed elsewhere).

use chrono::{DateTime, Utc};

use crate::{
    Channel, ContactId, Disclosed, Disclosure, PartnerId, Purpose, Referral, Touchpoint,
    TouchpointId,
};

/// One message as it leaves: to whom, how, and what it told about the participant.
#[derive(Debug, Clone, PartialEq)]
pub struct Sending {
    pub partner: PartnerId,
    pub contact: Option<ContactId>,
    /// The recipient as the disclosure log names them: the contact, or "Colleagues at …".
    pub to: String,
    pub channel: Channel,
    pub purpose: Purpose,
    pub subject: String,
    pub disclosed: Vec<Disclosed>,
    /// Staff member and device, as the device settings name them.
    pub by: String,
    pub device: String,
    pub at: DateTime<Utc>,
}

/// The records "Log as sent" saves.
#[derive(Debug, Clone, PartialEq)]
pub struct SentRecords {
    /// The referral with this message in its disclosure log, when it still had to be recorded.
    pub referral: Option<Referral>,
    pub touch: Touchpoint,
}

impl Sending {
    /// `referral` with this message appended to its disclosure log.
    pub fn disclose(&self, referral: &Referral) -> Referral {
        let mut r = referral.clone();
        r.disclosures.push(Disclosure {
            at: self.at,
            by: self.by.clone(),
            to: self.to.clone(),
            channel: self.channel,
            fields: self.disclosed.clone(),
            purpose: self.purpose,
        });
        r
    }

    /// The touch's note: a call was spoken from the draft, anything else sent.
    fn note(&self) -> String {
        match self.channel {
            Channel::Call => format!("Called: {}", self.subject),
            _ => format!("Sent: {}", self.subject),
        }
    }

    /// Everything to save when the person says they sent it. `disclosed` tells whether opening
    /// or copying the message already recorded the disclosure.
    pub fn log_as_sent(
        &self,
        id: TouchpointId,
        referral: Option<&Referral>,
        disclosed: bool,
    ) -> SentRecords {
        SentRecords {
            referral: referral.filter(|_| !disclosed).map(|r| self.disclose(r)),
            touch: Touchpoint {
                id,
                partner_id: self.partner,
                contact_id: self.contact,
                referral_id: referral.map(|r| r.id),
                at: self.at,
                channel: self.channel,
                purpose: self.purpose,
                note: self.note(),
                logged_by: self.by.clone(),
                device: self.device.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ReferralId, SharingConsent};

    fn referral() -> Referral {
        Referral {
            id: ReferralId::from_parts(1, 3),
            partner_id: PartnerId::from_parts(1, 1),
            contact_id: None,
            received_on: "2026-11-20".parse().unwrap(),
            participant: "J.D.".into(),
            waiver_program: String::new(),
            services: vec![],
            status_history: vec![],
            consent: SharingConsent::StatusOnly,
            dismissed: vec![],
            disclosures: vec![],
            follow_ups_set_aside_until: None,
        }
    }

    fn sending() -> Sending {
        Sending {
            partner: PartnerId::from_parts(1, 1),
            contact: Some(ContactId::from_parts(1, 2)),
            to: "Dana Reyes".into(),
            channel: Channel::Text,
            purpose: Purpose::ThankYou,
            subject: "Thank you".into(),
            disclosed: vec![Disclosed::Participant],
            by: "Ana".into(),
            device: "Tablet 1".into(),
            at: "2026-11-26T15:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_message_sent_some_other_way_is_disclosed_and_logged_as_a_touch() {
        let r = referral();
        let saved = sending().log_as_sent(TouchpointId::from_parts(1, 9), Some(&r), false);
        let logged = saved.referral.expect("the disclosure is recorded");
        assert_eq!(logged.disclosures.len(), 1);
        let d = &logged.disclosures[0];
        assert_eq!(
            (d.to.as_str(), d.channel, d.purpose),
            ("Dana Reyes", Channel::Text, Purpose::ThankYou)
        );
        assert_eq!(d.fields, vec![Disclosed::Participant]);
        let t = saved.touch;
        assert_eq!((t.referral_id, t.contact_id), (Some(r.id), Some(ContactId::from_parts(1, 2))));
        assert_eq!(
            (t.channel, t.purpose, t.note.as_str()),
            (Channel::Text, Purpose::ThankYou, "Sent: Thank you")
        );
        assert_eq!((t.logged_by.as_str(), t.device.as_str()), ("Ana", "Tablet 1"));
    }

    #[test]
    fn a_call_from_the_script_is_logged_as_a_call_and_disclosed_as_spoken() {
        let r = referral();
        let call = Sending { channel: Channel::Call, ..sending() };
        let saved = call.log_as_sent(TouchpointId::from_parts(1, 9), Some(&r), false);
        let logged = saved.referral.expect("what was said is in the disclosure log");
        assert_eq!(logged.disclosures[0].channel, Channel::Call);
        assert_eq!(
            (saved.touch.channel, saved.touch.note.as_str()),
            (Channel::Call, "Called: Thank you")
        );
    }

    #[test]
    fn a_message_already_opened_or_copied_is_not_disclosed_twice() {
        let r = referral();
        let saved = sending().log_as_sent(TouchpointId::from_parts(1, 9), Some(&r), true);
        assert_eq!(saved.referral, None);
        assert_eq!(saved.touch.referral_id, Some(r.id));
    }

    #[test]
    fn a_message_to_a_partner_without_a_referral_is_only_a_touch() {
        let saved = sending().log_as_sent(TouchpointId::from_parts(1, 9), None, false);
        assert_eq!((saved.referral, saved.touch.referral_id), (None, None));
    }
}
