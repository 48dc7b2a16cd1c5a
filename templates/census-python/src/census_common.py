"""What the census steps share: the schema, the cleaning, the feature transform, the bundle's
schema.json and baseline.json, and file helpers.

Cleaning is one function used everywhere (preprocess, evaluate, score), and the feature transform
is fitted once, on the training split, then loaded by every later step: the same rows always
become the same features.
"""

import glob
import json
import math
import os
import tarfile

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

LABEL = "income"
POSITIVE_LABELS = ("50000+.", "1")
NEGATIVE_LABELS = ("- 50000.", "0")
MISSING = "?"

# The 42 columns of the KDD Census-Income data, in file order.
COLUMNS = [
    "age",
    "class of worker",
    "detailed industry recode",
    "detailed occupation recode",
    "education",
    "wage per hour",
    "enroll in edu inst last wk",
    "marital stat",
    "major industry code",
    "major occupation code",
    "race",
    "hispanic origin",
    "sex",
    "member of a labor union",
    "reason for unemployment",
    "full or part time employment stat",
    "capital gains",
    "capital losses",
    "dividends from stocks",
    "tax filer stat",
    "region of previous residence",
    "state of previous residence",
    "detailed household and family stat",
    "detailed household summary in household",
    "instance weight",
    "migration code-change in msa",
    "migration code-change in reg",
    "migration code-move within reg",
    "live in this house 1 year ago",
    "migration prev res in sunbelt",
    "num persons worked for employer",
    "family members under 18",
    "country of birth father",
    "country of birth mother",
    "country of birth self",
    "citizenship",
    "own business or self employed",
    "fill inc questionnaire for veteran's admin",
    "veterans benefits",
    "weeks worked in year",
    "year",
    LABEL,
]

NUMERIC_FEATURES = [
    "age",
    "wage per hour",
    "capital gains",
    "capital losses",
    "dividends from stocks",
    "num persons worked for employer",
    "weeks worked in year",
]

# "instance weight" is the survey's sampling weight, not a property of the person: not a feature.
# Coded columns ("detailed industry recode", "year", ...) are categories even though they are digits.
NOT_FEATURES = ["instance weight", LABEL]
CATEGORICAL_FEATURES = [c for c in COLUMNS if c not in NUMERIC_FEATURES and c not in NOT_FEATURES]
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES


def read_census(path):
    """Read a census CSV (header row; values may have a leading space; `?` is missing) as text."""
    return pd.read_csv(
        path,
        dtype=str,
        skipinitialspace=True,
        na_values=[MISSING],
        keep_default_na=False,
    )


def clean(frame):
    """Return the rows with trimmed text, `?` and blanks as missing, numbers parsed and the label as 1/0.

    Applying it to already cleaned rows changes nothing, so evaluate and score can clean whatever
    they are given. Rows are never dropped: the caller decides (score must keep every row).
    Columns other than the census ones (an id, say) are kept as they are.
    """
    missing = [c for c in FEATURES if c not in frame.columns]
    if missing:
        raise ValueError(f"the data lacks census columns: {', '.join(missing)}")
    cleaned = frame.copy()
    for column in CATEGORICAL_FEATURES:
        cleaned[column] = cleaned[column].map(_clean_text)
    for column in NUMERIC_FEATURES + ["instance weight"]:
        if column in cleaned.columns:
            cleaned[column] = pd.to_numeric(cleaned[column].map(_clean_text), errors="coerce")
    if LABEL in cleaned.columns:
        cleaned[LABEL] = label_values(cleaned[LABEL])
    return cleaned


def label_values(column):
    """1 for ` 50000+.`, 0 for ` - 50000.` (or an already cleaned 1/0), missing for anything else."""
    return column.map(_clean_text).map(_label).astype("Int64")


def _label(text):
    if text in POSITIVE_LABELS:
        return 1
    if text in NEGATIVE_LABELS:
        return 0
    return pd.NA


def _clean_text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return np.nan
    value = str(value).strip()
    return np.nan if value in ("", MISSING) else value


def build_transform():
    """The unfitted feature transform: one-hot categories, standardised numbers, missing values imputed."""
    numeric = Pipeline(
        [
            ("impute", SimpleImputer(strategy="median")),
            ("scale", StandardScaler()),
        ]
    )
    categorical = Pipeline(
        [
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
            ("one_hot", OneHotEncoder(handle_unknown="ignore")),
        ]
    )
    return ColumnTransformer(
        [
            ("numeric", numeric, NUMERIC_FEATURES),
            ("categorical", categorical, CATEGORICAL_FEATURES),
        ]
    )


def single_file(directory, pattern):
    """The one file matching `pattern` in `directory`; an error naming what was found otherwise."""
    matches = sorted(glob.glob(os.path.join(directory, pattern)))
    if len(matches) != 1:
        found = ", ".join(sorted(os.listdir(directory))) if os.path.isdir(directory) else "no such directory"
        raise FileNotFoundError(f"expected exactly one {pattern} in {directory}; found: {found or 'nothing'}")
    return matches[0]


def load_artifact(directory, name):
    """Load `directory/name` with joblib, or that member of a SageMaker `model.tar.gz` when only that is there.

    Input directories are never written to.
    """
    path = os.path.join(directory, name)
    if os.path.exists(path):
        return joblib.load(path)
    archive = os.path.join(directory, "model.tar.gz")
    if os.path.exists(archive):
        with tarfile.open(archive) as tar:
            members = tar.getnames()
            for member in (name, "./" + name):
                if member in members:
                    return joblib.load(tar.extractfile(member))
    raise FileNotFoundError(f"{name} not found in {directory}")


