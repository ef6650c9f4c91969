//! The HTTP side of sitrep: a JSON API over the store and the embedded map page.
//! Handlers parse and validate parameters (`params`), run the store's queries on a
//! blocking thread with a pooled read-only connection, and answer JSON; every
//! failure is an `ApiError` with a 4xx/5xx status and a JSON body.

mod assets;
mod error;
mod params;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub use assets::vendored;
pub use error::ApiError;

const OPENAPI: &str = include_str!("openapi.json");

pub fn router() -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::app_js))
        .route("/style.css", get(assets::style_css))
        .route("/vendor/{*path}", get(assets::vendor))
        .route("/openapi.json", get(openapi))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
