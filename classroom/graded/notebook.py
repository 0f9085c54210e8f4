"""The graded notebooks of a chapter: the student's (prompts, empty answers) and the answer key."""

from __future__ import annotations

import nbformat

from helpers.colab import setup_cell

from classroom.graded import spec as load_spec


def _md(text, **kit):
    c = nbformat.v4.new_markdown_cell(text)
    if kit:
        c.metadata["kit"] = kit
    return c


def _code(text, editable=True, **kit):
    c = nbformat.v4.new_code_cell(text)
    c.metadata["kit"] = kit
    if not editable:
        c.metadata["editable"] = False
        c.metadata["deletable"] = False
    return c


def _kind(kind, shape) -> str:
    if kind == "number":
        return "number (float)"
    if kind == "array":
        return "array or list of floats, shape " + (shape if isinstance(shape, str) else str(tuple(shape)))
    if kind == "expression":
        return "SymPy expression in one symbol (any name)"
    if kind == "function":
        return "Python function"
    return kind


def graded_notebook(chapter: str, key: bool = False, student_id: str = "...") -> nbformat.NotebookNode:
    spec = load_spec(chapter)
    data_mod = __import__(f"kit.data_{chapter[:2]}", fromlist=["ANSWERS"])
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    total = sum(spec.POINTS.values())
    written = sum(p for w in spec.WRITTEN.values() for _, p in w["rubric"])
    cells = [_md(
        f"# {chapter}: graded exercises" + (" (ANSWER KEY)" if key else "") + "\n\n"
        "These are variants of the chapter's worked exercises, on **your own numbers**: the book's solutions "
        "show the method, not your answers.\n\n"
        "1. Write your student ID in the first code cell and run every cell from the top.\n"
        "2. In each exercise, define the names listed under **Define**, with the type and shape given, computed "
        "from `data` (do not type numbers in: the grader runs your notebook with your data and again with other "
        "data, and an answer counts only if it is right both times).\n"
        "3. Run the `check(...)` cell under your answer: it says whether each name is defined with the right "
        "type and shape. It does not say whether the value is right; that is graded later.\n"
        "4. Write your derivation by hand in the *Your derivation* cell (double-click it to edit): your teacher "
        + ("marks it with the rubric shown.\n\n" if key else
           "marks it by hand, step by step, with the points shown for each step.\n\n") +
        f"Autograded: {total} points ("
        + ("one per name, except a name worth 0 points: it is checked, not scored, because the prompt states its "
           "formula; its points are in the derivation" if 0 in spec.POINTS.values() else "one per name")
        + f"). Marked by hand: {written} points.",
        role="intro")]
    cells.append(_code(setup_cell(), editable=False, role="colab"))
    cells.append(_code(f'STUDENT_ID = "{student_id}"   # your student ID, as a string', role="id"))
    cells.append(_code(f'from kit import my_data, check\n\nCHAPTER = "{chapter}"\ndata = my_data(STUDENT_ID, CHAPTER)   '
                       '# your numbers (do not edit)\ndata', editable=False, role="data"))
    cells.append(_code(spec.SETUP, editable=False, role="setup"))
    for ex, prompt in spec.PROMPTS.items():
        rows = "\n".join(f"| `{name}` | {_kind(kind, 'n + 1' if callable(shape) else shape)} | {meaning} | "
                         f"{spec.POINTS[name]} |"
                         for name, kind, shape, meaning in data_mod.ANSWERS[ex])
        # the student sees what each step must show (`ask`), never the rubric: its steps state the results, some
        # of them the very values the autograder scores; the answer key keeps the teacher's rubric
        w = spec.WRITTEN[ex]
        steps = w["rubric"] if key else [(a, p) for a, (_, p) in zip(w["ask"], w["rubric"], strict=True)]
        cells.append(_md(
            f"## Exercise {ex}: {spec.TITLES[ex]}\n\n"
            f"*A variant of the book's exercise `{spec.BOOK[ex]}` in {chapter}.*\n\n{prompt}\n\n"
            "**Define** (autograded, by value):\n\n| name | type and shape | meaning | points |\n|---|---|---|---|\n"
            f"{rows}\n\n"
            "**Your derivation** (marked by hand): " + "; ".join(f"{s} ({p} point{'s' * (p != 1)})" for s, p in steps)
            + ".", role="prompt", exercise=ex))
        c = _md("*Your derivation:* (double-click to write here)" if not key else
                "*Model derivation:* " + spec.WRITTEN[ex]["model"], role="written", exercise=ex)
        c.metadata["editable"] = True
        cells.append(c)
        cells.append(_code(spec.SOLUTIONS[ex] if key else "# your code: define the names listed above\n",
                           role="answer", exercise=ex))
        cells.append(_code(f'check("{ex}")', editable=False, role="check", exercise=ex))
    nb.cells = cells
    return nb


def rubric_markdown(chapter: str) -> str:
    """The rubric and model answers of the written parts, for the teacher (the manual grading route)."""
    spec = load_spec(chapter)
    out = [f"# {chapter}: rubric of the written derivations", ""]
    for ex, w in spec.WRITTEN.items():
        out += [f"## Exercise {ex}: {spec.TITLES[ex]} ({sum(p for _, p in w['rubric'])} points)", ""]
        out += [f"- {p} point{'s' * (p != 1)}: {s}" for s, p in w["rubric"]]
        out += ["", f"Model answer: {w['model']}", ""]
    return "\n".join(out)
