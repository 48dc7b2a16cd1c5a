"""Turns a missing step dependency into a message naming the interpreter and the fix, instead of a traceback."""

import os
import sys


def exit_for(error, script):
    """Re-raises when the missing module is one of the project's own; otherwise explains and exits with code 2."""
    if error.name in ("census_common", "onnx_export"):  # shipped beside the scripts, not installed
        raise error
    print(
        f"{os.path.basename(script)}: Python module '{error.name}' is missing from {sys.executable}.\n"
        "Install the step dependencies (Debian/Ubuntu: apt-get install python3-sklearn python3-pandas python3-onnx;\n"
        "elsewhere: pip install scikit-learn pandas onnx), or set python.interpreter in mlmax.yaml\n"
        "to an interpreter that has them.",
        file=sys.stderr,
    )
    sys.exit(2)
