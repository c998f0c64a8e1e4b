//! The closed choices of the domain, serialised with WeChat Pay's own codes where it has them.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// What kind of promoter registers (domain.md §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Enterprise,
    IndividualBusiness,
    Personal,
}

impl EntityType {
    pub const ALL: [EntityType; 3] = [
        EntityType::Enterprise,
        EntityType::IndividualBusiness,
        EntityType::Personal,
    ];

    /// Whether the account must authenticate before use. Personal accounts are usable at once.
    pub fn needs_authentication(self) -> bool {
        self != EntityType::Personal
    }

    /// WeChat Pay's `organization_type`.
    pub fn organization_type(self) -> Option<&'static str> {
        match self {
            EntityType::Enterprise => Some("2"),
            EntityType::IndividualBusiness => Some("4"),
            EntityType::Personal => None,
        }
    }

    /// The settlement account types this entity may use: an enterprise only a business account,
    /// an individual business either, a personal account none (it does not authenticate).
    pub fn allowed_account_types(self) -> &'static [BankAccountType] {
        match self {
            EntityType::Enterprise => &[BankAccountType::Business],
            EntityType::IndividualBusiness => &[BankAccountType::Business, BankAccountType::Private],
            EntityType::Personal => &[],
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            EntityType::Enterprise => l.pick("Enterprise", "企业", "企業"),
            EntityType::IndividualBusiness => l.pick("Individual business", "个体工商户", "個體工商戶"),
            EntityType::Personal => l.pick("Personal", "个人", "個人"),
        }
    }

    /// The snake_case name used in JSON, URLs and form values.
    pub fn key(self) -> &'static str {
        match self {
            EntityType::Enterprise => "enterprise",
            EntityType::IndividualBusiness => "individual_business",
            EntityType::Personal => "personal",
        }
    }

    pub fn from_key(key: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|e| e.key() == key)
    }
}

/// Where the legal person (or agent) is a resident; decides the identity document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Residency {
    Mainland,
    HongKong,
    Macao,
    Taiwan,
    OtherCountry,
}

impl Residency {
    pub const ALL: [Residency; 5] = [
        Residency::Mainland,
        Residency::HongKong,
        Residency::Macao,
        Residency::Taiwan,
        Residency::OtherCountry,
    ];

    /// The document a resident of this place identifies with (domain.md §2).
    pub fn document(self) -> IdDocumentType {
        match self {
            Residency::Mainland => IdDocumentType::MainlandIdCard,
            Residency::HongKong => IdDocumentType::HongKongPermit,
            Residency::Macao => IdDocumentType::MacaoPermit,
            Residency::Taiwan => IdDocumentType::TaiwanPermit,
            Residency::OtherCountry => IdDocumentType::Passport,
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Residency::Mainland => l.pick("Chinese mainland", "中国大陆", "中國大陸"),
            Residency::HongKong => l.pick("Hong Kong", "中国香港", "中國香港"),
            Residency::Macao => l.pick("Macao", "中国澳门", "中國澳門"),
            Residency::Taiwan => l.pick("Taiwan", "中国台湾", "中國台灣"),
            Residency::OtherCountry => l.pick("Another country or region", "其他国家或地区", "其他國家或地區"),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Residency::Mainland => "mainland",
            Residency::HongKong => "hong_kong",
            Residency::Macao => "macao",
            Residency::Taiwan => "taiwan",
            Residency::OtherCountry => "other_country",
        }
    }

    pub fn from_key(key: &str) -> Option<Residency> {
        Residency::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Identity document types, serialised as WeChat Pay's `id_doc_type` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IdDocumentType {
    #[serde(rename = "IDENTIFICATION_TYPE_MAINLAND_IDCARD")]
    MainlandIdCard,
    #[serde(rename = "IDENTIFICATION_TYPE_HONGKONG")]
    HongKongPermit,
    #[serde(rename = "IDENTIFICATION_TYPE_MACAO")]
    MacaoPermit,
    #[serde(rename = "IDENTIFICATION_TYPE_TAIWAN")]
    TaiwanPermit,
    #[serde(rename = "IDENTIFICATION_TYPE_OVERSEA_PASSPORT")]
    Passport,
    /// Residence permits: the ID card's 18-character format, address code 810000/820000/830000,
    /// or the foreigner's permanent residence ID card.
    #[serde(rename = "IDENTIFICATION_TYPE_FOREIGN_RESIDENT")]
    ForeignResident,
    #[serde(rename = "IDENTIFICATION_TYPE_HONGKONG_MACAO_RESIDENT")]
    HongKongMacaoResident,
    #[serde(rename = "IDENTIFICATION_TYPE_TAIWAN_RESIDENT")]
    TaiwanResident,
}

impl IdDocumentType {
    pub const ALL: [IdDocumentType; 8] = [
        IdDocumentType::MainlandIdCard,
        IdDocumentType::HongKongPermit,
        IdDocumentType::MacaoPermit,
        IdDocumentType::TaiwanPermit,
        IdDocumentType::Passport,
        IdDocumentType::ForeignResident,
        IdDocumentType::HongKongMacaoResident,
        IdDocumentType::TaiwanResident,
    ];

