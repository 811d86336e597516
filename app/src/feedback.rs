//! Outcomes of the plain HTML forms (sign-in, invitation, password change). The server
//! redirects with `?error=KEY` or `?notice=KEY`; the page shows the translated text.
//! Plain forms keep sign-in working before the wasm has loaded, on a slow network.
use crate::{domain::validation::Problem, i18n::Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feedback {
    SignInFailed,
    SignInThrottled,
    SessionEnded,
    SignedOut,
    /// Signed out; answers given offline were sent first.
    SignedOutSent,
    /// Signed out; answers given offline could not be sent and wait for the next sign-in.
    SignedOutKept,
    CodeRefused,
    PasswordSet,
    InvitationAccepted,
    PasswordChanged,
    CurrentPasswordWrong,
    AccountDeactivated,
    AwaitingConfirmation,
    CodeIssuedByOther,
    LanguageSaved,
    PasskeyAdded,
    PasskeyFailed,
    PasskeyRemoved,
    OwnDeviceSaved,
    OwnDeviceUnknown,
    CalendarMade,
    /// The authenticator's code or the recovery code was not right.
    SecondStepRefused,
    CalendarRevoked,
    /// Signing in through the hospital's provider: no role, no centre, an account that may
    /// not, a provider that failed, a sign-in to start again.
    SsoNoRole,
    SsoNoCentre,
    SsoAccountRefused,
    SsoFailed,
    SsoStartAgain,
    /// Staff sign in through the hospital's provider here, not with a local password.
    SsoPasswordsOff,
    Invalid(Problem),
}

const KEYED: &[(Feedback, &str)] = &[
    (Feedback::SignInFailed, "failed"),
    (Feedback::SignInThrottled, "throttled"),
    (Feedback::SessionEnded, "ended"),
    (Feedback::SignedOut, "signed-out"),
    (Feedback::SignedOutSent, "signed-out-sent"),
    (Feedback::SignedOutKept, "signed-out-kept"),
    (Feedback::CodeRefused, "code-refused"),
    (Feedback::PasswordSet, "password-set"),
    (Feedback::InvitationAccepted, "invitation-accepted"),
    (Feedback::PasswordChanged, "password-changed"),
    (Feedback::CurrentPasswordWrong, "current-password"),
    (Feedback::AccountDeactivated, "deactivated"),
    (Feedback::AwaitingConfirmation, "awaiting"),
    (Feedback::CodeIssuedByOther, "code-issued"),
    (Feedback::LanguageSaved, "language"),
    (Feedback::PasskeyAdded, "passkey-added"),
    (Feedback::PasskeyFailed, "passkey-failed"),
    (Feedback::PasskeyRemoved, "passkey-removed"),
    (Feedback::OwnDeviceSaved, "own-device"),
    (Feedback::OwnDeviceUnknown, "own-device-unknown"),
    (Feedback::CalendarMade, "calendar-made"),
    (Feedback::SecondStepRefused, "second-step-refused"),
    (Feedback::CalendarRevoked, "calendar-revoked"),
    (Feedback::SsoNoRole, "sso-no-role"),
    (Feedback::SsoNoCentre, "sso-no-centre"),
    (Feedback::SsoAccountRefused, "sso-account"),
    (Feedback::SsoFailed, "sso-failed"),
    (Feedback::SsoStartAgain, "sso-again"),
    (Feedback::SsoPasswordsOff, "sso-only"),
    (Feedback::Invalid(Problem::EmailInvalid), "email"),
    (Feedback::Invalid(Problem::PasswordTooShort), "password-short"),
    (Feedback::Invalid(Problem::PasswordTooLong), "password-long"),
    (Feedback::Invalid(Problem::PasswordsDiffer), "password-differ"),
    (Feedback::Invalid(Problem::InvitationCodeInvalid), "code"),
    (Feedback::Invalid(Problem::Required), "required"),
    (Feedback::Invalid(Problem::TooLong), "too-long"),
    (Feedback::Invalid(Problem::DateInvalid), "date"),
    (Feedback::Invalid(Problem::DateInFuture), "date-future"),
    (Feedback::Invalid(Problem::PhoneInvalid), "phone"),
    (Feedback::Invalid(Problem::ChoiceInvalid), "choice"),
    (Feedback::Invalid(Problem::TimeZoneInvalid), "time-zone"),
    (Feedback::Invalid(Problem::EmailTaken), "email-taken"),
];

impl Feedback {
    pub fn key(self) -> &'static str {
        KEYED
            .iter()
            .find(|(feedback, _)| *feedback == self)
            .map(|(_, key)| *key)
            .unwrap_or("failed")
    }

    pub fn from_key(key: &str) -> Option<Feedback> {
        KEYED.iter().find(|(_, k)| *k == key).map(|(feedback, _)| *feedback)
    }

    pub fn is_error(self) -> bool {
        !matches!(
            self,
            Feedback::SignedOut
                | Feedback::SignedOutSent
                | Feedback::SignedOutKept
                | Feedback::PasswordSet
                | Feedback::InvitationAccepted
                | Feedback::PasswordChanged
                | Feedback::CodeIssuedByOther
                | Feedback::LanguageSaved
                | Feedback::PasskeyAdded
                | Feedback::PasskeyRemoved
                | Feedback::OwnDeviceSaved
                | Feedback::CalendarMade
                | Feedback::CalendarRevoked
        )
    }

    /// `?error=…` or `?notice=…`, to append to a redirect target.
    pub fn query(self) -> String {
        let kind = if self.is_error() { "error" } else { "notice" };
        format!("{kind}={}", self.key())
    }

    pub fn msg(self) -> Msg {
        match self {
            Feedback::SignInFailed => Msg::SignInFailed,
            Feedback::SignInThrottled => Msg::SignInThrottled,
            Feedback::SessionEnded => Msg::SessionEnded,
            Feedback::SignedOut => Msg::SignedOut,
            Feedback::SignedOutSent => Msg::SignedOutSent,
            Feedback::SignedOutKept => Msg::SignedOutKept,
            Feedback::CodeRefused => Msg::CodeRefused,
            Feedback::PasswordSet => Msg::PasswordSet,
            Feedback::InvitationAccepted => Msg::InvitationAccepted,
            Feedback::PasswordChanged => Msg::PasswordChanged,
            Feedback::CurrentPasswordWrong => Msg::CurrentPasswordWrong,
            Feedback::AccountDeactivated => Msg::AccountDeactivated,
            Feedback::AwaitingConfirmation => Msg::AwaitingConfirmation,
            Feedback::CodeIssuedByOther => Msg::CodeIssuedByOther,
            Feedback::LanguageSaved => Msg::LanguageSaved,
            Feedback::PasskeyAdded => Msg::PasskeyAdded,
            Feedback::PasskeyFailed => Msg::PasskeyFailed,
            Feedback::PasskeyRemoved => Msg::PasskeyRemoved,
            Feedback::OwnDeviceSaved => Msg::OwnDeviceSaved,
            Feedback::OwnDeviceUnknown => Msg::OwnDeviceUnknown,
            Feedback::CalendarMade => Msg::CalendarMade,
            Feedback::SecondStepRefused => Msg::SecondStepRefused,
            Feedback::CalendarRevoked => Msg::CalendarRevoked,
            Feedback::SsoNoRole => Msg::SsoNoRole,
            Feedback::SsoNoCentre => Msg::SsoNoCentre,
            Feedback::SsoAccountRefused => Msg::SsoAccountRefused,
            Feedback::SsoFailed => Msg::SsoFailed,
            Feedback::SsoStartAgain => Msg::SsoStartAgain,
            Feedback::SsoPasswordsOff => Msg::SsoPasswordsOff,
            Feedback::Invalid(problem) => problem_msg(problem),
        }
    }
}

