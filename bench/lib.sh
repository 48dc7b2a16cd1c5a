# Shared by the benchmark scripts: build the CLI from source once, then copy the build into a scratch directory and
# measure the copy, so a source change during the run cannot rebuild the binary under the benchmark and no build
# check is timed.
# Usage: private_cli REPO DIR   -> prints the path of the copied mlmax executable
private_cli() {
  local repo="$1" dir="$2" attempt
  for attempt in 1 2 3; do
    if "$repo/mlmax" --version >/dev/null; then
      cp -r "$repo/.build/cli" "$dir/cli"
      "$dir/cli/mlmax" --version >/dev/null && { echo "$dir/cli/mlmax"; return 0; }
      rm -rf "$dir/cli"
    fi
    echo "bench: building mlmax failed (attempt $attempt; another build may hold a lock), retrying" >&2
    sleep 10
  done
  echo "bench: could not build mlmax" >&2
  return 1
}
