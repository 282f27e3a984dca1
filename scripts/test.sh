#!/usr/bin/env bash
# Runs every test: installs missing system packages, restores and builds the solution (the
# build also patches TorchSharp's native library for Debian 12), then runs all test projects
# under Xvfb, since the viewer tests open real OpenGL windows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
dotnet build RlLab.sln -c Release -nologo -v q -clp:ErrorsOnly

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
# -noreset: by default Xvfb resets when its last client disconnects, and a window opening in
# another test project during that reset fails with "Failed to open display".
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  dotnet test RlLab.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole suite, summed over the test projects.
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
