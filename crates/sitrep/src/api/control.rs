//! `/api/control`: who holds which place at a date, as the GeoJSON the map's control
//! layer draws (`store::control_geojson`, the same document as `sitrep control --format geojson`),
//! served from the aggregate cache.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;

use super::error::ApiError;
use super::params::Params;
use super::AppState;
use crate::store::control_geojson;

pub async fn at(
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<impl IntoResponse, ApiError> {
    let params = Params::new(pairs, &[&["at", "country"]])?;
    let at = match params.date("at")? {
        Some(date) => date,
        None => jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date(),
    };
    let country = params.text("country").map(|c| c.to_ascii_uppercase());
    let body = state
        .query(move |store, state| {
            state.cache.get_or_compute(store, format!("control {at} {country:?}"), |store| {
                let mut body = control_geojson(&store.control_at(at, country.as_deref())?);
                body["at"] = at.to_string().into();
                Ok(serde_json::to_vec(&body).map_err(anyhow::Error::from)?.into())
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body))
}
