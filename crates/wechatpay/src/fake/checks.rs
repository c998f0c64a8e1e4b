//! The local WeChat Pay's reading of an applyment (`wechatpay.md` §6.1), written from the
//! protocol's field table and not from this crate's mapping, so that a mapping that drifts from
//! WeChat Pay's names or rules is refused here as WeChat Pay would refuse it: `400 PARAM_ERROR`
//! with `detail.field`, the JSON pointer of the first field at fault.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{Answer, Ledger, refusal};
use crate::cipher::decrypt_sensitive;
use crate::keys::PrivateKey;

/// How a field's value must look.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// 🔒: Base64 of RSA-OAEP under this WeChat Pay's key.
    Secret,
    /// A `media_id` uploaded here.
    Media,
    /// `YYYY-MM-DD`, or also `长期` for an end.
    Date {
        long_term: bool,
    },
    Bool,
    OneOf(&'static [&'static str]),
}

const DOCUMENTS: &[&str] = &[
    "IDENTIFICATION_TYPE_MAINLAND_IDCARD",
    "IDENTIFICATION_TYPE_OVERSEA_PASSPORT",
    "IDENTIFICATION_TYPE_HONGKONG",
    "IDENTIFICATION_TYPE_MACAO",
    "IDENTIFICATION_TYPE_TAIWAN",
    "IDENTIFICATION_TYPE_FOREIGN_RESIDENT",
    "IDENTIFICATION_TYPE_HONGKONG_MACAO_RESIDENT",
    "IDENTIFICATION_TYPE_TAIWAN_RESIDENT",
];

const MAINLAND_ID_CARD: &str = "IDENTIFICATION_TYPE_MAINLAND_IDCARD";
const PASSPORT: &str = "IDENTIFICATION_TYPE_OVERSEA_PASSPORT";

/// What a well-formed applyment told this WeChat Pay.
#[derive(Debug)]
pub struct Read {
    pub out_request_no: String,
    pub organization_type: String,
    pub bank_account_type: String,
    /// Every 🔒 field decrypted, by its dotted name.
    pub sensitive: BTreeMap<String, String>,
}

/// One object being read: where it is, and what is left to look at.
struct Reader<'a> {
    at: String,
    object: &'a Map<String, Value>,
    key: &'a PrivateKey,
    ledger: &'a Ledger,
    sensitive: &'a mut BTreeMap<String, String>,
}

fn param_error(pointer: &str, message: &str) -> Answer {
    refusal(400, "PARAM_ERROR", message, Some(pointer))
}

impl Reader<'_> {
    fn pointer(&self, name: &str) -> String {
        format!("{}/{name}", self.at)
    }

    fn dotted(&self, name: &str) -> String {
        let at = self.at.trim_start_matches('/').replace('/', ".");
        if at.is_empty() {
            name.to_string()
        } else {
            format!("{at}.{name}")
        }
    }

    /// Refuses a name the table does not have (a typo, or a field of another API version).
    fn only(&self, names: &[&str]) -> Result<(), Answer> {
        match self.object.keys().find(|k| !names.contains(&k.as_str())) {
            Some(unknown) => Err(param_error(&self.pointer(unknown), "字段不存在")),
            None => Ok(()),
        }
    }

    /// The field's value checked by `kind`: its text (decrypted for a secret), `None` when
    /// absent and not `required`.
    fn field(&mut self, name: &str, kind: Kind, required: bool) -> Result<Option<String>, Answer> {
        let pointer = self.pointer(name);
        let value = match self.object.get(name) {
            None if required => return Err(param_error(&pointer, "缺少必填字段")),
            None => return Ok(None),
            Some(value) => value,
        };
        let text = match (kind, value) {
            (Kind::Bool, Value::Bool(b)) => return Ok(Some(b.to_string())),
            (Kind::Bool, _) => return Err(param_error(&pointer, "应为布尔值")),
            (_, Value::String(s)) if !s.is_empty() => s.as_str(),
            _ => return Err(param_error(&pointer, "应为非空字符串")),
        };
        match kind {
            Kind::Secret => {
                let plain = decrypt_sensitive(self.key, text)
                    .map_err(|_| param_error(&pointer, "请确认待处理的消息是否为加密后的密文"))?;
                self.sensitive.insert(self.dotted(name), plain.clone());
                return Ok(Some(plain));
            }
            Kind::Media if !self.ledger.media.contains_key(text) => {
                return Err(param_error(&pointer, "无效的media_id"));
            }
            Kind::Date { long_term } if !(is_date(text) || (long_term && text == "长期")) => {
                return Err(param_error(&pointer, "日期格式应为YYYY-MM-DD"));
            }
            Kind::OneOf(values) if !values.contains(&text) => {
                return Err(param_error(&pointer, "枚举值不正确"));
            }
            _ => {}
        }
        Ok(Some(text.to_string()))
    }
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Refuses `null` anywhere (§1.4: 不允许使用 null).
fn no_nulls(value: &Value, at: &str) -> Result<(), Answer> {
    match value {
        Value::Null => Err(param_error(at, "不允许使用null")),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| no_nulls(v, &format!("{at}/{k}"))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| no_nulls(v, &format!("{at}/{i}"))),
        _ => Ok(()),
    }
}

