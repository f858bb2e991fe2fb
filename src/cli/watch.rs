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
    let saves = match Saves::watch(dir, ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // What the rebuilds reuse, kept by this command for as long as it watches
    // (a rebuild gives a fresh build's bytes: `sasshi::render_with`).
    let reuse = sasshi::Reuse::new();
    let say = |m: Message| out!("{}", m.render(&ctx.lang));
    build(dir, ctx, false, None, Some(&reuse));
    say(Message::new("cli.watching").arg("edition", dir.display().to_string()));
    while saves.next() {
        let code = build(dir, ctx, false, None, Some(&reuse));
        let key = if code == ExitCode::SUCCESS { "cli.watch_rebuilt" } else { "cli.watch_kept" };
        say(Message::new(key));
    }
    ExitCode::SUCCESS
}

/// The saves of an edition, for `watch` and `serve` alike: its folder
/// (recursively) and its layouts folder watched.
pub(crate) struct Saves {
    _watcher: notify::RecommendedWatcher,
    events: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
}

impl Saves {
    /// Start watching `dir` and its layouts; a watcher that cannot start is
    /// reported and ends the command.
    pub(crate) fn watch(dir: &Path, ctx: &Ctx) -> Result<Saves, ExitCode> {
        use notify::{RecursiveMode, Watcher};
        let (tx, events) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let _ = tx.send(event);
        })
        .map_err(|e| {
            ctx.err(Message::new("cli.watch_failed").arg("detail", e.to_string()));
            report::problems()
        })?;
        let layouts = sasshi::layouts_dir_for(dir);
        for (path, mode) in [(dir.to_path_buf(), RecursiveMode::Recursive), (layouts, RecursiveMode::NonRecursive)] {
            if path.is_dir()
                && let Err(e) = watcher.watch(&path, mode)
            {
                ctx.err(Message::new("cli.watch_failed").arg("detail", format!("{}: {e}", path.display())));
                return Err(report::problems());
            }
        }
        Ok(Saves { _watcher: watcher, events })
    }

    /// Wait for the next save; `false` when watching has ended. Events that
    /// come together (an editor writes a file in several steps) are one save;
    /// events that are no save (our own build's reads and partial files, an
    /// editor's swap file) are passed over.
    pub(crate) fn next(&self) -> bool {
        loop {
            let Ok(first) = self.events.recv() else { return false };
            let mut changed = is_save(first);
            // Gather the rest of this save.
            while let Ok(next) = self.events.recv_timeout(std::time::Duration::from_millis(150)) {
                changed |= is_save(next);
            }
            if changed {
                return true;
            }
        }
    }
}

/// A write, a new file, a removal or a rename of an entry, a layout or an
/// image: not an editor's swap or backup file, nor our own partial files.
fn is_save(event: notify::Result<notify::Event>) -> bool {
    use notify::EventKind as K;
    let relevant = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        !name.starts_with('.') && !name.ends_with('~') && matches!(ext.as_str(), "toml" | "png" | "jpg" | "jpeg")
    };
    event.is_ok_and(|e| {
        matches!(e.kind, K::Create(_) | K::Modify(_) | K::Remove(_)) && e.paths.iter().any(|p| relevant(p))
    })
}
