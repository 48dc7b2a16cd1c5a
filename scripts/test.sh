#!/usr/bin/env bash
# Runs the whole suite and ends with one summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
dotnet test mlmax.slnx -c Release --nologo 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! *- Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")
rm -f "$log"
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$code" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$code"
