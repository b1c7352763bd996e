#!/usr/bin/env bash
# Benchmarks `pact-validate` on a synthetic project of N components (default
# 1,000): a three-level tree, one contract per component (types, functions,
# validators, dependencies on earlier siblings), one visible Python test suite
# each, hidden suites for every tenth component, and an implementation file.
# Times the gate (`--json`), `baseline`, `certify` and `verify` in release.
# Not part of the test suite. See bench/README.md.
#
#   bench/validate.sh [-n RUNS] [-c COMPONENTS] [--no-build] [--keep]
#
# Environment: PACT_VALIDATE (a prebuilt binary to use instead of building),
# CARGO_TARGET_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=5
COMPONENTS=1000
BUILD=1
KEEP=0

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
    case $1 in
        -n | --runs) RUNS=${2:?-n needs a number}; shift 2 ;;
        -c | --components) COMPONENTS=${2:?-c needs a number}; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --keep) KEEP=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${PACT_VALIDATE:-$TARGET/release/pact-validate}
if [ -z "${PACT_VALIDATE:-}" ] && [ "$BUILD" = 1 ]; then
    (cd "$ROOT" && cargo build --release -q -p pact-validate)
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 8; }

WORK=$(mktemp -d)
if [ "$KEEP" = 0 ]; then
    trap 'rm -rf "$WORK"' EXIT
fi
PROJECT=$WORK/project

python3 - "$PROJECT" "$COMPONENTS" <<'PY'
import json, os, sys

root, n = sys.argv[1], int(sys.argv[2])

def write(rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

def dump(rel, doc):
    write(rel, json.dumps(doc, indent=2) + "\n")

ids = ["app"] + [f"c{i:04d}" for i in range(1, n)]
groups = max(1, int(round((n - 1) ** 0.5)))
nodes = {"app": {"name": "App", "description": "Root of the synthetic benchmark project", "children": []}}
parents = {}
for k, cid in enumerate(ids[1:]):
    g = k % groups
    group = ids[1 + g]
    if k < groups:
        parents[cid] = "app"
        nodes["app"]["children"].append(cid)
        nodes[cid] = {"name": cid, "description": f"Group {cid} of components, number {k}", "parent": "app", "depth": 1, "children": []}
    else:
        parents[cid] = group
        nodes[group]["children"].append(cid)
        nodes[cid] = {"name": cid, "description": f"Component {cid} computing result number {k}", "parent": group, "depth": 2}
for node in nodes.values():
    if not node.get("children"):
        node.pop("children", None)
dump("decomposition/tree.json", {"kind": "pact.tree", "version": 1, "root": "app", "nodes": nodes})
write("task.md", "# Task\n\nA synthetic benchmark project whose components compute results in groups.\n")

for i, cid in enumerate(ids):
    deps = [ids[j] for j in (i - 1, i - 7, i - 31) if j > 0]
    contract = {
        "kind": "pact.contract", "version": 1, "component_id": cid, "name": nodes[cid]["name"],
        "description": f"Computes results for {cid} from its inputs.",
        "types": [
            {"name": "Request", "kind": "struct", "fields": [
                {"name": "key", "type_ref": "str", "validators": [{"kind": "regex", "expression": "^[a-z]{3,12}$"}]},
                {"name": "limit", "type_ref": "int", "validators": [{"kind": "range", "expression": "1..=1000"}]},
                {"name": "tags", "type_ref": "list[str]", "validators": [{"kind": "length", "expression": "0..16"}]},
            ]},
            {"name": "Result", "kind": "struct", "fields": [
                {"name": "values", "type_ref": "dict[str, list[tuple[int, ...]]]"},
                {"name": "note", "type_ref": "Optional[str] | None"},
            ]},
            {"name": "Results", "kind": "list", "item_type": "Result"},
        ],
        "functions": [
            {"name": "compute", "description": "Computes one result.", "inputs": [{"name": "request", "type_ref": "Request"}], "output_type": "Result",
             "preconditions": ["request.limit is positive"], "postconditions": ["the result has at most limit values"]},
            {"name": "compute_all", "description": "Computes many results.", "inputs": [{"name": "requests", "type_ref": "list[Request]"}], "output_type": "Results"},
        ],
        "invariants": ["compute is deterministic"],
        "dependencies": deps,
    }
    dump(f"contracts/{cid}/interface.json", contract)
    code = "from impl import compute, compute_all\n\n\n" + "".join(
        f"def test_case_{t}():\n    r = compute(Request(key='abc', limit={t + 1}, tags=[]))\n    assert len(r.values) <= {t + 1}\n\n\n"
        for t in range(8)
    )
    suite = {
        "kind": "pact.test_suite", "version": 1, "component_id": cid, "language": "python", "runner": "pytest",
        "cases": [{"id": f"test_case_{t}", "description": "Results respect the limit", "function": "compute", "category": "happy_path"} for t in range(8)],
        "code": code,
    }
    dump(f"tests/{cid}/suite.json", suite)
    if i % 10 == 0:
        suite = dict(suite, visibility="hidden")
        dump(f"goodhart/{cid}/suite.json", suite)
    write(f"src/{cid}/impl.py", "def compute(request):\n    return {}\n\n\ndef compute_all(requests):\n    return [compute(r) for r in requests]\n")
PY

echo "project: $COMPONENTS components in $PROJECT ($(du -sh "$PROJECT" | cut -f1))"

time_runs() {
    local label=$1; shift
    local best=""
    local all=()
    for _ in $(seq "$RUNS"); do
        local start end ms
        start=$(date +%s%N)
        "$@" > /dev/null || { local rc=$?; [ "$rc" = 1 ] || { echo "$label failed ($rc)" >&2; exit 1; }; }
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        all+=("$ms")
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    printf '%-28s best %5d ms   runs: %s\n' "$label" "$best" "${all[*]}"
}

"$BIN" "$PROJECT" --json > "$WORK/gate.json" || true
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('gate:', 'passed' if d['passed'] else 'FAILED', d['summary'])" "$WORK/gate.json"

time_runs "pact-validate (gate, json)" "$BIN" "$PROJECT" --json
time_runs "pact-validate (report)" "$BIN" "$PROJECT"
time_runs "pact-validate baseline" "$BIN" baseline "$PROJECT"
time_runs "pact-validate drift" "$BIN" drift "$PROJECT" --json
time_runs "pact-validate certify" "$BIN" certify "$PROJECT"
time_runs "pact-validate verify" "$BIN" verify "$PROJECT" --json
