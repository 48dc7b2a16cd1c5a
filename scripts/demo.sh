#!/usr/bin/env bash
# The main job, end to end on embedded defaults (local disk + SQLite): create the census project, train and
# evaluate, batch-score new data with the very same fitted preprocessing, and trace the predictions.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-.demo/census}"
mlmax="$repo/mlmax"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$dir"
step "mlmax init $dir --template census"
"$mlmax" init "$dir" --template census
cd "$dir"

step "mlmax run training   (preprocess -> train -> evaluate)"
"$mlmax" run training --quiet

step "mlmax run training   (again: every step is reused, --explain says why)"
"$mlmax" run training --quiet --explain

step "mlmax models promote census --to production   (the version the training run registered, through its gates)"
"$mlmax" models promote census --to production --why "first census model"
"$mlmax" models list

step "mlmax run inference --model census@production  (batch scoring with that version's fitted transform and model)"
"$mlmax" run inference --quiet --model census@production
run="$("$mlmax" runs --pipeline inference --limit 1 --json | grep -m1 '"run"' | sed -E 's/.*"run": "([^"]+)".*/\1/')"

step "mlmax monitor census@production --drifted   (data quality and drift of that batch against the version's training baselines; the check is recorded and an HTML report written)"
"$mlmax" monitor census@production --drifted || echo "(exit code 1: a threshold was crossed, as monitoring scripts see it; docs/monitoring.md)"

step "mlmax predict census@production   (the same bundle scoring a file directly: same fitted transform, same scores)"
"$mlmax" predict census@production --input data/census-income-sample.csv --output predictions/direct.csv --on-violation report

step "mlmax export $run/score.predictions predictions/   (first rows)"
"$mlmax" export "$run/score.predictions" predictions >/dev/null
head -n 6 predictions/predictions.csv

step "mlmax lineage $run/score.predictions   (code, data, parameters and environment behind every prediction)"
"$mlmax" lineage "$run/score.predictions"

step "mlmax runs"
"$mlmax" runs
printf '\nDemo project: %s (try: cd %s && %s show %s)\n' "$(pwd)" "$dir" "$mlmax" "$run"
