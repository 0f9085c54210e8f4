"""Graded assignments: variants of the chapters' worked exercises on each student's own data.

kit/ (shipped to students) makes a student's data from their ID and checks names, types and shapes;
graded/spec_NN.py (not shipped) holds the prompts, the answer key, the rubrics of the written parts and the
reference; graded/grader.py grades a notebook; classroom/gradebook.py grades a folder.
"""

import importlib
import sys
from pathlib import Path

# `kit` (classroom/kit, shipped to students as kit/) is imported by its own name, as in the notebooks
_KIT_PARENT = str(Path(__file__).resolve().parents[1])
if _KIT_PARENT not in sys.path:
    sys.path.append(_KIT_PARENT)

SPECS = {
    "01_why_not_mse": "spec_01",
    "02_designing_log_loss": "spec_02",
    "03_sigmoid_derivative": "spec_03",
    "04_gradient_steps": "spec_04",
    "05_same_update_rule": "spec_05",
    "06_minimising": "spec_06",
    "07_non_convex_landscapes": "spec_07",
    "08_canonical_link": "spec_08",
    "09_numerical_stability": "spec_09",
    "10_errata": "spec_10",
}


def spec(chapter: str):
    if chapter not in SPECS:
        raise ValueError(f"chapter: no graded assignment for {chapter!r} (there are {sorted(SPECS)})")
    return importlib.import_module(f"classroom.graded.{SPECS[chapter]}")