/// Reads an applyment for organisation types 2 (enterprise) and 4 (individual business), the
/// two this platform submits; other types are refused as not opened to this merchant.
pub fn applyment(body: &[u8], key: &PrivateKey, ledger: &Ledger) -> Result<Read, Answer> {
    let json: Value =
        serde_json::from_slice(body).map_err(|_| refusal(400, "PARAM_ERROR", "请求体不是有效的JSON", None))?;
    no_nulls(&json, "")?;
    let top = json
        .as_object()
        .ok_or_else(|| refusal(400, "PARAM_ERROR", "请求体应为JSON对象", None))?;
    let mut sensitive = BTreeMap::new();
    let object = |at: &str| -> Result<&Map<String, Value>, Answer> {
        match top.get(at) {
            Some(Value::Object(map)) => Ok(map),
            Some(_) => Err(param_error(&format!("/{at}"), "应为对象")),
            None => Err(param_error(&format!("/{at}"), "缺少必填字段")),
        }
    };
    let mut root = Reader {
        at: String::new(),
        object: top,
        key,
        ledger,
        sensitive: &mut sensitive,
    };
    root.only(&[
        "out_request_no",
        "organization_type",
        "finance_institution",
        "business_license_info",
        "id_doc_type",
        "id_card_info",
        "id_doc_info",
        "owner",
        "ubo_info_list",
        "account_info",
        "contact_info",
        "sales_scene_info",
        "settlement_info",
        "merchant_shortname",
        "qualifications",
        "business_addition_pics",
        "business_addition_desc",
    ])?;
    let out_request_no = root.field("out_request_no", Kind::Text, true)?.unwrap_or_default();
    if out_request_no.len() > 124 {
        return Err(param_error("/out_request_no", "长度不能超过124"));
    }
    let organization_type = root
        .field("organization_type", Kind::OneOf(&["2", "4"]), true)?
        .unwrap_or_default();
    let enterprise = organization_type == "2";
    let document = root
        .field("id_doc_type", Kind::OneOf(DOCUMENTS), false)?
        .unwrap_or_else(|| MAINLAND_ID_CARD.to_string());
    let owner = root.field("owner", Kind::Bool, enterprise)?;
    let short_name = root.field("merchant_shortname", Kind::Text, true)?.unwrap_or_default();
    if short_name.len() > 64 {
        return Err(param_error("/merchant_shortname", "长度不能超过64字节"));
    }
    drop(root);

    let mut read = |at: &str, map: &Map<String, Value>, fields: &[(&str, Kind, bool)]| -> Result<(), Answer> {
        let mut reader = Reader {
            at: at.to_string(),
            object: map,
            key,
            ledger,
            sensitive: &mut sensitive,
        };
        let names: Vec<&str> = fields.iter().map(|(n, _, _)| *n).collect();
        reader.only(&names)?;
        for (name, kind, required) in fields {
            reader.field(name, *kind, *required)?;
        }
        Ok(())
    };
    read(
        "/business_license_info",
        object("business_license_info")?,
        &[
            ("business_license_copy", Kind::Media, true),
            ("business_license_number", Kind::Text, true),
            ("merchant_name", Kind::Text, true),
            ("legal_person", Kind::Text, true),
            ("company_address", Kind::Text, false),
            ("business_time", Kind::Text, false),
        ],
    )?;
    let card = document == MAINLAND_ID_CARD;
    let (present, absent) = if card {
        ("id_card_info", "id_doc_info")
    } else {
        ("id_doc_info", "id_card_info")
    };
    if top.contains_key(absent) {
        return Err(param_error(&format!("/{absent}"), "证件类型与证件信息不符"));
    }
    if card {
        read(
            "/id_card_info",
            object(present)?,
            &[
                ("id_card_copy", Kind::Media, true),
                ("id_card_national", Kind::Media, true),
                ("id_card_name", Kind::Secret, true),
                ("id_card_number", Kind::Secret, true),
                ("id_card_address", Kind::Secret, enterprise),
                ("id_card_valid_time_begin", Kind::Date { long_term: false }, true),
                ("id_card_valid_time", Kind::Date { long_term: true }, true),
            ],
        )?;
    } else {
        read(
            "/id_doc_info",
            object(present)?,
            &[
                ("id_doc_copy", Kind::Media, true),
                ("id_doc_copy_back", Kind::Media, document != PASSPORT),
                ("id_doc_name", Kind::Secret, true),
                ("id_doc_number", Kind::Secret, true),
                ("id_doc_address", Kind::Secret, enterprise),
                ("doc_period_begin", Kind::Date { long_term: false }, true),
                ("doc_period_end", Kind::Date { long_term: true }, true),
            ],
        )?;
    }
    let owners = match top.get("ubo_info_list") {
        None => &[][..],
        Some(Value::Array(items)) if enterprise => items.as_slice(),
        Some(_) => return Err(param_error("/ubo_info_list", "仅企业可填写受益所有人")),
    };
    let most = if owner.as_deref() == Some("true") { 3 } else { 4 };
    if owners.len() > most || (owner.as_deref() == Some("false") && owners.is_empty()) {
        return Err(param_error("/ubo_info_list", "受益所有人数量不正确"));
    }
    for (i, entry) in owners.iter().enumerate() {
        let at = format!("/ubo_info_list/{i}");
        let map = entry.as_object().ok_or_else(|| param_error(&at, "应为对象"))?;
        let passport = map.get("ubo_id_doc_type").and_then(Value::as_str) == Some(PASSPORT);
        read(
            &at,
            map,
            &[
                ("ubo_id_doc_type", Kind::OneOf(DOCUMENTS), true),
                ("ubo_id_doc_copy", Kind::Media, true),
                ("ubo_id_doc_copy_back", Kind::Media, !passport),
                ("ubo_id_doc_name", Kind::Secret, true),
                ("ubo_id_doc_number", Kind::Secret, true),
                ("ubo_id_doc_address", Kind::Secret, true),
                ("ubo_id_doc_period_begin", Kind::Date { long_term: false }, true),
                ("ubo_id_doc_period_end", Kind::Date { long_term: true }, true),
            ],
        )?;
    }
    let account = object("account_info")?;
    let account_types: &'static [&'static str] = if enterprise { &["74"] } else { &["74", "75"] };
    let other_bank = account.get("account_bank").and_then(Value::as_str) == Some("其他银行");
    let branch_given = account.contains_key("bank_name") || account.contains_key("bank_branch_id");
    if other_bank && !branch_given {
        return Err(param_error(
            "/account_info/bank_name",
            "其他银行须填写开户银行全称或联行号",
        ));
    }
    read(
        "/account_info",
        account,
        &[
            ("bank_account_type", Kind::OneOf(account_types), true),
            ("account_bank", Kind::Text, true),
            ("account_name", Kind::Secret, true),
            ("bank_address_code", Kind::Text, true),
            ("bank_branch_id", Kind::Text, false),
            ("bank_name", Kind::Text, false),
            ("account_number", Kind::Secret, true),
        ],
    )?;
    let contact = object("contact_info")?;
    let agent = contact.get("contact_type").and_then(Value::as_str) == Some("66");
    let agent_passport = contact.get("contact_id_doc_type").and_then(Value::as_str) == Some(PASSPORT);
    read(
        "/contact_info",
        contact,
        &[
            ("contact_type", Kind::OneOf(&["65", "66"]), true),
            ("contact_name", Kind::Secret, true),
            ("contact_id_doc_type", Kind::OneOf(DOCUMENTS), agent),
            ("contact_id_card_number", Kind::Secret, agent),
            ("contact_id_doc_copy", Kind::Media, agent),
            ("contact_id_doc_copy_back", Kind::Media, agent && !agent_passport),
            ("contact_id_doc_period_begin", Kind::Date { long_term: false }, agent),
            ("contact_id_doc_period_end", Kind::Date { long_term: true }, agent),
            ("business_authorization_letter", Kind::Media, agent),
            ("mobile_phone", Kind::Secret, true),
            ("contact_email", Kind::Secret, true),
        ],
    )?;
    let store = object("sales_scene_info")?;
    if !store.contains_key("store_url") && !store.contains_key("store_qr_code") {
        return Err(param_error(
            "/sales_scene_info/store_url",
            "店铺链接和店铺二维码须填写其一",
        ));
    }
    read(
        "/sales_scene_info",
        store,
        &[
            ("store_name", Kind::Text, true),
            ("store_url", Kind::Text, false),
            ("store_qr_code", Kind::Media, false),
            ("mini_program_sub_appid", Kind::Text, false),
        ],
    )?;
    let bank_account_type = account
        .get("bank_account_type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok(Read {
        out_request_no,
        organization_type,
        bank_account_type,
        sensitive,
    })
}
