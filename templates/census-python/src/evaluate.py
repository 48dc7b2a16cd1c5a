"""Evaluate the trained model on the held-out test split.

Input channels: `test` (test.csv from preprocess), `transform` (transform.joblib) and `model`
(model.joblib, or a SageMaker model.tar.gz holding it). Writes auc, accuracy, precision, recall, f1,
log_loss, tp, fp, tn and fn to the metrics file, and the output `report` (metrics.json, report.md).

Runs unchanged under mlmax and as a SageMaker Processing job.
"""

import argparse
import json
import os
import sys

try:
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        f1_score,
        log_loss,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    import census_common as census
except ModuleNotFoundError as error:
    import requirements_hint

    requirements_hint.exit_for(error, __file__)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument(
        "--threshold", type=float, default=0.5, help="probability from which a row is predicted positive"
    )
    parser.add_argument("--test", default=os.environ.get("SM_CHANNEL_TEST", "/opt/ml/processing/input/test"))
    parser.add_argument(
        "--transform",
        default=os.environ.get("SM_CHANNEL_TRANSFORM", "/opt/ml/processing/input/transform"),
    )
    parser.add_argument(
        "--model",
        default=os.environ.get("SM_CHANNEL_MODEL", "/opt/ml/processing/input/model"),
    )
    parser.add_argument(
        "--report-output",
        default=os.environ.get("MLMAX_OUTPUT_REPORT", "/opt/ml/processing/output/report"),
    )
    parser.add_argument("--metrics-file", default=os.environ.get("MLMAX_METRICS_FILE"))
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"ignoring unknown arguments: {' '.join(unknown)}", file=sys.stderr)
    return args


def compute_metrics(labels, probabilities, threshold):
    """The evaluation metrics as a flat dictionary of numbers (auc only when both classes occur)."""
    predicted = (probabilities >= threshold).astype(int)
    tn, fp, fn, tp = confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    metrics = {}
    if len(set(labels)) == 2:
        metrics["auc"] = float(roc_auc_score(labels, probabilities))
    else:
        print("the test split holds one class only: auc is not reported", file=sys.stderr)
    metrics.update(
        accuracy=float(accuracy_score(labels, predicted)),
        precision=float(precision_score(labels, predicted, zero_division=0)),
        recall=float(recall_score(labels, predicted, zero_division=0)),
        f1=float(f1_score(labels, predicted, zero_division=0)),
        log_loss=float(log_loss(labels, probabilities, labels=[0, 1])),
        tp=int(tp),
        fp=int(fp),
        tn=int(tn),
        fn=int(fn),
    )
    return metrics


def render_report(metrics, rows, threshold):
    lines = [
        "# Census income model: evaluation",
        "",
        f"{rows} test rows, {metrics['tp'] + metrics['fn']} of them positive (income 50000+); "
        f"threshold {threshold}.",
        "",
        "| metric | value |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {value:.4f} |" for name, value in metrics.items() if isinstance(value, float)]
    lines += [
        "",
        "| | predicted 50000+ | predicted below |",
        "| --- | --- | --- |",
        f"| actual 50000+ | {metrics['tp']} | {metrics['fn']} |",
        f"| actual below | {metrics['fp']} | {metrics['tn']} |",
        "",
    ]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)

    rows = census.clean(census.read_census(census.single_file(args.test, "*.csv")))
    rows = rows[rows[census.LABEL].notna()]
    transform = census.load_artifact(args.transform, "transform.joblib")
    model = census.load_artifact(args.model, "model.joblib")

    labels = rows[census.LABEL].astype(int).to_numpy()
    probabilities = model.predict_proba(transform.transform(rows[census.FEATURES]))[:, 1]
    metrics = compute_metrics(labels, probabilities, args.threshold)

    os.makedirs(args.report_output, exist_ok=True)
    metrics_json = json.dumps(metrics, indent=2) + "\n"
    with open(os.path.join(args.report_output, "metrics.json"), "w") as file:
        file.write(metrics_json)
    with open(os.path.join(args.report_output, "report.md"), "w") as file:
        file.write(render_report(metrics, len(rows), args.threshold))
    if args.metrics_file:
        with open(args.metrics_file, "w") as file:
            file.write(metrics_json)
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
