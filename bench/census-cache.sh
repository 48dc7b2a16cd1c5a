#!/usr/bin/env bash
# Caching at scale: create a census project, generate ~1 GB of census-like CSV with its `generate` pipeline, then
# time `mlmax run training --input raw=FILE --no-cache` against the cached re-run right after. Writes
# bench/results/census-cache-DATE.md. Arguments go to bench/census_cache.py (--size-mb N, --reps N).
# Needs about 4x the CSV size of free space under ${TMPDIR:-/tmp}. See docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/mlmax-census-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
source "$repo/bench/lib.sh"
mlmax="$(private_cli "$repo" "$work")"
/usr/bin/python3 "$repo/bench/census_cache.py" --mlmax "$mlmax" --work "$work" --results "$repo/bench/results" "$@"
