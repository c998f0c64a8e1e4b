//! Where an application stands, as the status page says it twice: in one line (the status row)
//! and along the timeline. Both are read off one [`Progress`], so they cannot disagree: a
//! rejected application is "sent back" in both, and one whose settlement account is still to
//! confirm is not "complete" in either.

use crate::{ApplicationState, Locale, SettlementState};

/// The stages of the applicant's timeline, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Check,
    Verification,
    Review,
    Signing,
    SettlementAccount,
    Done,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Check,
        Stage::Verification,
        Stage::Review,
        Stage::Signing,
        Stage::SettlementAccount,
        Stage::Done,
    ];
}

/// A stage as the timeline shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageStatus {
    Done,
    /// Under way, with WeChat Pay or with the applicant.
    Current,
    /// Sent back to the applicant to put right: answers WeChat Pay rejected, or a settlement
    /// account the bank could not verify.
    SentBack,
    Upcoming,
    /// Where a frozen or canceled application stopped: nothing moves on from here.
    Stopped,
}

/// The stage an application is at, and how it stands there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub state: ApplicationState,
    pub settlement: SettlementState,
    /// The stage the application is at ([`Stage::Done`] once commissions can be withdrawn).
    pub stage: Stage,
    /// How it stands there.
    pub standing: StageStatus,
}

impl Progress {
    /// A rejection sends the application back to the check (fix and resubmit); a frozen one stops
    /// where review stopped; an expired verification deadline ends at verification.
    pub fn of(state: ApplicationState, settlement: SettlementState) -> Progress {
        use ApplicationState as A;
        use SettlementState as S;
        use StageStatus::{Current, Done, SentBack, Stopped};
        let (stage, standing) = match (state, settlement) {
            (A::Checking, _) => (Stage::Check, Current),
            (A::Rejected, _) => (Stage::Check, SentBack),
            (A::AccountNeedVerify, _) => (Stage::Verification, Current),
            (A::Canceled, _) => (Stage::Verification, Stopped),
            (A::Auditing, _) => (Stage::Review, Current),
            (A::Frozen, _) => (Stage::Review, Stopped),
            (A::NeedSign, _) => (Stage::Signing, Current),
            (A::Finish, S::Unbound | S::Verifying) => (Stage::SettlementAccount, Current),
            (A::Finish, S::VerifyFail) => (Stage::SettlementAccount, SentBack),
            (A::Finish, S::VerifySuccess) => (Stage::Done, Done),
        };
        Progress {
            state,
            settlement,
            stage,
            standing,
        }
    }

    /// `stage` on the timeline: those before the application's are done, those after it to come.
    /// Withdrawing commissions is done once reached: nothing is left to do.
    pub fn status_of(&self, stage: Stage) -> StageStatus {
        if stage < self.stage {
            StageStatus::Done
        } else if stage == self.stage {
            self.standing
        } else {
            StageStatus::Upcoming
        }
    }

    /// The status row: where the application stands, in a few words. WeChat Pay's own names of
    /// its states (资料校验中, 待账户验证…) while it decides; the settlement account's own once
    /// the application is finished but commissions cannot be withdrawn yet.
    pub fn label(&self, l: Locale) -> &'static str {
        use SettlementState as S;
        match (self.stage, self.settlement) {
            (Stage::SettlementAccount, S::Unbound) => {
                l.pick("Waiting for the settlement account", "待确认结算账户", "待確認結算帳戶")
            }
            (Stage::SettlementAccount, S::Verifying) => {
                l.pick("Verifying the settlement account", "结算账户验证中", "結算帳戶驗證中")
            }
            (Stage::SettlementAccount, S::VerifyFail) => l.pick(
                "Settlement account not verified",
                "结算账户验证失败",
                "結算帳戶驗證失敗",
            ),
            _ => self.state.label(l),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState as A;
    use SettlementState as S;
    use StageStatus::*;

    /// Every state of the state machine (and, once finished, of the settlement account): what the
    /// status row says, and the stage the timeline marks with its word. Written out, so that the
    /// two are checked against each other here rather than derived from one another.
    #[test]
    fn the_status_row_and_the_timeline_agree_in_every_state() {
        let expected = [
            (A::Checking, S::Unbound, "Checking the details", Stage::Check, Current),
            (A::Rejected, S::Unbound, "Sent back", Stage::Check, SentBack),
            (
                A::AccountNeedVerify,
                S::Unbound,
                "Waiting for account verification",
                Stage::Verification,
                Current,
            ),
            (A::Canceled, S::Unbound, "Cancelled", Stage::Verification, Stopped),
            (A::Auditing, S::Unbound, "In review", Stage::Review, Current),
            (A::Frozen, S::Unbound, "Frozen", Stage::Review, Stopped),
            (A::NeedSign, S::Unbound, "Waiting for signing", Stage::Signing, Current),
            (
                A::Finish,
                S::Unbound,
                "Waiting for the settlement account",
                Stage::SettlementAccount,
                Current,
            ),
            (
                A::Finish,
                S::Verifying,
                "Verifying the settlement account",
                Stage::SettlementAccount,
                Current,
            ),
            (
                A::Finish,
                S::VerifyFail,
                "Settlement account not verified",
                Stage::SettlementAccount,
                SentBack,
            ),
            (A::Finish, S::VerifySuccess, "Complete", Stage::Done, Done),
        ];
        for state in ApplicationState::ALL {
            assert!(expected.iter().any(|e| e.0 == state), "{state:?} is not in the table");
        }
        for (state, settlement, label, stage, word) in expected {
            let progress = Progress::of(state, settlement);
            assert_eq!(progress.label(Locale::En), label, "{state:?} {settlement:?}");
            let statuses: Vec<_> = Stage::ALL.iter().map(|s| progress.status_of(*s)).collect();
            let at = Stage::ALL.iter().position(|s| *s == stage).unwrap();
            assert_eq!(statuses[at], word, "{state:?} {settlement:?}: {statuses:?}");
            assert!(statuses[..at].iter().all(|s| *s == Done), "{state:?} {settlement:?}");
            assert!(
                statuses[at + 1..].iter().all(|s| *s == Upcoming),
                "{state:?} {settlement:?}"
            );
            // "Complete" only when every stage is done; "Sent back" only where the timeline
            // sends it back; a stopped timeline only under a stopped state's name.
            assert_eq!(label == "Complete", statuses.iter().all(|s| *s == Done));
            assert_eq!(
                label == "Sent back",
                statuses.contains(&SentBack) && stage == Stage::Check
            );
            assert_eq!(
                statuses.contains(&Stopped),
                matches!(state, A::Frozen | A::Canceled),
                "{state:?}"
            );
        }
        // Before FINISH, the settlement account's state does not matter.
        for state in ApplicationState::ALL.into_iter().filter(|s| *s != A::Finish) {
            for settlement in SettlementState::ALL {
                assert_eq!(
                    Progress::of(state, settlement).stage,
                    Progress::of(state, S::Unbound).stage
                );
            }
        }
    }

    #[test]
    fn every_state_has_its_words_in_every_language() {
        for state in ApplicationState::ALL {
            for settlement in SettlementState::ALL {
                let progress = Progress::of(state, settlement);
                let words: Vec<_> = Locale::ALL.iter().map(|l| progress.label(*l)).collect();
                assert!(words.iter().all(|w| !w.is_empty()));
                assert_ne!(words[0], words[1], "{state:?} {settlement:?} is translated");
            }
        }
    }
}
