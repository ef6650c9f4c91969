//! Merging across reports through the real store (being built).
