#!/usr/bin/env python3
"""Batch scoring: one large census CSV scored by `mlmax predict`, by a raw ML.NET loop over the same bundle files
(bench/floor-server in batch mode, the floor) and by pandas + scikit-learn with the census-python model.

Steps: train both census models in scratch projects (bench/census_models.py), generate --rows census rows with the
census template's `generate` pipeline and export the CSV, then run each contender in turn under /usr/bin/time -v,
--reps times, taking turns. Reports rows/s (median wall time) and peak RSS, checks every output has one line per
row and that mlmax and the floor give the same probabilities. Writes bench/results/batch-DATE.md. Called by
bench/batch.sh.
"""

import argparse
import csv
import datetime
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from census_models import train_models  # noqa: E402

BENCH = Path(__file__).resolve().parent


def timed(cmd, cwd, log):
    """Runs cmd under /usr/bin/time -v; returns (wall s, user+sys s, peak RSS MB)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", *map(str, cmd)], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    with open(log, "a") as f:
        f.write(f"$ {' '.join(map(str, cmd))}\n{p.stdout}{p.stderr}\n")
    if p.returncode != 0:
        raise SystemExit(f"bench: {' '.join(map(str, cmd))} exited {p.returncode}:\n{p.stderr[-3000:]}")
    field = lambda name: re.search(rf"{re.escape(name)}: ([\d.]+)", p.stderr).group(1)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return wall, cpu, int(field("Maximum resident set size (kbytes)")) / 1024, p.stdout


def count_lines(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))


def probabilities(path, n):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return [float(row["probability"]) for _, row in zip(range(n), reader)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mlmax", required=True)
    parser.add_argument("--floor", required=True, help="the built bench/floor-server executable")
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--results", required=True, type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.perf_counter()
    log = args.work / "batch.log"
    print("bench: training the census and census-python models", file=sys.stderr, flush=True)
    census, _, files = train_models(args.mlmax, args.work, log)
    print(f"bench: generating {args.rows:,} rows", file=sys.stderr, flush=True)
    generate_s, _ = census("run", "generate", "--param", f"rows={args.rows}", "--quiet")
    data = census.export_one(f"{census.latest('generate')}/generate.data", args.work / "data")
    size_mb = data.stat().st_size / 1024 / 1024
    out = args.work / "out"
    out.mkdir()

    contenders = [
        ("mlmax predict", census.root, lambda o: [args.mlmax, "predict", "census@production", "--input", data,
                                                  "--output", o, "--on-violation", "report"]),
        ("floor (ML.NET loop)", args.work, lambda o: [args.floor, "batch", files["transform"], files["model"], data, o]),
        ("pandas + scikit-learn", args.work, lambda o: ["/usr/bin/python3", BENCH / "batch_sklearn.py", files["py_src"],
                                                         files["py_transform"], files["py_model"], data, o]),
    ]
    measured = {name: [] for name, _, _ in contenders}
    outputs = {}
    for rep in range(args.reps):
        for i, (name, cwd, command) in enumerate(contenders):
            target = out / f"{i}-{rep}.csv"
            print(f"bench: {name}, run {rep + 1} of {args.reps}", file=sys.stderr, flush=True)
            wall, cpu, rss, _ = timed(command(target), cwd, log)
            measured[name].append((wall, cpu, rss))
            print(f"bench:   {wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MB peak RSS", file=sys.stderr, flush=True)
            lines = count_lines(target)
            if lines != args.rows + 1:
                raise SystemExit(f"bench: {name} wrote {lines} lines for {args.rows} rows")
            outputs[name] = target

    names = [c[0] for c in contenders]
    a, b = probabilities(outputs[names[0]], 10_000), probabilities(outputs[names[1]], 10_000)
    worst = max(abs(x - y) for x, y in zip(a, b))
    if worst > 1e-5:
        raise SystemExit(f"bench: mlmax and the floor disagree: largest probability difference {worst}")

    med = {n: (statistics.median(m[0] for m in measured[n]), statistics.median(m[1] for m in measured[n]),
               max(m[2] for m in measured[n])) for n in names}
    floor_wall, py_wall = med[names[1]][0], med[names[2]][0]
    lines = [
        f"# Batch scoring: {args.rows:,} census rows, {started:%Y-%m-%d %H:%M} UTC", "",
        f"Produced by `bash bench/batch.sh`. Input: {args.rows:,} rows, {size_mb:.0f} MB, generated by the census "
        f"template's `generate` pipeline in {generate_s:.1f} s. Each contender ran {args.reps} time(s) under "
        "`/usr/bin/time -v`, taking turns; wall time is the median, peak RSS the largest.", "",
        f"Machine: {os.cpu_count()} cores; load average (1 min) at the end {os.getloadavg()[0]:.2f}.", "",
        "| contender | wall s | rows/s | CPU s | peak RSS MB | wall × floor | wall × pandas |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n in names:
        wall, cpu, rss = med[n]
        lines.append(f"| {n} | {wall:.1f} | {args.rows / wall:,.0f} | {cpu:.1f} | {rss:.0f} | {wall / floor_wall:.2f} | "
                     f"{wall / py_wall:.2f} |")
    lines += ["", f"mlmax and the floor agree on the first 10,000 probabilities (largest difference {worst:.1e}).",
              "The pandas contender scores a different model (the census-python template's logistic regression).", "",
              f"Total script time {(time.perf_counter() - t0) / 60:.1f} min.", ""]
    text = "\n".join(lines)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / f"batch-{started:%Y-%m-%d}.md"
    target.write_text(text)
    print(f"bench: wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
