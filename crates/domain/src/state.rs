//! The application's states (WeChat Pay's `applyment_state`, domain.md §5), the settlement
//! account's verification states, the transitions allowed between them, and what the applicant
//! must do next.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Where a submitted application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationState {
    /// The preliminary check, usually within 30 seconds.
    Checking,
    /// Verify the account within 30 days, by remittance or by the legal person's QR scan.
    AccountNeedVerify,
    /// Review, 1–2 working days.
    Auditing,
    /// The super administrator must sign the agreement.
    NeedSign,
    /// Done: the merchant exists (`sub_mchid`).
    Finish,
    /// Sent back with reasons per field; fix and resubmit.
    Rejected,
    /// Frozen by WeChat Pay; only support can help.
    Frozen,
    /// Revoked, or the verification deadline passed. Start again.
    Canceled,
}

impl ApplicationState {
    pub const ALL: [ApplicationState; 8] = [
        ApplicationState::Checking,
        ApplicationState::AccountNeedVerify,
        ApplicationState::Auditing,
        ApplicationState::NeedSign,
        ApplicationState::Finish,
        ApplicationState::Rejected,
        ApplicationState::Frozen,
        ApplicationState::Canceled,
    ];

    /// The states this one may move to.
    pub fn next_states(self) -> &'static [ApplicationState] {
        use ApplicationState::*;
        match self {
            // WeChat Pay may skip the verification (wechatpay.md §7.3: CHECKING → AUDITING).
            Checking => &[AccountNeedVerify, Auditing, Rejected, Canceled],
            AccountNeedVerify => &[Auditing, Rejected, Frozen, Canceled],
            Auditing => &[NeedSign, Rejected, Frozen, Canceled],
            NeedSign => &[Finish, Frozen, Canceled],
            Finish => &[Frozen],
            // Resubmitting a rejected application runs the preliminary check again.
            Rejected => &[Checking, Canceled],
            Frozen => &[Canceled],
            Canceled => &[],
        }
    }

    pub fn can_move_to(self, to: ApplicationState) -> bool {
        self.next_states().contains(&to)
    }

    /// The states to pass through, one allowed move after another, to reach `to` from here: the
    /// shortest such path, ending with `to` (empty when already there); `None` when `to` cannot
    /// be reached. What WeChat Pay reports may be several moves ahead of what was last seen (a
    /// verification and an approval between two queries), and each move is still checked.
    pub fn path_to(self, to: ApplicationState) -> Option<Vec<ApplicationState>> {
        let mut paths = vec![(self, Vec::new())];
        let mut seen = vec![self];
        while !paths.is_empty() {
            let mut next = Vec::new();
            for (state, path) in paths {
                if state == to {
                    return Some(path);
                }
                for &step in state.next_states() {
                    if !seen.contains(&step) {
                        seen.push(step);
                        let mut longer = path.clone();
                        longer.push(step);
                        next.push((step, longer));
                    }
                }
            }
            paths = next;
        }
        None
    }

    /// Moves to `to`, or says why that is not allowed.
    pub fn move_to(self, to: ApplicationState) -> Result<ApplicationState, IllegalTransition<ApplicationState>> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// No further change happens without a new application.
    pub fn is_final(self) -> bool {
        self.next_states().is_empty()
    }

    /// What the state is called to the applicant: WeChat Pay's own Chinese names (资料校验中,
    /// 待账户验证…), the same in Traditional characters, and their English equivalents.
    pub fn label(self, l: Locale) -> &'static str {
        use ApplicationState::*;
        match self {
            Checking => l.pick("Checking the details", "资料校验中", "資料校驗中"),
            AccountNeedVerify => l.pick("Waiting for account verification", "待账户验证", "待帳戶驗證"),
            Auditing => l.pick("In review", "审核中", "審核中"),
            NeedSign => l.pick("Waiting for signing", "待签约", "待簽約"),
            Finish => l.pick("Complete", "完成", "完成"),
            Rejected => l.pick("Sent back", "已驳回", "已駁回"),
            Frozen => l.pick("Frozen", "已冻结", "已凍結"),
            Canceled => l.pick("Cancelled", "已作废", "已作廢"),
        }
    }

    /// The WeChat Pay name, e.g. `ACCOUNT_NEED_VERIFY`.
    pub fn wechat_name(self) -> &'static str {
        use ApplicationState::*;
        match self {
            Checking => "CHECKING",
            AccountNeedVerify => "ACCOUNT_NEED_VERIFY",
            Auditing => "AUDITING",
            NeedSign => "NEED_SIGN",
            Finish => "FINISH",
            Rejected => "REJECTED",
            Frozen => "FROZEN",
            Canceled => "CANCELED",
        }
    }

    /// The state WeChat Pay names `name`; `None` for a name this build does not know.
    pub fn from_wechat_name(name: &str) -> Option<ApplicationState> {
        ApplicationState::ALL.into_iter().find(|s| s.wechat_name() == name)
    }
}

