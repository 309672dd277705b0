#!/usr/bin/env bash
# Runs every benchmark script in turn; each prints its own key=value line last.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in benchmarks/bench_*.py; do
  echo "== $script"
  .venv/bin/python "$script"
done
