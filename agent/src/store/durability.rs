//! The durability policy of session logs: what an appended event survives.

/// What a session log survives, like SQLite's `synchronous`: one policy
/// for every event of a log, its creation included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Durability {
    /// Every event is handed to the operating system before the run acts
    /// on it (see [`crate::run::EventLog`]): a killed process (Ctrl-C,
    /// kill -9, a crash) loses nothing that anything followed from. A
    /// power cut or a kernel crash can lose the events the kernel had not
    /// yet written to disk.
    #[default]
    Flush,
    /// Also synced to the disk (fdatasync) before the run acts on it, at
    /// every commit rather than each checkpoint: a model reply or a tool
    /// result not synced would be asked or run again after a power cut,
    /// and both can cost money. Creating a log also syncs its directory, so the
    /// new log's name survives too. Costs a disk sync per event (around
    /// 0.1 ms on an SSD, far more on a network disk).
    Sync,
}

impl Durability {
    pub fn as_str(self) -> &'static str {
        match self {
            Durability::Flush => "flush",
            Durability::Sync => "sync",
        }
    }
}

impl std::fmt::Display for Durability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Durability {
    type Err = String;

    fn from_str(s: &str) -> Result<Durability, String> {
        match s.trim() {
            "flush" => Ok(Durability::Flush),
            "sync" => Ok(Durability::Sync),
            other => Err(crate::tr!(
                crate::i18n::speaking(),
                "durability-unknown",
                value = other
            )),
        }
    }
}
