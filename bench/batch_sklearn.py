#!/usr/bin/env python3
"""The pandas + scikit-learn contender of bench/batch.sh: score a census CSV with the census-python template's
transform.joblib and model.joblib, reading it in chunks with the template's own reading and cleaning
(census_common.read_census options, census_common.clean), writing row_id,predicted_label,probability.

Usage: batch_sklearn.py SRC TRANSFORM MODEL INPUT OUTPUT [CHUNK_ROWS]   (SRC: the project's src/, for census_common)
"""

import sys

import joblib
import pandas as pd


def main(src, transform_path, model_path, input_path, output_path, chunk_rows="100000"):
    sys.path.insert(0, src)
    import census_common as census

    transform, model = joblib.load(transform_path), joblib.load(model_path)
    rows = 0
    with open(output_path, "w", newline="") as out:
        out.write("row_id,predicted_label,probability\n")
        chunks = pd.read_csv(input_path, dtype=str, skipinitialspace=True, na_values=[census.MISSING],
                             keep_default_na=False, chunksize=int(chunk_rows))
        for chunk in chunks:
            cleaned = census.clean(chunk)
            probabilities = model.predict_proba(transform.transform(cleaned[census.FEATURES]))[:, 1]
            pd.DataFrame({
                "row_id": range(rows, rows + len(chunk)),
                "predicted_label": (probabilities >= 0.5).astype(int),
                "probability": probabilities,
            }).to_csv(out, header=False, index=False, lineterminator="\n")
            rows += len(chunk)
    print(f"scored {rows} rows")


if __name__ == "__main__":
    main(*sys.argv[1:])
