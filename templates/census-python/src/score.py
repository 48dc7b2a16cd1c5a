"""Score census rows with the trained model.

Input channels: `data` (one CSV of raw census rows, with or without the income column), `transform`
(transform.joblib) and `model` (model.joblib, or a SageMaker model.tar.gz holding it). Output
`predictions`: predictions.csv with one line per input row: id, predicted_label (1 = income 50000+),
probability. The id is the `--id_column` value, or the row number from 0 when none is given.

Runs unchanged under mlmax and as a SageMaker Processing job.
"""

import argparse
import os
import sys

try:
    import pandas as pd

    import census_common as census
except ModuleNotFoundError as error:
    import requirements_hint

    requirements_hint.exit_for(error, __file__)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument(
        "--id-column", "--id_column", dest="id_column", default="", help="column holding row ids"
    )
    parser.add_argument(
        "--threshold", type=float, default=0.5, help="probability from which a row is predicted positive"
    )
    parser.add_argument("--data", default=os.environ.get("SM_CHANNEL_DATA", "/opt/ml/processing/input/data"))
    parser.add_argument(
        "--transform",
        default=os.environ.get("SM_CHANNEL_TRANSFORM", "/opt/ml/processing/input/transform"),
    )
    parser.add_argument(
        "--model",
        default=os.environ.get("SM_CHANNEL_MODEL", "/opt/ml/processing/input/model"),
    )
    parser.add_argument(
        "--predictions-output",
        default=os.environ.get("MLMAX_OUTPUT_PREDICTIONS", "/opt/ml/processing/output/predictions"),
    )
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"ignoring unknown arguments: {' '.join(unknown)}", file=sys.stderr)
    return args


def main(argv=None):
    args = parse_args(argv)

    raw = census.read_census(census.single_file(args.data, "*.csv"))
    if args.id_column and args.id_column not in raw.columns:
        raise SystemExit(f"--id_column {args.id_column!r} is not a column of the data")
    rows = census.clean(raw)
    transform = census.load_artifact(args.transform, "transform.joblib")
    model = census.load_artifact(args.model, "model.joblib")

    probabilities = model.predict_proba(transform.transform(rows[census.FEATURES]))[:, 1]
    predictions = pd.DataFrame(
        {
            "id": raw[args.id_column] if args.id_column else range(len(raw)),
            "predicted_label": (probabilities >= args.threshold).astype(int),
            "probability": probabilities,
        }
    )

    os.makedirs(args.predictions_output, exist_ok=True)
    census.write_csv(predictions, os.path.join(args.predictions_output, "predictions.csv"))
    print(f"scored {len(predictions)} rows, {int(predictions['predicted_label'].sum())} predicted 50000+")


if __name__ == "__main__":
    main()
