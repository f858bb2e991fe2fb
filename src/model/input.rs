//! Which files a build may read, and how it reads them (issue #24, "inputs only
//! from the edition"):
//!
//! - every path an entry or the command line names is resolved through its
//!   symbolic links ([`resolve`]) and must lie inside one of the folders the
//!   build reads from — the edition folder, the layouts folder — else it is
//!   refused as "outside the edition" at the field that named it (a photo
//!   linked from a home folder would print, but the archive copy and the next
//!   year's edition would silently lack it);
//! - only regular files are read: a named pipe, a device or a socket is refused
//!   from its metadata before it is opened, and the file is then opened without
//!   blocking (`O_NONBLOCK`) and its metadata checked again on the open file, so
//!   a pipe swapped in between cannot hang the build ([`read_regular`]);
//! - a size limit counts the bytes actually read (`Read::take(limit + 1)`), not
//!   the size the file system reports, which a special file or a file still
//!   being written does not tell truly.
//!
//! A file named on the command line (`--layout FILE`) was chosen by the user and
//! may be anywhere; it is still read only if it is a regular file.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Why a file is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Nothing at the path (or a symbolic link to nothing).
    Missing,
    /// Symbolic links that lead round in a circle.
    LinkLoop,
    /// The path resolves outside every folder the build reads from.
    Outside,
    /// A folder where a file was expected.
    Folder,
    /// A named pipe, a device or a socket: the locale key naming its kind.
    Special(&'static str),
    /// The file exists but cannot be opened or read (permissions).
    Unreadable,
    /// More bytes than the limit: the size the file system reports when it
    /// reports more, else `None` (more arrived than it reported).
    TooLarge(Option<u64>),
}

/// The folders a build reads from, resolved once (their own symbolic links
/// followed), so that a path is compared with what it really is.
#[derive(Debug, Clone, Default)]
pub struct Roots {
    folders: Vec<PathBuf>,
}

impl Roots {
    /// The folders that exist among `folders`, resolved.
    pub fn new<'a>(folders: impl IntoIterator<Item = &'a Path>) -> Roots {
        Roots { folders: folders.into_iter().filter_map(|f| std::fs::canonicalize(f).ok()).collect() }
    }

    /// Whether a resolved path lies inside one of the folders.
    pub fn contain(&self, resolved: &Path) -> bool {
        self.folders.iter().any(|f| resolved.starts_with(f))
    }
}

/// `path` with its symbolic links followed, checked to lie inside `roots` and to
/// be a regular file. `None` for `roots`: a file the user named on the command
/// line, allowed anywhere.
pub fn resolve(path: &Path, roots: Option<&Roots>) -> Result<PathBuf, Refused> {
    let resolved = std::fs::canonicalize(path).map_err(|e| io_refusal(&e))?;
    // What the file is comes first: a pipe or a device is named as such, wherever
    // it is (copying /dev/zero into images/ is no advice).
    let meta = std::fs::metadata(&resolved).map_err(|e| io_refusal(&e))?;
    kind_refusal(&meta)?;
    if let Some(roots) = roots
        && !roots.contain(&resolved)
    {
        return Err(Refused::Outside);
    }
    Ok(resolved)
}

/// Read the file at `path` once, from one open handle (issue #24: a figure was
/// checked by its path and then read by its path again, so a symbolic link
/// swapped in between could have read another file). The path is resolved and
/// checked to lie inside `roots` ([`resolve`]); the resolved path is opened
/// without blocking and without following a link in its last part
/// (`O_NOFOLLOW`); the open file must be a regular file; on Linux, the path
/// the kernel gives for the open handle (`/proc/self/fd/N`) must be the one
/// checked, so a folder swapped for a link on the way is caught too. The bytes
/// come from that handle, at most `limit` of them as read.
pub fn read_inside(path: &Path, roots: Option<&Roots>, limit: u64) -> Result<Vec<u8>, Refused> {
    let resolved = resolve(path, roots)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(&resolved).map_err(|e| io_refusal(&e))?;
    let meta = file.metadata().map_err(|_| Refused::Unreadable)?;
    kind_refusal(&meta)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        if let Ok(opened) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
            && opened != resolved
            && roots.is_some_and(|r| !r.contain(&opened))
        {
            return Err(Refused::Outside);
        }
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge(Some(meta.len())));
    }
    read_at_most(file, meta.len(), limit)
}

