"""What the census steps share: the schema, the cleaning, the feature transform and file helpers.

Cleaning is one function used everywhere (preprocess, evaluate, score), and the feature transform
is fitted once, on the training split, then loaded by every later step: the same rows always
become the same features.
"""

import glob
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
