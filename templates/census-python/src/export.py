"""Export the fitted feature transform and the trained model as one ONNX model (model.onnx).

Input channels: `transform` (transform.joblib) and `model` (model.joblib). Output `onnx`: model.onnx,
the very same fitted preprocessing and model as one graph, which mlmax loads through ONNX Runtime
(`mlmax predict`, `mlmax serve`) with no Python at scoring time.

Runs unchanged under mlmax and as a SageMaker Processing job.
"""

import argparse
import os
import sys

try:
    import onnx  # noqa: F401  (checked here, so a missing package gets the install hint)

    import census_common as census
    import onnx_export
except ModuleNotFoundError as error:
    import requirements_hint

    requirements_hint.exit_for(error, __file__)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument(
        "--transform",
        default=os.environ.get("SM_CHANNEL_TRANSFORM", "/opt/ml/processing/input/transform"),
    )
    parser.add_argument("--model", default=os.environ.get("SM_CHANNEL_MODEL", "/opt/ml/processing/input/model"))
    parser.add_argument(
        "--onnx-output",
        default=os.environ.get("MLMAX_OUTPUT_ONNX", "/opt/ml/processing/output/onnx"),
    )
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"ignoring unknown arguments: {' '.join(unknown)}", file=sys.stderr)
    return args


def main(argv=None):
    args = parse_args(argv)
    transform = census.load_artifact(args.transform, "transform.joblib")
    model = census.load_artifact(args.model, "model.joblib")
    os.makedirs(args.onnx_output, exist_ok=True)
    path = os.path.join(args.onnx_output, "model.onnx")
    graph = onnx_export.export(transform, model, path)
    print(
        f"exported {len(graph.graph.input)} inputs -> {', '.join(o.name for o in graph.graph.output)} "
        f"({len(graph.graph.node)} nodes, {os.path.getsize(path):,} bytes) to model.onnx"
    )


if __name__ == "__main__":
    main()
