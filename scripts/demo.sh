#!/usr/bin/env bash
# The main job on the bundled example chat: parse it and print its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
.venv/bin/tandem version
