#!/usr/bin/env bash
# Worker fleet: `mlmax run --executor hangfire` on `mlmax worker` processes (queue and metadata in PostgreSQL) side by
# side with the local executor (SQLite): pickup latency along a chain of no-op steps, throughput of 100 independent
# no-op steps, and a CPU-bound fan-out of 20 steps on 1 and on 2 workers next to the same busy loops run bare.
# Starts a throwaway PostgreSQL server of its own (initdb into a temp directory, a free loopback port; as root it runs
# as the system user mlmax-pg, as the tests' server does) and removes it at the end. Writes
# bench/results/fleet-DATE.md. Arguments go to bench/fleet.py (e.g. --reps 1 --cpu-steps 4 for a quick look).
# About 15 minutes on 2 cores. See docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pg_bin="${MLMAX_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ ! -x "$pg_bin/initdb" ]; then
  echo "bench: installing postgresql (Debian package)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mlmax-fleet-bench.XXXXXX")"
# Short and under /tmp itself: the server's socket path must fit in 107 bytes, and the server's user must reach it.
pg_dir="$(mktemp -d /tmp/mlmax-fleet-pg.XXXXXX)"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id -u mlmax-pg >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin mlmax-pg
  chown mlmax-pg "$pg_dir"
  as_pg=(runuser -u mlmax-pg --)
fi

cleanup() {
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" stop -D "$pg_dir/data" -m fast -w -t 30 >/dev/null 2>&1 \
      || "${as_pg[@]}" "$pg_bin/pg_ctl" stop -D "$pg_dir/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir" "$work"
}
trap cleanup EXIT

source "$repo/bench/lib.sh"
mlmax="$(private_cli "$repo" "$work")"

echo "bench: starting PostgreSQL ($pg_bin) in $pg_dir" >&2
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync --no-instructions >/dev/null
port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# The test server's settings, plus pg_stat_statements to count the statements each step costs.
"${as_pg[@]}" "$pg_bin/pg_ctl" start -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-p $port -k $pg_dir \
  -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
  -c shared_preload_libraries=pg_stat_statements" >/dev/null

/usr/bin/python3 "$repo/bench/fleet.py" --mlmax "$mlmax" --work "$work" --results "$repo/bench/results" \
  --psql "$pg_bin/psql" --port "$port" --pg-data "$pg_dir/data" "$@"