/// The settlement account's verification after it is bound (or changed) following `FINISH`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SettlementState {
    /// Not yet confirmed by the applicant.
    Unbound,
    /// WeChat Pay may pay 0.01 CNY into it to check it.
    Verifying,
    /// Commissions can be withdrawn.
    VerifySuccess,
    /// The account could not be verified; fix it.
    VerifyFail,
}

impl SettlementState {
    pub const ALL: [SettlementState; 4] = [
        SettlementState::Unbound,
        SettlementState::Verifying,
        SettlementState::VerifySuccess,
        SettlementState::VerifyFail,
    ];

    pub fn next_states(self) -> &'static [SettlementState] {
        use SettlementState::*;
        match self {
            Unbound => &[Verifying],
            Verifying => &[VerifySuccess, VerifyFail],
            // Changing a verified account (at most 5 times a day) verifies the new one.
            VerifySuccess => &[Verifying],
            VerifyFail => &[Verifying],
        }
    }

    pub fn move_to(self, to: SettlementState) -> Result<SettlementState, IllegalTransition<SettlementState>> {
        if self.next_states().contains(&to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// Like [`SettlementState::move_to`], for an application in state `application`: only a
    /// finished application (a merchant) has a settlement account to bind, change or verify.
    pub fn move_to_in(
        self,
        application: ApplicationState,
        to: SettlementState,
    ) -> Result<SettlementState, IllegalTransition<SettlementState>> {
        if application == ApplicationState::Finish {
            self.move_to(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }
}

/// What submitting the application form does, given the account's current application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submission {
    /// A new application, with a new id (WeChat Pay's `out_request_no`): there is none yet, or
    /// the last one was canceled, which is final.
    New,
    /// The same application, resubmitted as its next round (after a rejection).
    Resubmit,
    /// An application is under way (or finished): nothing to submit.
    Refused,
}

impl Submission {
    pub fn of(current: Option<ApplicationState>) -> Submission {
        match current {
            None => Submission::New,
            Some(state) if state.is_final() => Submission::New,
            Some(state) if state.can_move_to(ApplicationState::Checking) => Submission::Resubmit,
            Some(_) => Submission::Refused,
        }
    }

    /// Whether the applicant may (re)submit the form now.
    pub fn accepted(self) -> bool {
        self != Submission::Refused
    }
}

/// A state change that the machine does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IllegalTransition<S> {
    pub from: S,
    pub to: S,
}

impl<S: fmt::Debug> fmt::Display for IllegalTransition<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an application cannot move from {:?} to {:?}", self.from, self.to)
    }
}

impl<S: fmt::Debug> std::error::Error for IllegalTransition<S> {}

/// What the applicant must do now (or that nothing is needed but patience).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NextAction {
    WaitForCheck,
    VerifyAccount,
    WaitForReview,
    SignAgreement,
    BindSettlementAccount,
    WaitForAccountVerification,
    FixSettlementAccount,
    /// The goal: commissions can be withdrawn.
    WithdrawCommissions,
    FixRejectedFields,
    ContactSupport,
    StartAgain,
}

