//! Draft → application: every required answer parsed, then the rules across answers.
//!
//! Only what the catalogue requires for the draft's situation is checked, so answers to hidden
//! fields stay in the draft without blocking it.

use crate::application::access::{administrator_field, legal_person_field};
use crate::application::draft::{ApplicationDraft, IdentityDraft, ValidityDraft};
use crate::application::model::*;
use crate::application::problem::{FieldError, Problem};
use crate::text::{compact, name_key, parse_text};
use crate::{
    AdministratorType, BankAccountType, CreditCodeError, Date, EntityType, Field, FieldPath, IdNumber, IdentityField,
    ImageId, PersonName, Requirements, TextError, requirements,
};

/// At most this many beneficial owners (WeChat Pay's `ubo_info_list`).
pub const MAX_BENEFICIAL_OWNERS: usize = 4;

impl ApplicationDraft {
    /// Parses the draft of an `entity_type` account into a complete [`Application`], or lists
    /// every problem by field path. `today` is the date in China ([`Date::today_in_china`]).
    pub fn validate(&self, entity_type: EntityType, today: Date) -> Result<Application, Vec<FieldError>> {
        let mut c = Checker {
            errors: Vec::new(),
            today,
        };
        let application = c.application(self, entity_type);
        match application {
            Some(a) if c.errors.is_empty() => Ok(a),
            _ => {
                debug_assert!(!c.errors.is_empty(), "a missing part always records why");
                Err(c.errors)
            }
        }
    }
}

impl ApplicationDraft {
    /// Checks a new or confirmed settlement account against this submitted application, by the
    /// same rules as the form (including who must hold the account). Only the account's own
    /// problems are reported: the rest of the application was accepted already.
    pub fn validate_settlement_account(
        &self,
        account: &crate::SettlementAccountDraft,
        entity_type: EntityType,
        today: Date,
    ) -> Result<SettlementAccount, Vec<FieldError>> {
        let mut context = Checker {
            errors: Vec::new(),
            today,
        };
        let subject = context.subject(self, entity_type);
        let legal_person = context.legal_person(self, &requirements(self.situation(entity_type)));
        let mut c = Checker {
            errors: Vec::new(),
            today,
        };
        let mut draft = self.clone();
        draft.settlement_account = account.clone();
        match c.settlement_account(&draft, entity_type, subject.as_ref(), legal_person.as_ref()) {
            Some(a) if c.errors.is_empty() => Ok(a),
            _ => Err(c.errors),
        }
    }
}

struct Checker {
    errors: Vec<FieldError>,
    today: Date,
}

/// How one identity's answers are addressed: the legal person's, the agent's, or an owner's.
type PathOf<'a> = &'a dyn Fn(IdentityField) -> FieldPath;

