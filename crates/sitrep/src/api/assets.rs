//! The map page and its vendored libraries, embedded in the binary so that `sitrep serve`
//! is one file that works offline. `vendor/` is filled by `npm ci && npm run vendor`
//! in `crates/sitrep/web/` before the build (scripts/demo and scripts/browser-test do it).

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

static VENDOR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/web/vendor");
const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

/// True when the libraries were vendored before this binary was built; without them
/// the page cannot draw a map, and `serve` says so at startup rather than at first view.
pub fn vendored() -> bool {
    VENDOR.get_file("leaflet.js").is_some()
}

pub async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX_HTML).into_response()
}

pub async fn app_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], APP_JS).into_response()
}

pub async fn style_css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE_CSS).into_response()
}

pub async fn vendor(Path(path): Path<String>) -> Response {
    match VENDOR.get_file(&path) {
        Some(file) => (
            [(header::CONTENT_TYPE, content_type(&path)), (header::CACHE_CONTROL, "public, max-age=86400")],
            file.contents(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            format!("no vendored file `{path}`; run `npm ci && npm run vendor` in crates/sitrep/web and rebuild"),
        )
            .into_response(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
