"""Train a logistic regression on the transformed census features.

Input channels: `train` (train.csv from preprocess) and `transform` (transform.joblib). Output: the
model directory (model.joblib). Reports train_auc, train_accuracy and train_rows as metrics.

Runs unchanged under mlmax and as a SageMaker training job (channels under /opt/ml/input/data/,
model under /opt/ml/model).
"""

import argparse
import json
import os
import sys

try:
    import joblib
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, roc_auc_score

    import census_common as census
except ModuleNotFoundError as error:
    import requirements_hint

    requirements_hint.exit_for(error, __file__)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument(
        "--c", "--C", dest="c", type=float, default=1.0, help="inverse regularisation strength"
    )
    parser.add_argument("--max-iter", "--max_iter", dest="max_iter", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"))
    parser.add_argument(
        "--transform",
        default=os.environ.get("SM_CHANNEL_TRANSFORM", "/opt/ml/input/data/transform"),
    )
    parser.add_argument(
        "--model-dir",
        "--model_dir",
        dest="model_dir",
        default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"),
    )
    parser.add_argument("--metrics-file", default=os.environ.get("MLMAX_METRICS_FILE"))
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"ignoring unknown arguments: {' '.join(unknown)}", file=sys.stderr)
    return args


def main(argv=None):
    args = parse_args(argv)

    rows = census.clean(census.read_census(census.single_file(args.train, "*.csv")))
    rows = rows[rows[census.LABEL].notna()]
    transform = census.load_artifact(args.transform, "transform.joblib")
    features = transform.transform(rows[census.FEATURES])
    labels = rows[census.LABEL].astype(int).to_numpy()

    model = LogisticRegression(C=args.c, max_iter=args.max_iter, random_state=args.seed)
    model.fit(features, labels)

    os.makedirs(args.model_dir, exist_ok=True)
    joblib.dump(model, os.path.join(args.model_dir, "model.joblib"))

    probabilities = model.predict_proba(features)[:, 1]
    metrics = {
        "train_accuracy": float(accuracy_score(labels, model.predict(features))),
        "train_rows": len(rows),
    }
    if len(set(labels)) == 2:
        metrics["train_auc"] = float(roc_auc_score(labels, probabilities))
    if args.metrics_file:
        with open(args.metrics_file, "w") as file:
            json.dump(metrics, file, indent=2)
    print(f"trained on {len(rows)} rows, {features.shape[1]} features: {json.dumps(metrics)}")


if __name__ == "__main__":
    main()
