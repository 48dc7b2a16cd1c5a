"""Export the fitted census feature transform and logistic regression as one ONNX model.

Only `onnx.helper` and `onnx.numpy_helper` are used (no skl2onnx), so the export covers exactly the
structure that census_common.build_transform() builds, and refuses anything else:

    ColumnTransformer
      numeric:     SimpleImputer(median)            -> StandardScaler
      categorical: SimpleImputer(constant "missing") -> OneHotEncoder(handle_unknown="ignore")
    LogisticRegression (binary, one-vs-rest)

The graph takes one input per feature column, named as the column, shape [N, 1]: float for numeric
columns (missing = NaN), string for categorical ones (missing = ""; the caller trims the text and
turns "?" and blanks into ""): mlmax's ONNX bundle contract (docs/bundle-format.md). It gives
`predicted_label` (int64 [N]: 1 for 50000+) and `probability` (float [N, 1]: of class 1).

    numeric inputs --Concat--> Imputer(NaN -> median) --> Scaler((x - mean) * 1/scale) --> Unsqueeze --+
    each categorical input --> [LabelEncoder("" -> fill value)] --> OneHotEncoder(zeros=1) ------------+
    --Concat(axis 2)--> Flatten --> LinearClassifier(LOGISTIC, classes 0/1) --> predicted_label, probabilities
    probabilities --Slice--> probability

Computation is in float32 where scikit-learn uses float64: probabilities agree to about 1e-6.
"""

import json
import math

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

OPSET = 17  # the newest that onnx 1.12 (Debian bookworm's python3-onnx) knows
ML_OPSET = 3  # ai.onnx.ml; LabelEncoder needs 2 or later
BATCH = "N"
PRODUCER = "census onnx_export"
UNKNOWN = "\x00unknown"  # what LabelEncoder gives a category unseen in training: never a real category


def export(transform, model, path):
    """Write `transform` then `model` as one ONNX model to `path`; return the onnx.ModelProto."""
    numeric, categorical = _column_parts(transform)
    weights, intercept = _logistic_parts(model)
    width = len(numeric["columns"]) + sum(len(c) for c in categorical["categories"])
    if width != weights.size:
        raise ValueError(f"the transform gives {width} features but the model takes {weights.size}")

    inputs, nodes, blocks = [], [], []
    # onnx 1.12 infers no types for the ai.onnx.ml operators: declare their outputs, so that the
    # checker's full check (strict shape inference) can run.
    declared = []
    initializers = [
        numpy_helper.from_array(np.array([1], dtype=np.int64), "one"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "two"),
    ]

    if numeric["columns"]:
        count = len(numeric["columns"])
        names = [_input(inputs, column, TensorProto.FLOAT) for column in numeric["columns"]]
        nodes += [
            helper.make_node("Concat", names, ["numeric"], axis=1, name="numeric_concat"),
            _ml("Imputer", "numeric", "numeric_imputed", imputed_value_floats=numeric["fill"], replaced_value_float=math.nan),
            _ml("Scaler", "numeric_imputed", "numeric_scaled", offset=numeric["offset"], scale=numeric["scale"]),
            # [N, F] -> [N, 1, F], the shape OneHotEncoder gives, to concatenate with the categories.
            helper.make_node("Unsqueeze", ["numeric_scaled", "one"], ["numeric_features"], name="numeric_unsqueeze"),
        ]
        declared += [
            helper.make_tensor_value_info(name, TensorProto.FLOAT, [BATCH, count])
            for name in ("numeric_imputed", "numeric_scaled")
        ]
        blocks.append("numeric_features")

    for i, (column, fill, categories) in enumerate(
        zip(categorical["columns"], categorical["fill"], categorical["categories"])
    ):
        encoded = _input(inputs, column, TensorProto.STRING)
        if fill in categories:
            # Missing ("") must become the fill category. LabelEncoder cannot pass values through, so
            # it maps each category to itself, "" to the fill value and anything else to UNKNOWN.
            # Where the fill value is no category, "" one-hot encodes as all zeros as it is.
            nodes.append(
                _ml(
                    "LabelEncoder",
                    encoded,
                    f"cat{i}_imputed",
                    keys_strings=[""] + categories,
                    values_strings=[fill] + categories,
                    default_string=UNKNOWN,
                )
            )
            declared.append(helper.make_tensor_value_info(f"cat{i}_imputed", TensorProto.STRING, [BATCH, 1]))
            encoded = f"cat{i}_imputed"
        # [N, 1] -> [N, 1, C]; zeros=1: an unknown category gives zeros rather than an error.
        nodes.append(_ml("OneHotEncoder", encoded, f"cat{i}_onehot", cats_strings=categories, zeros=1))
        declared.append(helper.make_tensor_value_info(f"cat{i}_onehot", TensorProto.FLOAT, [BATCH, 1, len(categories)]))
        blocks.append(f"cat{i}_onehot")

    nodes += [
        helper.make_node("Concat", blocks, ["features_3d"], axis=2, name="features_concat"),
        helper.make_node("Flatten", ["features_3d"], ["features"], axis=1, name="features_flatten"),
        # Two rows, -w and w, so that LOGISTIC gives [1 - p, p] as predict_proba does; the label is
        # the class of the larger probability.
        _ml(
            "LinearClassifier",
            "features",
            ["predicted_label", "probabilities"],
            coefficients=np.concatenate([-weights, weights]).tolist(),
            intercepts=[-intercept, intercept],
            classlabels_ints=[0, 1],
            post_transform="LOGISTIC",
        ),
        helper.make_node("Slice", ["probabilities", "one", "two", "one"], ["probability"], name="positive_class"),
    ]

    declared.append(helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [BATCH, 2]))
    outputs = [
        helper.make_tensor_value_info("predicted_label", TensorProto.INT64, [BATCH]),
        helper.make_tensor_value_info("probability", TensorProto.FLOAT, [BATCH, 1]),
    ]
    graph = helper.make_graph(nodes, "census", inputs, outputs, initializer=initializers, value_info=declared)
    onnx_model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("ai.onnx.ml", ML_OPSET)],
        producer_name=PRODUCER,
        doc_string="census feature transform and logistic regression, exported from scikit-learn",
    )
    helper.set_model_props(
        onnx_model,
        {
            "producer": f"{PRODUCER} (scikit-learn {sklearn.__version__})",
            "mlmax.inputs": json.dumps([{"name": v.name, "type": _type_name(v)} for v in inputs]),
            "mlmax.outputs": json.dumps([{"name": v.name, "type": _type_name(v)} for v in outputs]),
        },
    )
    onnx.checker.check_model(onnx_model, full_check=True)
    onnx.save(onnx_model, path)
    return onnx_model


