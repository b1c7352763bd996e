#!/bin/sh
# Builds the slugify example (TypeScript) offline from its cassette, start to
# finish: plan, approve the interview's defaults, implement (with a retry on a
# real vitest failure and one after a hidden-test hint), then check the
# result: the generated code's visible tests, the hidden tests, and the
# certification.
# Usage: examples/slugify/run.sh [BIN_DIR] [WORK_DIR]
# The tests run with vitest from PACT_NODE_MODULES (a node_modules directory
# holding vitest), by default the repository's .ci/node/node_modules, which
# `npm install --prefix .ci/node` fills.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
    echo "run.sh: the example's generated TypeScript is tested with vitest, which needs Node.js 18 or later: \`node\` is not on PATH" >&2
    exit 8
fi
PACT_NODE_MODULES=${PACT_NODE_MODULES:-$here/../../.ci/node/node_modules}
if [ ! -f "$PACT_NODE_MODULES/vitest/vitest.mjs" ]; then
    echo "run.sh: no vitest in $PACT_NODE_MODULES; install it from the repository root with \`npm install --prefix .ci/node --no-audit --no-fund\`, or set PACT_NODE_MODULES to a node_modules directory holding vitest" >&2
    exit 8
fi
PACT_NODE_MODULES=$(cd "$PACT_NODE_MODULES" && pwd)
export PACT_NODE_MODULES
bin=${1:-target/release}
work=${2:-$(mktemp -d)/slugify}
mkdir -p "$work"
cp "$here/task.md" "$here/sops.md" "$here/pact.yaml" "$work/"
"$bin/pact" run "$work" --replay "$here/cassette.jsonl"
"$bin/pact" approve "$work"
"$bin/pact" resume "$work" --implement --replay "$here/cassette.jsonl"
"$bin/pact" tree "$work"
"$bin/pact" goodhart test "$work"
"$bin/pact" goodhart run "$work"
"$bin/pact" validate verify "$work"
echo "slugify built in $work"
