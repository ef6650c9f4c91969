//! `/api/control`: who holds which place at a date, as GeoJSON points for the map's
//! control layer. Places without coordinates cannot be drawn and are left out.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use super::params::Params;
use super::AppState;
use crate::store::ControlState;

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
    let states = state.query(move |store, _| Ok(store.control_at(at, country.as_deref())?)).await?;
    let features: Vec<Value> = states.iter().filter_map(feature).collect();
    let body = json!({ "type": "FeatureCollection", "at": at.to_string(), "features": features });
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], Json(body)))
}

fn feature(s: &ControlState) -> Option<Value> {
    let (lat, lon) = (s.place.lat?, s.place.lon?);
    Some(json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": {
            "place": s.place.name,
            "place_key": s.place_key,
            "country": s.place.country,
            "admin1": s.place.admin1,
            "geo_precision": s.place.geo_precision,
            "holder": s.holder,
            "since": s.since.to_string(),
            "event_id": s.event_id,
            "claimed_by": s.claimed_by,
            "contested": s.contested,
            "rivals": s.rivals,
        }
    }))
}
