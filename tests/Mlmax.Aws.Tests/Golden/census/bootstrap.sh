#!/bin/sh
# Starts an mlmax step in a SageMaker job: unpacks mlmax, the project and its built steps, then runs
# `mlmax aws container ARGS`, which lays out the step contract from the job's folders and runs the step.
set -eu
code="$(cd "$(dirname "$0")" && pwd)"
root="${MLMAX_CONTAINER_ROOT:-/tmp/mlmax}"
mkdir -p "$root/runtime" "$root/project"
tar -xzf "$code/runtime.tar.gz" -C "$root/runtime"
tar -xzf "$code/project.tar.gz" -C "$root/project"
if [ -f "$code/steps.tar.gz" ]; then
  mkdir -p "$root/steps"
  tar -xzf "$code/steps.tar.gz" -C "$root/steps"
  export MLMAX_PREBUILT_STEPS="$root/steps"
fi
cd "$root/project"
exec "$root/runtime/mlmax" "$@"