impl NextAction {
    /// Its name in JSON (as serde writes it; a test holds the two together).
    pub fn key(self) -> &'static str {
        match self {
            NextAction::WaitForCheck => "wait_for_check",
            NextAction::VerifyAccount => "verify_account",
            NextAction::WaitForReview => "wait_for_review",
            NextAction::SignAgreement => "sign_agreement",
            NextAction::BindSettlementAccount => "bind_settlement_account",
            NextAction::WaitForAccountVerification => "wait_for_account_verification",
            NextAction::FixSettlementAccount => "fix_settlement_account",
            NextAction::WithdrawCommissions => "withdraw_commissions",
            NextAction::FixRejectedFields => "fix_rejected_fields",
            NextAction::ContactSupport => "contact_support",
            NextAction::StartAgain => "start_again",
        }
    }

    /// Nothing will change without the applicant: the application was canceled, or commissions
    /// can be withdrawn. (A frozen application can still be canceled by WeChat Pay.) A page
    /// following the status stops asking here.
    pub fn is_settled(self) -> bool {
        matches!(self, NextAction::StartAgain | NextAction::WithdrawCommissions)
    }
}

/// The applicant's next action, given the application's state and, after `FINISH`, the
/// settlement account's.
pub fn next_action(state: ApplicationState, settlement: SettlementState) -> NextAction {
    use ApplicationState as A;
    use SettlementState as S;
    match state {
        A::Checking => NextAction::WaitForCheck,
        A::AccountNeedVerify => NextAction::VerifyAccount,
        A::Auditing => NextAction::WaitForReview,
        A::NeedSign => NextAction::SignAgreement,
        A::Rejected => NextAction::FixRejectedFields,
        A::Frozen => NextAction::ContactSupport,
        A::Canceled => NextAction::StartAgain,
        A::Finish => match settlement {
            S::Unbound => NextAction::BindSettlementAccount,
            S::Verifying => NextAction::WaitForAccountVerification,
            S::VerifyFail => NextAction::FixSettlementAccount,
            S::VerifySuccess => NextAction::WithdrawCommissions,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState as A;

    #[test]
    fn submission_starts_anew_after_a_cancel_and_resubmits_after_a_rejection() {
        assert_eq!(Submission::of(None), Submission::New);
        assert_eq!(Submission::of(Some(A::Canceled)), Submission::New);
        assert_eq!(Submission::of(Some(A::Rejected)), Submission::Resubmit);
        for state in [
            A::Checking,
            A::AccountNeedVerify,
            A::Auditing,
            A::NeedSign,
            A::Finish,
            A::Frozen,
        ] {
            assert_eq!(Submission::of(Some(state)), Submission::Refused, "{state:?}");
            assert!(!Submission::of(Some(state)).accepted());
        }
    }

    #[test]
    fn only_a_finished_application_moves_its_settlement_account() {
        use SettlementState as S;
        assert_eq!(S::Unbound.move_to_in(A::Finish, S::Verifying), Ok(S::Verifying));
        for state in A::ALL.into_iter().filter(|s| *s != A::Finish) {
            assert!(S::Unbound.move_to_in(state, S::Verifying).is_err(), "{state:?}");
        }
        assert!(S::Verifying.move_to_in(A::Finish, S::Verifying).is_err());
    }

    #[test]
    fn every_application_transition_is_decided() {
        // The table of domain.md §5, written out independently of `next_states`.
        let allowed = [
            (A::Checking, A::AccountNeedVerify),
            (A::Checking, A::Auditing),
            (A::Checking, A::Rejected),
            (A::Checking, A::Canceled),
            (A::AccountNeedVerify, A::Auditing),
            (A::AccountNeedVerify, A::Rejected),
            (A::AccountNeedVerify, A::Frozen),
            (A::AccountNeedVerify, A::Canceled),
            (A::Auditing, A::NeedSign),
            (A::Auditing, A::Rejected),
            (A::Auditing, A::Frozen),
            (A::Auditing, A::Canceled),
            (A::NeedSign, A::Finish),
            (A::NeedSign, A::Frozen),
            (A::NeedSign, A::Canceled),
            (A::Finish, A::Frozen),
            (A::Rejected, A::Checking),
            (A::Rejected, A::Canceled),
            (A::Frozen, A::Canceled),
        ];
        for from in A::ALL {
            for to in A::ALL {
                let expected = allowed.contains(&(from, to));
                assert_eq!(from.can_move_to(to), expected, "{from:?} -> {to:?}");
                match from.move_to(to) {
                    Ok(s) => assert!(expected && s == to),
                    Err(e) => assert!(!expected && e == IllegalTransition { from, to }),
                }
            }
        }
        assert!(A::Canceled.is_final());
        assert!(!A::Finish.is_final());
    }

    #[test]
    fn a_path_is_the_shortest_run_of_allowed_moves() {
        assert_eq!(A::Checking.path_to(A::Checking), Some(vec![]));
        assert_eq!(
            A::AccountNeedVerify.path_to(A::NeedSign),
            Some(vec![A::Auditing, A::NeedSign])
        );
        assert_eq!(
            A::Checking.path_to(A::Finish),
            Some(vec![A::Auditing, A::NeedSign, A::Finish])
        );
        assert_eq!(A::Auditing.path_to(A::Checking), Some(vec![A::Rejected, A::Checking]));
        assert_eq!(A::Canceled.path_to(A::Checking), None);
        assert_eq!(A::NeedSign.path_to(A::Auditing), None);
        for from in A::ALL {
            for to in A::ALL {
                if let Some(path) = from.path_to(to) {
                    let mut at = from;
                    for step in path {
                        assert!(at.can_move_to(step), "{at:?} -> {step:?}");
                        at = step;
                    }
                    assert_eq!(at, to);
                }
            }
        }
    }

    #[test]
    fn the_happy_path_reaches_withdrawal() {
        let path = [A::Checking, A::AccountNeedVerify, A::Auditing, A::NeedSign, A::Finish];
        let end = path.windows(2).try_fold(path[0], |s, w| s.move_to(w[1])).unwrap();
        let settled = SettlementState::Unbound
            .move_to(SettlementState::Verifying)
            .and_then(|s| s.move_to(SettlementState::VerifySuccess))
            .unwrap();
        assert_eq!(next_action(end, settled), NextAction::WithdrawCommissions);
    }

    #[test]
    fn every_settlement_transition_is_decided() {
        use SettlementState as S;
        let allowed = [
            (S::Unbound, S::Verifying),
            (S::Verifying, S::VerifySuccess),
            (S::Verifying, S::VerifyFail),
            (S::VerifyFail, S::Verifying),
            (S::VerifySuccess, S::Verifying),
        ];
        for from in S::ALL {
            for to in S::ALL {
                assert_eq!(
                    from.move_to(to).is_ok(),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn next_action_for_every_state() {
        for state in A::ALL {
            for settlement in SettlementState::ALL {
                let action = next_action(state, settlement);
                if state != A::Finish {
                    // Before FINISH the settlement account plays no part.
                    assert_eq!(action, next_action(state, SettlementState::Unbound));
                }
            }
        }
        assert_eq!(
            next_action(A::Rejected, SettlementState::Unbound),
            NextAction::FixRejectedFields
        );
        assert_eq!(
            next_action(A::Finish, SettlementState::VerifyFail),
            NextAction::FixSettlementAccount
        );
        assert_eq!(
            next_action(A::Canceled, SettlementState::Unbound),
            NextAction::StartAgain
        );
    }

    #[test]
    fn only_the_ends_are_settled() {
        for state in A::ALL {
            for settlement in SettlementState::ALL {
                let action = next_action(state, settlement);
                let end = state == A::Canceled || (state == A::Finish && settlement == SettlementState::VerifySuccess);
                assert_eq!(action.is_settled(), end, "{state:?} {settlement:?}");
            }
        }
    }

    #[test]
    fn states_serialise_with_wechat_names() {
        for s in A::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.wechat_name()));
        }
    }

    #[test]
    fn every_state_has_its_own_name_in_each_language() {
        for l in Locale::ALL {
            let mut names: Vec<_> = A::ALL.iter().map(|s| s.label(l)).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), A::ALL.len(), "{l:?}");
        }
        assert_eq!(A::AccountNeedVerify.label(Locale::ZhCn), "待账户验证");
    }
}
