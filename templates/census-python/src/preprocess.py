"""Clean the census data, split it, and fit the feature transform on the training split only.

Input channel `raw`: a directory holding one CSV. Outputs: `train` (train.csv) and `test` (test.csv),
the cleaned rows with the label as 1/0, `transform` (transform.joblib), the fitted feature
transform that train, evaluate and score apply, and `schema` (schema.json) and `baseline`
(baseline.json), the input schema and per-feature statistics of the training split in mlmax's
bundle formats (docs/bundle-format.md), which guard scoring input and anchor drift checks. Identical input and parameters give identical bytes.

Runs unchanged under mlmax and as a SageMaker Processing job (inputs under /opt/ml/processing/input/,
outputs under /opt/ml/processing/output/).
"""

import argparse
import os
import sys

try:
    import joblib
    from sklearn.model_selection import train_test_split

    import census_common as census
except ModuleNotFoundError as error:
    import requirements_hint

    requirements_hint.exit_for(error, __file__)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--split-ratio", "--split_ratio", dest="split_ratio", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--raw", default=os.environ.get("SM_CHANNEL_RAW", "/opt/ml/processing/input/raw"))
    parser.add_argument(
        "--train-output",
        default=os.environ.get("MLMAX_OUTPUT_TRAIN", "/opt/ml/processing/output/train"),
    )
    parser.add_argument(
        "--test-output",
        default=os.environ.get("MLMAX_OUTPUT_TEST", "/opt/ml/processing/output/test"),
    )
    parser.add_argument(
        "--transform-output",
        default=os.environ.get("MLMAX_OUTPUT_TRANSFORM", "/opt/ml/processing/output/transform"),
    )
    parser.add_argument(
        "--schema-output",
        default=os.environ.get("MLMAX_OUTPUT_SCHEMA", "/opt/ml/processing/output/schema"),
    )
    parser.add_argument(
        "--baseline-output",
        default=os.environ.get("MLMAX_OUTPUT_BASELINE", "/opt/ml/processing/output/baseline"),
    )
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"ignoring unknown arguments: {' '.join(unknown)}", file=sys.stderr)
    return args


def main(argv=None):
    args = parse_args(argv)
    if not 0.0 < args.split_ratio < 1.0:
        raise SystemExit(f"--split_ratio must be between 0 and 1, got {args.split_ratio}")

    raw_file = census.single_file(args.raw, "*.csv")
    rows = census.clean(census.read_census(raw_file))
    unlabelled = int(rows[census.LABEL].isna().sum())
    if unlabelled:
        print(f"dropping {unlabelled} rows without a valid {census.LABEL!r} label", file=sys.stderr)
        rows = rows[rows[census.LABEL].notna()]
    rows = rows.reset_index(drop=True)

    labels = rows[census.LABEL]
    stratify = labels if labels.value_counts().min() >= 2 else None
    train, test = train_test_split(
        rows, test_size=args.split_ratio, random_state=args.seed, stratify=stratify
    )

    transform = census.build_transform().fit(train[census.FEATURES])

    outputs = (args.train_output, args.test_output, args.transform_output, args.schema_output, args.baseline_output)
    for directory in outputs:
        os.makedirs(directory, exist_ok=True)
    census.write_csv(train, os.path.join(args.train_output, "train.csv"))
    census.write_csv(test, os.path.join(args.test_output, "test.csv"))
    joblib.dump(transform, os.path.join(args.transform_output, "transform.joblib"))
    census.write_json(census.build_schema(train), os.path.join(args.schema_output, "schema.json"))
    census.write_json(census.build_baseline(train), os.path.join(args.baseline_output, "baseline.json"))

    print(
        f"{os.path.basename(raw_file)}: {len(rows)} rows -> "
        f"train {len(train)} ({int(train[census.LABEL].sum())} positive), "
        f"test {len(test)} ({int(test[census.LABEL].sum())} positive); "
        f"{len(transform.get_feature_names_out())} features"
    )


if __name__ == "__main__":
    main()
