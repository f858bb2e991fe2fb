//! Writing a set of output files all or nothing (issue #24; README: "A failed
//! build writes nothing: the previous PDFs stay as they were").
//!
//! An edition's outputs — the PDFs and the job sheet, or the files `diff`,
//! `rebuild` and `new` write — are made visible together:
//!
//! 1. every target is checked up front: one that is a folder refuses the whole
//!    set, naming the file ([`WriteError::IsFolder`]);
//! 2. the output folder is locked (`.sasshi.lock` in it, an advisory file lock
//!    held while writing, and removed by its holder before the lock is let go:
//!    the folder keeps only the outputs; [`FolderLock`]): a second build of the same edition waits for it up to
//!    [`LOCK_WAIT`], then says plainly that another build is writing
//!    ([`WriteError::Busy`]);
//! 3. staged files an earlier run left (killed, or a machine stopped) are
//!    removed: each staged name holds its writer's process id, and one whose
//!    process is gone, or that is older than the lock we now hold, is stale;
//! 4. each file is written to a private staging name in the same folder,
//!    unique to this process and write (`.booklet.pdf.<pid>-<n>.partial`), and
//!    flushed to the disk;
//! 5. only when all are staged are they renamed into place, the job sheet
//!    last. A rename that fails puts back the files already replaced (kept as
//!    hard links until the set is complete); only when that is impossible does
//!    the error list what was replaced ([`WriteError::Io::replaced`]).
//!
//! Any failure before the renames removes every staged file and leaves every
//! previous file untouched.

use std::path::{Path, PathBuf};

/// The lock file in an output folder.
pub const LOCK_FILE: &str = ".sasshi.lock";

/// How long a build waits for another build of the same edition to finish
/// writing (writing takes milliseconds; a build that holds the lock longer is
/// stuck, and the staff are told).
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Why a set of files was not written.
#[derive(Debug)]
pub enum WriteError {
    /// A target is a folder: nothing was written.
    IsFolder(PathBuf),
    /// Another build holds the folder's lock: nothing was written.
    Busy(PathBuf),
    /// The machine refused `path` (a full disk, no permission, an output
    /// folder that is a file). `replaced`: targets that hold the new file and
    /// could not be put back — empty unless the failure came in the middle of
    /// the renames and undoing them failed too.
    Io { path: PathBuf, error: std::io::Error, replaced: Vec<PathBuf> },
}

impl WriteError {
    /// Whether every previous file is as it was.
    pub fn nothing_replaced(&self) -> bool {
        match self {
            WriteError::Io { replaced, .. } => replaced.is_empty(),
            _ => true,
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::IsFolder(p) => write!(f, "{}: is a folder, not a file", p.display()),
            WriteError::Busy(p) => write!(f, "{}: another build is writing there", p.display()),
            WriteError::Io { path, error, .. } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl From<WriteError> for std::io::Error {
    fn from(e: WriteError) -> std::io::Error {
        let kind = match &e {
            WriteError::IsFolder(_) => std::io::ErrorKind::IsADirectory,
            WriteError::Busy(_) => std::io::ErrorKind::WouldBlock,
            WriteError::Io { error, .. } => error.kind(),
        };
        std::io::Error::new(kind, e.to_string())
    }
}

/// Write `files` (each a path and its bytes) so that either all of them are
/// replaced or none (see the module's documentation). Files in several folders
/// lock each folder, in name order.
pub fn write_set(files: &[(PathBuf, &[u8])]) -> Result<(), WriteError> {
    write_files(files, true)
}

/// [`write_set`] into folders no other writer knows of (a folder `sasshi new`
/// has just made in `entries/`): the same staging, no lock file left among the
/// edition's files.
pub fn write_set_unlocked(files: &[(PathBuf, &[u8])]) -> Result<(), WriteError> {
    write_files(files, false)
}

fn write_files(files: &[(PathBuf, &[u8])], lock: bool) -> Result<(), WriteError> {
    let io = |path: &Path, error| WriteError::Io { path: path.to_path_buf(), error, replaced: Vec::new() };
    // 1. No target may be a folder.
    for (path, _) in files {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(WriteError::IsFolder(path.clone()));
        }
    }
    let mut dirs: Vec<PathBuf> = files.iter().map(|(p, _)| folder_of(p).to_path_buf()).collect();
    dirs.sort();
    dirs.dedup();
    // 2. The folders, made and locked; 3. what earlier runs left, removed.
    let mut locks = Vec::with_capacity(dirs.len());
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        if lock {
            let lock = lock_folder(dir)?;
            remove_stale(dir, &lock);
            locks.push(lock);
        }
    }
    // 4. Every file staged and flushed, at once: the flushes to the disk
    // overlap (one journal commit can carry several) instead of queueing.
    let staged: Vec<(PathBuf, &Path)> =
        files.iter().map(|(path, _)| (staging_name(path, "partial"), path.as_path())).collect();
    let written: Vec<std::io::Result<()>> = std::thread::scope(|scope| {
        let writers: Vec<_> = staged
            .iter()
            .zip(files)
            .map(|((tmp, _), (_, bytes))| scope.spawn(move || write_synced(tmp, bytes)))
            .collect();
        writers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| Err(std::io::Error::other("writer panicked"))))
            .collect()
    });
    if let Some((i, e)) = written.into_iter().enumerate().find_map(|(i, r)| r.err().map(|e| (i, e))) {
        for (t, _) in &staged {
            let _ = std::fs::remove_file(t);
        }
        return Err(io(staged[i].1, e));
    }
    // 5. Renamed into place together, the job sheet (the last given) last.
    let result = commit(&staged);
    for dir in &dirs {
        sync_folder(dir);
    }
    drop(locks);
    result
}