impl Checker {
    fn take<T, E: Into<Problem>>(&mut self, path: impl Into<FieldPath>, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.errors.push(FieldError::new(path, e))).ok()
    }

    fn choice<T>(&mut self, path: impl Into<FieldPath>, value: Option<T>) -> Option<T> {
        self.take(path, value.ok_or(Problem::Choose))
    }

    fn flag(&mut self, path: impl Into<FieldPath>, problem: Problem) {
        self.errors.push(FieldError::new(path, problem));
    }

    fn image(&mut self, path: impl Into<FieldPath>, id: &str) -> Option<ImageId> {
        self.take(path, id.parse::<ImageId>())
    }

    fn text(&mut self, path: impl Into<FieldPath>, value: &str, min: usize, max: usize) -> Option<String> {
        self.take(path, parse_text(value, min, max))
    }

    fn application(&mut self, d: &ApplicationDraft, entity_type: EntityType) -> Option<Application> {
        let req = requirements(d.situation(entity_type));
        let subject = self.subject(d, entity_type);
        let store = self.store(d);
        let legal_person = self.legal_person(d, &req);
        let administrator = self.super_administrator(d, legal_person.as_ref());
        let account = self.settlement_account(d, entity_type, subject.as_ref(), legal_person.as_ref());
        Some(Application {
            entity_type,
            subject: subject?,
            store: store?,
            legal_person: legal_person?,
            super_administrator: administrator?,
            settlement_account: account?,
        })
    }

    fn subject(&mut self, d: &ApplicationDraft, entity: EntityType) -> Option<Subject> {
        let s = &d.subject;
        let licence_image = self.image(Field::LicenceImage, &s.licence_image);
        let licence_number = self.licence_number(&s.licence_number, s.licence_number_confirmed, entity);
        let merchant_name = self.take(Field::MerchantName, s.merchant_name.parse::<crate::MerchantName>());
        if let Some(name) = &merchant_name
            && entity == EntityType::IndividualBusiness
            && name.ends_with_company()
        {
            self.flag(Field::MerchantName, Problem::CompanySuffix);
        }
        let legal_person_name = self.take(Field::LicenceLegalPersonName, s.legal_person_name.parse::<PersonName>());
        Some(Subject {
            licence_image: licence_image?,
            licence_number: licence_number?,
            merchant_name: merchant_name?,
            legal_person_name: legal_person_name?,
        })
    }

    /// 15 digits: a legacy registration number; otherwise a unified social credit code, where a
    /// failing check character is accepted only with the applicant's confirmation.
    fn licence_number(&mut self, typed: &str, confirmed: bool, entity: EntityType) -> Option<LicenceNumber> {
        let compacted = compact(typed, true);
        let parsed = if compacted.chars().count() == 15 {
            compacted
                .parse()
                .map(LicenceNumber::Registration)
                .map_err(Problem::from)
        } else {
            match typed.parse() {
                Ok(code) => Ok(LicenceNumber::Unified(code)),
                Err(CreditCodeError::CheckCharacter) if confirmed => typed
                    .parse()
                    .map(LicenceNumber::ConfirmedAsShown)
                    .map_err(Problem::from),
                Err(e) => Err(Problem::from(e)),
            }
        };
        let number = self.take(Field::LicenceNumber, parsed)?;
        let individual_code = match &number {
            LicenceNumber::Unified(c) => Some(c.is_individual_business()),
            LicenceNumber::ConfirmedAsShown(c) => Some(c.is_individual_business()),
            LicenceNumber::Registration(_) => None,
        };
        match (entity, individual_code) {
            (EntityType::IndividualBusiness, Some(false)) => {
                self.flag(Field::LicenceNumber, Problem::NotIndividualBusinessCode)
            }
            (EntityType::Enterprise, Some(true)) => self.flag(Field::LicenceNumber, Problem::IndividualBusinessCode),
            _ => {}
        }
        Some(number)
    }

    fn store(&mut self, d: &ApplicationDraft) -> Option<Store> {
        let s = &d.store;
        let name = self.text(Field::StoreName, &s.name, 1, 64);
        let url = (!s.url.trim().is_empty()).then(|| self.take(Field::StoreUrl, s.url.parse()));
        let qr = (!s.qr_code_image.is_empty()).then(|| self.image(Field::StoreQrCode, &s.qr_code_image));
        let link = match (url, qr) {
            (None, None) => {
                self.flag(Field::StoreUrl, Problem::StoreLinkMissing);
                None
            }
            (Some(url), None) => Some(StoreLink::Url(url?)),
            (None, Some(qr)) => Some(StoreLink::QrCode(qr?)),
            (Some(url), Some(qr)) => Some(StoreLink::Both(url?, qr?)),
        };
        let short_name = self.take(Field::StoreShortName, s.short_name.parse());
        Some(Store {
            name: name?,
            link: link?,
            short_name: short_name?,
        })
    }

    fn legal_person(&mut self, d: &ApplicationDraft, req: &Requirements) -> Option<LegalPerson> {
        let lp = &d.legal_person;
        let path = |f: IdentityField| FieldPath::Field(legal_person_field(f));
        let identity = self.identity(&path, &lp.identity, req.contains(Field::LegalPersonAddress));
        let ownership = if req.contains(Field::LegalPersonIsBeneficialOwner) {
            match self.choice(Field::LegalPersonIsBeneficialOwner, lp.is_beneficial_owner)? {
                true => Some(BeneficialOwnership::LegalPersonIsOwner),
                false => Some(BeneficialOwnership::Owners(
                    self.beneficial_owners(&lp.beneficial_owners)?,
                )),
            }
        } else {
            None
        };
        Some(LegalPerson {
            identity: identity?,
            beneficial_ownership: ownership,
        })
    }

    fn beneficial_owners(&mut self, owners: &[IdentityDraft]) -> Option<Vec<Identity>> {
        if owners.is_empty() {
            self.flag(Field::BeneficialOwners, Problem::NoBeneficialOwners);
            return None;
        }
        if owners.len() > MAX_BENEFICIAL_OWNERS {
            self.flag(
                Field::BeneficialOwners,
                Problem::TooManyBeneficialOwners {
                    max: MAX_BENEFICIAL_OWNERS,
                },
            );
            return None;
        }
        let parsed: Vec<_> = owners
            .iter()
            .enumerate()
            .map(|(i, o)| self.identity(&|f| FieldPath::Owner(i as u8, f), o, true))
            .collect();
        parsed.into_iter().collect()
    }

    /// One person's document: residency, name, number by the residency's document, the photos of
    /// each face, the validity period and (when asked) the address.
    fn identity(&mut self, path: PathOf<'_>, d: &IdentityDraft, with_address: bool) -> Option<Identity> {
        // Until the residency is chosen the document is unknown (its photos, its number's
        // format), and the form asks nothing else about it: the residency is all there is to say.
        let residency = self.choice(path(IdentityField::Residency), d.residency)?;
        let doc = residency.document();
        // In the form's order (photos, then name and number), which is the error summary's.
        let fields = [
            (IdentityField::IdFront, &d.id_front_image),
            (IdentityField::IdBack, &d.id_back_image),
        ];
        let images: Vec<_> = fields
            .iter()
            .take(doc.faces().len())
            .map(|(f, id)| self.image(path(*f), id))
            .collect();
        let images: Option<Vec<ImageId>> = images.into_iter().collect();
        let name = self.take(path(IdentityField::Name), d.name.parse::<PersonName>());
        let number = self.take(
            path(IdentityField::IdNumber),
            IdNumber::parse(doc, d.id_number.as_str(), self.today),
        );
        let validity = self.validity(path, &d.validity);
        let address = if with_address {
            Some(self.text(path(IdentityField::Address), &d.address, 4, 128))
        } else {
            None
        };
        Some(Identity {
            residency,
            name: name?,
            number: number?,
            images: images?,
            validity: validity?,
            address: match address {
                Some(a) => Some(a?),
                None => None,
            },
        })
    }

    fn validity(&mut self, path: PathOf<'_>, v: &ValidityDraft) -> Option<Validity> {
        let date = |c: &mut Checker, field, text: &str| -> Option<Date> {
            if text.trim().is_empty() {
                return c.take(path(field), Err::<Date, _>(TextError::Empty));
            }
            c.take(path(field), text.parse::<Date>())
        };
        let begin = date(self, IdentityField::ValidityBegin, &v.begin)?;
        if begin > self.today {
            self.flag(path(IdentityField::ValidityBegin), Problem::ValidityNotStarted);
        }
        let end = if v.long_term {
            ValidityEnd::LongTerm
        } else {
            ValidityEnd::On(date(self, IdentityField::ValidityEnd, &v.end)?)
        };
        if let ValidityEnd::On(end) = end {
            if end <= begin {
                self.flag(path(IdentityField::ValidityEnd), Problem::ValidityOrder);
            } else if end < self.today {
                self.flag(path(IdentityField::ValidityEnd), Problem::Expired);
            }
        }
        Some(Validity { begin, end })
    }

    fn super_administrator(
        &mut self,
        d: &ApplicationDraft,
        legal_person: Option<&LegalPerson>,
    ) -> Option<SuperAdministrator> {
        let a = &d.super_administrator;
        let kind = self.choice(Field::AdministratorType, a.administrator_type)?;
        // In the form's order: who the administrator is, then mobile and email.
        let who = match kind {
            AdministratorType::LegalPerson => legal_person.and_then(|lp| {
                // Type 65: the administrator is the legal person, so the answers must be theirs.
                let lp = &lp.identity;
                let same = name_key(&a.identity.name) == name_key(lp.name.as_str())
                    && compact(a.identity.id_number.as_str(), false).eq_ignore_ascii_case(lp.number.as_str());
                if !same {
                    self.flag(Field::AdministratorName, Problem::AdministratorIsNotLegalPerson);
                    return None;
                }
                Some((Administrator::LegalPerson, lp.name.clone(), lp.number.clone()))
            }),
            AdministratorType::Agent => {
                let path = |f: IdentityField| FieldPath::Field(administrator_field(f));
                let identity = self.identity(&path, &a.identity, false);
                let letter = self.image(Field::AdministratorAuthorisationLetter, &a.authorisation_letter_image);
                identity.zip(letter).map(|(identity, letter)| {
                    let (name, number) = (identity.name.clone(), identity.number.clone());
                    (
                        Administrator::Agent {
                            identity,
                            authorisation_letter: letter,
                        },
                        name,
                        number,
                    )
                })
            }
        };
        let mobile = self.take(Field::AdministratorMobile, a.mobile.as_str().parse());
        let email = self.take(Field::AdministratorEmail, a.email.parse());
        let (kind, name, id_number) = who?;
        Some(SuperAdministrator {
            kind,
            name,
            id_number,
            mobile: mobile?,
            email: email?,
        })
    }

    fn settlement_account(
        &mut self,
        d: &ApplicationDraft,
        entity: EntityType,
        subject: Option<&Subject>,
        legal_person: Option<&LegalPerson>,
    ) -> Option<SettlementAccount> {
        let s = &d.settlement_account;
        let account_type = self.choice(Field::AccountType, s.account_type);
        if let Some(t) = account_type
            && !entity.allowed_account_types().contains(&t)
        {
            self.flag(Field::AccountType, Problem::AccountTypeNotAllowed);
        }
        let bank = self.choice(Field::AccountBank, s.bank);
        let city_code = self.take(Field::AccountCityCode, s.city_code.parse());
        let branch_name = self.text(Field::AccountBranchName, &s.branch_name, 4, 128);
        let account_name = self.text(Field::AccountName, &s.account_name, 2, 110);
        let account_number = self.take(Field::AccountNumber, s.account_number.as_str().parse());
        // Who must hold the account: the merchant (business) or the operator (private).
        if let (Some(t), Some(name)) = (account_type, &account_name) {
            let holder = match t {
                BankAccountType::Business => subject.map(|s| {
                    let m = s.merchant_name.to_string();
                    (m.clone(), Problem::BusinessAccountHolder { merchant_name: m })
                }),
                BankAccountType::Private => legal_person.map(|lp| {
                    let n = lp.identity.name.to_string();
                    (n.clone(), Problem::PrivateAccountHolder { operator_name: n })
                }),
            };
            if let Some((expected, problem)) = holder
                && name_key(name) != name_key(&expected)
            {
                self.flag(Field::AccountName, problem);
            }
        }
        Some(SettlementAccount {
            account_type: account_type?,
            bank: bank?,
            city_code: city_code?,
            branch_name: branch_name?,
            account_name: account_name?,
            account_number: account_number?,
        })
    }
}
