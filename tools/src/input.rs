//! Reading what a user or a dataset names, bounded: every file steer reads
//! (documents, dataset files, cassettes, session logs, scripts, config)
//! and standard input go through here, so none can make steer read until
//! the machine runs out of memory. Each kind of input has a size cap, and
//! only regular files are read unless special files (devices, FIFOs,
//! sockets) are allowed: `steer ingest /dev/zero` is refused at once, a
//! symbolic link to it too (the link is followed to what it names).
//!
//! The caps are one process-wide setting ([`set_caps`]) because a command
//! line sets them once for every file the command reads, deep inside the
//! dataset loader as much as at the top.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// What an input is, which sets its default cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A source document (`steer ingest`, `steer source --documents`).
    Document,
    /// A dataset file (deals.csv, figures.toml, ...).
    Dataset,
    /// A recorded model cassette.
    Cassette,
    /// A session log.
    SessionLog,
    /// A script, a question set, or an edited draft.
    Script,
    /// The config file.
    Config,
    /// Standard input (a request or tool arguments piped in).
    Stdin,
}

impl InputKind {
    /// Generous for the real thing, far below what hurts: a digest of a
    /// year of news is a few MB, the 200,000-deal bench dataset ~30 MB.
    pub fn default_cap(self) -> u64 {
        const MIB: u64 = 1 << 20;
        match self {
            InputKind::Document => 64 * MIB,
            InputKind::Dataset => 512 * MIB,
            InputKind::Cassette => 256 * MIB,
            InputKind::SessionLog => 256 * MIB,
            InputKind::Script | InputKind::Stdin => 16 * MIB,
            InputKind::Config => MIB,
        }
    }

    /// How the kind reads in a sentence ("the cap on documents").
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Document => "documents",
            InputKind::Dataset => "dataset files",
            InputKind::Cassette => "cassettes",
            InputKind::SessionLog => "session logs",
            InputKind::Script => "scripts and question sets",
            InputKind::Config => "the config file",
            InputKind::Stdin => "standard input",
        }
    }
}

/// The process-wide reading rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caps {
    /// Replaces every kind's default cap (`--max-input-size`).
    pub max_bytes: Option<u64>,
    /// Read devices, FIFOs and sockets too (`--allow-special-files`).
    pub allow_special: bool,
}

impl Caps {
    /// The cap on `kind` under these rules.
    pub fn cap(&self, kind: InputKind) -> u64 {
        self.max_bytes.unwrap_or_else(|| kind.default_cap())
    }
}

static CAPS: RwLock<Caps> = RwLock::new(Caps {
    max_bytes: None,
    allow_special: false,
});

/// Sets the rules for every read that follows (the command line does this
/// once, before anything is read).
pub fn set_caps(caps: Caps) {
    // A poisoned lock only means a writer panicked; the value is whole.
    *CAPS.write().unwrap_or_else(|e| e.into_inner()) = caps;
}

/// The rules in force.
pub fn caps() -> Caps {
    *CAPS.read().unwrap_or_else(|e| e.into_inner())
}

/// The flag and variable that raise a cap, named in every refusal.
pub const SIZE_FLAG: &str = "--max-input-size";
pub const SIZE_ENV: &str = "STEER_MAX_INPUT_SIZE";
pub const SPECIAL_FLAG: &str = "--allow-special-files";

/// An input that was not read, and why.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(
        "{} is {}, over the cap on {} ({}); raise the cap with {SIZE_FLAG} {} (or {SIZE_ENV})",
        path.display(), Size::about(*size, *at_least), kind.label(), Size(*cap), Size::suggest(*size)
    )]
    TooLarge {
        path: PathBuf,
        /// The file's size, or what was read before the cap cut it.
        size: u64,
        /// The size is only a lower bound (a device or a pipe has none).
        at_least: bool,
        cap: u64,
        kind: InputKind,
    },
    #[error(
        "{} is {what}, not a regular file: steer reads devices, FIFOs and sockets only with {SPECIAL_FLAG}",
        path.display()
    )]
    Special { path: PathBuf, what: &'static str },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not UTF-8 text (byte {at}); save it as UTF-8", path.display())]
    NotUtf8 { path: PathBuf, at: usize },
}