def _ml(op_type, inputs, outputs, **attributes):
    """An ai.onnx.ml node named after its (first) output."""
    inputs = [inputs] if isinstance(inputs, str) else inputs
    outputs = [outputs] if isinstance(outputs, str) else outputs
    return helper.make_node(op_type, inputs, outputs, domain="ai.onnx.ml", name=outputs[0], **attributes)


def _input(inputs, column, element_type):
    inputs.append(helper.make_tensor_value_info(column, element_type, [BATCH, 1]))
    return column


def _type_name(value_info):
    return {TensorProto.FLOAT: "float", TensorProto.STRING: "string", TensorProto.INT64: "int64"}[
        value_info.type.tensor_type.elem_type
    ]


def _column_parts(transform):
    """The numeric and categorical parameters of a fitted build_transform(), in feature order."""
    if not isinstance(transform, ColumnTransformer) or not hasattr(transform, "transformers_"):
        raise TypeError("expected a fitted ColumnTransformer")
    numeric = {"columns": [], "fill": [], "offset": [], "scale": []}
    categorical = {"columns": [], "fill": [], "categories": []}
    seen_categorical = False
    for name, step, columns in transform.transformers_:
        if step == "drop" or len(columns) == 0:
            continue
        if not all(isinstance(c, str) for c in columns):
            raise TypeError(f"transformer {name!r} must select columns by name")
        kinds = [type(s) for _, s in step.steps] if isinstance(step, Pipeline) else [type(step)]
        if kinds == [SimpleImputer, StandardScaler]:
            if seen_categorical:
                raise ValueError("numeric columns must come before categorical ones")
            _numeric(step.steps[0][1], step.steps[1][1], columns, numeric)
        elif kinds == [SimpleImputer, OneHotEncoder]:
            seen_categorical = True
            _categorical(step.steps[0][1], step.steps[1][1], columns, categorical)
        else:
            raise TypeError(f"transformer {name!r} is not imputer+scaler nor imputer+one-hot: {kinds}")
    return numeric, categorical


def _numeric(imputer, scaler, columns, out):
    _check_imputer(imputer, columns)
    fill = np.asarray(imputer.statistics_, dtype=np.float64)
    mean = scaler.mean_ if scaler.with_mean else np.zeros(len(columns))
    scale = scaler.scale_ if scaler.with_std else np.ones(len(columns))
    if not np.all(np.isfinite(fill)):  # scikit-learn drops a column that was all missing
        raise ValueError("a numeric column was missing in every training row")
    out["columns"] += list(columns)
    out["fill"] += fill.tolist()
    out["offset"] += np.asarray(mean, dtype=np.float64).tolist()
    out["scale"] += (1.0 / np.asarray(scale, dtype=np.float64)).tolist()


def _categorical(imputer, encoder, columns, out):
    _check_imputer(imputer, columns)
    if encoder.drop_idx_ is not None or encoder.handle_unknown != "ignore":
        raise ValueError("OneHotEncoder must have drop=None and handle_unknown='ignore'")
    if getattr(encoder, "infrequent_categories_", None) and any(
        c is not None for c in encoder.infrequent_categories_
    ):
        raise ValueError("OneHotEncoder with infrequent categories is not supported")
    for column, fill, categories in zip(columns, imputer.statistics_, encoder.categories_):
        categories = categories.tolist()
        if not all(isinstance(c, str) and c for c in categories) or not isinstance(fill, str):
            raise TypeError(f"column {column!r}: categories must be non-empty strings")
        out["columns"].append(column)
        out["fill"].append(fill)
        out["categories"].append(categories)


def _check_imputer(imputer, columns):
    missing = imputer.missing_values
    if not (isinstance(missing, float) and math.isnan(missing)) or imputer.add_indicator:
        raise ValueError("SimpleImputer must impute NaN without an indicator")
    if len(imputer.statistics_) != len(columns):
        raise ValueError("SimpleImputer dropped a column")


def _logistic_parts(model):
    """Weights [F] and intercept of a fitted binary LogisticRegression with classes 0 and 1."""
    if not isinstance(model, LogisticRegression) or not hasattr(model, "coef_"):
        raise TypeError("expected a fitted LogisticRegression")
    if list(model.classes_) != [0, 1]:
        raise ValueError(f"expected classes [0, 1], got {list(model.classes_)}")
    if model.multi_class == "multinomial":  # binary softmax: sigmoid(2z), not sigmoid(z)
        raise ValueError("multi_class='multinomial' is not supported")
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])
