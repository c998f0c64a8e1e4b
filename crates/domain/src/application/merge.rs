//! Two devices, one draft: a three-way merge, answer by answer.
//!
//! A device saves with the version it loaded. When another device saved in between, the server
//! refuses (412), and the device merges: from the version both started from (`base`), its own
//! answers (`mine`) and the newer stored copy (`theirs`), each answer comes from the side that
//! changed it. Only an answer that both changed, to different values, needs a rule: the side
//! that changed it more recently wins ([`Newer`]). Nothing either device typed into a different
//! answer is lost.

use super::draft::{
    ApplicationDraft, IdentityDraft, LegalPersonDraft, Sensitive, SettlementAccountDraft, StoreDraft, SubjectDraft,
    SuperAdministratorDraft, ValidityDraft,
};
use crate::{AdministratorType, Bank, BankAccountType, Residency};

/// Whose answers are the more recent where both devices changed the same one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Newer {
    Mine,
    Theirs,
}

impl Newer {
    /// Decides by time: `mine_at`, when this device last changed an answer, against `theirs_at`,
    /// when the other device last changed one ([`crate::api::DraftView::edited_at`], not when
    /// it saved: a save follows its answer by the typing pause, or longer offline), both in ms
    /// since the epoch. A tie goes to this device, whose applicant is looking at the screen.
    pub fn by_time(mine_at: i64, theirs_at: i64) -> Newer {
        if mine_at >= theirs_at {
            Newer::Mine
        } else {
            Newer::Theirs
        }
    }
}

/// Merged in place: `self` is this device's copy, changed on `base`; `theirs` was stored since.
trait Merge {
    fn merge(&mut self, base: &Self, theirs: &Self, newer: Newer);
}

macro_rules! answers {
    ($($t:ty),*) => {$(
        /// One answer: this device's, unless only the other changed it, or both did and the other
        /// is newer.
        impl Merge for $t {
            fn merge(&mut self, base: &Self, theirs: &Self, newer: Newer) {
                if *self == *base || (*theirs != *base && newer == Newer::Theirs) {
                    self.clone_from(theirs);
                }
            }
        }
    )*};
}

answers!(
    String,
    bool,
    Sensitive,
    Option<bool>,
    Option<Residency>,
    Option<AdministratorType>,
    Option<BankAccountType>,
    Option<Bank>
);

/// A group of answers, merged field by field. The destructuring names every field, so a field
/// added to a draft struct and forgotten here does not compile.
macro_rules! groups {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Merge for $t {
            fn merge(&mut self, base: &Self, theirs: &Self, newer: Newer) {
                let $t { $($f),* } = self;
                $($f.merge(&base.$f, &theirs.$f, newer);)*
            }
        }
    )*};
}

groups! {
    ValidityDraft { begin, end, long_term }
    SubjectDraft { licence_image, licence_number, licence_number_confirmed, merchant_name, legal_person_name }
    StoreDraft { name, url, qr_code_image, short_name }
    IdentityDraft { residency, name, id_number, id_front_image, id_back_image, validity, address }
    LegalPersonDraft { identity, is_beneficial_owner, beneficial_owners }
    SuperAdministratorDraft { administrator_type, identity, authorisation_letter_image, mobile, email }
    SettlementAccountDraft { account_type, bank, city_code, branch_name, account_name, account_number }
    ApplicationDraft { subject, store, legal_person, super_administrator, settlement_account }
}

/// The beneficial owners: the list's length comes from the side that changed it, and each owner
/// is merged with the owner at the same place. An owner one side added is, on the others, an
/// empty one, so it comes through whole.
impl Merge for Vec<IdentityDraft> {
    fn merge(&mut self, base: &Self, theirs: &Self, newer: Newer) {
        let mut len = self.len();
        if len == base.len() || (theirs.len() != base.len() && newer == Newer::Theirs) {
            len = theirs.len();
        }
        self.resize_with(len, IdentityDraft::default);
        let empty = IdentityDraft::default();
        for (i, owner) in self.iter_mut().enumerate() {
            owner.merge(base.get(i).unwrap_or(&empty), theirs.get(i).unwrap_or(&empty), newer);
        }
    }
}

impl ApplicationDraft {
    /// Merges `theirs`, stored since, into this device's answers (`self`, made on `base`).
    pub fn merge(&mut self, base: &ApplicationDraft, theirs: &ApplicationDraft, newer: Newer) {
        Merge::merge(self, base, theirs, newer);
    }