/// Reads the whole of `path` under the rules in force.
pub fn read(path: &Path, kind: InputKind) -> Result<Vec<u8>, InputError> {
    read_with(path, kind, &caps())
}

/// [`read`], as UTF-8 text.
pub fn read_to_string(path: &Path, kind: InputKind) -> Result<String, InputError> {
    utf8(read(path, kind)?, path)
}

fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        path: path.to_path_buf(),
        at: e.utf8_error().valid_up_to(),
    })
}

/// [`read`] under explicit rules.
pub fn read_with(path: &Path, kind: InputKind, caps: &Caps) -> Result<Vec<u8>, InputError> {
    let (file, size) = open_with(path, kind, caps)?;
    read_all(file, path, size, kind, caps.cap(kind))
}

/// Reads `from` (named `path`; `size` when known) up to `cap`: one byte
/// past the cap tells "too large" from "exactly the cap" without reading
/// on.
fn read_all(
    from: impl Read,
    path: &Path,
    size: Option<u64>,
    kind: InputKind,
    cap: u64,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(size.map_or(0, |s| s.min(cap) as usize));
    from.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    let read = bytes.len() as u64;
    if read > cap {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size: size.unwrap_or(read).max(read),
            at_least: size.is_none(),
            cap,
            kind,
        });
    }
    Ok(bytes)
}

/// Opens `path` for a streaming read after the same checks as [`read`]:
/// a regular file within its cap (the file, with its size), or a special
/// file when allowed (with no size). The caller reads at most
/// `caps().cap(kind)` bytes, e.g. through [`Read::take`].
pub fn open(path: &Path, kind: InputKind) -> Result<(File, Option<u64>), InputError> {
    open_with(path, kind, &caps())
}

fn open_with(path: &Path, kind: InputKind, caps: &Caps) -> Result<(File, Option<u64>), InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Looked at before opening: opening a FIFO waits for a writer.
    let meta = std::fs::metadata(path).map_err(io)?;
    let special = |meta: &std::fs::Metadata| -> Result<(), InputError> {
        match special_kind(meta) {
            Some(what) if !caps.allow_special => Err(InputError::Special {
                path: path.to_path_buf(),
                what,
            }),
            _ => Ok(()),
        }
    };
    special(&meta)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::other("it is a directory")));
    }
    let file = open_file(path, caps.allow_special).map_err(io)?;
    // Checked again on what was opened: the path may have changed.
    let meta = file.metadata().map_err(io)?;
    special(&meta)?;
    let size = meta.is_file().then_some(meta.len());
    let cap = caps.cap(kind);
    if let Some(size) = size.filter(|s| *s > cap) {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size,
            at_least: false,
            cap,
            kind,
        });
    }
    Ok((file, size))
}

