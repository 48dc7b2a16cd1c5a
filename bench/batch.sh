#!/usr/bin/env bash
# Batch scoring: 1 and 10 million generated census rows (about 0.5 and 5 GB) scored by `mlmax predict` (ML.NET and
# ONNX bundles), by a raw ML.NET loop over the same bundle files (the floor) and by pandas + scikit-learn with the
# census-python model. Writes bench/results/batch-DATE.md. Arguments go to bench/batch.py (--rows N [N...],
# --reps N). Needs about 11 GB free under ${TMPDIR:-/tmp} for 10 million rows; about 20 minutes. See docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

/usr/bin/python3 -c 'import sklearn, pandas, onnx' 2>/dev/null || {
  echo "bench: installing python3-sklearn python3-pandas python3-onnx (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn python3-pandas python3-onnx >/dev/null
}

work="$(mktemp -d "${TMPDIR:-/tmp}/mlmax-batch-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
source "$repo/bench/lib.sh"
mlmax="$(private_cli "$repo" "$work")"
echo "bench: building bench/floor-server" >&2
dotnet build "$repo/bench/floor-server/FloorServer.csproj" -c Release -o "$work/floor" -nologo -v quiet >&2
/usr/bin/python3 "$repo/bench/batch.py" --mlmax "$mlmax" --floor "$work/floor/floor-server" --work "$work" \
  --results "$repo/bench/results" "$@"
