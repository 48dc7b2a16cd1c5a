#!/usr/bin/env python3
"""Attributes the CPU samples of an mlmax run to its parts, from `perf script` output of a `perf record -g` run made
with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 (so managed frames have names).

Each sample of the mlmax process goes to the innermost frame on its stack that names one of the parts below; async
continuations make outer frames unreliable, the innermost match is not. Usage: perf script -i perf.data | python3
bench/perf_attribution.py. See docs/benchmarks.md.
"""

import collections
import sys

PARTS = [
    ("lineage.json rewrite (RunExecutor.WriteLineageManifestAsync)", "WriteLineageManifestAsync"),
    ("metadata store (SQLite)", "Sqlite"),
    ("artifact ingest (ArtifactStore.IngestDirectoryAsync)", "IngestDirectoryAsync"),
    ("input materialization (ArtifactStore.MaterializeAsync)", "MaterializeAsync"),
    ("artifact tree reads (ArtifactStore.ReadTreeAsync)", "ReadTreeAsync"),
    ("step workspace creation (StepWorkspace)", "StepWorkspace"),
    ("process start and wait (System.Diagnostics.Process)", "System.Diagnostics.Process"),
    ("code identity hashing (CodeIdentity)", "CodeIdentity"),
    ("cache key (CacheKeyParts)", "CacheKeyParts"),
    ("console output (Spectre.Console)", "Spectre"),
    ("definition loading and validation", "Mlmax.Definitions"),
    ("JIT compiler (libclrjit)", "libclrjit"),
]


def main():
    samples = [s for s in sys.stdin.read().split("\n\n") if s.strip()]
    ours = [s for s in samples if s.split("\n")[0].split()[0] in (".NET", "mlmax")]
    counts = collections.Counter()
    for sample in ours:
        part = "other (runtime, GC, thread pool, kernel)"
        for frame in sample.split("\n")[1:]:
            hit = next((name for name, needle in PARTS if needle in frame), None)
            if hit:
                part = hit
                break
        counts[part] += 1
    print(f"{len(ours)} samples in the mlmax process ({len(samples)} in all)")
    for part, n in counts.most_common():
        print(f"{100 * n / len(ours):5.1f} %  {part}")


if __name__ == "__main__":
    main()