/// Read a regular file, at most `limit` bytes: opened without blocking, its type
/// checked on the open file, read through `take(limit + 1)`.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // A FIFO opened for reading blocks until a writer comes: not with this.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| io_refusal(&e))?;
    let meta = file.metadata().map_err(|_| Refused::Unreadable)?;
    kind_refusal(&meta)?;
    if meta.len() > limit {
        return Err(Refused::TooLarge(Some(meta.len())));
    }
    read_at_most(file, meta.len(), limit)
}

/// Everything `reader` gives, refused when it gives more than `limit` bytes;
/// `expected` only sizes the buffer.
pub fn read_at_most(reader: impl std::io::Read, expected: u64, limit: u64) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize);
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|_| Refused::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge(None));
    }
    Ok(bytes)
}

/// A regular file passes; a folder, pipe, device or socket is refused.
fn kind_refusal(meta: &std::fs::Metadata) -> Result<(), Refused> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(Refused::Folder);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Err(Refused::Special("inputs.kind_fifo"));
        }
        if kind.is_socket() {
            return Err(Refused::Special("inputs.kind_socket"));
        }
    }
    Err(Refused::Special("inputs.kind_device"))
}

/// An error from the file system as the refusal staff are told.
fn io_refusal(e: &std::io::Error) -> Refused {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return Refused::LinkLoop;
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => Refused::Missing,
        _ => Refused::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_giving_more_than_the_limit_is_refused_whatever_size_was_reported() {
        // An endless source, reported as 10 bytes (as /dev/zero reports 0).
        assert_eq!(read_at_most(std::io::repeat(0), 10, 1000), Err(Refused::TooLarge(None)));
        assert_eq!(read_at_most(&[1u8; 1000][..], 0, 1000).map(|b| b.len()), Ok(1000));
        assert_eq!(read_at_most(&[1u8; 1001][..], 0, 1000), Err(Refused::TooLarge(None)));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_a_folder_loops_and_special_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("sasshi-input-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let edition = dir.join("edition");
        std::fs::create_dir_all(&edition).unwrap();
        std::fs::write(dir.join("outside.txt"), "x").unwrap();
        std::fs::write(edition.join("inside.txt"), "x").unwrap();
        std::os::unix::fs::symlink("../outside.txt", edition.join("out-link.txt")).unwrap();
        std::os::unix::fs::symlink("inside.txt", edition.join("in-link.txt")).unwrap();
        std::os::unix::fs::symlink("loop-b", edition.join("loop-a")).unwrap();
        std::os::unix::fs::symlink("loop-a", edition.join("loop-b")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", edition.join("zero")).unwrap();
        let roots = Roots::new([edition.as_path()]);
        assert!(resolve(&edition.join("inside.txt"), Some(&roots)).is_ok());
        assert!(resolve(&edition.join("in-link.txt"), Some(&roots)).is_ok());
        assert_eq!(resolve(&edition.join("out-link.txt"), Some(&roots)), Err(Refused::Outside));
        assert_eq!(resolve(&edition.join("../outside.txt"), Some(&roots)), Err(Refused::Outside));
        assert!(resolve(&edition.join("../outside.txt"), None).is_ok());
        assert_eq!(resolve(&edition.join("loop-a"), Some(&roots)), Err(Refused::LinkLoop));
        assert_eq!(resolve(&edition.join("none"), Some(&roots)), Err(Refused::Missing));
        assert_eq!(resolve(&edition, Some(&roots)), Err(Refused::Folder));
        assert_eq!(resolve(&edition.join("zero"), Some(&roots)), Err(Refused::Special("inputs.kind_device")));
        // Read once through one handle: inside, read; outside or a loop, refused.
        assert_eq!(read_inside(&edition.join("in-link.txt"), Some(&roots), 10), Ok(b"x".to_vec()));
        assert_eq!(read_inside(&edition.join("out-link.txt"), Some(&roots), 10), Err(Refused::Outside));
        assert_eq!(read_inside(&edition.join("zero"), Some(&roots), 10), Err(Refused::Special("inputs.kind_device")));
        assert_eq!(read_inside(&edition.join("inside.txt"), Some(&roots), 0), Err(Refused::TooLarge(Some(1))));
        // Read directly (as if the check before had been passed): still refused,
        // and without reading 4 GB.
        assert_eq!(read_regular(Path::new("/dev/zero"), 1000), Err(Refused::Special("inputs.kind_device")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
