//! What a rebuild can reuse of the layout stage (`watch`, with a
//! [`crate::reuse::Reuse`]): a winner's profile or the programme, composed into
//! flow, with the diagnostics its composition gave, kept under the digest of
//! everything it is made from (issue #24: a rebuild equals a build by
//! construction). The caller names those inputs in its key (`recipes/booklet.rs`
//! `profiles`, `recipes/programme.rs`); a save recomposes only the pieces whose
//! inputs changed. Without a state (a one-shot build) nothing is kept and no
//! key is computed.

use super::compose::{Composer, Pending};
use super::flow::Flow;
use crate::diag::Diagnostic;
use sha2::{Digest, Sha256};

/// A digest of the inputs of one memoised piece.
pub type Key = [u8; 32];

/// The key of a list of inputs, each counted with its length (so that no two
/// lists give the same stream of bytes).
pub fn key(parts: &[&[u8]]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// A key made part by part: each part counted with its length, as in [`key`].
pub struct KeyOf(Sha256);

impl KeyOf {
    /// A key for a kind of piece (`tag`: "profile", "programme").
    pub fn new(tag: &str) -> KeyOf {
        KeyOf(Sha256::new()).part(tag.as_bytes())
    }
    pub fn part(mut self, bytes: &[u8]) -> KeyOf {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }
    /// A source file as a piece's spans and diagnostics see it: its id (spans
    /// hold it), its path and its text.
    pub fn source(self, sources: &crate::diag::SourceMap, file: crate::diag::FileId) -> KeyOf {
        let f = sources.get(file);
        self.part(&file.0.to_le_bytes())
            .part(f.path.as_os_str().as_encoded_bytes())
            .part(f.shown.as_bytes())
            .part(f.text.as_bytes())
    }
    pub fn finish(self) -> Key {
        self.0.finalize().into()
    }
}

/// A piece's flow, its diagnostics, and its warnings waiting for a page.
pub type Piece = (Vec<Flow>, Vec<Diagnostic>, Vec<Pending>);

/// The pieces a rebuild state keeps.
pub type Memo = crate::reuse::Kept<Key, Piece>;

/// The flow `make` gives, from an earlier build when the key of its inputs is
/// the same. `key` is computed only when there is a memo.
pub fn flows(
    c: &mut Composer,
    memo: Option<&Memo>,
    key: impl FnOnce() -> Key,
    out: &mut Vec<Flow>,
    make: impl FnOnce(&mut Composer, &mut Vec<Flow>),
) {
    let Some(memo) = memo else {
        make(c, out);
        return;
    };
    let key = key();
    let found = memo.find(&key, |(flows, diags, pending)| {
        out.extend(flows.iter().cloned());
        for d in diags {
            c.diags.push(d.clone());
        }
        c.pending.extend(pending.iter().cloned());
        Some(())
    });
    if found.is_some() {
        return;
    }
    let (first_flow, first_diag, first_pending) = (out.len(), c.diags.items.len(), c.pending.len());
    make(c, out);
    let made = (out[first_flow..].to_vec(), c.diags.items[first_diag..].to_vec(), c.pending[first_pending..].to_vec());
    memo.insert(key, made);
}