    /// The WeChat Pay name, as in JSON.
    pub fn wechat_name(self) -> &'static str {
        match self {
            IdDocumentType::MainlandIdCard => "IDENTIFICATION_TYPE_MAINLAND_IDCARD",
            IdDocumentType::HongKongPermit => "IDENTIFICATION_TYPE_HONGKONG",
            IdDocumentType::MacaoPermit => "IDENTIFICATION_TYPE_MACAO",
            IdDocumentType::TaiwanPermit => "IDENTIFICATION_TYPE_TAIWAN",
            IdDocumentType::Passport => "IDENTIFICATION_TYPE_OVERSEA_PASSPORT",
            IdDocumentType::ForeignResident => "IDENTIFICATION_TYPE_FOREIGN_RESIDENT",
            IdDocumentType::HongKongMacaoResident => "IDENTIFICATION_TYPE_HONGKONG_MACAO_RESIDENT",
            IdDocumentType::TaiwanResident => "IDENTIFICATION_TYPE_TAIWAN_RESIDENT",
        }
    }

    /// The faces of this document that must be photographed, in order.
    pub fn faces(self) -> &'static [ImageFace] {
        match self {
            IdDocumentType::MainlandIdCard
            | IdDocumentType::ForeignResident
            | IdDocumentType::HongKongMacaoResident
            | IdDocumentType::TaiwanResident => &[ImageFace::Portrait, ImageFace::NationalEmblem],
            IdDocumentType::HongKongPermit | IdDocumentType::MacaoPermit | IdDocumentType::TaiwanPermit => {
                &[ImageFace::Front, ImageFace::Back]
            }
            IdDocumentType::Passport => &[ImageFace::PhotoPage],
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            IdDocumentType::MainlandIdCard => l.pick("Resident identity card", "居民身份证", "居民身份證"),
            IdDocumentType::HongKongPermit | IdDocumentType::MacaoPermit => l.pick(
                "Mainland Travel Permit for Hong Kong and Macao Residents",
                "港澳居民来往内地通行证",
                "港澳居民來往內地通行證",
            ),
            IdDocumentType::TaiwanPermit => l.pick(
                "Mainland Travel Permit for Taiwan Residents",
                "台湾居民来往大陆通行证",
                "台灣居民來往大陸通行證",
            ),
            IdDocumentType::Passport => l.pick("Passport", "护照", "護照"),
            IdDocumentType::ForeignResident => l.pick(
                "Foreign Permanent Resident ID Card",
                "外国人永久居留身份证",
                "外國人永久居留身份證",
            ),
            IdDocumentType::HongKongMacaoResident => l.pick(
                "Residence Permit for Hong Kong and Macao Residents",
                "港澳居民居住证",
                "港澳居民居住證",
            ),
            IdDocumentType::TaiwanResident => l.pick(
                "Residence Permit for Taiwan Residents",
                "台湾居民居住证",
                "台灣居民居住證",
            ),
        }
    }

    /// What the document's number looks like, as a hint next to the field.
    pub fn number_hint(self, l: Locale) -> &'static str {
        match self {
            IdDocumentType::MainlandIdCard
            | IdDocumentType::ForeignResident
            | IdDocumentType::HongKongMacaoResident
            | IdDocumentType::TaiwanResident => l.pick(
                "18 characters: 17 digits, then a digit or X",
                "18 位：17 位数字，最后一位为数字或 X",
                "18 位：17 位數字，最後一位為數字或 X",
            ),
            IdDocumentType::HongKongPermit => l.pick(
                "H followed by 8 digits (10 on some permits)",
                "H 加 8 位数字（部分证件为 10 位）",
                "H 加 8 位數字（部分證件為 10 位）",
            ),
            IdDocumentType::MacaoPermit => l.pick(
                "M followed by 8 digits (10 on some permits)",
                "M 加 8 位数字（部分证件为 10 位）",
                "M 加 8 位數字（部分證件為 10 位）",
            ),
            IdDocumentType::TaiwanPermit => l.pick(
                "8 digits (10 on some permits)",
                "8 位数字（部分证件为 10 位）",
                "8 位數字（部分證件為 10 位）",
            ),
            IdDocumentType::Passport => l.pick(
                "As printed on the photo page: letters and digits",
                "按护照个人信息页填写：字母和数字",
                "按護照個人資料頁填寫：字母和數字",
            ),
        }
    }

    /// The phone keyboard for the number (`inputmode`): only the Taiwan permit is all digits;
    /// the others need a letter (X, H, M) so they get the full keyboard.
    pub fn number_keyboard(self) -> &'static str {
        match self {
            IdDocumentType::TaiwanPermit => "numeric",
            _ => "text",
        }
    }
}

