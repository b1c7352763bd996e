#!/usr/bin/env bash
# Benchmarks `pact-assess` on real codebases fetched from the package registries,
# and grimp (the peer reference) building the Django import graph.
# Not part of the test suite. See bench/README.md.
#
#   bench/assess.sh [-n RUNS] [--only django|ts|rust] [--no-grimp] [--no-build]
#
# Environment: PACT_BENCH_CACHE (default ~/.cache/pact-bench), PACT_ASSESS (a
# prebuilt binary to use instead of building), CARGO_TARGET_DIR,
# PACT_BENCH_NPM_PACKAGE / PACT_BENCH_NPM_VERSION (default effect 3.10.0),
# PACT_BENCH_CRATES (default "syn@2.0.87 tokio@1.41.1").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PACT_BENCH_CACHE:-$HOME/.cache/pact-bench}
RUNS=5
ONLY=""
GRIMP=1
BUILD=1

DJANGO_VERSION=5.1
# A source-heavy TypeScript package: effect ships its 360 .ts sources (190k
# lines) in src/ (rxjs@7.8.1 ships 250 files, typescript@5.6.3 mostly one .js).
NPM_PACKAGE=${PACT_BENCH_NPM_PACKAGE:-effect}
NPM_VERSION=${PACT_BENCH_NPM_VERSION:-3.10.0}
# Rust crates as NAME@VERSION.
CRATES=${PACT_BENCH_CRATES:-syn@2.0.87 tokio@1.41.1}

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
    case $1 in
        -n | --runs) RUNS=${2:?-n needs a number}; shift 2 ;;
        --only) ONLY=${2:?--only needs django, ts or rust}; shift 2 ;;
        --no-grimp) GRIMP=0; shift ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
case $RUNS in '' | *[!0-9]* | 0) echo "-n wants a positive number, got '$RUNS'" >&2; exit 2 ;; esac
case $ONLY in '' | django | ts | rust) ;; *) echo "--only wants django, ts or rust" >&2; exit 2 ;; esac

note() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
wanted() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

mkdir -p "$CACHE/downloads" "$CACHE/trees"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

TIME=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true 2>/dev/null; then
    TIME=/usr/bin/time
else
    note "note: GNU time not found at /usr/bin/time: peak memory will not be measured (install: apt-get install time)"
fi

# ---------------------------------------------------------------- fetching

# Prints the unpacked Django sdist directory, fetching it once.
fetch_django() {
    local dir="$CACHE/trees/django-$DJANGO_VERSION"
    if [ ! -d "$dir/django" ]; then
        local pip=""
        if python3 -m pip --version >/dev/null 2>&1; then pip="python3 -m pip"
        elif have pip; then pip=pip
        else note "skip django: pip not found (install python3-pip)"; return 1; fi
        note "fetching Django $DJANGO_VERSION sdist from PyPI…"
        $pip download "django==$DJANGO_VERSION" --no-deps --no-binary :all: \
            -d "$CACHE/downloads" -q >&2 || { note "skip django: pip download failed"; return 1; }
        local archive
        archive=$(find "$CACHE/downloads" -maxdepth 1 -iname "django-$DJANGO_VERSION.tar.gz" | head -n 1)
        [ -n "$archive" ] || { note "skip django: sdist not found after download"; return 1; }
        rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
        tar -xzf "$archive" -C "$dir.tmp" --strip-components=1
        mv "$dir.tmp" "$dir"
    fi
    printf '%s\n' "$dir"
}

# Prints the TypeScript source directory of the npm package, fetching it once.
fetch_npm() {
    local dir="$CACHE/trees/$NPM_PACKAGE-$NPM_VERSION"
    if [ ! -d "$dir/src" ]; then
        have npm || { note "skip $NPM_PACKAGE: npm not found (install nodejs and npm)"; return 1; }
        note "fetching $NPM_PACKAGE@$NPM_VERSION from npm…"
        local archive
        archive=$(cd "$CACHE/downloads" && npm pack "$NPM_PACKAGE@$NPM_VERSION" --silent 2>/dev/null | tail -n 1) ||
            { note "skip $NPM_PACKAGE: npm pack failed"; return 1; }
        rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
        tar -xzf "$CACHE/downloads/$archive" -C "$dir.tmp" --strip-components=1
        mv "$dir.tmp" "$dir"
    fi
    [ -d "$dir/src" ] || { note "skip $NPM_PACKAGE: the package has no src/ directory"; return 1; }
    # The package's TypeScript sources (dist/ holds its compiled output).
    printf '%s\n' "$dir/src"
}

