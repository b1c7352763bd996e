#!/usr/bin/env bash
# Benchmarks `pact-adopt` on the Django 5.1 sdist fetched from PyPI: the whole
# sdist analysed, and its smoke tests and contracts generated (--dry-run: all in
# memory, nothing written) and written (a fresh copy of the tree each run).
# Not part of the test suite. See bench/README.md.
#
#   bench/adopt.sh [-n RUNS] [--no-build]
#
# Environment: PACT_BENCH_CACHE (default ~/.cache/pact-bench), PACT_ADOPT (a
# prebuilt binary to use instead of building), CARGO_TARGET_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PACT_BENCH_CACHE:-$HOME/.cache/pact-bench}
RUNS=5
BUILD=1
DJANGO_VERSION=5.1

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
    case $1 in
        -n | --runs) RUNS=${2:?-n needs a number}; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
case $RUNS in '' | *[!0-9]* | 0) echo "-n wants a positive number, got '$RUNS'" >&2; exit 2 ;; esac

note() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

mkdir -p "$CACHE/downloads" "$CACHE/trees"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Prints the unpacked Django sdist directory, fetching it once (shared with
# bench/assess.sh).
fetch_django() {
    local dir="$CACHE/trees/django-$DJANGO_VERSION"
    if [ ! -d "$dir/django" ]; then
        local pip=""
        if python3 -m pip --version >/dev/null 2>&1; then pip="python3 -m pip"
        elif have pip; then pip=pip
        else note "pip not found (install python3-pip)"; return 1; fi
        note "fetching Django $DJANGO_VERSION sdist from PyPI…"
        $pip download "django==$DJANGO_VERSION" --no-deps --no-binary :all: \
            -d "$CACHE/downloads" -q >&2 || { note "pip download failed"; return 1; }
        local archive
        archive=$(find "$CACHE/downloads" -maxdepth 1 -iname "django-$DJANGO_VERSION.tar.gz" | head -n 1)
        [ -n "$archive" ] || { note "sdist not found after download"; return 1; }
        rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
        tar -xzf "$archive" -C "$dir.tmp" --strip-components=1
        mv "$dir.tmp" "$dir"
    fi
    printf '%s\n' "$dir"
}

# median and best of the numbers on stdin, as "best median".
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan nan"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f %.3f\n", v[1], m }'
}

# Runs "$@" once, appending its wall time (s) to $TMP/wall; output to $TMP/out.
measure() {
    local start end status=0
    start=$(date +%s%N)
    "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", (e - s) / 1e9 }' >>"$TMP/wall"
    if [ "$status" -ne 0 ]; then
        note "  failed ($status):"; sed 's/^/    /' "$TMP/err" | head -n 20 >&2
    fi
    return "$status"
}

if [ -n "${PACT_ADOPT:-}" ]; then
    PACT=$PACT_ADOPT
else
    PACT="${CARGO_TARGET_DIR:-$ROOT/target}/release/pact-adopt"
    if [ "$BUILD" = 1 ]; then
        have cargo || { note "cargo not found: install Rust, or set PACT_ADOPT to a built binary"; exit 1; }
        note "building pact-adopt (release)…"
        (cd "$ROOT" && cargo build --release -p pact-adopt --quiet) || { note "build failed"; exit 1; }
    fi
fi
[ -x "$PACT" ] || { note "$PACT not found: build it (cargo build --release -p pact-adopt) or set PACT_ADOPT"; exit 1; }

DJANGO=$(fetch_django) || exit 1
ROWS=()

# Dry run: analysis and generation, nothing written.
note "pact-adopt --dry-run on django-$DJANGO_VERSION ($RUNS runs after a warm-up)…"
measure "$PACT" "$DJANGO" --out "$TMP/project" --dry-run --json
cp "$TMP/out" "$TMP/plan.json"
: >"$TMP/wall"
for ((i = 0; i < RUNS; i++)); do measure "$PACT" "$DJANGO" --out "$TMP/project" --dry-run --json; done
read -r best median < <(stats <"$TMP/wall")
ROWS+=("$(printf '%-44s %9s %9s' "dry run (analyse + generate)" "${best}s" "${median}s")")

# Real run: the same, and every file written (into a fresh copy of the tree).
note "pact-adopt writing into a fresh copy ($RUNS runs)…"
: >"$TMP/wall"
for ((i = 0; i < RUNS; i++)); do
    rm -rf "$TMP/tree" "$TMP/written"
    cp -r "$DJANGO" "$TMP/tree"
    measure "$PACT" "$TMP/tree" --out "$TMP/written" --json
done
read -r best median < <(stats <"$TMP/wall")
ROWS+=("$(printf '%-44s %9s %9s' "full run (analyse + generate + write)" "${best}s" "${median}s")")

# Re-run on the written tree: every file compared, nothing changes.
: >"$TMP/wall"
for ((i = 0; i < RUNS; i++)); do measure "$PACT" "$TMP/tree" --out "$TMP/written" --json; done
read -r best median < <(stats <"$TMP/wall")
ROWS+=("$(printf '%-44s %9s %9s' "re-run (all files unchanged)" "${best}s" "${median}s")")

echo
echo "pact-adopt: $("$PACT" --version 2>/dev/null || echo "$PACT")"
echo "machine: $(nproc 2>/dev/null || echo '?') cores, $(uname -srm)"
echo "tree: django-$DJANGO_VERSION sdist; runs: $RUNS each; wall times best and median"
if have python3; then
    python3 - "$TMP/plan.json" <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
langs = ", ".join(f"{v} {k}" for k, v in s["languages"].items())
print(f'adopted: {s["modules"]} modules ({langs} files), {s["components"]} components, '
      f'{s["functions"]} functions, {s["types"]} types, {s["smoke_tests"]} smoke tests, '
      f'{s["skipped"]} skipped')
PY
fi
echo
printf '%-44s %9s %9s\n' run best median
for r in "${ROWS[@]}"; do echo "$r"; done
