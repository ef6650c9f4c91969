//! `/api/changes` (the changefeed a client polls) and `/api/stats`.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;

use super::error::ApiError;
use super::params::Params;
use super::AppState;
use crate::store::{Change, Page, Stats};

const DEFAULT_LIMIT: usize = 100;

pub async fn changes(
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Page<Change>>, ApiError> {
    let params = Params::new(pairs, &[&["since", "limit"]])?;
    let since = params.number::<i64>("since")?.unwrap_or(0);
    if since < 0 {
        return Err(ApiError::bad("since", "must be 0 or a `next_cursor` from a previous answer"));
    }
    let limit = params.number::<usize>("limit")?;
    params.check_limit(limit)?;
    let page = state.query(move |store, _| Ok(store.changes(since, limit.unwrap_or(DEFAULT_LIMIT))?)).await?;
    Ok(Json(page))
}

pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Json<Stats>, ApiError> {
    Ok(Json(state.query(|store, _| Ok(store.stats()?)).await?))
}
