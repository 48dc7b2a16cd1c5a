#!/usr/bin/env python3
"""Caching at scale: the census training pipeline on ~1 GB of generated census-like CSV, run in full and then again.

Steps: create a census project (`mlmax init --template census`), calibrate bytes per row with a small `generate`
run, generate about --size-mb of CSV (`mlmax run generate --param rows=N`), export it, then time
`mlmax run training --input raw=FILE --no-cache` (full) and `mlmax run training --input raw=FILE` right after
(cached), and report the ratio. Python standard library only. Called by bench/census-cache.sh.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CALIBRATION_ROWS = 20_000


def run(cmd, cwd, log, capture=False):
    t0 = time.perf_counter()
    with open(log, "ab") as sink:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE if capture else sink, stderr=sink)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        tail = Path(log).read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(f"bench: {' '.join(map(str, cmd))} exited {p.returncode}; last lines of {log}:\n" + "\n".join(tail))
    return wall, (p.stdout.decode() if capture else None)


class Project:
    def __init__(self, mlmax, root, log):
        self.mlmax, self.root, self.log = mlmax, root, log

    def __call__(self, *args, capture=False):
        return run([self.mlmax, *args], self.root, self.log, capture)

    def latest(self, pipeline):
        _, out = self("runs", "--pipeline", pipeline, "--limit", "1", "--json", capture=True)
        return json.loads(out)[0]["run"]

    def steps(self, run_id):
        _, out = self("show", run_id, "--json", capture=True)
        ts = lambda s: datetime.datetime.fromisoformat(s).timestamp()
        return [(s["step"], s["status"], ts(s["ended_at"]) - ts(s["started_at"])) for s in json.loads(out)["steps"]]

    def export(self, run_id, directory):
        self("export", f"{run_id}/generate.data", str(directory))
        files = [f for f in Path(directory).iterdir() if f.is_file()]
        if len(files) != 1:
            raise SystemExit(f"bench: expected one file in {directory}, found {[f.name for f in files]}")
        return files[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mlmax", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--results", required=True, type=Path)
    parser.add_argument("--size-mb", type=int, default=1024, help="approximate size of the generated CSV (default 1024)")
    parser.add_argument("--reps", type=int, default=1, help="timed full/cached pairs (default 1)")
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.perf_counter()
    log = args.work / "census.log"
    root = args.work / "census"
    run([args.mlmax, "init", str(root), "--template", "census"], args.work, log)
    mlmax = Project(args.mlmax, root, log)

    print(f"bench: calibrating with {CALIBRATION_ROWS} rows (includes building the step project)", file=sys.stderr, flush=True)
    mlmax("run", "generate", "--param", f"rows={CALIBRATION_ROWS}", "--quiet")
    sample = mlmax.export(mlmax.latest("generate"), args.work / "calibration")
    bytes_per_row = sample.stat().st_size / CALIBRATION_ROWS
    rows = int(args.size_mb * 1024 * 1024 / bytes_per_row)

    print(f"bench: generating {rows} rows (~{args.size_mb} MB at {bytes_per_row:.0f} bytes/row)", file=sys.stderr, flush=True)
    generate_s, _ = mlmax("run", "generate", "--param", f"rows={rows}", "--quiet")
    data = mlmax.export(mlmax.latest("generate"), args.work / "data")
    size_mb = data.stat().st_size / 1024 / 1024

    full, cached, full_steps, cached_steps = [], [], None, None
    for i in range(args.reps):
        print(f"bench: training, full run {i + 1} of {args.reps}", file=sys.stderr, flush=True)
        wall, _ = mlmax("run", "training", "--input", f"raw={data}", "--no-cache", "--quiet")
        full.append(wall)
        full_steps = mlmax.steps(mlmax.latest("training"))
        print(f"bench: training, cached run {i + 1} of {args.reps}", file=sys.stderr, flush=True)
        wall, _ = mlmax("run", "training", "--input", f"raw={data}", "--quiet")
        cached.append(wall)
        cached_steps = mlmax.steps(mlmax.latest("training"))
    if any(status != "cached" for _, status, _ in cached_steps):
        raise SystemExit(f"bench: the second run was expected to reuse every step: {cached_steps}")

    full_s, cached_s = statistics.median(full), statistics.median(cached)
    lines = [
        f"# Caching at scale: census training on {size_mb:.0f} MB, {started:%Y-%m-%d %H:%M} UTC", "",
        "Produced by `bash bench/census-cache.sh`. The census template's `generate` pipeline wrote the CSV "
        f"({rows:,} rows, {bytes_per_row:.0f} bytes/row, {generate_s:.1f} s); `training` then ran on it with `--no-cache` "
        "and again right after, every step reused. Wall time of the whole `mlmax run` command"
        + (f", median of {args.reps}." if args.reps > 1 else ", one run each."), "",
        f"Machine: {os.cpu_count()} cores; load average (1 min) at the end {os.getloadavg()[0]:.2f}.", "",
        "| run | seconds | × cached |", "| --- | ---: | ---: |",
        f"| `mlmax run training --input raw=FILE --no-cache` (full) | {full_s:.2f} | {full_s / cached_s:.1f} |",
        f"| `mlmax run training --input raw=FILE` (cached) | {cached_s:.2f} | 1.0 |", "",
        "| step | full run s | cached run s |", "| --- | ---: | ---: |",
    ]
    cached_by = {name: secs for name, _, secs in cached_steps}
    lines += [f"| {name} | {secs:.2f} | {cached_by.get(name, 0):.2f} |" for name, _, secs in full_steps]
    lines += ["", f"Total script time {(time.perf_counter() - t0) / 60:.1f} min (including the step project build and the generation).", ""]
    text = "\n".join(lines)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / f"census-cache-{started:%Y-%m-%d}.md"
    target.write_text(text)
    print(f"bench: wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