pub fn problem_msg(problem: Problem) -> Msg {
    match problem {
        Problem::EmailInvalid => Msg::ProblemEmailInvalid,
        Problem::PasswordTooShort => Msg::ProblemPasswordTooShort,
        Problem::PasswordTooLong => Msg::ProblemPasswordTooLong,
        Problem::PasswordsDiffer => Msg::ProblemPasswordsDiffer,
        Problem::InvitationCodeInvalid => Msg::ProblemCodeInvalid,
        Problem::Required => Msg::ProblemRequired,
        Problem::TooLong => Msg::ProblemTooLong,
        Problem::DateInvalid => Msg::ProblemDateInvalid,
        Problem::DateInFuture => Msg::ProblemDateInFuture,
        Problem::PhoneInvalid => Msg::ProblemPhoneInvalid,
        Problem::ChoiceInvalid => Msg::ProblemChoiceInvalid,
        Problem::TimeZoneInvalid => Msg::ProblemTimeZoneInvalid,
        Problem::EmailTaken => Msg::ProblemEmailTaken,
        Problem::OrderReferenceTaken => Msg::ProblemOrderReferenceTaken,
        Problem::OrderReferenceInvalid => Msg::ProblemOrderReferenceInvalid,
        Problem::OrderReferenceHasName => Msg::ProblemOrderReferenceHasName,
        Problem::ActiveTreatmentExists => Msg::ProblemActiveTreatmentExists,
        Problem::DateTooFar => Msg::ProblemDateTooFar,
        Problem::PushEndpointInvalid => Msg::ProblemPushEndpointInvalid,
        Problem::PushKeysInvalid => Msg::ProblemPushKeysInvalid,
        Problem::DateRangeReversed => Msg::ProblemDateRangeReversed,
        Problem::FhirNeedsAnswers => Msg::ProblemFhirNeedsAnswers,
        Problem::WideNeedsAnswers => Msg::ProblemWideNeedsAnswers,
        Problem::LabelsNeedCsv => Msg::ProblemLabelsNeedCsv,
        Problem::TooFewPatients => Msg::ProblemTooFewPatients,
        Problem::NameTaken => Msg::ProblemNameTaken,
        Problem::DateNotAhead => Msg::ProblemDateNotAhead,
        Problem::QuarterInvalid => Msg::ProblemQuarterInvalid,
        Problem::CohortRefused => Msg::ProblemCohortRefused,
        Problem::ProjectExpired => Msg::ProblemProjectExpired,
        Problem::BudgetSpent => Msg::ProblemBudgetSpent,
        Problem::EpsilonInvalid => Msg::ProblemEpsilonInvalid,
        Problem::TooManyQuestions => Msg::ProblemTooManyQuestions,
        Problem::TooManyWaiting => Msg::ProblemTooManyWaiting,
        Problem::ReplyHoursInvalid => Msg::ProblemReplyHoursInvalid,
        Problem::SnoozeHours => Msg::ProblemSnoozeHours,
        Problem::NurseUnknown => Msg::ProblemNurseUnknown,
        Problem::HospitalNumberInvalid => Msg::ProblemHospitalNumberInvalid,
        Problem::HospitalNumberTaken => Msg::ProblemHospitalNumberTaken,
        Problem::OriginInvalid => Msg::ProblemOriginInvalid,
        Problem::OriginNotAllowed => Msg::ProblemOriginNotAllowed,
        Problem::SecondFactorCodeWrong => Msg::SecondStepRefused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feedback_has_its_own_key() {
        for (feedback, key) in KEYED {
            assert_eq!(Feedback::from_key(key), Some(*feedback));
            assert_eq!(feedback.key(), *key);
        }
        assert_eq!(Feedback::from_key("<script>"), None);
    }
}