# Prints the unpacked directory of crate $1 version $2, fetching it once: from
# cargo's own download cache when it holds that version, else from crates.io.
fetch_crate() {
    local name=$1 version=$2
    local dir="$CACHE/trees/$name-$version"
    if [ ! -d "$dir/src" ]; then
        local archive="$CACHE/downloads/$name-$version.crate" cached
        cached=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "$name-$version.crate" 2>/dev/null | head -n 1)
        if [ -n "$cached" ]; then
            cp "$cached" "$archive"
        elif [ ! -s "$archive" ]; then
            have curl || { note "skip $name: curl not found (apt-get install curl)"; return 1; }
            note "fetching $name $version from crates.io…"
            local url ok=""
            for url in "https://static.crates.io/crates/$name/$name-$version.crate" \
                "https://crates.io/api/v1/crates/$name/$version/download"; do
                if curl -fsSL -A "pact-bench (https://example.invalid/pact)" -o "$archive.tmp" "$url" 2>/dev/null; then
                    ok=1
                    break
                fi
            done
            [ -n "$ok" ] || { note "skip $name: download failed"; rm -f "$archive.tmp"; return 1; }
            mv "$archive.tmp" "$archive"
        fi
        rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
        tar -xzf "$archive" -C "$dir.tmp" --strip-components=1
        mv "$dir.tmp" "$dir"
    fi
    printf '%s\n' "$dir"
}

# Counts source files below $1 with one of the extensions $2… (no dot), leaving
# out the directories an assessment skips.
count_files() {
    local tree=$1; shift
    local expr=() ext
    for ext in "$@"; do
        [ ${#expr[@]} -eq 0 ] || expr+=(-o)
        expr+=(-name "*.$ext")
    done
    find "$tree" \( -name .git -o -name node_modules -o -name __pycache__ -o -name .venv \
        -o -name venv -o -name .tox -o -name target \) -prune -o -type f \( "${expr[@]}" \) -print |
        wc -l | tr -d ' '
}

# ---------------------------------------------------------------- measuring

# median and best of the numbers on stdin, as "best median".
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan nan"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f %.3f\n", v[1], m }'
}

# Runs "$@" once; appends its wall time (s) to $TMP/wall and peak RSS (KiB) to
# $TMP/rss; stdout goes to $TMP/out, stderr to $TMP/err. Fails as the command does.
measure() {
    local start end status=0
    start=$(date +%s%N)
    if [ -n "$TIME" ]; then
        "$TIME" -f '%M' -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
    else
        "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
    fi
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", (e - s) / 1e9 }' >>"$TMP/wall"
    if [ -n "$TIME" ]; then tail -n 1 "$TMP/time" >>"$TMP/rss"; fi
    return "$status"
}

ROWS=()
row() { ROWS+=("$(printf '%-34s %7s %9s %9s %10s %10s' "$@")"); }

# Times `pact-assess TREE --format json` RUNS times (after one warm-up run).
bench_pact() {
    local label=$1 tree=$2 files=$3
    : >"$TMP/wall"; : >"$TMP/rss"
    note "pact-assess: $label ($files files, $RUNS runs)…"
    if ! measure "$PACT" "$tree" --format json; then
        note "  pact-assess failed on $tree:"; sed 's/^/    /' "$TMP/err" | head -n 20 >&2
        row "$label" "$files" failed - - -
        return 0
    fi
    cp "$TMP/out" "$TMP/$label.json"
    : >"$TMP/wall"; : >"$TMP/rss"
    local i
    for ((i = 0; i < RUNS; i++)); do
        measure "$PACT" "$tree" --format json || { note "  run $i failed"; break; }
    done
    local best median rss
    read -r best median < <(stats <"$TMP/wall")
    rss=$(rss_mb)
    row "$label" "$files" "${best}s" "${median}s" \
        "$(awk -v f="$files" -v t="$median" 'BEGIN { printf (t > 0 ? "%.0f" : "-"), f / t }')" "$rss"
    summarize_json "$TMP/$label.json" "  $label"
}

rss_mb() {
    if [ -s "$TMP/rss" ]; then
        sort -n "$TMP/rss" | tail -n 1 | awk '{ printf "%.1f MB", $1 / 1024 }'
    else
        printf 'n/a'
    fi
}

SUMMARIES=()
# Appends a one-line summary of an assessment document, when python3 can read it.
summarize_json() {
    have python3 || return 0
    local line
    line=$(python3 - "$1" <<'PY' 2>/dev/null
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    s = d["summary"]
    langs = ", ".join(f"{k} {v}" for k, v in s.get("languages", {}).items())
    print(f'{s["modules"]} modules ({langs}), {s["edges"]} edges, {s.get("unparsable", 0)} unparsable; '
          f'{s["errors"]} errors, {s["warnings"]} warnings, {s["infos"]} infos; '
          f'{len(d.get("external", []))} external packages')
except Exception as e:
    print(f"(output not an assessment document: {e})")
PY
) || return 0
    SUMMARIES+=("$2: $line")
}