/// The folder a file is written in.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A held lock on an output folder (released when dropped), and when it was
/// taken (the lock file's modification time, written on taking it).
///
/// The lock file is there only while a build writes: the holder removes it
/// before it lets the lock go, so that the printer's folder holds the PDFs and
/// the job sheet alone. That is safe against a race because a build that gets
/// the lock then checks that the file it locked is still the one at the path
/// ([`still_at`]); one that waited on a file the holder has since removed takes
/// the lock again on a new file, so two builds never both hold a lock on the
/// folder.
struct FolderLock {
    file: std::fs::File,
    path: PathBuf,
    taken: Option<std::time::SystemTime>,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the handle after.
        if still_at(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open `file` (not removed, not replaced).
/// Where that cannot be told, the lock file is kept (never removed), which is
/// safe too.
fn still_at(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        false
    }
}

/// Take the folder's lock, waiting up to [`LOCK_WAIT`] for another writer.
fn lock_folder(dir: &Path) -> Result<FolderLock, WriteError> {
    use std::io::Write;
    let path = dir.join(LOCK_FILE);
    let start = std::time::Instant::now();
    let file = loop {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|error| WriteError::Io { path: path.clone(), error, replaced: Vec::new() })?;
        match file.try_lock() {
            // The holder before may have removed the file while this one
            // waited: then lock the file now at the path.
            Ok(()) if cfg!(unix) && !still_at(&file, &path) => continue,
            Ok(()) => break file,
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(WriteError::Busy(dir.to_path_buf())),
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(WriteError::Io { path, error, replaced: Vec::new() });
            }
        }
    };
    // Who holds it, for a person who looks; writing it also dates the lock.
    let _ = file.set_len(0);
    let _ = (&file).write_all(format!("{}\n", std::process::id()).as_bytes());
    let taken = file.metadata().and_then(|m| m.modified()).ok();
    Ok(FolderLock { file, path, taken })
}

/// A private name beside `path` for a file being written: the process id and a
/// count, so that no two writers (processes or threads) share one.
fn staging_name(path: &Path, ending: &str) -> PathBuf {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    folder_of(path).join(format!(".{name}.{}-{n}.{ending}", std::process::id()))
}

/// The process id in a staging name, when it is one of ours
/// (`.<file>.<pid>-<n>.partial`).
fn staging_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".partial")?;
    let (_, tag) = rest.rsplit_once('.')?;
    let (pid, n) = tag.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether a process is running (Linux: /proc/<pid>); `None` where that
/// cannot be known.
fn process_alive(pid: u32) -> Option<bool> {
    Path::new("/proc/self").exists().then(|| Path::new("/proc").join(pid.to_string()).exists())
}