    /// The same, as a new draft.
    #[cfg(test)]
    fn merged(&self, base: &ApplicationDraft, theirs: &ApplicationDraft, newer: Newer) -> ApplicationDraft {
        let mut merged = self.clone();
        merged.merge(base, theirs, newer);
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> ApplicationDraft {
        let mut d = ApplicationDraft::default();
        d.subject.merchant_name = "深圳市腾讯计算机系统有限公司".into();
        d.legal_person.identity.name = "张三".into();
        d.legal_person.beneficial_owners = vec![IdentityDraft {
            name: "李四".into(),
            ..IdentityDraft::default()
        }];
        d
    }

    #[test]
    fn answers_changed_on_different_devices_are_both_kept() {
        let mut phone = base();
        phone.legal_person.identity.id_number = Sensitive("11010519491231002X".into());
        phone.legal_person.identity.validity.long_term = true;
        let mut desktop = base();
        desktop.store.name = "腾讯小店".into();
        desktop.legal_person.identity.residency = Some(Residency::HongKong);
        desktop.legal_person.beneficial_owners[0].address = "北京市".into();

        for newer in [Newer::Mine, Newer::Theirs] {
            let merged = phone.merged(&base(), &desktop, newer);
            assert_eq!(merged.legal_person.identity.id_number.as_str(), "11010519491231002X");
            assert!(merged.legal_person.identity.validity.long_term);
            assert_eq!(merged.store.name, "腾讯小店");
            assert_eq!(merged.legal_person.identity.residency, Some(Residency::HongKong));
            assert_eq!(merged.legal_person.beneficial_owners[0].address, "北京市");
            assert_eq!(merged.legal_person.beneficial_owners[0].name, "李四");
            assert_eq!(merged.legal_person.identity.name, "张三");
        }
    }

    #[test]
    fn the_same_answer_changed_on_both_goes_to_the_newer() {
        let mut mine = base();
        mine.legal_person.identity.name = "王五".into();
        let mut theirs = base();
        theirs.legal_person.identity.name = "赵六".into();
        assert_eq!(
            mine.merged(&base(), &theirs, Newer::Mine).legal_person.identity.name,
            "王五"
        );
        assert_eq!(
            mine.merged(&base(), &theirs, Newer::Theirs).legal_person.identity.name,
            "赵六"
        );
    }

    #[test]
    fn an_answer_cleared_on_one_device_stays_cleared() {
        let mut mine = base();
        mine.subject.merchant_name.clear();
        let merged = mine.merged(&base(), &base(), Newer::Theirs);
        assert_eq!(merged.subject.merchant_name, "");
    }

    #[test]
    fn an_owner_added_on_one_device_and_one_edited_on_the_other_are_both_kept() {
        let mut mine = base();
        mine.legal_person.beneficial_owners.push(IdentityDraft {
            name: "钱七".into(),
            ..IdentityDraft::default()
        });
        let mut theirs = base();
        theirs.legal_person.beneficial_owners[0].name = "孙八".into();
        let owners = mine
            .merged(&base(), &theirs, Newer::Theirs)
            .legal_person
            .beneficial_owners;
        let names: Vec<&str> = owners.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["孙八", "钱七"]);
    }

    #[test]
    fn an_owner_removed_on_one_device_stays_removed() {
        let mut mine = base();
        mine.legal_person.beneficial_owners.clear();
        let mut theirs = base();
        theirs.store.url = "https://example.com".into();
        let merged = mine.merged(&base(), &theirs, Newer::Theirs);
        assert!(merged.legal_person.beneficial_owners.is_empty());
        assert_eq!(merged.store.url, "https://example.com");
    }

    #[test]
    fn by_time_gives_a_tie_to_this_device() {
        assert_eq!(Newer::by_time(10, 10), Newer::Mine);
        assert_eq!(Newer::by_time(9, 10), Newer::Theirs);
        assert_eq!(Newer::by_time(11, 10), Newer::Mine);
    }

    use proptest::prelude::*;

    use crate::{Field, FieldPath};

    /// Every text answer of the draft (owners included, once one exists in the base).
    fn text_answers() -> Vec<FieldPath> {
        let mut paths: Vec<FieldPath> = Field::all().map(FieldPath::from).collect();
        paths.extend(crate::IdentityField::EVERY.map(|f| FieldPath::Owner(0, f)));
        paths.retain(|p| base().text(*p).is_some());
        paths
    }

    fn changed(edits: &[(usize, String)]) -> ApplicationDraft {
        let paths = text_answers();
        let mut d = base();
        for (i, value) in edits {
            *d.text_mut(paths[i % paths.len()]).unwrap() = value.clone();
        }
        d
    }

    proptest! {
        /// Whatever two devices type, every answer of the merge is one of the two sides', each
        /// answer only one side changed comes from that side, and an unchanged side changes
        /// nothing.
        #[test]
        fn every_answer_comes_from_the_side_that_changed_it(
            mine_edits in prop::collection::vec((0usize..64, "[a-z张李]{0,3}"), 0..6),
            theirs_edits in prop::collection::vec((0usize..64, "[a-z张李]{0,3}"), 0..6),
            mine_newer in any::<bool>(),
        ) {
            let newer = if mine_newer { Newer::Mine } else { Newer::Theirs };
            let (b, mine, theirs) = (base(), changed(&mine_edits), changed(&theirs_edits));
            let merged = mine.merged(&b, &theirs, newer);
            for path in text_answers() {
                let (b, m, t, got) = (b.text(path), mine.text(path), theirs.text(path), merged.text(path));
                if m == b {
                    prop_assert_eq!(got, t, "{:?}", path);
                } else if t == b {
                    prop_assert_eq!(got, m, "{:?}", path);
                } else {
                    prop_assert_eq!(got, if mine_newer { m } else { t }, "{:?}", path);
                }
            }
            prop_assert_eq!(&b.merged(&b, &theirs, newer), &theirs);
            prop_assert_eq!(&mine.merged(&b, &b, newer), &mine);
            prop_assert_eq!(&mine.merged(&b, &mine, newer), &mine);
        }
    }
}
