//! sasshi (冊子): structured award entries → print-ready PDF booklets, through
//! our own Japanese text engine.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! entries/*.toml ──model──▶ Loaded ──layout (text)──▶ frame::Document ──pdf──▶ bytes
//! ```
//!
//! - [`model`]: TOML → validated model with spans (every problem in one run).
//! - [`text`]: JLREQ line composition; knows nothing of pages or PDF.
//! - [`layout`]: model → pages of positioned items ([`frame`]).
//! - [`pdf`]: frames → PDF; the only module that imports printpdf.
//!
//! What runs the stages, each in a module named for what it holds:
//!
//! - [`render`]: `check` and `render` (an edition to PDFs in memory), what they
//!   return, the print settings and the ink report.
//! - [`editions`]: finding, resolving and starting editions.
//! - [`replacement`]: two deliveries compared (`sasshi diff`).
//! - [`outputs`], [`reuse`]: writing the files all or nothing; the rebuild state.
//!
//! Their items are re-exported here (`sasshi::render`, `sasshi::Rendered`, …).
//! See `docs/architecture.md`.

rust_i18n::i18n!("locales", fallback = "en");

pub mod archive;
pub mod bench;
pub mod diag;
pub mod editions;
pub mod font;
pub mod frame;
pub mod fuzzing;
pub mod import;
pub mod jobsheet;
pub mod layout;
pub mod model;
pub mod outputs;
pub mod pdf;
pub mod picture;
pub mod proof;
pub mod render;
pub mod replacement;
pub mod reuse;
pub mod text;
pub mod units;

pub use editions::{
    NewError, WINNER_TEMPLATE, editions, layouts_dir_for, new_edition, newest_edition, resolve_edition,
};
pub use render::{Options, Outcome, Output, Rendered, Timings, check, check_with, print_settings, render, render_with};
pub use replacement::{REPLACEMENT_FILE, Replacement, ReplacementFile, compare_builds, is_replacement_file};
pub use reuse::Reuse;
