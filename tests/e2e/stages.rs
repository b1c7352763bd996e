//! Stage binaries that are not built yet say so plainly, with their own exit
//! code, and still answer `--help` and `--version`.

use crate::support::{cmd, stderr_of, stdout_of};

const NOT_BUILT: [&str; 0] = [];

#[test]
fn help_and_version_work() {
    for bin in NOT_BUILT {
        let out = cmd(bin).arg("--help").output().unwrap();
        assert!(out.status.success(), "{bin} --help");
        assert!(stdout_of(&out).contains(&format!("Usage: {bin}")), "{bin}");
        let out = cmd(bin).arg("--version").output().unwrap();
        assert!(out.status.success(), "{bin} --version");
    }
}

#[test]
fn unbuilt_commands_exit_6_and_say_so() {
    for bin in NOT_BUILT {
        let out = cmd(bin).arg("anything").output().unwrap();
        assert_eq!(out.status.code(), Some(6), "{bin}");
        assert!(out.stdout.is_empty(), "{bin} printed a result");
        let err = stderr_of(&out);
        assert!(err.contains("is not built yet"), "{bin}: {err}");
    }
}