/// Which side of a document an image shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImageFace {
    /// The business licence, one image.
    Licence,
    /// ID card face with the photo (人像面).
    Portrait,
    /// ID card face with the national emblem (国徽面).
    NationalEmblem,
    Front,
    Back,
    /// The passport's photo (data) page.
    PhotoPage,
    /// The letter authorising an agent to be super administrator.
    AuthorisationLetter,
    /// The mini-program QR code of the store.
    StoreQrCode,
}

impl ImageFace {
    pub fn key(self) -> &'static str {
        match self {
            ImageFace::Licence => "licence",
            ImageFace::Portrait => "portrait",
            ImageFace::NationalEmblem => "national_emblem",
            ImageFace::Front => "front",
            ImageFace::Back => "back",
            ImageFace::PhotoPage => "photo_page",
            ImageFace::AuthorisationLetter => "authorisation_letter",
            ImageFace::StoreQrCode => "store_qr_code",
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            ImageFace::Licence => l.pick("Business licence", "营业执照", "營業執照"),
            ImageFace::Portrait => l.pick("portrait face", "人像面", "人像面"),
            ImageFace::NationalEmblem => l.pick("national emblem face", "国徽面", "國徽面"),
            ImageFace::Front => l.pick("front", "正面", "正面"),
            ImageFace::Back => l.pick("back", "反面", "反面"),
            ImageFace::PhotoPage => l.pick("photo page", "个人信息页", "個人資料頁"),
            ImageFace::AuthorisationLetter => l.pick("Letter of authorisation", "业务办理授权函", "業務辦理授權函"),
            ImageFace::StoreQrCode => l.pick("Mini Program QR code", "小程序码", "小程式碼"),
        }
    }
}

/// Settlement account type, serialised as WeChat Pay's `bank_account_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BankAccountType {
    /// 对公: in the business's name.
    #[serde(rename = "74")]
    Business,
    /// 对私: in the operator's own name (individual businesses only).
    #[serde(rename = "75")]
    Private,
}

impl BankAccountType {
    pub const ALL: [BankAccountType; 2] = [BankAccountType::Business, BankAccountType::Private];

    pub fn code(self) -> &'static str {
        match self {
            BankAccountType::Business => "74",
            BankAccountType::Private => "75",
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            BankAccountType::Business => l.pick("Business account", "对公银行账户", "對公銀行帳戶"),
            BankAccountType::Private => l.pick(
                "Personal account of the operator",
                "经营者个人银行卡",
                "經營者個人銀行卡",
            ),
        }
    }
}

/// Who the super administrator is, serialised as WeChat Pay's `contact_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AdministratorType {
    /// The legal person (or operator) themself.
    #[serde(rename = "65")]
    LegalPerson,
    /// An agent, who also needs an identity document and a letter of authorisation.
    #[serde(rename = "66")]
    Agent,
}

impl AdministratorType {
    pub const ALL: [AdministratorType; 2] = [AdministratorType::LegalPerson, AdministratorType::Agent];

    pub fn code(self) -> &'static str {
        match self {
            AdministratorType::LegalPerson => "65",
            AdministratorType::Agent => "66",
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            AdministratorType::LegalPerson => l.pick(
                "The legal person (or operator) is the super administrator",
                "法定代表人（经营者）本人担任超级管理员",
                "法定代表人（經營者）本人擔任超級管理員",
            ),
            AdministratorType::Agent => l.pick(
                "Someone else, as an authorised agent",
                "授权他人（经办人）担任超级管理员",
                "授權他人（經辦人）擔任超級管理員",
            ),
        }
    }
}

