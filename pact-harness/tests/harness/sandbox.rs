//! What code under test can reach from inside the sandbox, tried as a
//! cheating implementation would: the project beside it, the machine's
//! processes, the network, the runner's own installs, a home directory that
//! outlives the run, and start-up hooks that run before the runner.

use crate::support::*;

use pact_core::model::Verdict;

fn py_suite(ids: &[&str], code: &str) -> pact_core::model::TestSuite {
    suite("python", ids, code, None)
}

const HONEST: &str = "def add(a, b):\n    return a + b\n";

/// The suite asserts what the sandbox must hide; an honest implementation
/// passes it only when every wall stands.
#[test]
fn the_test_process_sees_no_project_no_processes_no_network_and_cannot_persist() {
    // A "project" with a hidden suite, outside the workspace.
    let project = tempfile::tempdir().unwrap();
    let secret = project.path().join("goodhart/calc/suite.json");
    std::fs::create_dir_all(secret.parent().unwrap()).unwrap();
    std::fs::write(&secret, "{\"cases\": \"the answers\"}").unwrap();
    let home = std::env::var("HOME").unwrap_or_default();
    let code = format!(
        r#"
import os, socket, site, sys
from calc import add

def test_the_project_is_absent():
    assert add(1, 2) == 3
    assert not os.path.exists({secret:?})
    assert not os.path.exists({project:?})

def test_no_other_process_is_visible():
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    assert len(pids) < 10, pids
    assert os.getppid() <= 2

def test_there_is_no_network():
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=1).close()
    except OSError:
        return
    raise AssertionError("a connection went out")

def test_home_is_private_and_empty():
    assert os.environ["HOME"] != {home:?}
    assert os.listdir(os.environ["HOME"]) == []
    assert not os.path.exists(os.path.join({home:?}, ".bashrc")) or {home:?} == "/"

def test_the_runner_install_is_read_only():
    target = os.path.join(site.getsitepackages()[0], "pact_evil.pth")
    try:
        open(target, "w").write("import os\n")
    except OSError:
        return
    os.remove(target)
    raise AssertionError("wrote into site-packages: " + target)
"#,
        secret = secret.display().to_string(),
        project = project.path().display().to_string(),
    );
    let dir = implementation(&[("calc.py", HONEST)]);
    let ids = [
        "test_the_project_is_absent",
        "test_no_other_process_is_visible",
        "test_there_is_no_network",
        "test_home_is_private_and_empty",
        "test_the_runner_install_is_read_only",
    ];
    let results = run(&py_suite(&ids, &code), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::Passed);
}

/// Start-up hooks and a shadow runner in the implementation's directory: none
/// of them is imported, so the failing test fails.
#[test]
fn sitecustomize_usercustomize_and_a_shadow_pytest_are_never_loaded() {
    // Each would print a passing report and exit 0 before the real tests.
    let forge = r#"
import atexit, os, sys
def _forge():
    for arg in sys.argv:
        if arg.startswith("--junitxml="):
            open(arg.split("=", 1)[1], "w").write(
                '<testsuites><testsuite name="pact" tests="1"><testcase classname="t" name="test_adds"/></testsuite></testsuites>')
    os._exit(0)
atexit.register(_forge)
_forge()
"#;
    let dir = implementation(&[
        ("calc.py", "def add(a, b):\n    return a - b\n"),
        ("sitecustomize.py", forge),
        ("usercustomize.py", forge),
        ("pytest.py", forge),
        ("_pytest/__init__.py", forge),
    ]);
    let code = "from calc import add\n\ndef test_adds():\n    assert add(2, 2) == 4\n";
    let results = run(&py_suite(&["test_adds"], code), dir.path(), &settings(60));
    assert_verdict(&results, Verdict::Failed);
}

/// Without a working bubblewrap there is no sandbox, and the reason says which.
#[test]
fn a_missing_or_refusing_bubblewrap_is_named() {
    use pact_harness::sandbox::{Sandbox, Unavailable};
    assert_eq!(
        Sandbox::probe_at(std::path::Path::new("/nonexistent/bwrap")).unwrap_err(),
        Unavailable::Missing
    );
    let dir = tempfile::tempdir().unwrap();
    let refusing = dir.path().join("bwrap");
    std::fs::write(
        &refusing,
        "#!/bin/sh\necho 'no user namespaces' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(
        &refusing,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    match Sandbox::probe_at(&refusing) {
        Err(Unavailable::Refused(why)) => assert!(why.contains("no user namespaces"), "{why}"),
        other => panic!("{other:?}"),
    }
}
