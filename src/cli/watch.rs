//! `sasshi watch`: the edition rebuilt on every save, with one rebuild state
//! kept for as long as it watches.

use super::build::build;
use super::{Ctx, report};
use sasshi::diag::Message;
use std::path::Path;
use std::process::ExitCode;

/// `sasshi watch`: build, then rebuild whenever a file of the edition (its
/// entries, images) or the layouts change. Only a complete build replaces the
/// PDFs, so a broken edit leaves the last good ones and prints what is wrong;
/// the next good save rebuilds them. Saves that come together (an editor writes
/// a file in several steps) are taken as one.
pub fn watch(dir: &Path, ctx: &Ctx) -> ExitCode {
    use notify::{RecursiveMode, Watcher};
    use std::sync::mpsc;
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            ctx.err(Message::new("cli.watch_failed").arg("detail", e.to_string()));
            return report::problems();
        }
    };
    // What the rebuilds reuse, kept by this command for as long as it watches
    // (a rebuild gives a fresh build's bytes: `sasshi::render_with`).
    let reuse = sasshi::Reuse::new();
    let layouts = sasshi::layouts_dir_for(dir);
    for (path, mode) in [(dir.to_path_buf(), RecursiveMode::Recursive), (layouts, RecursiveMode::NonRecursive)] {
        if path.is_dir()
            && let Err(e) = watcher.watch(&path, mode)
        {
            ctx.err(Message::new("cli.watch_failed").arg("detail", format!("{}: {e}", path.display())));
            return report::problems();
        }
    }
    // What a save is: an entry, a layout or an image; not an editor's swap or
    // backup file, nor our own partial files.
    let relevant = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        !name.starts_with('.') && !name.ends_with('~') && matches!(ext.as_str(), "toml" | "png" | "jpg" | "jpeg")
    };
    let say = |m: Message| out!("{}", m.render(&ctx.lang));
    build(dir, ctx, false, None, Some(&reuse));
    say(Message::new("cli.watching").arg("edition", dir.display().to_string()));
    loop {
        let Ok(first) = rx.recv() else { return ExitCode::SUCCESS };
        // A write, a new file, a removal or a rename: not the reads of our own build.
        let saved = |e: notify::Result<notify::Event>| {
            e.is_ok_and(|e| {
                use notify::EventKind as K;
                matches!(e.kind, K::Create(_) | K::Modify(_) | K::Remove(_)) && e.paths.iter().any(|p| relevant(p))
            })
        };
        let mut changed = saved(first);
        // Gather the rest of this save.
        while let Ok(next) = rx.recv_timeout(std::time::Duration::from_millis(150)) {
            changed |= saved(next);
        }
        if !changed {
            continue;
        }
        let code = build(dir, ctx, false, None, Some(&reuse));
        let key = if code == ExitCode::SUCCESS { "cli.watch_rebuilt" } else { "cli.watch_kept" };
        say(Message::new(key));
    }
}