/// The settlement bank (`account_bank`): WeChat Pay's 17 directly connected banks, or another bank,
/// which then needs the branch's full name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Bank {
    #[serde(rename = "工商银行")]
    Icbc,
    #[serde(rename = "交通银行")]
    BankOfCommunications,
    #[serde(rename = "招商银行")]
    ChinaMerchants,
    #[serde(rename = "民生银行")]
    Minsheng,
    #[serde(rename = "中信银行")]
    Citic,
    #[serde(rename = "浦发银行")]
    Spdb,
    #[serde(rename = "兴业银行")]
    Industrial,
    #[serde(rename = "光大银行")]
    Everbright,
    #[serde(rename = "广发银行")]
    Guangfa,
    #[serde(rename = "平安银行")]
    PingAn,
    #[serde(rename = "北京银行")]
    BankOfBeijing,
    #[serde(rename = "华夏银行")]
    Huaxia,
    #[serde(rename = "农业银行")]
    Abc,
    #[serde(rename = "建设银行")]
    Ccb,
    #[serde(rename = "邮政储蓄银行")]
    Psbc,
    #[serde(rename = "中国银行")]
    BankOfChina,
    #[serde(rename = "宁波银行")]
    BankOfNingbo,
    #[serde(rename = "其他银行")]
    Other,
}

impl Bank {
    pub const ALL: [Bank; 18] = [
        Bank::Icbc,
        Bank::BankOfCommunications,
        Bank::ChinaMerchants,
        Bank::Minsheng,
        Bank::Citic,
        Bank::Spdb,
        Bank::Industrial,
        Bank::Everbright,
        Bank::Guangfa,
        Bank::PingAn,
        Bank::BankOfBeijing,
        Bank::Huaxia,
        Bank::Abc,
        Bank::Ccb,
        Bank::Psbc,
        Bank::BankOfChina,
        Bank::BankOfNingbo,
        Bank::Other,
    ];

    /// The bank's name in the applicant's language (WeChat Pay's own value is the Chinese name).
    pub fn label(self, l: Locale) -> &'static str {
        let (en, hans, hant) = match self {
            Bank::Icbc => ("Industrial and Commercial Bank of China", "工商银行", "工商銀行"),
            Bank::BankOfCommunications => ("Bank of Communications", "交通银行", "交通銀行"),
            Bank::ChinaMerchants => ("China Merchants Bank", "招商银行", "招商銀行"),
            Bank::Minsheng => ("China Minsheng Bank", "民生银行", "民生銀行"),
            Bank::Citic => ("China CITIC Bank", "中信银行", "中信銀行"),
            Bank::Spdb => ("Shanghai Pudong Development Bank", "浦发银行", "浦發銀行"),
            Bank::Industrial => ("Industrial Bank", "兴业银行", "興業銀行"),
            Bank::Everbright => ("China Everbright Bank", "光大银行", "光大銀行"),
            Bank::Guangfa => ("China Guangfa Bank", "广发银行", "廣發銀行"),
            Bank::PingAn => ("Ping An Bank", "平安银行", "平安銀行"),
            Bank::BankOfBeijing => ("Bank of Beijing", "北京银行", "北京銀行"),
            Bank::Huaxia => ("Hua Xia Bank", "华夏银行", "華夏銀行"),
            Bank::Abc => ("Agricultural Bank of China", "农业银行", "農業銀行"),
            Bank::Ccb => ("China Construction Bank", "建设银行", "建設銀行"),
            Bank::Psbc => ("Postal Savings Bank of China", "邮政储蓄银行", "郵政儲蓄銀行"),
            Bank::BankOfChina => ("Bank of China", "中国银行", "中國銀行"),
            Bank::BankOfNingbo => ("Bank of Ningbo", "宁波银行", "寧波銀行"),
            Bank::Other => ("Another bank", "其他银行", "其他銀行"),
        };
        l.pick(en, hans, hant)
    }

    /// A stable form value (the position in [`Bank::ALL`]).
    pub fn key(self) -> usize {
        Bank::ALL.iter().position(|b| *b == self).expect("listed")
    }

    /// Other banks must name the full branch (开户银行全称（含支行）).
    pub fn needs_branch_name(self) -> bool {
        self == Bank::Other
    }
}