#[cfg(unix)]
fn open_file(path: &Path, allow_special: bool) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    if !allow_special {
        // Never blocks on a FIFO swapped in after the check; a no-op for
        // regular files.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(not(unix))]
fn open_file(path: &Path, _allow_special: bool) -> std::io::Result<File> {
    File::open(path)
}

/// What a file that is neither regular nor a directory is, in words.
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Reads standard input (or any stream), named `what` in errors, as
/// UTF-8 text up to the cap on `kind`.
pub fn read_stream_to_string(
    from: impl Read,
    what: &str,
    kind: InputKind,
) -> Result<String, InputError> {
    let what = Path::new(what);
    utf8(read_all(from, what, None, kind, caps().cap(kind))?, what)
}

/// A size in bytes, shown in binary units ("64 MiB", "1.5 GiB").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl Size {
    fn about(size: u64, at_least: bool) -> String {
        if at_least {
            format!("more than {}", Size(size.saturating_sub(1)))
        } else {
            Size(size).to_string()
        }
    }

    /// A cap that would take `size`, rounded up to a whole unit.
    fn suggest(size: u64) -> String {
        const UNITS: [(u64, &str); 3] = [(1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")];
        for (unit, name) in UNITS {
            if size >= unit {
                return format!("{}{name}", size.div_ceil(unit));
            }
        }
        size.to_string()
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
        for (unit, name) in UNITS {
            if self.0 >= unit {
                let whole = self.0 / unit;
                let tenths = (self.0 % unit) * 10 / unit;
                return if tenths == 0 {
                    write!(f, "{whole} {name}")
                } else {
                    write!(f, "{whole}.{tenths} {name}")
                };
            }
        }
        write!(f, "{} bytes", self.0)
    }
}

/// Parses a size as `--max-input-size` takes it: bytes, or a number with
/// K, M or G (binary units; `64M`, `1.5G`, `512k`, `100MiB`).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let scale: u64 = match unit.trim_end_matches("ib").trim_end_matches('b') {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => {
            return Err(format!(
                "{text:?} is not a size: use bytes or a number with K, M or G (64M, 1.5G)"
            ));
        }
    };
    let value: f64 = number.parse().map_err(|_| {
        format!("{text:?} is not a size: use bytes or a number with K, M or G (64M, 1.5G)")
    })?;
    let bytes = value * scale as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!(
            "{text:?} is not a usable size: give at least 1 byte"
        ));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_binary_units() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("-1M").is_err());
        assert!(parse_size("12X").is_err());
    }

    #[test]
    fn sizes_show_in_binary_units() {
        assert_eq!(Size(10).to_string(), "10 bytes");
        assert_eq!(Size(64 << 20).to_string(), "64 MiB");
        assert_eq!(Size((3 << 29) + 1).to_string(), "1.5 GiB");
        assert_eq!(Size::suggest(40 << 20), "40M");
        assert_eq!(Size::suggest((40 << 20) + 1), "41M");
    }

    #[test]
    fn a_file_over_its_cap_is_refused_with_its_size_and_the_flag() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, vec![b'a'; 3000]).expect("write");
        let caps = Caps {
            max_bytes: Some(2048),
            allow_special: false,
        };
        let err = read_with(&path, InputKind::Document, &caps)
            .expect_err("over the cap")
            .to_string();
        assert!(
            err.contains("big.txt is 2.9 KiB, over the cap on documents (2 KiB)"),
            "{err}"
        );
        assert!(err.contains("--max-input-size 3K"), "{err}");
        let exact = Caps {
            max_bytes: Some(3000),
            ..caps
        };
        assert_eq!(
            read_with(&path, InputKind::Document, &exact)
                .map(|b| b.len())
                .ok(),
            Some(3000)
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_links_to_them_are_refused_unless_allowed_and_then_capped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        for path in [Path::new("/dev/zero"), link.as_path()] {
            let err = read_with(path, InputKind::Document, &Caps::default())
                .expect_err("a device")
                .to_string();
            assert!(
                err.contains("is a character device, not a regular file"),
                "{err}"
            );
            assert!(err.contains("--allow-special-files"), "{err}");
        }
        let allowed = Caps {
            max_bytes: Some(1 << 20),
            allow_special: true,
        };
        let err = read_with(&link, InputKind::Document, &allowed)
            .expect_err("endless")
            .to_string();
        assert!(
            err.contains("is more than 1 MiB, over the cap on documents (1 MiB)"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        let err = read_with(&fifo, InputKind::Dataset, &Caps::default())
            .expect_err("a FIFO")
            .to_string();
        assert!(err.contains("is a FIFO (named pipe)"), "{err}");
    }
}
