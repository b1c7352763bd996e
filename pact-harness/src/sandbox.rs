//! The OS sandbox every test run happens in.
//!
//! bubblewrap (`bwrap`, Debian's `bubblewrap`) builds it: fresh user, mount,
//! pid, ipc, uts and network namespaces (no network), a filesystem view where
//! only the run's own directories are writable, the system and the runner's
//! installs are read-only, and everything else — the project, other
//! components, every hidden suite, the caller's home — is absent. The test
//! process is pid 1's child in its own pid namespace and dies with its parent,
//! so when the run ends every process it started ends with it, double-forked
//! daemons included.
//!
//! Why bubblewrap and not namespaces set up by hand: it is the sandbox
//! Flatpak and many CI systems rely on, small, audited and packaged
//! everywhere, and it does the mount choreography (pivot_root, a private
//! /proc and /dev, bind mounts made read-only one by one) that is easy to get
//! subtly wrong; doing it ourselves would need unsafe `pre_exec` code in a
//! multi-threaded process.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// What the system's programs load from, read-only in every sandbox. Only
/// the parts of /etc that dynamic linking, time zones and TLS read.
const SYSTEM: &[&str] = &[
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/etc/alternatives",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/ssl",
    "/etc/ca-certificates",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    // `localhost` (vite resolves it; the network namespace has only loopback).
    "/etc/hosts",
];

/// The environment variable naming the `bwrap` to use (where it is not on
/// `PATH`).
pub const BWRAP_ENV: &str = "PACT_BWRAP";

/// A working bubblewrap on this machine.
#[derive(Debug, Clone)]
pub struct Sandbox {
    bwrap: PathBuf,
}

/// Why no sandbox can be made here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("bubblewrap (`bwrap`) is not installed")]
    Missing,
    #[error("bubblewrap cannot make a sandbox on this machine: {0}")]
    Refused(String),
}

/// What a sandboxed run may see.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Directories (or files) the run may write: its workspace, report and
    /// temporary directories.
    pub writable: Vec<PathBuf>,
    /// Installs the runner needs beyond the system: the interpreter's prefix,
    /// site-packages, node_modules, the Rust toolchain.
    pub readable: Vec<PathBuf>,
}

impl Sandbox {
    /// The machine's sandbox, checked once per process: `$PACT_BWRAP`, else
    /// `bwrap` on `PATH` (or in /usr/bin), and a trial sandbox that runs
    /// `true`.
    pub fn probe() -> Result<Self, Unavailable> {
        static PROBE: OnceLock<Result<Sandbox, Unavailable>> = OnceLock::new();
        PROBE
            .get_or_init(|| {
                let bwrap = match std::env::var_os(BWRAP_ENV) {
                    Some(path) => PathBuf::from(path),
                    None => crate::process::find_program("bwrap")
                        .unwrap_or_else(|| PathBuf::from("/usr/bin/bwrap")),
                };
                Self::probe_at(&bwrap)
            })
            .clone()
    }

    /// The sandbox `bwrap` (a path) makes, tried now.
    pub fn probe_at(bwrap: &Path) -> Result<Self, Unavailable> {
        if !bwrap.is_file() {
            return Err(Unavailable::Missing);
        }
        let sandbox = Sandbox {
            bwrap: bwrap.to_path_buf(),
        };
        let truth =
            crate::process::find_program("true").unwrap_or_else(|| PathBuf::from("/bin/true"));
        let out = sandbox
            .command(&View::default(), Path::new("/"), &truth, &[])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .env_clear()
            .output()
            .map_err(|e| Unavailable::Refused(e.to_string()))?;
        if out.status.success() {
            Ok(sandbox)
        } else {
            Err(Unavailable::Refused(
                String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            ))
        }
    }

    /// `program args` inside the sandbox, starting in `cwd`. The caller sets
    /// the environment (bubblewrap passes it on) and the process group.
    pub fn command(&self, view: &View, cwd: &Path, program: &Path, args: &[OsString]) -> Command {
        let mut command = Command::new(&self.bwrap);
        command.args(isolation());
        for dir in SYSTEM {
            command.args(["--ro-bind-try", dir, dir]);
        }
        // Readable first, writable after: a writable directory inside a
        // read-only one (a cargo target dir under the toolchain's home, say)
        // must be mounted over it, not under it.
        for path in &view.readable {
            command.arg("--ro-bind-try").arg(path).arg(path);
        }
        for path in &view.writable {
            command.arg("--bind").arg(path).arg(path);
        }
        command
            .arg("--chdir")
            .arg(cwd)
            .arg("--")
            .arg(program)
            .args(args);
        command
    }
}

/// The namespaces and process rules of every sandbox.
fn isolation() -> [&'static str; 11] {
    [
        // user, ipc, pid, network, uts and cgroup namespaces: no network, no
        // view of other processes, no signals to them.
        "--unshare-all",
        // The test process is killed when the harness (or bwrap) dies.
        "--die-with-parent",
        // No controlling terminal to push input into (TIOCSTI).
        "--new-session",
        "--cap-drop",
        "ALL",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
}

/// Where a program found on `PATH` really lives, and what of it a sandbox
/// must be able to read: nothing for a system program, else the install it
/// belongs to (the directory above its `bin/`).
pub fn install_of(program: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(program).ok()?;
    if SYSTEM.iter().any(|dir| real.starts_with(dir)) {
        return None;
    }
    let bin = real.parent()?;
    Some(if bin.file_name().is_some_and(|n| n == "bin") {
        bin.parent().unwrap_or(bin).to_path_buf()
    } else {
        bin.to_path_buf()
    })
}