# Times grimp building the `django` package graph from the sdist.
bench_grimp() {
    local tree=$1
    have python3 || { note "skip grimp: python3 not found"; return 0; }
    local venv="$CACHE/venv-grimp"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import grimp' 2>/dev/null; then
        note "installing grimp into $venv…"
        python3 -m venv "$venv" >&2 2>/dev/null || { note "skip grimp: python3 -m venv failed (apt-get install python3-venv)"; return 0; }
        "$venv/bin/python" -m pip install -q grimp >&2 || { note "skip grimp: pip install grimp failed"; return 0; }
    fi
    local version
    version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("grimp"))' 2>/dev/null || echo '?')
    cat >"$TMP/bench_grimp.py" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
import grimp
t = time.perf_counter()
g = grimp.build_graph("django", cache_dir=None)
dt = time.perf_counter() - t
print(f"{dt:.3f} {len(g.modules)} {g.count_imports()}")
PY
    local files
    files=$(count_files "$tree/django" py)
    note "grimp $version: django package ($files files, $RUNS runs)…"
    : >"$TMP/wall"; : >"$TMP/rss"; : >"$TMP/inproc"
    local i out
    for ((i = 0; i <= RUNS; i++)); do
        if ! measure "$venv/bin/python" "$TMP/bench_grimp.py" "$tree"; then
            note "  grimp failed:"; sed 's/^/    /' "$TMP/err" | tail -n 10 >&2
            row "grimp $version (django pkg)" "$files" failed - - -
            return 0
        fi
        out=$(cat "$TMP/out")
        if [ "$i" -eq 0 ]; then : >"$TMP/wall"; : >"$TMP/rss"; continue; fi  # warm-up
        echo "${out%% *}" >>"$TMP/inproc"
    done
    local best median ibest imedian
    read -r best median < <(stats <"$TMP/wall")
    read -r ibest imedian < <(stats <"$TMP/inproc")
    row "grimp $version (django pkg, process)" "$files" "${best}s" "${median}s" \
        "$(awk -v f="$files" -v t="$median" 'BEGIN { printf "%.0f", f / t }')" "$(rss_mb)"
    row "grimp $version (build_graph only)" "$files" "${ibest}s" "${imedian}s" \
        "$(awk -v f="$files" -v t="$imedian" 'BEGIN { printf "%.0f", f / t }')" "-"
    read -r _ modules imports <<<"$out"
    SUMMARIES+=("  grimp (django pkg): $modules modules, $imports imports")
}

# ---------------------------------------------------------------- main

if [ -n "${PACT_ASSESS:-}" ]; then
    PACT=$PACT_ASSESS
    [ -x "$PACT" ] || { note "PACT_ASSESS=$PACT is not an executable"; exit 1; }
else
    PACT="${CARGO_TARGET_DIR:-$ROOT/target}/release/pact-assess"
    if [ "$BUILD" = 1 ]; then
        have cargo || { note "cargo not found: install Rust, or set PACT_ASSESS to a built binary"; exit 1; }
        note "building pact-assess (release)…"
        (cd "$ROOT" && cargo build --release -p pact-assess --quiet) || { note "build failed"; exit 1; }
    fi
    [ -x "$PACT" ] || { note "$PACT not found: build it (cargo build --release -p pact-assess) or set PACT_ASSESS"; exit 1; }
fi

if wanted django && DJANGO=$(fetch_django); then
    bench_pact "django-$DJANGO_VERSION (sdist)" "$DJANGO" "$(count_files "$DJANGO" py)"
    bench_pact "django-$DJANGO_VERSION (django pkg)" "$DJANGO/django" "$(count_files "$DJANGO/django" py)"
    if [ "$GRIMP" = 1 ]; then bench_grimp "$DJANGO"; fi
fi
if wanted ts && TS=$(fetch_npm); then
    bench_pact "$NPM_PACKAGE-$NPM_VERSION (src)" "$TS" "$(count_files "$TS" ts tsx mts cts js jsx mjs cjs)"
fi
if wanted rust; then
    for spec in $CRATES; do
        if RS=$(fetch_crate "${spec%@*}" "${spec#*@}"); then
            bench_pact "${spec%@*}-${spec#*@}" "$RS" "$(count_files "$RS" rs)"
        fi
    done
fi

echo
echo "pact-assess: $("$PACT" --version 2>/dev/null || echo "$PACT")"
echo "machine: $(nproc 2>/dev/null || echo '?') cores, $(uname -srm)"
echo "runs: $RUNS per tree (after one warm-up run); wall times best and median; peak RSS is the maximum over runs"
echo
printf '%-34s %7s %9s %9s %10s %10s\n' tree files best median files/s "peak RSS"
for r in "${ROWS[@]}"; do echo "$r"; done
if [ ${#SUMMARIES[@]} -gt 0 ]; then
    echo
    echo "results:"
    for s in "${SUMMARIES[@]}"; do echo "$s"; done
fi
