//! `/api/export.{csv,geojson,jsonl}`: the events matching the filters, written by the
//! same `crate::export::Writer` as `sitrep extract`, so the API and the CLI give the
//! same bytes for the same events. The export streams: a blocking task pages through
//! the store and sends 64 KB chunks, so a 100k-event export never sits in memory.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::Context;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use super::error::ApiError;
use super::params::{Params, FILTER_PARAMS};
use super::AppState;
use crate::export::{Format, Writer};

const CHUNK: usize = 64 * 1024;
/// Chunks in flight between the database task and a slow client.
const CHUNKS_AHEAD: usize = 8;

pub async fn csv(state: State<Arc<AppState>>, query: Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    export(state, query, Format::Csv, "text/csv; charset=utf-8", "csv")
}

pub async fn geojson(state: State<Arc<AppState>>, query: Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    export(state, query, Format::Geojson, "application/geo+json", "geojson")
}

pub async fn jsonl(state: State<Arc<AppState>>, query: Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    export(state, query, Format::Jsonl, "application/x-ndjson", "jsonl")
}

fn export(
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
    format: Format,
    content_type: &'static str,
    extension: &'static str,
) -> Result<Response, ApiError> {
    let filter = Params::new(pairs, &[FILTER_PARAMS])?.event_filter()?;
    let (tx, rx) = mpsc::channel::<io::Result<Bytes>>(CHUNKS_AHEAD);
    tokio::task::spawn_blocking(move || {
        let errors = tx.clone();
        let written: anyhow::Result<()> = state.with_store(|store, state| {
            let mut writer =
                Writer::new(format, Chunks { tx, buf: Vec::new() }, &state.countries).context("starting the export")?;
            for event in store.export_events(&filter) {
                writer.write(&event?).context("writing the export")?;
            }
            writer.finish().context("finishing the export")?.flush().context("sending the export")?;
            Ok(())
        });
        if let Err(err) = written {
            // The status line is gone already: end the body with an error, so the client
            // sees a failed download rather than a silently short file.
            eprintln!("sitrep serve: export stopped: {err:#}");
            let _ = errors.blocking_send(Err(io::Error::other(format!("{err:#}"))));
        }
    });
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|chunk| (chunk, rx)) });
    let disposition = format!("attachment; filename=\"sitrep-events.{extension}\"");
    Ok((
        [(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from_stream(chunks),
    )
        .into_response())
}

/// The export's bytes, sent to the response body in chunks of about `CHUNK` bytes.
struct Chunks {
    tx: mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}