/// Remove the staged files earlier runs left in `dir` (a build killed while
/// writing): those whose process is gone, and — as every writer stages under
/// the lock — those older than the lock just taken. Files named as an older
/// sasshi staged them (`.<file>.partial`) are stale too.
fn remove_stale(dir: &Path, lock: &FolderLock) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') || !name.ends_with(".partial") {
            continue;
        }
        let stale = match staging_pid(&name) {
            Some(pid) => {
                let gone = pid != std::process::id() && process_alive(pid) == Some(false);
                let older = match (entry.metadata().and_then(|m| m.modified()), lock.taken) {
                    (Ok(made), Some(taken)) => made < taken,
                    _ => false,
                };
                gone || older
            }
            None => true,
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Write a file and flush it to the disk; never over an existing file.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Flush a folder's entries (the renames) to the disk, where the system can.
fn sync_folder(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Rename every staged file into place. The previous files are first kept as
/// hard links, so that a rename failing halfway puts them all back; the
/// staged and kept files are removed whatever happens.
fn commit(staged: &[(PathBuf, &Path)]) -> Result<(), WriteError> {
    /// What stood at a target before.
    enum Before {
        /// Nothing: undone by removing the new file.
        Nothing,
        /// A file, kept as a hard link under this name.
        Kept(PathBuf),
        /// A file that could not be kept (a file system without hard links).
        Lost,
    }
    let mut before: Vec<Before> = Vec::with_capacity(staged.len());
    for (_, target) in staged {
        let old = staging_name(target, "partial");
        before.push(match std::fs::hard_link(target, &old) {
            Ok(()) => Before::Kept(old),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Before::Nothing,
            Err(_) => Before::Lost,
        });
    }
    let mut failure = None;
    let mut done = 0;
    for (tmp, target) in staged {
        if let Err(e) = std::fs::rename(tmp, target) {
            failure = Some((target.to_path_buf(), e));
            break;
        }
        done += 1;
    }
    let result = match failure {
        None => Ok(()),
        Some((path, error)) => {
            // Put back what was replaced: the previous file where there was one,
            // none where there was none.
            let mut replaced = Vec::new();
            for ((_, target), old) in staged.iter().zip(&before).take(done) {
                let undone = match old {
                    Before::Kept(old) => std::fs::rename(old, target).is_ok(),
                    Before::Nothing => std::fs::remove_file(target).is_ok(),
                    Before::Lost => false,
                };
                if !undone {
                    replaced.push(target.to_path_buf());
                }
            }
            Err(WriteError::Io { path, error, replaced })
        }
    };
    for (tmp, _) in staged {
        let _ = std::fs::remove_file(tmp);
    }
    for old in before {
        if let Before::Kept(old) = old {
            let _ = std::fs::remove_file(old);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sasshi-outputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_written_set_leaves_its_files_and_no_lock_file() {
        let dir = scratch("nolock");
        write_set(&[(dir.join("a.pdf"), b"a"), (dir.join("b.txt"), b"b")]).unwrap();
        assert_eq!(listing(&dir), ["a.pdf", "b.txt"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Eight writers at once on one folder, each writing two files whose
    /// contents name the writer: every set stays whole (both files from one
    /// writer) only if no two writers ever held the folder at the same time,
    /// the lock file coming and going between them.
    #[test]
    fn writers_that_remove_the_lock_file_never_hold_the_folder_together() {
        let dir = scratch("race");
        let inside = std::sync::atomic::AtomicUsize::new(0);
        let overlaps = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for t in 0..8 {
                let (dir, inside, overlaps) = (&dir, &inside, &overlaps);
                s.spawn(move || {
                    for round in 0..20 {
                        let lock = lock_folder(dir).unwrap();
                        if inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) != 0 {
                            overlaps.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        std::thread::yield_now();
                        inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                        drop(lock);
                        let tag = format!("{t}-{round}");
                        write_set(&[(dir.join("a"), tag.as_bytes()), (dir.join("b"), tag.as_bytes())]).unwrap();
                    }
                });
            }
        });
        assert_eq!(overlaps.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(std::fs::read(dir.join("a")).unwrap(), std::fs::read(dir.join("b")).unwrap());
        assert_eq!(listing(&dir), ["a", "b"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
