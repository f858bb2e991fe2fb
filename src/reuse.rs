//! What a rebuild reuses (issue #24: a rebuild equals a build by construction).
//!
//! One explicit state, [`Reuse`], owned by the caller that rebuilds — `watch`,
//! the rebuild benchmark, the tests — and passed by reference into
//! [`crate::render_with`] and from there to each stage that keeps something:
//! the decoded images (`model`), the composed profiles and programme
//! (`layout::kit::memo`), the finished page streams and deflated streams
//! (`pdf::Reuse`) and the unchanged documents. A one-shot build passes `None`
//! and keeps nothing; nothing is kept by the process.
//!
//! Every piece is found by a key that covers everything it was made from — a
//! digest of its inputs (a profile: the layout, the winner's file, the edition
//! file, the other winners' facts labels, its images' bytes), or the inputs
//! themselves compared whole (a page: its frame, marks, fonts' codes and image
//! names; a stream: its bytes) — so that what a rebuild takes is what a fresh
//! build would make.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Pieces kept between the builds of one [`Reuse`], each with the build that
/// last used it. A piece no build has used for [`KEPT_BUILDS`] builds is let
/// go, so that a long `watch` does not grow without end.
pub struct Kept<K, V> {
    entries: Mutex<BTreeMap<K, (V, u64)>>,
    build: AtomicU64,
}

/// How many builds back a piece is kept when unused: a save that changes a
/// file and the save that changes it back both find their pieces.
pub const KEPT_BUILDS: u64 = 2;

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept { entries: Mutex::new(BTreeMap::new()), build: AtomicU64::new(0) }
    }
}

impl<K: Ord, V> Kept<K, V> {
    /// What `f` gives of the piece kept under `key` (marked as used by this
    /// build when `f` takes it).
    pub fn find<Q, R>(&self, key: &Q, f: impl FnOnce(&V) -> Option<R>) -> Option<R>
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let build = self.build.load(Ordering::Relaxed);
        let mut entries = self.entries.lock().ok()?;
        let (value, used) = entries.get_mut(key)?;
        let found = f(value)?;
        *used = build;
        Some(found)
    }

    /// Keep `value` under `key`, in place of what was there.
    pub fn insert(&self, key: K, value: V) {
        let build = self.build.load(Ordering::Relaxed);
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, (value, build));
        }
    }

    /// A new build starts: pieces unused for [`KEPT_BUILDS`] builds are let go.
    pub fn next_build(&self) {
        let build = self.build.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, used)| *used + KEPT_BUILDS >= build);
        }
    }

    /// How many pieces are kept (for tests).
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The last PDF written of each kind, with what it was written from.
pub(crate) type Documents =
    Kept<crate::model::layout::DocumentKind, (crate::frame::Document, crate::pdf::PrintSettings, crate::pdf::Written)>;

/// The state a series of rebuilds of one edition keeps (see the module's
/// documentation). Made by the caller, dropped with everything it holds.
#[derive(Default)]
pub struct Reuse {
    /// Decoded images, by path and the SHA-256 of their bytes.
    pub(crate) images: crate::model::ImageCache,
    /// Composed profiles and the programme, by the digest of their inputs.
    pub(crate) layout: crate::layout::kit::memo::Memo,
    /// Finished page streams and deflated streams.
    pub(crate) pdf: crate::pdf::Reuse,
    /// Whole documents whose frames and settings did not change.
    pub(crate) documents: Documents,
}

impl Reuse {
    /// An empty state: the first build with it makes everything.
    pub fn new() -> Reuse {
        Reuse::default()
    }

    /// A build with this state starts.
    pub(crate) fn next_build(&self) {
        self.images.next_build();
        self.layout.next_build();
        self.pdf.next_build();
        self.documents.next_build();
    }

    /// How many profiles (and programmes) are kept, for tests of what a
    /// rebuild lets go.
    pub fn kept_pieces(&self) -> usize {
        self.layout.len()
    }
}
