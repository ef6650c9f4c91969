//! `/api/events`, `/api/events/{id}` and `/api/counts`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

use super::error::ApiError;
use super::params::{Params, FILTER_PARAMS, PAGE_PARAMS};
use super::AppState;
use crate::store::{EventDetail, EventRecord, Page};

pub async fn list(
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<Page<EventRecord>>, ApiError> {
    let filter = Params::new(pairs, &[FILTER_PARAMS, PAGE_PARAMS])?.event_filter()?;
    let page = state.query(move |store, _| Ok(store.list_events(&filter)?)).await?;
    Ok(Json(page))
}

pub async fn one(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<EventDetail>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad("id", e.body_text()))?;
    let found = state.query({
        let id = id.clone();
        move |store, _| Ok(store.get_event(&id)?)
    });
    found.await?.map(Json).ok_or_else(|| ApiError::NotFound(format!("event `{id}`")))
}

/// Rows of `store::CountRow`, served from the aggregate cache.
pub async fn counts(
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<impl IntoResponse, ApiError> {
    let filter = Params::new(pairs, &[FILTER_PARAMS])?.event_filter()?;
    let body = state
        .query(move |store, state| {
            state.cache.get_or_compute(store, format!("counts {filter:?}"), |store| {
                let rows = store.counts(&filter)?;
                Ok(serde_json::to_vec(&rows).map_err(anyhow::Error::from)?.into())
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body))
}
