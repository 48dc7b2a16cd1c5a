#!/usr/bin/env bash
# Online serving: one census row per POST /invocations, `mlmax serve` side by side with a bare ASP.NET Core +
# ML.NET floor (bench/floor-server) and FastAPI + uvicorn with scikit-learn, loaded by wrk on 127.0.0.1 at 1, 16 and
# 64 connections. Writes bench/results/serving-DATE.md. Arguments go to bench/serving.py (e.g. --seconds 5 for a
# quick look). About 4 minutes. See docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
/usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null || need+=(python3-fastapi python3-uvicorn)
/usr/bin/python3 -c 'import sklearn, pandas, onnx' 2>/dev/null || need+=(python3-sklearn python3-pandas python3-onnx)
/usr/bin/python3 -c 'import uvloop' 2>/dev/null || need+=(python3-uvloop)
if ((${#need[@]})); then
  echo "bench: installing ${need[*]} (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mlmax-serving-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
source "$repo/bench/lib.sh"
mlmax="$(private_cli "$repo" "$work")"
echo "bench: building bench/floor-server" >&2
dotnet build "$repo/bench/floor-server/FloorServer.csproj" -c Release -o "$work/floor" -nologo -v quiet >&2
/usr/bin/python3 "$repo/bench/serving.py" --mlmax "$mlmax" --floor "$work/floor/floor-server" --work "$work" \
  --results "$repo/bench/results" "$@"
