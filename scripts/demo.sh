#!/usr/bin/env bash
# The main job on the bundled example chat (Maya and Jonas, invented, five weeks on WhatsApp):
# read the export, code every message, find the pursue-withdraw cycle and print the summary,
# write the HTML report, then build each partner's plan from their own messages.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
chat=examples/maya_jonas_whatsapp.txt
.venv/bin/tandem version
.venv/bin/tandem parse "$chat"
.venv/bin/tandem analyze "$chat" --html build/report.html
.venv/bin/tandem analyze "$chat" --json > build/analysis.json
.venv/bin/tandem plan --chat "$chat" --html build/plan.html
.venv/bin/tandem plan --chat "$chat" --json > build/plan.json
echo "Wrote build/report.html and build/plan.html (open them in a browser),"
echo "and build/analysis.json and build/plan.json with every figure."
