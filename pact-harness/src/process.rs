//! Running the test process: in the OS sandbox (see [`crate::sandbox`]), own
//! process group, minimal environment with a private `HOME`, timeout, memory
//! limit, and no survivors.

use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use std::os::unix::process::{CommandExt, ExitStatusExt};

use rustix::process::{Pid, Signal, kill_process_group};

use crate::sandbox::{Sandbox, View};
use crate::{HarnessError, Settings};

/// Variables passed through from the caller's environment. Everything else —
/// API keys above all — is dropped; `HOME` is a private empty directory, so
/// nothing a test writes there (a `.pth` file, a config) reaches a later run.
const PASSED_THROUGH: &[&str] = &["PATH", "USER", "LOGNAME"];

/// How often a running test process is polled.
const POLL: Duration = Duration::from_millis(20);

/// The most bytes of one captured stream read back into memory.
const CAPTURE_LIMIT: u64 = 4 * 1024 * 1024;

/// One command to run in the workspace.
#[derive(Debug, Clone)]
pub struct Plan {
    pub program: OsString,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    /// Runner-specific variables, added to the minimal environment.
    pub env: Vec<(String, OsString)>,
    /// Where stdout and stderr go: in the report directory, outside `ws/`.
    pub out_dir: PathBuf,
    pub tmp_dir: PathBuf,
    /// Whether an address-space limit suits the runner (it does not suit V8,
    /// which reserves far more address space than it uses).
    pub limit_address_space: bool,
    /// What the sandbox must show beyond the workspace, report and temporary
    /// directories (which are always writable): the runner's installs.
    pub view: View,
}

/// What happened to the process.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The exit code, when the process exited rather than died by a signal.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub elapsed: Duration,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// One phrase for the way the process ended.
    pub fn ending(&self) -> String {
        match (self.timed_out, self.code, self.signal) {
            (true, _, _) => format!(
                "timed out after {:.1} s (the test process and its children were killed)",
                self.elapsed.as_secs_f64()
            ),
            (_, Some(code), _) => format!("exited with code {code}"),
            (_, _, Some(signal)) => format!("killed by signal {signal}"),
            _ => "ended".to_owned(),
        }
    }
}

/// Runs the plan to completion or to the timeout, then kills whatever is left
/// of its process group.
pub fn execute(plan: &Plan, settings: &Settings) -> Result<Outcome, HarnessError> {
    let stdout_path = plan.out_dir.join("stdout.txt");
    let stderr_path = plan.out_dir.join("stderr.txt");
    let open = |path: &Path| {
        File::create(path).map_err(|error| HarnessError::Spawn {
            program: plan.program.to_string_lossy().into_owned(),
            error,
        })
    };
    let home = plan.tmp_dir.join("home");
    std::fs::create_dir_all(&home).map_err(|error| HarnessError::Spawn {
        program: plan.program.to_string_lossy().into_owned(),
        error,
    })?;
    let mut command = command_for(plan, settings)?;
    command
        .current_dir(&plan.cwd)
        .stdin(Stdio::null())
        .stdout(open(&stdout_path)?)
        .stderr(open(&stderr_path)?)
        // A group of its own, so the whole tree can be killed at once.
        .process_group(0)
        .env_clear()
        .envs(minimal_env(plan, &home));
    let start = Instant::now();
    let mut child = command.spawn().map_err(|error| HarnessError::Spawn {
        program: plan.program.to_string_lossy().into_owned(),
        error,
    })?;
    let group = Pid::from_child(&child);
    let deadline = start + settings.timeout;
    let mut timed_out = false;
    let status: ExitStatus = loop {
        if let Some(status) = child.try_wait().map_err(HarnessError::Wait)? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            kill_group(group);
            break child.wait().map_err(HarnessError::Wait)?;
        }
        std::thread::sleep(POLL);
    };
    let elapsed = start.elapsed();
    // Background processes the tests started must not outlive the run.
    kill_group(group);
    Ok(Outcome {
        code: status.code(),
        signal: status.signal(),
        timed_out,
        elapsed,
        stdout: read_capped(&stdout_path),
        stderr: read_capped(&stderr_path),
    })
}

fn kill_group(group: Pid) {
    // ESRCH (nothing left) is the usual answer and means success.
    let _ = kill_process_group(group, Signal::KILL);
}

/// The runner's command line: under prlimit when a memory limit applies, in
/// the sandbox unless `tests.sandbox` is `off`.
fn command_for(plan: &Plan, settings: &Settings) -> Result<Command, HarnessError> {
    // A program named without a path is found on the caller's PATH now: the
    // sandbox must know which install to show.
    let program = if Path::new(&plan.program).components().count() > 1 {
        PathBuf::from(&plan.program)
    } else {
        find_program(&plan.program.to_string_lossy())
            .unwrap_or_else(|| PathBuf::from(&plan.program))
    };
    let prlimit = settings
        .memory_mb
        .filter(|_| plan.limit_address_space)
        .and_then(|mb| find_program("prlimit").map(|p| (p, mb)));
    // prlimit sets the limit and execs the runner, which keeps the pid and
    // the process group: no unsafe pre_exec hook needed.
    let (outer, args): (PathBuf, Vec<OsString>) = match prlimit {
        Some((prlimit, mb)) => {
            let mut args: Vec<OsString> = vec![
                format!("--as={}", mb.saturating_mul(1024 * 1024)).into(),
                "--".into(),
                program.clone().into(),
            ];
            args.extend(plan.args.iter().cloned());
            (prlimit, args)
        }
        None => (program.clone(), plan.args.clone()),
    };
    if !settings.sandbox {
        let mut command = Command::new(outer);
        command.args(args);
        return Ok(command);
    }
    let sandbox = Sandbox::probe().map_err(HarnessError::Sandbox)?;
    let mut view = plan.view.clone();
    view.writable
        .extend([plan.cwd.clone(), plan.out_dir.clone(), plan.tmp_dir.clone()]);
    view.readable.extend(crate::sandbox::install_of(&program));
    Ok(sandbox.command(&view, &plan.cwd, &outer, &args))
}

fn minimal_env(plan: &Plan, home: &Path) -> Vec<(String, OsString)> {
    let mut env: Vec<(String, OsString)> = PASSED_THROUGH
        .iter()
        .filter_map(|name| std::env::var_os(name).map(|v| ((*name).to_owned(), v)))
        .collect();
    env.push(("HOME".to_owned(), home.as_os_str().to_owned()));
    env.push(("LANG".to_owned(), "C.UTF-8".into()));
    env.push(("LC_ALL".to_owned(), "C.UTF-8".into()));
    env.push(("TZ".to_owned(), "UTC".into()));
    env.push(("NO_COLOR".to_owned(), "1".into()));
    env.push(("TERM".to_owned(), "dumb".into()));
    env.push(("TMPDIR".to_owned(), plan.tmp_dir.clone().into()));
    env.extend(plan.env.iter().cloned());
    env
}

/// The first executable named `name` on the caller's PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn read_capped(path: &Path) -> String {
    let mut bytes = Vec::new();
    if let Ok(file) = File::open(path) {
        let _ = file.take(CAPTURE_LIMIT).read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
