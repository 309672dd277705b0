#!/usr/bin/env bash
# The main job on the bundled example chat (Maya and Jonas, invented, five weeks on WhatsApp):
# code every message, find the pursue-withdraw cycle, print the summary, write the HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
.venv/bin/tandem version
.venv/bin/tandem analyze examples/maya_jonas_whatsapp.txt --html build/report.html
.venv/bin/tandem analyze examples/maya_jonas_whatsapp.txt --json > build/analysis.json
echo "Wrote build/report.html (open it in a browser) and build/analysis.json."