def write_csv(frame, path):
    """Write a CSV the same way on every platform, so identical frames give identical bytes."""
    frame.to_csv(path, index=False, lineterminator="\n")


# schema.json and baseline.json: mlmax's bundle formats (docs/bundle-format.md in the mlmax repository).
MISSING_TOKENS = ["", MISSING]
QUANTILE_LEVELS = [i / 10 for i in range(11)]
HISTOGRAM_BINS = 10
QUANTILE_BINS = 20
TOP_CATEGORIES = 20


def build_schema(frame):
    """The input schema of cleaned training rows: every column but the label, in file order.

    Features are required; the sampling weight is an optional number. Categories list every value
    seen, numbers their smallest and largest value.
    """
    columns = []
    for name in COLUMNS:
        if name == LABEL or name not in frame.columns:
            continue
        entry = {"name": name, "required": name in FEATURES}
        if name in CATEGORICAL_FEATURES:
            entry["type"] = "category"
            entry["values"] = sorted(set(_present(frame[name])))
        else:
            entry["type"] = "number"
            numbers = _numbers(frame[name])
            if numbers:
                entry["min"] = min(numbers)
                entry["max"] = max(numbers)
        columns.append(entry)
    return {"format_version": 1, "label": LABEL, "missing_tokens": MISSING_TOKENS, "columns": columns}


def build_baseline(frame):
    """Per-feature distribution summaries of cleaned training rows, for drift checks."""
    return {
        "format_version": 1,
        "rows": len(frame),
        "numeric": {name: _numeric_summary(frame[name]) for name in NUMERIC_FEATURES},
        "categorical": {name: _categorical_summary(frame[name]) for name in CATEGORICAL_FEATURES},
    }


def _present(column):
    return [str(v) for v in column.tolist() if not _is_missing(v)]


def _numbers(column):
    numbers = []
    for value in column.tolist():
        if not _is_missing(value):
            number = float(value)
            if math.isfinite(number):
                numbers.append(number)
    return numbers


def _is_missing(value):
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _numeric_summary(column):
    numbers = _numbers(column)
    n = len(numbers)
    summary = {"count": n, "missing": len(column) - n, "mean": None, "std": None, "min": None, "max": None}
    ordered = sorted(numbers)
    if n:
        total = 0.0
        for x in numbers:  # in row order, as the C# template adds them: the same bits
            total += x
        mean = total / n
        squares = 0.0
        for x in numbers:
            squares += (x - mean) * (x - mean)
        summary.update(mean=mean, std=math.sqrt(squares / n), min=ordered[0], max=ordered[-1])
    summary["quantiles"] = {
        "levels": QUANTILE_LEVELS,
        "values": [_quantile(ordered, p) for p in QUANTILE_LEVELS] if n else [],
    }
    summary["histogram"] = _histogram(ordered)
    summary["bins"] = _bins(ordered)
    return summary


def _quantile(ordered, level):
    """Linear interpolation between order statistics (numpy's default, Hyndman-Fan type 7)."""
    h = (len(ordered) - 1) * level
    lo = math.floor(h)
    if lo + 1 < len(ordered):
        return ordered[lo] + (h - lo) * (ordered[lo + 1] - ordered[lo])
    return ordered[lo]


def _bins(ordered):
    """Quantile bins with exact counts, for drift measures: cut at the distinct sorted values at 1-based positions
    ceil(i*n/20), i = 1..19; bins closed on the right, the outer ones open-ended."""
    n = len(ordered)
    edges = []
    for i in range(1, QUANTILE_BINS):
        cut = ordered[(i * n + QUANTILE_BINS - 1) // QUANTILE_BINS - 1] if n else None
        if cut is not None and (not edges or cut > edges[-1]):
            edges.append(cut)
    counts = [0] * (len(edges) + 1) if n else []
    index = 0
    for x in ordered:
        while index < len(edges) and x > edges[index]:
            index += 1
        counts[index] += 1
    return {"edges": edges, "counts": counts}


def _histogram(ordered):
    if not ordered:
        return {"edges": [], "counts": []}
    low, high = ordered[0], ordered[-1]
    bins = 1 if low == high else HISTOGRAM_BINS
    width = (high - low) / bins
    edges = [high if i == bins else low + i * width for i in range(bins + 1)]
    counts = [0] * bins
    for x in ordered:
        index = 0 if bins == 1 else min(math.floor((x - low) / (high - low) * bins), bins - 1)
        counts[index] += 1
    return {"edges": edges, "counts": counts}


def _categorical_summary(column):
    values = _present(column)
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_CATEGORIES]
    return {
        "count": len(values),
        "missing": len(column) - len(values),
        "distinct": len(counts),
        "frequencies": dict(top),
        "other": len(values) - sum(c for _, c in top),
    }


def write_json(value, path):
    """Write `value` in the canonical form of mlmax's bundle files, so the same data gives the same bytes.

    Two-space indentation, keys sorted, numbers rounded to 6 decimals without exponent or trailing
    zeros, a final line break.
    """
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(_canonical(value, 0) + "\n")


def _canonical(value, depth):
    pad, end = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_canonical(value[k], depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(pad + _canonical(v, depth + 1) for v in value) + "\n" + end + "]"
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _number(float(value))
    return json.dumps(str(value), ensure_ascii=False)


def _number(value):
    if not math.isfinite(value):
        return "null"
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
