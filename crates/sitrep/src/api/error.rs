//! Every failure a handler can return, mapped to a status and a JSON `{error, parameter?}`
//! body, so a client can tell which of its parameters to fix without reading logs.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("parameter `{name}`: {message}")]
    BadParam { name: String, message: String },
    #[error("{0} not found")]
    NotFound(String),
    /// A database or task failure: logged in full, answered with a short message.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn bad(name: &str, message: impl Into<String>) -> Self {
        ApiError::BadParam { name: name.to_owned(), message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::BadParam { name, .. } => {
                (StatusCode::BAD_REQUEST, json!({ "error": self.to_string(), "parameter": name }))
            }
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, json!({ "error": self.to_string() })),
            ApiError::Internal(err) => {
                eprintln!("sitrep serve: {err:#}");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal error; see the server log" }))
            }
        };
        (status, Json(body)).into_response()
    }
}
