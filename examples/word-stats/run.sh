#!/bin/sh
# Builds the word-stats example offline from its cassette, start to finish:
# plan (interview, shape, decompose, contracts, tests), approve the
# interview's defaults, implement (a retry on a real test failure, one after a
# hidden-test hint, a diagnosis after two failed attempts, the parent's glue
# by integrate), then check the result:
# the generated code's visible tests, the hidden tests, and the certification.
# Usage: examples/word-stats/run.sh [BIN_DIR] [WORK_DIR]
set -eu
if ! python3 -m pytest --version >/dev/null 2>&1; then
    echo "run.sh: the example's generated Python is tested with pytest; install it: python3 -m pip install pytest" >&2
    exit 8
fi
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-target/release}
work=${2:-$(mktemp -d)/word-stats}
mkdir -p "$work"
cp "$here/task.md" "$here/sops.md" "$here/pact.yaml" "$work/"
"$bin/pact" run "$work" --replay "$here/cassette.jsonl"
"$bin/pact" approve "$work"
"$bin/pact" resume "$work" --implement --replay "$here/cassette.jsonl"
"$bin/pact" tree "$work"
"$bin/pact" goodhart test "$work"
"$bin/pact" goodhart run "$work"
"$bin/pact" validate verify "$work"
echo "word-stats built in $work"
