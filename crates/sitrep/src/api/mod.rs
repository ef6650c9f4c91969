//! The HTTP side of sitrep: a JSON API over the store and the embedded map page.
//! Handlers parse and validate parameters (`params`), run the store's queries on a
//! blocking thread with a pooled read-only connection (`AppState::query`), and answer
//! JSON; every failure is an `ApiError` with a 4xx/5xx status and a JSON body.

mod assets;
mod cache;
mod control;
mod error;
mod events;
mod export;
mod feed;
mod params;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::export::Countries;
use crate::store::Store;

pub use assets::vendored;
pub use error::ApiError;

const OPENAPI: &str = include_str!("openapi.json");

/// Idle connections kept for reuse; more are opened under load and dropped after.
const IDLE_CONNECTIONS: usize = 8;

/// What every handler shares: where the database is, a few idle read-only connections
/// (a `rusqlite::Connection` is not `Sync`, so each blocking task takes its own), the
/// country table the ACLED CSV export needs, and the cached aggregate answers.
pub struct AppState {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
    countries: Countries,
    cache: cache::Cache,
}

impl AppState {
    /// Opens one connection now, so a missing or foreign file fails at startup, not at
    /// the first request.
    pub fn open(db: PathBuf, countries: Countries) -> anyhow::Result<Arc<AppState>> {
        let store = Store::open_read_only(&db)?;
        Ok(Arc::new(AppState { db, idle: Mutex::new(vec![store]), countries, cache: cache::Cache::default() }))
    }

    /// Runs `f` with a read-only connection on the blocking pool, never on the async
    /// runtime's threads.
    async fn query<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &AppState) -> Result<T, ApiError> + Send + 'static,
    {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || state.with_store(f))
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("query task failed: {e}")))?
    }

    /// Runs `f` with an idle connection, or a new one when all are busy. Blocks: call it
    /// from a blocking task.
    fn with_store<T, E: From<anyhow::Error>>(&self, f: impl FnOnce(&Store, &AppState) -> Result<T, E>) -> Result<T, E> {
        let pooled = self.idle.lock().expect("pool lock").pop();
        let store = match pooled {
            Some(store) => store,
            None => Store::open_read_only(&self.db)?,
        };
        let out = f(&store, self);
        let mut idle = self.idle.lock().expect("pool lock");
        if idle.len() < IDLE_CONNECTIONS {
            idle.push(store);
        }
        out
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::app_js))
        .route("/style.css", get(assets::style_css))
        .route("/vendor/{*path}", get(assets::vendor))
        .route("/openapi.json", get(openapi))
        .route("/api/events", get(events::list))
        .route("/api/events/{id}", get(events::one))
        .route("/api/counts", get(events::counts))
        .route("/api/control", get(control::at))
        .route("/api/changes", get(feed::changes))
        .route("/api/stats", get(feed::stats))
        .route("/api/export.csv", get(export::csv))
        .route("/api/export.geojson", get(export::geojson))
        .route("/api/export.jsonl", get(export::jsonl))
        .fallback(|| async { ApiError::NotFound("route".into()) })
        .with_state(state)
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
