#!/usr/bin/env bash
# The OS sandbox's cost per test run: `pact-goodhart test` on a one-component
# Python project (four pytest cases), with `tests.sandbox: on` and `off`, and
# a bare `bwrap … true` against a bare `true`; and the independent check's
# cost per case: the same project with each case's `returns` given and a
# contract, so that every pass is replayed. Not part of the test suite.
# See bench/README.md.
#
#   bench/sandbox.sh [-n RUNS] [--no-build]
#
# Environment: PACT_GOODHART (a prebuilt binary), CARGO_TARGET_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=20
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        -n) RUNS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        *) echo "usage: bench/sandbox.sh [-n RUNS] [--no-build]" >&2; exit 2 ;;
    esac
done

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ "$BUILD" = 1 ] && [ -z "${PACT_GOODHART:-}" ]; then
    cargo build --release --locked -p pact-goodhart --manifest-path "$ROOT/Cargo.toml" >&2
fi
BIN=${PACT_GOODHART:-$TARGET/release/pact-goodhart}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
project() { # DIR SANDBOX [checked]
    mkdir -p "$1/tests/calc" "$1/src/calc" "$1/contracts/calc"
    printf 'language: python\ntests:\n  sandbox: %s\n' "$2" > "$1/pact.yaml"
    printf 'def add(a, b):\n    return a + b\n' > "$1/src/calc/calc.py"
    python3 - "$1" "${3:-}" <<'PY'
import json, sys
root, checked = sys.argv[1], sys.argv[2] == "checked"
code = "from calc import add\n" + "".join(
    f"\ndef test_{i}():\n    assert add({i}, 1) == {i + 1}\n" for i in range(4))
cases = [{"id": f"test_{i}", "function": "add", "category": "happy_path",
          "description": f"adds {i}"} for i in range(4)]
if checked:
    for i, case in enumerate(cases):
        case.update(inputs={"a": i, "b": 1}, returns=i + 1)
json.dump({"kind": "pact.test_suite", "version": 1, "component_id": "calc",
           "language": "python", "runner": "pytest", "code": code, "cases": cases},
          open(f"{root}/tests/calc/suite.json", "w"))
json.dump({"kind": "pact.contract", "version": 1, "component_id": "calc", "name": "Calc",
           "description": "Adds.", "functions": [{"name": "add", "description": "Sum.",
           "output_type": "int", "inputs": [{"name": "a", "type_ref": "int"},
                                            {"name": "b", "type_ref": "int"}]}]},
          open(f"{root}/contracts/calc/interface.json", "w"))
PY
}
project "$WORK/on" on
project "$WORK/off" off
project "$WORK/checked" on checked

# Mean wall time of RUNS runs of a command, in milliseconds.
mean_ms() {
    python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm
t = []
for _ in range(runs):
    s = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    t.append((time.perf_counter() - s) * 1000)
t.sort()
print(f"{sum(t) / len(t):.1f} (median {t[len(t) // 2]:.1f})")
PY
}

for d in on off checked; do
    "$BIN" test "$WORK/$d" > /dev/null || { echo "bench/sandbox.sh: the $d run failed" >&2; exit 1; }
done
echo "runs: $RUNS"
echo "pact-goodhart test, sandbox on:  $(mean_ms "$BIN" test "$WORK/on") ms"
echo "pact-goodhart test, sandbox off: $(mean_ms "$BIN" test "$WORK/off") ms"
echo "… and 4 cases replayed:          $(mean_ms "$BIN" test "$WORK/checked") ms"
BWRAP=$(command -v bwrap)
echo "bwrap --unshare-all … true:      $(mean_ms "$BWRAP" --unshare-all --die-with-parent --new-session --cap-drop ALL --ro-bind /usr /usr --ro-bind /bin /bin --ro-bind /lib /lib --ro-bind-try /lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp -- /bin/true) ms"
echo "true:                            $(mean_ms /bin/true) ms"
