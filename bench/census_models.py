"""Shared by bench/serving.py and bench/batch.py: train the two census models once in scratch projects and export
their bundle files, and run commands with a log.

- `census` template (C#, ML.NET FastTree): `mlmax init P --template census`, `mlmax run training`,
  `mlmax models promote census --to production`, then `mlmax export` of the version's transform and model
  components (transform.zip, model.zip), for the ML.NET floor.
- `census-python` template (scikit-learn logistic regression): `mlmax init Q --template census-python`,
  `mlmax run training`, then `mlmax export` of transform.joblib and model.joblib, for the Python contender.
Python standard library only.
"""

import json
import subprocess
import time
from pathlib import Path


def run(cmd, cwd, log, capture=False):
    t0 = time.perf_counter()
    with open(log, "ab") as sink:
        p = subprocess.run([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE if capture else sink, stderr=sink)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        tail = Path(log).read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(f"bench: {' '.join(map(str, cmd))} exited {p.returncode}; last lines of {log}:\n" + "\n".join(tail))
    return wall, (p.stdout.decode() if capture else None)


class Project:
    def __init__(self, mlmax, root, log):
        self.mlmax, self.root, self.log = mlmax, Path(root), log

    def __call__(self, *args, capture=False):
        return run([self.mlmax, *args], self.root, self.log, capture)

    def latest(self, pipeline):
        _, out = self("runs", "--pipeline", pipeline, "--limit", "1", "--json", capture=True)
        return json.loads(out)[0]["run"]

    def export_one(self, artifact, directory):
        """Exports an artifact (an id or RUN/STEP.OUTPUT) and returns its single file."""
        self("export", artifact, str(directory))
        files = [f for f in Path(directory).iterdir() if f.is_file()]
        if len(files) != 1:
            raise SystemExit(f"bench: expected one file in {directory}, found {[f.name for f in files]}")
        return files[0]

    def components(self, model):
        _, out = self("models", "show", model, "--json", capture=True)
        return json.loads(out)["version"]["components"]


def train_models(mlmax, work, log):
    """Returns (census project, census-python project, {transform, model, py_transform, py_model, py_onnx, py_src}).

    py_transform and py_model are the scikit-learn objects (joblib) of the census-python training run; py_onnx is
    the same fitted pipeline as one ONNX graph, the registered census-python bundle's model.
    """
    work = Path(work)
    run([mlmax, "init", work / "census", "--template", "census"], work, log)
    run([mlmax, "init", work / "census-python", "--template", "census-python"], work, log)
    census, python = Project(mlmax, work / "census", log), Project(mlmax, work / "census-python", log)
    census("run", "training", "--quiet")
    census("models", "promote", "census", "--to", "production", "--why", "benchmark")
    python("run", "training", "--quiet")
    files = {}
    c = census.components("census@production")
    files["transform"] = census.export_one(c["transform"], work / "export" / "transform")
    files["model"] = census.export_one(c["model"], work / "export" / "model")
    trained = python.latest("training")
    files["py_transform"] = python.export_one(f"{trained}/preprocess.transform", work / "export" / "py-transform")
    files["py_model"] = python.export_one(f"{trained}/train.model", work / "export" / "py-model")
    files["py_onnx"] = python.export_one(python.components("census")["model"], work / "export" / "py-onnx")
    files["py_src"] = work / "census-python" / "src"
    return census, python, files
