//! `/api/export.{csv,geojson,jsonl}`: the events matching the filters, written by the
//! same `crate::export::Writer` as `sitrep extract`, so the API and the CLI give the
//! same bytes for the same events. The export is built in memory on the blocking
//! pool (about 0.5 KB per event), then sent.

use std::sync::Arc;

use anyhow::Context;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::params::{Params, FILTER_PARAMS};
use super::AppState;
use crate::export::{Format, Writer};

pub async fn csv(state: State<Arc<AppState>>, query: Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    export(state, query, Format::Csv, "text/csv; charset=utf-8", "csv").await
}

pub async fn geojson(state: State<Arc<AppState>>, query: Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    export(state, query, Format::Geojson, "application/geo+json", "geojson").await
}

pub async fn jsonl(state: State<Arc<AppState>>, query: Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    export(state, query, Format::Jsonl, "application/x-ndjson", "jsonl").await
}

async fn export(
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
    format: Format,
    content_type: &'static str,
    extension: &'static str,
) -> Result<Response, ApiError> {
    let filter = Params::new(pairs, &[FILTER_PARAMS])?.event_filter()?;
    let bytes = state
        .query(move |store, state| {
            let mut writer = Writer::new(format, Vec::new(), &state.countries).context("starting the export")?;
            for event in store.export_events(&filter) {
                writer.write(&event?).context("writing the export")?;
            }
            Ok(writer.finish().context("finishing the export")?)
        })
        .await?;
    let disposition = format!("attachment; filename=\"sitrep-events.{extension}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
