//! `sasshi archive` (the booklet as PDF/A-3u with its sources attached) and
//! `sasshi rebuild` (the PDFs an archive copy records, rebuilt from it alone
//! and compared with the recorded hashes).

use super::Ctx;
use super::report::{self, write_refused};
use sasshi::diag::Message;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `sasshi archive [EDITION]`: `out/<edition>/<edition>-archive.pdf`.
pub fn archive(dir: &Path, ctx: &Ctx) -> ExitCode {
    let out = sasshi::archive::archive(dir, &ctx.options);
    report::diagnostics(&out.diags, &out.sources, ctx);
    let Some(a) = out.result else {
        ctx.err(Message::new("cli.build_failed"));
        return report::problems();
    };
    let path = ctx.out.join(&a.edition).join(sasshi::archive::file_name(&a.edition));
    if let Err(e) = sasshi::outputs::write_set(&[(path.clone(), a.bytes.as_slice())]) {
        write_refused(&e, ctx);
        return report::problems();
    }
    ctx.say(
        Message::new("archive.written")
            .arg("path", path.display().to_string())
            .arg("pages", a.pages.to_string())
            .arg("files", a.attached.to_string()),
    );
    ExitCode::SUCCESS
}

/// `sasshi rebuild FILE.pdf`: the PDFs rebuilt into `out/<edition>/` from the
/// archive copy's attachments; 0 when each is identical to the manifest's hash,
/// 1 naming each that differs.
pub fn rebuild(file: &Path, ctx: &Ctx) -> ExitCode {
    let bytes = match sasshi::archive::read_copy(file) {
        Ok(b) => b,
        Err(d) => {
            let mut diags = sasshi::diag::Diagnostics::default();
            diags.push(*d);
            report::diagnostics(&diags, &sasshi::diag::SourceMap::default(), ctx);
            ctx.err(Message::new("cli.build_failed"));
            return report::problems();
        }
    };
    // A private scratch folder is made (and removed) under the temp folder.
    let mut out = sasshi::archive::rebuild(&bytes, &std::env::temp_dir());
    // A problem of the archive copy as a whole (not a PDF, no manifest) is
    // told against the file the user named.
    out.diags.unplaced_in(&file.display().to_string());
    report::diagnostics(&out.diags, &out.sources, ctx);
    let Some(r) = out.result else {
        ctx.err(Message::new("cli.build_failed"));
        return report::problems();
    };
    let m = &r.manifest;
    if m.sasshi != env!("CARGO_PKG_VERSION") {
        ctx.err(
            Message::new("rebuild.version").arg("archived", m.sasshi.clone()).arg("running", env!("CARGO_PKG_VERSION")),
        );
    }
    let mut ok = true;
    for path in &r.damaged {
        ctx.err(Message::new("rebuild.damaged").arg("file", path.clone()));
        ok = false;
    }
    let dir = ctx.out.join(&m.edition);
    let files: Vec<(PathBuf, &[u8])> =
        r.outputs.iter().filter_map(|(name, _, b)| b.as_ref().map(|b| (dir.join(name), b.as_slice()))).collect();
    if let Err(e) = sasshi::outputs::write_set(&files) {
        write_refused(&e, ctx);
        return report::problems();
    }
    for (name, same, bytes) in &r.outputs {
        let path = dir.join(name).display().to_string();
        if *same {
            ctx.say(Message::new("rebuild.same").arg("file", path));
        } else if bytes.is_some() {
            ctx.err(Message::new("rebuild.differs").arg("file", path));
            ok = false;
        } else {
            ctx.err(Message::new("rebuild.missing").arg("file", name.clone()));
            ok = false;
        }
    }
    if ok {
        ctx.say(Message::new("rebuild.identical").arg("count", r.outputs.len().to_string()));
        ExitCode::SUCCESS
    } else {
        report::problems()
    }
}
