//! Stream compression. printpdf's `to_lopdf_document` leaves content streams and
//! font programs uncompressed (only its own `save` compresses), so we deflate every
//! stream that has no filter yet — on all cores, since pages are independent.
//! Flate output depends only on the input and the level, so the bytes are the same
//! however the work is split.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Object, ObjectId};
use std::io::Write;

pub fn deflate(data: &[u8]) -> Vec<u8> {
    // libdeflate's level 1: within 2 % of the bytes zlib-rs made at level 3
    // (and smaller than its level 2) in a third of the time (measured on the
    // 2006 booklet's content streams and font programs: 0.71 / 0.24 of their
    // size against 0.70 / 0.23).
    zlib(data, FAST)
}

/// libdeflate's fastest level that still builds its own Huffman codes.
pub const FAST: u32 = 1;

/// `data` as zlib data (RFC 1950) at libdeflate's `level` (1–12): the whole
/// input in one call, from a compressor kept by each thread for each level. A
/// compressor's tables are a few hundred kilobytes: made afresh for each of a
/// booklet's hundreds of streams, they were a good part of its page faults.
/// The bytes depend only on the input, the level and libdeflate's version
/// (its processor-specific code paths change only how fast, not what), so
/// the output is the same on every machine and however the streams are
/// spread over threads.
pub fn zlib(data: &[u8], level: u32) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<Vec<(u32, Compressor)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with(|cell| {
        let mut kept = cell.borrow_mut();
        let at = match kept.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = CompressionLvl::new(level as i32).unwrap_or_default();
                kept.push((level, Compressor::new(lvl)));
                kept.len() - 1
            }
        };
        let z = &mut kept[at].1;
        // The bound is what libdeflate guarantees room for: compressing into
        // it cannot run out of space.
        let mut out = vec![0u8; z.zlib_compress_bound(data.len())];
        match z.zlib_compress(data, &mut out) {
            Ok(n) => {
                out.truncate(n);
                out
            }
            // Cannot happen (see above); flate2 says the same thing if it did.
            Err(_) => {
                let mut e = ZlibEncoder::new(Vec::new(), Compression::new(level.min(9)));
                let _ = e.write_all(data);
                e.finish().unwrap_or_default()
            }
        }
    })
}

/// A page's content stream as `compress_streams` leaves it: deflated when
/// longer than 64 bytes (/Filter after /Length in its dictionary).
pub fn content_stream(bytes: Vec<u8>) -> lopdf::Stream {
    if bytes.len() > 64 {
        let mut s = lopdf::Stream::new(lopdf::Dictionary::new(), deflate(&bytes));
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        s
    } else {
        lopdf::Stream::new(lopdf::Dictionary::new(), bytes)
    }
}

/// Streams to deflate, by object.
type Streams = Vec<(ObjectId, Vec<u8>)>;

/// Deflated streams a rebuild state keeps, by their bytes (the whole input:
/// Flate output depends on nothing else at a fixed level).
pub type Deflated = crate::reuse::Kept<Vec<u8>, Vec<u8>>;

/// The streams `work` deflates, those deflated before taken from `kept` (a
/// rebuild: `watch`): a rebuild deflates only the streams of pages that changed.
fn deflate_cached(todo: Streams, kept: Option<&Deflated>, work: impl Fn(Streams) -> Streams) -> Streams {
    use std::collections::BTreeMap;
    let Some(kept) = kept else { return work(todo) };
    let mut done = Vec::with_capacity(todo.len());
    let mut missing = Vec::new();
    for (id, data) in todo {
        match kept.find(&data, |z| Some(z.clone())) {
            Some(z) => done.push((id, z)),
            None => missing.push((id, data)),
        }
    }
    let originals: BTreeMap<ObjectId, Vec<u8>> = missing.iter().cloned().collect();
    let fresh = work(missing);
    for (id, z) in &fresh {
        if let Some(data) = originals.get(id) {
            kept.insert(data.clone(), z.clone());
        }
    }
    done.extend(fresh);
    done
}

/// Deflate every unfiltered stream of the document. `ready`: contents already
/// deflated (original, deflated), taken as they are (the font programs,
/// deflated while the pages were written). `kept`: a rebuild state's deflated
/// streams, to take from and add to.
pub fn compress_streams(lo: &mut lopdf::Document, ready: &[(Vec<u8>, Vec<u8>)], kept: Option<&Deflated>) {
    let mut todo: Vec<(ObjectId, Vec<u8>)> = Vec::new();
    for (id, o) in lo.objects.iter_mut() {
        let Object::Stream(s) = o else { continue };
        if s.dict.get(b"Filter").is_ok() || s.content.len() <= 64 {
            continue;
        }
        match ready.iter().find(|(original, _)| *original == s.content) {
            Some((_, z)) => {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(z.clone());
            }
            None => todo.push((*id, s.content.clone())),
        }
    }
    let done = deflate_cached(todo, kept, |todo| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
        // Interleave so big and small streams spread evenly over the threads.
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let todo = &todo;
                    s.spawn(move || {
                        todo.iter().skip(t).step_by(threads).map(|(id, data)| (*id, deflate(data))).collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    });
    for (id, data) in done {
        if let Ok(Object::Stream(s)) = lo.get_object_mut(id) {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(data);
        }
    }
}
