//! A tagged file's serialisation: every dictionary, array and number that is
//! not a stream goes into compressed object streams, found through a
//! cross-reference stream (ISO 32000-1 §7.5.7, §7.5.8; PDF 1.5, allowed by
//! PDF/X-4 and PDF/A-2). A tagged booklet has thousands of small structure
//! elements: written one by one with a classic cross-reference table they made
//! the file 14 % larger; packed, a few percent.
//!
//! Our own writer rather than lopdf's object-stream option, which clones and
//! writes every object twice and took longer than the rest of the file's
//! serialisation. The bytes follow from the document alone (objects in id
//! order), so the output stays deterministic.

use super::PdfError;
use lopdf::{Dictionary, Object, StringFormat};
use std::io::Write;

/// Objects per object stream: large enough to compress well, small enough
/// that a reader decompresses little to reach one object.
const PER_STREAM: usize = 500;

/// The bytes of `lo` with object streams and a cross-reference stream; the
/// trailer's entries (Root, Info, ID) go into the cross-reference stream's
/// dictionary. `extra`: objects already serialised (id, bytes), whose ids `lo`
/// has reserved (the structure elements); `external`: streams written with
/// these bytes as their content (the document holds them empty).
pub fn save(
    lo: &lopdf::Document,
    extra: Vec<(u32, Vec<u8>)>,
    external: &[(lopdf::ObjectId, &[u8])],
) -> Result<Vec<u8>, PdfError> {
    // Room for every stream as it is, so that the file is not copied as it grows.
    let streams_size: usize = lo
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 64,
            _ => 0,
        })
        .sum::<usize>()
        + external.iter().map(|(_, d)| d.len()).sum::<usize>();
    let mut out: Vec<u8> = Vec::with_capacity(streams_size + (1 << 18));
    out.extend_from_slice(format!("%PDF-{}\n", lo.version).as_bytes());
    // A comment of four bytes above 127: the file is binary (§7.5.2).
    out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let max_id = lo.objects.keys().map(|(id, _)| *id).chain(extra.iter().map(|(id, _)| *id)).max().unwrap_or(0);
    // Per object id: (type, field 2, field 3) as the cross-reference stream has them.
    let packable =
        lo.objects.iter().filter(|((_, g), o)| *g == 0 && !matches!(o, Object::Stream(_))).count() + extra.len();
    let streams = packable.div_ceil(PER_STREAM) as u32;
    // The object streams and then the cross-reference stream follow the objects.
    let xref_id = max_id + streams + 1;
    let mut xref: Vec<(u8, u32, u16)> = vec![(0, 0, 0); xref_id as usize + 1];
    xref[0] = (0, 0, 0xFFFF);
    let mut packed: Vec<(u32, Vec<u8>)> = Vec::with_capacity(packable);
    for (&(id, generation), object) in &lo.objects {
        if generation == 0 && !matches!(object, Object::Stream(_)) {
            let mut body = Vec::new();
            write_object(&mut body, object);
            packed.push((id, body));
            continue;
        }
        xref[id as usize] = (1, out.len() as u32, generation);
        out.extend_from_slice(format!("{id} {generation} obj\n").as_bytes());
        match (object, external.iter().find(|(e, _)| *e == (id, generation))) {
            (Object::Stream(s), Some((_, data))) => write_stream(&mut out, &s.dict, data),
            _ => write_object(&mut out, object),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    packed.extend(extra);
    packed.sort_unstable_by_key(|(id, _)| *id);
    // Each object stream's data (its header of ids and offsets, then the
    // objects), deflated on all cores: the streams are independent.
    let mut datas = Vec::with_capacity(streams as usize);
    for (k, chunk) in packed.chunks(PER_STREAM).enumerate() {
        let stream_id = max_id + 1 + k as u32;
        let mut header: Vec<u8> = Vec::new();
        let mut bodies = Vec::new();
        for (index, (id, body)) in chunk.iter().enumerate() {
            let _ = write!(header, "{id} {} ", bodies.len());
            bodies.extend_from_slice(body);
            bodies.push(b'\n');
            xref[*id as usize] = (2, stream_id, index as u16);
        }
        let first = header.len();
        let mut data = header;
        data.extend_from_slice(&bodies);
        datas.push((chunk.len(), first, data));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, datas.len().max(1));
    let per = datas.len().div_ceil(threads).max(1);
    let deflated: Vec<Result<Vec<u8>, PdfError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = datas
            .chunks(per)
            .map(|group| scope.spawn(move || group.iter().map(|(_, _, d)| deflate(d)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec![Err(PdfError("a compressor panicked".into()))]))
            .collect()
    });
    for (k, ((n, first, _), data)) in datas.iter().zip(deflated).enumerate() {
        let data = data?;
        let stream_id = max_id + 1 + k as u32;
        let dict = format!("<</Type/ObjStm/N {n}/First {first}/Filter/FlateDecode/Length {}>>", data.len());
        xref[stream_id as usize] = (1, out.len() as u32, 0);
        out.extend_from_slice(format!("{stream_id} 0 obj\n{dict}stream\n").as_bytes());
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    // The cross-reference stream, its own entry included.
    let start = out.len();
    xref[xref_id as usize] = (1, start as u32, 0);
    let mut entries = Vec::with_capacity(xref.len() * 7);
    for (kind, a, b) in &xref {
        entries.push(*kind);
        entries.extend_from_slice(&a.to_be_bytes());
        entries.extend_from_slice(&b.to_be_bytes());
    }
    let entries = deflate(&entries)?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(i64::from(xref_id) + 1));
    dict.set("W", Object::Array(vec![Object::Integer(1), Object::Integer(4), Object::Integer(2)]));
    for key in [b"Root".as_slice(), b"Info", b"ID"] {
        if let Ok(v) = lo.trailer.get(key) {
            dict.set(key.to_vec(), v.clone());
        }
    }
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set("Length", Object::Integer(entries.len() as i64));
    out.extend_from_slice(format!("{xref_id} 0 obj\n").as_bytes());
    write_dictionary(&mut out, &dict);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&entries);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{start}\n%%EOF").as_bytes());
    Ok(out)
}

/// Upper-case hex digits, for names' #xx escapes and hex strings.
pub(super) const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Dictionaries and arrays of names and numbers compress nearly as well at the
/// fast level, at a fraction of the time.
fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    Ok(super::compress::zlib(data, super::compress::FAST))
}

/// Whether `o` begins with a character that does not end a preceding token
/// (a number, name or keyword needs a space before it).
fn needs_space(o: &Object) -> bool {
    matches!(o, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
}

pub(super) fn write_object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &b in s {
                out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                // Every parenthesis and backslash escaped: balanced or not.
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        Object::Stream(s) => write_stream(out, &s.dict, &s.content),
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// A stream: its dictionary with /Length set to the content's (in its place,
/// or last), then the content.
fn write_stream(out: &mut Vec<u8>, dict: &Dictionary, content: &[u8]) {
    out.extend_from_slice(b"<<");
    let length = Object::Integer(content.len() as i64);
    for (key, value) in dict {
        let value = if key == b"Length" { &length } else { value };
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    if !dict.has(b"Length") {
        write_name(out, b"Length");
        out.push(b' ');
        write_object(out, &length);
    }
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
}

/// A name object: `/` and the bytes, delimiters, whitespace, `#` and bytes
/// outside 33–126 written as `#xx` (ISO 32000-1 §7.3.5). Shared by the object
/// writer and the content streams.
pub(super) fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}
