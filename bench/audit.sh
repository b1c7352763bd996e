#!/usr/bin/env bash
# Benchmarks `pact-audit` on a synthetic project of N components (default
# 1,000) and 2×N requirements (default 2,000): a two-level tree, one contract
# per component (types, three functions with pre/postconditions and errors,
# invariants), one visible suite of six cases each, and a task.md with two
# bullets per component (one its contract and tests cover, one only its
# contract mentions) plus prose. Times the coverage audit (`--json` and the
# report), `analyze`, `checklist` and `tasks --json` in release.
# Not part of the test suite. See bench/README.md.
#
#   bench/audit.sh [-n RUNS] [-c COMPONENTS] [--no-build] [--keep]
#
# Environment: PACT_AUDIT (a prebuilt binary to use instead of building),
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
BIN=${PACT_AUDIT:-$TARGET/release/pact-audit}
if [ -z "${PACT_AUDIT:-}" ] && [ "$BUILD" = 1 ]; then
    (cd "$ROOT" && cargo build --release -q -p pact-audit)
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 8; }

WORK=$(mktemp -d)
if [ "$KEEP" = 0 ]; then
    trap 'rm -rf "$WORK"' EXIT
fi
PROJECT=$WORK/project

python3 - "$PROJECT" "$COMPONENTS" <<'PY'
import json, os, random, sys

root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)

def write(rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

def dump(rel, doc):
    write(rel, json.dumps(doc, indent=2) + "\n")

VERBS = ["parse", "validate", "export", "import", "render", "store", "fetch", "index",
         "merge", "filter", "sort", "compress", "encrypt", "schedule", "notify", "archive"]
SYL = ["ka", "lo", "mi", "ner", "tos", "vu", "zan", "pel", "dri", "quo", "ra", "sem"]

def word(i, salt):
    r = random.Random(i * 31 + salt)
    return "".join(r.choice(SYL) for _ in range(3))

ids = ["app"] + [f"c{i:04d}" for i in range(1, n)]
groups = max(1, int(round((n - 1) ** 0.5)))
nodes = {"app": {"name": "App", "description": "Root of the synthetic audit benchmark", "children": []}}
for k, cid in enumerate(ids[1:]):
    if k < groups:
        nodes["app"]["children"].append(cid)
        nodes[cid] = {"name": cid, "description": f"Group {cid}", "parent": "app", "depth": 1, "children": []}
    else:
        group = ids[1 + k % groups]
        nodes[group]["children"].append(cid)
        nodes[cid] = {"name": cid, "description": f"Component {cid}", "parent": group, "depth": 2}
for node in nodes.values():
    if not node.get("children"):
        node.pop("children", None)
dump("decomposition/tree.json", {"kind": "pact.tree", "version": 1, "root": "app", "nodes": nodes})

task = ["# Synthetic audit benchmark", "", "Components that process records of many kinds.", ""]
for i, cid in enumerate(ids):
    noun, other, extra = word(i, 1), word(i, 2), word(i, 3)
    verb, verb2 = VERBS[i % len(VERBS)], VERBS[(i * 7 + 3) % len(VERBS)]
    task += [f"## {cid}", "",
             f"- {verb.capitalize()} the {noun} records and keep their {other} history.",
             f"- The {noun} records must be {verb2}ed into {extra} batches.", ""]
    contract = {
        "kind": "pact.contract", "version": 1, "component_id": cid, "name": cid,
        "description": f"Handles {noun} records: {verb} them, keep their {other} history and {verb2} them in {extra} batches.",
        "types": [{"name": f"{noun.capitalize()}Record", "kind": "struct", "fields": [
            {"name": f"{other}_history", "type_ref": "list[str]", "description": f"every {other} change"},
            {"name": "size", "type_ref": "int"}]}],
        "functions": [
            {"name": f"{verb}_{noun}_records", "description": f"{verb.capitalize()}s {noun} records.",
             "inputs": [{"name": "records", "type_ref": "list[str]"}], "output_type": "int",
             "errors": [{"name": "empty", "condition": "no records given", "error_type": "EmptyInput"}],
             "preconditions": ["records are not empty"], "postconditions": [f"the {other} history grows by one"]},
            {"name": f"{verb2}_{extra}_batches", "description": f"Groups records into {extra} batches.",
             "inputs": [{"name": "size", "type_ref": "int"}], "output_type": "list[str]"},
            {"name": f"{other}History", "description": f"Returns the {other} history.", "inputs": [], "output_type": "list[str]"},
        ],
        "invariants": [f"the {other} history never shrinks"],
    }
    if cid in nodes and nodes[cid].get("children"):
        contract["dependencies"] = nodes[cid]["children"]
    dump(f"contracts/{cid}/interface.json", contract)
    cases = [{"id": f"test_{verb}_{noun}_records_{t}", "description": f"{verb.capitalize()}ing {noun} records keeps their {other} history",
              "function": f"{verb}_{noun}_records", "category": "happy_path", "assertions": [f"len({other}_history) == {t + 1}"]}
             for t in range(5)]
    cases.append({"id": f"test_{verb}_empty_{noun}", "description": "No records is an error", "function": f"{verb}_{noun}_records",
                  "category": "error_case", "expected_error": "EmptyInput"})
    code = "".join(f"def {c['id']}():\n    assert True\n\n\n" for c in cases)
    dump(f"tests/{cid}/suite.json", {"kind": "pact.test_suite", "version": 1, "component_id": cid,
                                     "language": "python", "runner": "pytest", "cases": cases, "code": code})
write("task.md", "\n".join(task) + "\n")
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

"$BIN" "$PROJECT" --json > "$WORK/audit.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('audit:', d['summary'])" "$WORK/audit.json"

time_runs "pact-audit (json)" "$BIN" "$PROJECT" --json
time_runs "pact-audit (report)" "$BIN" "$PROJECT"
time_runs "pact-audit requirements" "$BIN" requirements "$PROJECT" --json
time_runs "pact-audit analyze" "$BIN" analyze "$PROJECT" --json
time_runs "pact-audit checklist" "$BIN" checklist "$PROJECT" --json
time_runs "pact-audit tasks" "$BIN" tasks "$PROJECT" --json
