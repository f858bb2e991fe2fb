//! What a rebuild can reuse of the layout stage (`watch`, only when
//! [`crate::keep_for_rebuilds`] is on): a winner's profile, composed into flow,
//! with the diagnostics its composition gave, keyed by everything it is made
//! from — the winner's file, the edition file and the layout. A save recomposes
//! only the winners whose files changed; the output is the same as composing
//! afresh.

use super::compose::{Composer, Pending};
use super::flow::Flow;
use crate::diag::Diagnostic;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A digest of the inputs of one memoised piece.
pub type Key = [u8; 32];

/// The key of texts (file contents, a layout's debug form).
pub fn key(parts: &[&[u8]]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// A piece's flow, its diagnostics, and its warnings waiting for a page.
type Memo = BTreeMap<Key, (Vec<Flow>, Vec<Diagnostic>, Vec<Pending>)>;

static MEMO: std::sync::Mutex<Memo> = std::sync::Mutex::new(BTreeMap::new());

/// The flow `make` gives, from an earlier build when `key` is the same.
pub fn flows(c: &mut Composer, key: Key, out: &mut Vec<Flow>, make: impl FnOnce(&mut Composer, &mut Vec<Flow>)) {
    if !crate::rebuild_cache_on() {
        make(c, out);
        return;
    }
    if let Ok(memo) = MEMO.lock()
        && let Some((flows, diags, pending)) = memo.get(&key)
    {
        out.extend(flows.iter().cloned());
        for d in diags {
            c.diags.push(d.clone());
        }
        c.pending.extend(pending.iter().cloned());
        return;
    }
    let (first_flow, first_diag, first_pending) = (out.len(), c.diags.items.len(), c.pending.len());
    make(c, out);
    let made = (out[first_flow..].to_vec(), c.diags.items[first_diag..].to_vec(), c.pending[first_pending..].to_vec());
    if let Ok(mut memo) = MEMO.lock() {
        memo.insert(key, made);
    }
}
