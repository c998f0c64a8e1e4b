//! Types of the HTTP API shared by the app and the server, so the two cannot drift.
//! Later issues add the onboarding endpoints here.

use serde::{Deserialize, Serialize};

use crate::FieldReport;

/// The API's one error shape: `{code, message, fields: [{path, code, message}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: Vec<FieldReport>,
}

/// `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the server and its database answer.
    pub status: String,
    pub version: String,
    /// Whether the simulated WeChat side is on.
    pub sandbox: bool,
}
