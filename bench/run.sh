#!/usr/bin/env bash
# Orchestration overhead (`make bench`): no-op pipelines of 10, 100 and 1,000 chained steps and a fan-out of 100,
# run side by side by mlmax, by a plain shell loop (the floor) and by Snakemake, reported as ratios.
# Writes bench/results/orchestration-DATE.md. Extra arguments go to bench/orchestration.py
# (e.g. --workloads chain10,chain100 --reps 1 for a quick look). See docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Snakemake 7 from Debian, the comparison runner.
if ! command -v snakemake >/dev/null 2>&1; then
  echo "bench: installing snakemake (Debian package)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq snakemake >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mlmax-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
source "$repo/bench/lib.sh"
mlmax="$(private_cli "$repo" "$work")"

/usr/bin/python3 "$repo/bench/orchestration.py" --mlmax "$mlmax" --work "$work" --results "$repo/bench/results" "$@"
