//! What a finished process printed.
//!
//! Pact's binaries print UTF-8 and their documents are JSON; anything else is
//! a bug the test should name. These turn an `Output` into text or a JSON
//! value, or panic with both streams so the failure shows what was printed.

use std::process::Output;

use serde_json::Value;

/// The process's stdout as text; panics if it is not UTF-8.
pub fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap_or_else(|e| {
        panic!(
            "stdout is not UTF-8 ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The process's stderr as text; panics if it is not UTF-8.
pub fn stderr_of(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap_or_else(|e| {
        panic!(
            "stderr is not UTF-8 ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The process's stdout parsed as one JSON document; panics showing both
/// streams if it is not JSON.
pub fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    use super::*;

    fn output(stdout: &[u8], stderr: &[u8]) -> Output {
        Output {
            status: ExitStatus::from_raw(0),
            stdout: stdout.to_vec(),
            stderr: stderr.to_vec(),
        }
    }

    #[test]
    fn text_and_json_are_read_from_the_streams() {
        let out = output(b"{\"a\": 1}\n", b"warning\n");
        assert_eq!(stdout_of(&out), "{\"a\": 1}\n");
        assert_eq!(stderr_of(&out), "warning\n");
        assert_eq!(json_of(&out), serde_json::json!({"a": 1}));
    }

    #[test]
    #[should_panic(expected = "stdout is not JSON")]
    fn text_that_is_not_json_panics_saying_so() {
        json_of(&output(b"hello", b""));
    }

    #[test]
    #[should_panic(expected = "stdout is not UTF-8")]
    fn bytes_that_are_not_utf8_panic_saying_so() {
        stdout_of(&output(b"\xff", b""));
    }
}
