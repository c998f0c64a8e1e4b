//! How a draft is read from JSON: one table-driven reader instead of serde's derive.
//!
//! Why: serde's derived `Deserialize` generates, for every struct, a matcher of field names and a
//! separately compiled read of every field. For the draft's eight structs that was 37 KB of wasm,
//! the largest single item in the browser bundle. Here a section only says which [`Slot`] a key
//! names ([`Section::slot`]), and one `visit_map` reads every section.
//!
//! It behaves as the derive with `#[serde(default)]` did: a missing key keeps its default, an
//! unknown key is skipped, a value of the wrong type is an error. The identity's keys sit beside
//! the section's own (`legal_person.id_number`), as `#[serde(flatten)]` writes them, so that JSON
//! paths are the field paths. Writing stays with the derive; the round-trip tests in `draft.rs`
//! catch a key written under one name and read under another.

use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::draft::{
    ApplicationDraft, IdentityDraft, LegalPersonDraft, SettlementAccountDraft, StoreDraft, SubjectDraft,
    SuperAdministratorDraft, ValidityDraft,
};
use crate::{AdministratorType, Bank, BankAccountType, Residency};

/// Where the value under one key goes.
pub(crate) enum Slot<'a> {
    Text(&'a mut String),
    Flag(&'a mut bool),
    Answer(&'a mut Option<bool>),
    Residency(&'a mut Option<Residency>),
    AccountType(&'a mut Option<BankAccountType>),
    AdministratorType(&'a mut Option<AdministratorType>),
    Bank(&'a mut Option<Bank>),
    Section(&'a mut dyn Section),
    People(&'a mut Vec<IdentityDraft>),
    Unknown,
}

/// A JSON object of the draft: which slot each of its keys fills.
pub(crate) trait Section {
    fn slot(&mut self, key: &str) -> Slot<'_>;
}

struct SectionSeed<'a>(&'a mut dyn Section);

impl<'de> DeserializeSeed<'de> for SectionSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SectionSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match self.0.slot(&key) {
                Slot::Text(v) => *v = map.next_value()?,
                Slot::Flag(v) => *v = map.next_value()?,
                Slot::Answer(v) => *v = map.next_value()?,
                Slot::Residency(v) => *v = map.next_value()?,
                Slot::AccountType(v) => *v = map.next_value()?,
                Slot::AdministratorType(v) => *v = map.next_value()?,
                Slot::Bank(v) => *v = map.next_value()?,
                Slot::Section(section) => map.next_value_seed(SectionSeed(section))?,
                Slot::People(people) => map.next_value_seed(PeopleSeed(people))?,
                Slot::Unknown => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct PeopleSeed<'a>(&'a mut Vec<IdentityDraft>);

impl<'de> DeserializeSeed<'de> for PeopleSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PeopleSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of people")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.clear();
        loop {
            let mut person = IdentityDraft::default();
            if seq.next_element_seed(SectionSeed(&mut person))?.is_none() {
                return Ok(());
            }
            self.0.push(person);
        }
    }
}

/// `Deserialize` for each draft struct: its default, with what the JSON says filled in.
macro_rules! read_as_section {
    ($($ty:ty),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut value = <$ty>::default();
                SectionSeed(&mut value).deserialize(deserializer)?;
                Ok(value)
            }
        }
    )*};
}

read_as_section!(
    ApplicationDraft,
    SubjectDraft,
    StoreDraft,
    IdentityDraft,
    LegalPersonDraft,
    SuperAdministratorDraft,
    SettlementAccountDraft,
    ValidityDraft,
);

impl Section for ApplicationDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "subject" => Slot::Section(&mut self.subject),
            "store" => Slot::Section(&mut self.store),
            "legal_person" => Slot::Section(&mut self.legal_person),
            "super_administrator" => Slot::Section(&mut self.super_administrator),
            "settlement_account" => Slot::Section(&mut self.settlement_account),
            _ => Slot::Unknown,
        }
    }
}

impl Section for SubjectDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "licence_image" => Slot::Text(&mut self.licence_image),
            "licence_number" => Slot::Text(&mut self.licence_number),
            "licence_number_confirmed" => Slot::Flag(&mut self.licence_number_confirmed),
            "merchant_name" => Slot::Text(&mut self.merchant_name),
            "legal_person_name" => Slot::Text(&mut self.legal_person_name),
            _ => Slot::Unknown,
        }
    }
}

impl Section for StoreDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "name" => Slot::Text(&mut self.name),
            "url" => Slot::Text(&mut self.url),
            "qr_code_image" => Slot::Text(&mut self.qr_code_image),
            "short_name" => Slot::Text(&mut self.short_name),
            _ => Slot::Unknown,
        }
    }
}

impl Section for ValidityDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "begin" => Slot::Text(&mut self.begin),
            "end" => Slot::Text(&mut self.end),
            "long_term" => Slot::Flag(&mut self.long_term),
            _ => Slot::Unknown,
        }
    }
}

impl Section for IdentityDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "residency" => Slot::Residency(&mut self.residency),
            "name" => Slot::Text(&mut self.name),
            "id_number" => Slot::Text(&mut self.id_number.0),
            "id_front_image" => Slot::Text(&mut self.id_front_image),
            "id_back_image" => Slot::Text(&mut self.id_back_image),
            "validity" => Slot::Section(&mut self.validity),
            "address" => Slot::Text(&mut self.address),
            _ => Slot::Unknown,
        }
    }
}

impl Section for LegalPersonDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "is_beneficial_owner" => Slot::Answer(&mut self.is_beneficial_owner),
            "beneficial_owners" => Slot::People(&mut self.beneficial_owners),
            _ => self.identity.slot(key),
        }
    }
}

impl Section for SuperAdministratorDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "type" => Slot::AdministratorType(&mut self.administrator_type),
            "authorisation_letter_image" => Slot::Text(&mut self.authorisation_letter_image),
            "mobile" => Slot::Text(&mut self.mobile.0),
            "email" => Slot::Text(&mut self.email),
            _ => self.identity.slot(key),
        }
    }
}

impl Section for SettlementAccountDraft {
    fn slot(&mut self, key: &str) -> Slot<'_> {
        match key {
            "account_type" => Slot::AccountType(&mut self.account_type),
            "bank" => Slot::Bank(&mut self.bank),
            "city_code" => Slot::Text(&mut self.city_code),
            "branch_name" => Slot::Text(&mut self.branch_name),
            "account_name" => Slot::Text(&mut self.account_name),
            "account_number" => Slot::Text(&mut self.account_number.0),
            _ => Slot::Unknown,
        }
    }
}
