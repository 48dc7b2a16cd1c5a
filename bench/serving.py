#!/usr/bin/env python3
"""Online serving: one census row per request, against `mlmax serve`, a bare ASP.NET Core + ML.NET floor and
FastAPI + uvicorn with scikit-learn, loaded by wrk on 127.0.0.1 at several connection counts.

Steps: train the census (C#) and census-python models in scratch projects (bench/census_models.py), build each
contender's single-row JSON payload from one row of the census sample, then for each contender in turn: start it,
check its answer to the payload once, warm it up, run `wrk --latency` at each connection count, record its peak
resident memory and stop it. Writes bench/results/serving-DATE.md. Called by bench/serving.sh.
"""

import argparse
import csv
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from census_models import run, train_models  # noqa: E402

BENCH = Path(__file__).resolve().parent
NUMERIC = {"age", "wage per hour", "capital gains", "capital losses", "dividends from stocks", "instance weight",
           "num persons worked for employer", "weeks worked in year"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pascal(header):
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", header.replace("'", "")) if w)


def payloads(sample_csv, row_index):
    with open(sample_csv, newline="") as f:
        rows = list(csv.reader(f))
    header, row = rows[0], rows[1 + row_index]
    record = {}
    for name, value in zip(header, row):
        if name == "income":
            continue
        value = value.strip()
        record[name] = float(value) if name in NUMERIC else value
    records = {"dataframe_records": [record]}
    floor = {pascal(k): v for k, v in record.items()}
    return records, floor


def post(port, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def wait_ready(port, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: server exited {proc.returncode} before answering /ping")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench: server did not answer /ping in time")


def tree(pid):
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            for child in (task / "children").read_text().split():
                pids += tree(int(child))
        except OSError:
            pass
    return pids


def peak_rss_mb(pid):
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            pass
    return total


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    def latency(pct):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")

    requests = int(re.search(r"(\d+) requests in", text).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in sock.groups()) if sock else 0)
    return {"requests": requests, "rps": rps, "p50": latency(50), "p99": latency(99), "errors": errors}


def wrk(port, body_file, connections, seconds):
    threads = 1 if connections == 1 else 2
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
           "-s", str(BENCH / "post.lua"), f"http://127.0.0.1:{port}/invocations"]
    out = subprocess.run(cmd, env={**os.environ, "WRK_BODY": str(body_file)}, capture_output=True, text=True,
                         timeout=seconds + 60)
    if out.returncode != 0:
        raise SystemExit(f"bench: wrk failed: {out.stderr}")
    return parse_wrk(out.stdout), out.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mlmax", required=True)
    parser.add_argument("--floor", required=True, help="the built bench/floor-server executable")
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--results", required=True, type=Path)
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--seconds", type=int, default=15, help="length of each timed wrk run (default 15)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed wrk run before the first timed one (default 5)")
    parser.add_argument("--row", type=int, default=1, help="0-based data row of the census sample used as payload")
    parser.add_argument("--uvicorn-workers", type=int, default=os.cpu_count())
    parser.add_argument("--batch-rows", type=int, default=64,
                        help="rows per request of the extra batched run of mlmax serve at 16 connections (default 64)")
    args = parser.parse_args()
    connections = [int(c) for c in args.connections.split(",")]

    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.perf_counter()
    log = args.work / "serving.log"
    print("bench: training the census and census-python models", file=sys.stderr, flush=True)
    census, _, files = train_models(args.mlmax, args.work, log)
    records, floor_record = payloads(census.root / "data" / "census-income-sample.csv", args.row)
    bodies = {"records": args.work / "records.json", "floor": args.work / "floor.json"}
    bodies["records"].write_text(json.dumps(records))
    bodies["floor"].write_text(json.dumps(floor_record))
    bodies["batch"] = args.work / "records-batch.json"
    bodies["batch"].write_text(json.dumps({"dataframe_records": records["dataframe_records"] * args.batch_rows}))

    contenders = [
        ("mlmax serve", "records", census.root, {},
         lambda port: [args.mlmax, "serve", "census@production", "--port", str(port)]),
        ("floor (ASP.NET Core + ML.NET)", "floor", args.work, {},
         lambda port: [args.floor, "serve", files["transform"], files["model"], str(port)]),
        (f"FastAPI + uvicorn ({args.uvicorn_workers} workers)", "records", args.work,
         {"CENSUS_SRC": str(files["py_src"]), "CENSUS_TRANSFORM": str(files["py_transform"]),
          "CENSUS_MODEL": str(files["py_model"])},
         lambda port: ["/usr/bin/python3", "-m", "uvicorn", "fastapi_census:app", "--app-dir", str(BENCH),
                       "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.uvicorn_workers),
                       "--log-level", "warning", "--no-access-log"]),
    ]

    results, answers, extra, probe = {}, {}, {}, {}
    for name, body, cwd, env, command in contenders:
        port = free_port()
        print(f"bench: {name} on port {port}", file=sys.stderr, flush=True)
        server_log = open(args.work / f"server-{len(answers)}.log", "wb")
        proc = subprocess.Popen([str(c) for c in command(port)], cwd=cwd, env={**os.environ, **env},
                                stdout=server_log, stderr=server_log, start_new_session=True)
        try:
            launch = time.perf_counter()
            wait_ready(port, proc)
            ready_s = time.perf_counter() - launch
            status, answer = post(port, bodies[body].read_bytes())
            if status != 200:
                raise SystemExit(f"bench: {name} answered {status}: {answer}")
            answers[name] = answer
            print(f"bench:   ready in {ready_s:.1f} s; answer {json.dumps(answer)}", file=sys.stderr, flush=True)
            wrk(port, bodies[body], max(connections), args.warmup)
            for c in connections:
                cpu0, w0 = cpu_seconds(proc.pid), time.perf_counter()
                stats, _ = wrk(port, bodies[body], c, args.seconds)
                stats["cpu"] = (cpu_seconds(proc.pid) - cpu0) / (time.perf_counter() - w0)
                results[(name, c)] = stats
                print(f"bench:   c={c}: {stats['rps']:.0f} req/s, p50 {stats['p50']:.2f} ms, p99 {stats['p99']:.2f} ms, "
                      f"errors {stats['errors']}, server CPU {stats['cpu']:.2f} cores", file=sys.stderr, flush=True)
            if name == "mlmax serve":
                # Where a request's time goes: the server's own request-duration histogram (wrk's latency minus
                # this is queueing and the client), and the same load with many rows per request.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
                    metrics = r.read().decode()
                get = lambda metric: float(re.search(rf'^{metric}{{route="/invocations"}} ([\d.e+-]+)$', metrics, re.M).group(1))
                server_ms = 1000 * get("mlmax_http_request_duration_seconds_sum") / get("mlmax_http_request_duration_seconds_count")
                stats, _ = wrk(port, bodies["batch"], 16, args.seconds)
                probe = {"server_ms": server_ms, "batch": stats}
                print(f"bench:   server-side mean {server_ms:.2f} ms per request; {args.batch_rows} rows per request at "
                      f"c=16: {stats['rps'] * args.batch_rows:.0f} rows/s", file=sys.stderr, flush=True)
            extra[name] = (ready_s, peak_rss_mb(proc.pid))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            server_log.close()

    print("bench: probe: per-row cost of a PredictionEngine against a data view per call", file=sys.stderr, flush=True)
    _, out = run([args.floor, "probe", files["transform"], files["model"], census.root / "data" / "census-income-sample.csv", 2000],
                 args.work, log, capture=True)
    probe.update(json.loads(out))

    names = [c[0] for c in contenders]
    mlmax_name, floor_name, fastapi_name = names
    lines = [
        f"# Online serving: one census row per request, {started:%Y-%m-%d %H:%M} UTC", "",
        "Produced by `bash bench/serving.sh`. Each server in turn on 127.0.0.1, "
        f"`wrk --latency -d{args.seconds}s` (one thread at 1 connection, two otherwise) after a {args.warmup} s warm-up "
        f"at {max(connections)} connections. wrk runs on the same {os.cpu_count()} cores as the server.", "",
        f"Load average (1 min) at the end: {os.getloadavg()[0]:.2f}.", "",
        "| server | connections | requests | req/s | p50 ms | p99 ms | errors | server CPU (cores) | req/s × floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in connections:
        for name in names:
            r = results[(name, c)]
            lines.append(f"| {name} | {c} | {r['requests']:,} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
                         f"{r['errors']} | {r['cpu']:.2f} | {r['rps'] / results[(floor_name, c)]['rps']:.2f} |")
    lines += ["", "| connections | mlmax / floor (req/s) | mlmax / FastAPI (req/s) | mlmax / floor (p99) | mlmax / FastAPI (p99) |",
              "| ---: | ---: | ---: | ---: | ---: |"]
    for c in connections:
        m, f, p = results[(mlmax_name, c)], results[(floor_name, c)], results[(fastapi_name, c)]
        lines.append(f"| {c} | {m['rps'] / f['rps']:.2f} | {m['rps'] / p['rps']:.2f} | {m['p99'] / f['p99']:.2f} | "
                     f"{m['p99'] / p['p99']:.2f} |")
    lines += ["", "| server | start to first /ping s | peak RSS MB (process tree) |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {extra[name][0]:.1f} | {extra[name][1]:.0f} |" for name in names]
    b = probe["batch"]
    lines += ["", "Where mlmax's time per request goes:", "",
              "| measure | value |", "| --- | ---: |",
              f"| `mlmax serve`: mean server-side time per `/invocations`, all single-row loads (its `/metrics` histogram) | {probe['server_ms']:.2f} ms |",
              f"| `mlmax serve`: {args.batch_rows} rows per request, 16 connections: requests/s | {b['rps']:,.0f} |",
              f"| `mlmax serve`: {args.batch_rows} rows per request, 16 connections: rows/s | {b['rps'] * args.batch_rows:,.0f} |",
              f"| `mlmax serve`: {args.batch_rows} rows per request, 16 connections: p50 / p99 ms, errors | {b['p50']:.2f} / {b['p99']:.2f}, {b['errors']} |",
              f"| ML.NET, one process: pooled `PredictionEngine.Predict`, per row | {probe['engine_us']:.1f} µs |",
              f"| ML.NET, one process: `Transform` of a new one-row data view + cursor, per row (mlmax's per-request approach) | {probe['view_us']:.1f} µs |"]
    lines += ["", "Answers to the payload, checked before loading:", ""]
    lines += [f"- {name}: `{json.dumps(answers[name])}`" for name in names]
    lines += ["", "Payloads:", "",
              f"- mlmax and FastAPI: `{bodies['records'].read_text()}`",
              f"- floor: `{bodies['floor'].read_text()}`", "",
              f"Total script time {(time.perf_counter() - t0) / 60:.1f} min.", ""]
    text = "\n".join(lines)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / f"serving-{started:%Y-%m-%d}.md"
    target.write_text(text)
    print(f"bench: wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
