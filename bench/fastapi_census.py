"""The FastAPI contender of bench/serving.sh: the census-python template's transform.joblib and model.joblib behind
POST /invocations, with the template's own cleaning (census_common.clean).

Environment: CENSUS_SRC (the project's src/, for census_common), CENSUS_TRANSFORM and CENSUS_MODEL (the files).
Body: {"dataframe_records": [{census column: value, ...}, ...]}; answer: {"predictions": [{predicted_label, probability}]}.
Run: python3 -m uvicorn fastapi_census:app --app-dir bench --host 127.0.0.1 --port N
"""

import os
import sys

import joblib
import pandas as pd
from fastapi import FastAPI

sys.path.insert(0, os.environ["CENSUS_SRC"])
import census_common as census  # noqa: E402

TRANSFORM = joblib.load(os.environ["CENSUS_TRANSFORM"])
MODEL = joblib.load(os.environ["CENSUS_MODEL"])

app = FastAPI()


@app.get("/ping")
def ping():
    return {"status": "ok"}


@app.post("/invocations")
def invocations(body: dict):
    rows = census.clean(pd.DataFrame(body["dataframe_records"]))
    probabilities = MODEL.predict_proba(TRANSFORM.transform(rows[census.FEATURES]))[:, 1]
    return {
        "predictions": [
            {"predicted_label": int(p >= 0.5), "probability": float(p)} for p in probabilities
        ]
    }
