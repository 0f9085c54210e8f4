"""The student's side of the graded assignments (shipped as `kit/` next to the graded notebooks).

    from kit import my_data, check
    data = my_data(STUDENT_ID, "03_sigmoid_derivative")   # your own numbers, from your student ID
    check("A1")                                           # names, types and shapes of exercise A1

Nothing here knows the answers: `my_data` makes your data from your ID, `check` says whether each name the
exercise asks for is defined with the right type and shape. The values are graded later, by your teacher's
grader, which runs your notebook with your data and once more with other data.
"""

from __future__ import annotations

import hashlib
import importlib
import numbers
import os
import sys

__all__ = ["student_seed", "my_data", "check", "describe", "answers"]


def student_seed(student_id: str, chapter: str) -> int:
    """The seed of a student's data: a hash of the chapter and the student ID (spaces and case ignored)."""
    if not isinstance(student_id, str) or not student_id.strip() or student_id.strip() == "...":
        raise ValueError("student_id: write your student ID in the first cell, as a string, e.g. STUDENT_ID = \"s1234567\"")
    key = f"{chapter}:{student_id.strip().lower()}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


def _module(chapter: str):
    return importlib.import_module(f"kit.data_{chapter[:2]}")


def my_data(student_id: str, chapter: str) -> dict:
    """Your data for the chapter's graded exercises (a dict; the exercises say which entries they use)."""
    return _module(chapter).data(student_seed(student_id, chapter))


def answers(chapter: str) -> dict:
    """{exercise: [(name, kind, shape rule, meaning)]}: what each exercise asks you to define."""
    return _module(chapter).ANSWERS


# ------------------------------------------------------------------------------------------ kinds

def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _shape(v):
    """The shape of a number, a list of numbers or an array (None when it is none of these)."""
    if _is_number(v):
        return ()
    shape = getattr(v, "shape", None)
    if shape is not None and hasattr(v, "dtype"):
        return tuple(shape) if getattr(v.dtype, "kind", "") in "biuf" else None
    if isinstance(v, (list, tuple)):
        inner = [_shape(x) for x in v]
        if inner and all(s == inner[0] for s in inner) and inner[0] is not None:
            return (len(v),) + inner[0]
        return (0,) if not v else None
    return None


def describe(kind: str, shape) -> str:
    if kind == "number":
        return "a number (int or float)"
    if kind == "array":
        return f"an array (or list) of numbers of shape {shape}"
    if kind == "expression":
        return "a SymPy expression in one symbol of your choice"
    if kind == "function":
        return "a Python function"
    return kind


def kind_problem(value, kind: str, shape) -> str | None:
    """None if `value` is of the kind asked for, else what is wrong, in words."""
    if kind == "number":
        if _is_number(value):
            return None
        if _shape(value) == ():
            return None                                   # a 0-d array or NumPy scalar
        return f"is {type(value).__name__}, not a number"
    if kind == "array":
        got = _shape(value)
        if got is None:
            return f"is {type(value).__name__}, not an array or list of numbers"
        if tuple(got) != tuple(shape):
            return f"has shape {tuple(got)}, not {tuple(shape)}"
        return None
    if kind == "expression":
        sp = sys.modules.get("sympy")
        if sp is None or not isinstance(value, sp.Basic):
            return f"is {type(value).__name__}, not a SymPy expression"
        if len(value.free_symbols) > 1:
            return f"has the symbols {sorted(map(str, value.free_symbols))}: one symbol only"
        return None
    if kind == "function":
        return None if callable(value) else f"is {type(value).__name__}, not a function"
    raise ValueError(f"kind: unknown kind {kind!r}")


def check(exercise: str, chapter: str | None = None, env: dict | None = None) -> None:
    """Say, for each name the exercise asks for, whether it is defined with the right type and shape.

    It never says an answer is right: the values are graded later. If a name is missing and a cell raised an
    error, it shows that error (your own), which is usually why.
    """
    if os.environ.get("KIT_GRADING"):
        return                                    # the grader runs the notebook: it checks by itself
    env = env if env is not None else sys.modules["__main__"].__dict__
    chapter = chapter or env.get("CHAPTER")
    data = env.get("data")
    if chapter is None or not isinstance(data, dict):
        print("Run the first cells of the notebook (STUDENT_ID, then `data = my_data(...)`) first.")
        return
    ok = True
    lines = []
    for name, kind, shape_rule, _meaning in answers(chapter)[exercise]:
        shape = shape_rule(data) if callable(shape_rule) else shape_rule
        if name not in env:
            ok = False
            lines.append(f"  ✗ `{name}` is not defined (expected {describe(kind, shape)})")
            continue
        problem = kind_problem(env[name], kind, shape)
        if problem:
            ok = False
            lines.append(f"  ✗ `{name}` {problem} (expected {describe(kind, shape)})")
        else:
            lines.append(f"  ✓ `{name}` is {describe(kind, shape)}")
    print(f"Exercise {exercise}: " + ("names, types and shapes right; the values are graded later."
                                      if ok else "not ready to be graded yet:"))
    print("\n".join(lines))
    last = getattr(sys, "last_value", None)
    if not ok and last is not None:
        print(f"The last error a cell raised was {type(last).__name__}: {last}\n"
              "(scroll up to the cell that raised it; fix it and run it again)")
