//! An identity document's number, parsed by the rules of its document type.

use crate::{
    Date, Explain, HkMacaoPermitNumber, IdDocumentType, Locale, Mask, PassportNumber, PermitNumberError, PermitRegion,
    ResidentIdError, ResidentIdNumber, TaiwanPermitNumber,
};

/// A document number whose format matched its document type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IdNumber {
    /// A resident ID card, or a residence permit in the same format.
    Resident(IdDocumentType, ResidentIdNumber),
    HkMacaoPermit(HkMacaoPermitNumber),
    TaiwanPermit(TaiwanPermitNumber),
    Passport(PassportNumber),
}

/// Why a number does not fit its document type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdNumberError {
    Resident(ResidentIdError),
    Permit(PermitNumberError),
    /// A Hong Kong permit number starting with M, or a Macao one with H.
    WrongRegion {
        expected: PermitRegion,
    },
    /// A residence permit whose address code is not the one of its kind (810000, 820000, 830000).
    ResidencePermitPrefix {
        expected: &'static str,
    },
}
explained_error!(IdNumberError);

impl IdNumber {
    /// Parses `input` as a number of document `doc`, with birth dates checked against `today`.
    pub fn parse(doc: IdDocumentType, input: &str, today: Date) -> Result<IdNumber, IdNumberError> {
        use IdDocumentType as D;
        let resident = |expected: Option<&'static str>| {
            let n = ResidentIdNumber::parse_on(input, today).map_err(IdNumberError::Resident)?;
            match expected {
                Some(prefix) if !n.address_code().starts_with(&prefix[..2]) => {
                    Err(IdNumberError::ResidencePermitPrefix { expected: prefix })
                }
                _ => Ok(IdNumber::Resident(doc, n)),
            }
        };
        let permit = |expected: PermitRegion| {
            let n: HkMacaoPermitNumber = input.parse().map_err(IdNumberError::Permit)?;
            if n.region() == expected {
                Ok(IdNumber::HkMacaoPermit(n))
            } else {
                Err(IdNumberError::WrongRegion { expected })
            }
        };
        match doc {
            D::MainlandIdCard | D::ForeignResident => resident(None),
            D::HongKongMacaoResident => {
                let n = ResidentIdNumber::parse_on(input, today).map_err(IdNumberError::Resident)?;
                if matches!(&n.address_code()[..2], "81" | "82") {
                    Ok(IdNumber::Resident(doc, n))
                } else {
                    Err(IdNumberError::ResidencePermitPrefix { expected: "810000" })
                }
            }
            D::TaiwanResident => resident(Some("830000")),
            D::HongKongPermit => permit(PermitRegion::HongKong),
            D::MacaoPermit => permit(PermitRegion::Macao),
            D::TaiwanPermit => input.parse().map(IdNumber::TaiwanPermit).map_err(IdNumberError::Permit),
            D::Passport => input.parse().map(IdNumber::Passport).map_err(IdNumberError::Permit),
        }
    }

    /// The document the number was parsed as, which is what an application declares it is.
    pub fn document(&self) -> IdDocumentType {
        match self {
            IdNumber::Resident(doc, _) => *doc,
            IdNumber::HkMacaoPermit(n) => match n.region() {
                PermitRegion::HongKong => IdDocumentType::HongKongPermit,
                PermitRegion::Macao => IdDocumentType::MacaoPermit,
            },
            IdNumber::TaiwanPermit(_) => IdDocumentType::TaiwanPermit,
            IdNumber::Passport(_) => IdDocumentType::Passport,
        }
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        match self {
            IdNumber::Resident(_, n) => n.as_str(),
            IdNumber::HkMacaoPermit(n) => n.as_str(),
            IdNumber::TaiwanPermit(n) => n.as_str(),
            IdNumber::Passport(n) => n.as_str(),
        }
    }
}

impl Mask for IdNumber {
    fn masked(&self) -> String {
        match self {
            IdNumber::Resident(_, n) => n.masked(),
            IdNumber::HkMacaoPermit(n) => n.masked(),
            IdNumber::TaiwanPermit(n) => n.masked(),
            IdNumber::Passport(n) => n.masked(),
        }
    }
}

impl Explain for IdNumberError {
    fn code(&self) -> &'static str {
        match self {
            IdNumberError::Resident(e) => e.code(),
            IdNumberError::Permit(e) => e.code(),
            IdNumberError::WrongRegion { .. } => "wrong_region",
            IdNumberError::ResidencePermitPrefix { .. } => "residence_permit_prefix",
        }
    }
    fn message(&self, l: Locale) -> String {
        match self {
            IdNumberError::Resident(e) => e.message(l),
            IdNumberError::Permit(e) => e.message(l),
            IdNumberError::WrongRegion {
                expected: PermitRegion::HongKong,
            } => l
                .pick(
                    "A Hong Kong resident's permit number starts with H",
                    "香港居民的通行证号码以 H 开头",
                    "香港居民的通行證號碼以 H 開頭",
                )
                .into(),
            IdNumberError::WrongRegion {
                expected: PermitRegion::Macao,
            } => l
                .pick(
                    "A Macao resident's permit number starts with M",
                    "澳门居民的通行证号码以 M 开头",
                    "澳門居民的通行證號碼以 M 開頭",
                )
                .into(),
            IdNumberError::ResidencePermitPrefix { expected } => match l {
                Locale::En => format!("A residence permit number of this kind starts with {}", &expected[..2]),
                Locale::ZhCn => format!("此类居住证号码以 {} 开头", &expected[..2]),
                Locale::ZhHant => format!("此類居住證號碼以 {} 開頭", &expected[..2]),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    #[test]
    fn dispatches_by_document() {
        let id = IdNumber::parse(IdDocumentType::MainlandIdCard, "11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            IdNumber::parse(IdDocumentType::HongKongPermit, "M12345678", today()),
            Err(IdNumberError::WrongRegion {
                expected: PermitRegion::HongKong
            })
        );
        assert!(IdNumber::parse(IdDocumentType::MacaoPermit, "M12345678", today()).is_ok());
        assert!(IdNumber::parse(IdDocumentType::Passport, "E12345678", today()).is_ok());
        assert_eq!(
            IdNumber::parse(IdDocumentType::TaiwanResident, "11010519491231002X", today()),
            Err(IdNumberError::ResidencePermitPrefix { expected: "830000" })
        );
    }

    #[test]
    fn a_number_knows_the_document_it_was_parsed_as() {
        for (doc, number) in [
            (IdDocumentType::MainlandIdCard, "11010519491231002X"),
            (IdDocumentType::ForeignResident, "11010519491231002X"),
            (IdDocumentType::HongKongPermit, "H12345678"),
            (IdDocumentType::MacaoPermit, "M1234567801"),
            (IdDocumentType::TaiwanPermit, "12345678"),
            (IdDocumentType::Passport, "E12345678"),
        ] {
            assert_eq!(IdNumber::parse(doc, number, today()).unwrap().document(), doc);
        }
    }
}
