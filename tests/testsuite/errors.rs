//! The broken-input matrix (being written).
