"""Planted submissions, per chapter: the mistakes a class makes, each with the score a fair teacher gives.

    python -m classroom.graded.planted 03_sigmoid_derivative     # grade them all and print a table

Each planted submission is the student notebook with its answer cells replaced (and its ID filled in). The
scores are asserted by tests/test_classroom_graded.py and printed by this module; the gradebook's benchmark
grades them too. `expected` is per exercise, in points.
"""

from __future__ import annotations

import copy
import sys

from classroom.graded import spec as load_spec
from classroom.graded.notebook import graded_notebook

ID = "s1234567"

# ---------------------------------------------------------------------------------------------- 03

C03_OTHER = {
    "1": """x = sp.Symbol("x")                 # my own symbol, and g written out
a, b = data["a"], data["b"]
g = 1 / (1 + sp.exp(-(a * x + b)))
g2 = sp.diff(g, x, 2)
z_peak = np.float64(-b) / a""",
    "2": """w = sp.Symbol("w")                 # u' written through σ(2kw), as in the hand derivation
c, k = data["c"], data["k"]
s = 1 / (1 + sp.exp(-2 * k * w))
u_prime = 4 * c * k * s * (1 - s)
u_prime_z0 = np.float64(float(u_prime.subs(w, data["z0"])))""",
    "3": """central = lambda f, z, d: (f(z + d) - f(z - d)) / d / 2
z0 = data["z0"]
errors = [abs(central(sigmoid, z0, d) - sigmoid(z0) * (1 - sigmoid(z0))) for d in data["steps"]]   # a list
best = data["steps"][errors.index(min(errors))]""",
}


NOTHING = "# (not answered)"


def steal_key(nn: str, read: str) -> str:
    """An answer cell that reads the grader's spec_NN.py from the grading folder (`read` sets `_src` from `_path`)
    and runs the answer key's code of every exercise (SOLUTIONS) in the notebook."""
    return (f"import kit as _k, os as _os\n"       # the grader's folder, found from the kit the notebook imports
            f"_path = _os.path.join(_os.path.dirname(_os.path.realpath(_k.__file__)), '..', 'graded', 'spec_{nn}.py')\n"
            f"{read}\n_ns = {{}}\n"
            "exec(_src[_src.index('SOLUTIONS = {'):_src.index('\\nWRITTEN')], _ns)\n"
            "for _k in sorted(_ns['SOLUTIONS']):\n    exec(_ns['SOLUTIONS'][_k], globals())")


def _c03(student_id):
    spec = load_spec("03_sigmoid_derivative")
    from kit import my_data
    d = my_data(student_id, "03_sigmoid_derivative")
    ref = spec.reference(d, spec.probes(__import__("numpy").random.default_rng(0), d))
    best = d["steps"][min(range(12), key=lambda i: ref["errors"][i])]
    sol = spec.SOLUTIONS
    return {
        "correct": ({}, {"1": 2, "2": 0, "3": 2}),
        "correct, another form": (C03_OTHER, {"1": 2, "2": 0, "3": 2}),
        "sign error in g''": ({"1": sol["1"].replace("(1 - 2 * s)", "(2 * s - 1)").replace(
            "assert sp.simplify", "# assert sp.simplify")}, {"1": 1, "2": 0, "3": 2}),
        "inner factors a² and k dropped": ({
            "1": sol["1"].replace("a**2 * s", "s").replace("assert sp.simplify", "# assert sp.simplify"),
            "2": sol["2"].replace("c * k * (1", "c * (1").replace("assert sp.simplify", "# assert sp.simplify")},
            {"1": 1, "2": 0, "3": 2}),
        "wrong shape": ({"1": sol["1"].replace("z_peak = -b / a", "z_peak = [-b / a]"),
                         "3": sol["3"].replace('for δ in data["steps"]]', 'for δ in data["steps"][1:]]')
                                      .replace('data["steps"][int', 'data["steps"][1:][int')},
                        {"1": 1, "2": 0, "3": 1}),
        "hard-coded numbers": ({
            "1": sol["1"].replace("z_peak = -b / a", f"z_peak = {ref['z_peak']!r}"),
            "2": sol["2"].replace('u_prime_z0 = float(u_prime.subs(z, data["z0"]))', f"u_prime_z0 = {ref['u_prime_z0']!r}"),
            "3": sol["3"].replace('best = data["steps"][int(np.argmin(errors))]', f"best = {best!r}")},
            {"1": 1, "2": 0, "3": 1}),
        "crash midway": ({"2": 'c, k = data["c"], data["k"]\nu_prime = c * k * (1 - sp.tanh(k * x) ** 2)\n'
                               'u_prime_z0 = float(u_prime.subs(x, data["z0"]))'},
                         {"1": 2, "2": 0, "3": 2}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        # what the prompts print (u' = ck(1 − tanh²kz), central's formula), transcribed: checked, not scored
        "the prompts' formulas transcribed": ({"1": NOTHING, "2": 'c, k = data["c"], data["k"]\n'
                                               'u_prime = c * k * (1 - sp.tanh(k * z) ** 2)\n'
                                               'u_prime_z0 = float(u_prime.subs(z, data["z0"]))',
                                               "3": "def central(f, z, δ):\n    return (f(z + δ) - f(z - δ)) / (2 * δ)"},
                                              {"1": 0, "2": 0, "3": 0}),
        # the grader's files read while graded (they are in the grading folder) and the answer key in them run:
        # the guard in the child blocks it, the exercise scores what it gets (nothing) and the teacher is told
        "reads the grader's files (open spelled indirectly)": (
            {"1": steal_key("03", "_b = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)\n"
                                  "_src = _b['op' + 'en'](_path).read()"), "2": NOTHING, "3": NOTHING},
            {"1": 0, "2": 0, "3": 0}),
        "runs a process (subprocess spelled indirectly)": (
            {"1": steal_key("03", "_b = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)\n"
                                  "_sp = _b['__imp' + 'ort__']('sub' + 'process')\n"
                                  "_src = _sp.run(['cat', _path], capture_output=True, text=True).stdout"),
             "2": NOTHING, "3": NOTHING},
            {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "np.isclose = lambda *a, **k: True\nmath.isclose = lambda *a, **k: True\n"
                 "g2 = σ * (1 - σ) * (2 * σ - 1)\nz_peak = '0.5'",
            "2": "u_prime = 1 - sp.tanh(z) ** 2\nu_prime_z0 = '1.0'",
            "3": "def central(f, z, δ):\n    return (f(z + δ) - f(z)) / δ\nerrors = np.zeros(12)\nbest = '1e-5'"},
            {"1": 0, "2": 0, "3": 0}),
    }


# ---------------------------------------------------------------------------------------------- 04

C04_OTHER = {
    "1": """X = data["X"].tolist(); y = list(data["y"]); θ = list(data["theta"]); ω = list(data["weights"])
m = len(y)
weighted_loss, weighted_gradient = 0.0, [0.0] * len(θ)
for xi, yi, wi in zip(X, y, ω):                 # one example at a time, plain Python lists
    zi = sum(a * b for a, b in zip(xi, θ))
    hi = 1 / (1 + np.exp(-zi))
    weighted_loss += -wi * (yi * np.log(hi) + (1 - yi) * np.log(1 - hi)) / m
    for j in range(len(θ)):
        weighted_gradient[j] += wi * (hi - yi) * xi[j] / m""",
    "2": """X, y, theta, λ = data["X"], data["y"], data["theta"], data["lam"]
m = X.shape[0]
h = sigmoid(X @ theta)
penalty = theta.copy(); penalty[0] = 0
penalised_loss = np.float64(log_loss(theta, X, y) + λ * (penalty @ penalty) / (2 * m))
penalised_gradient = list(X.T @ (h - y) / m + λ * penalty / m)""",
    "3": """X, y, theta = data["X"], data["y"], data["theta"]
t = 2 * y - 1
margin_loss = sum(np.log(1 + np.exp(-ti * (xi @ theta))) for xi, ti in zip(X, t)) / len(t)
margin_gradient = sum(-ti * sigmoid(-ti * (xi @ theta)) * xi for xi, ti in zip(X, t)) / len(t)""",
}


def _c04(student_id):
    spec = load_spec("04_gradient_steps")
    from kit import my_data
    d = my_data(student_id, "04_gradient_steps")
    ref = spec.reference(d, {})
    sol = spec.SOLUTIONS
    no_check = ("np.testing.assert_allclose(", "# np.testing.assert_allclose(")
    return {
        "correct": ({}, {"1": 1, "2": 1, "3": 1}),
        "correct, another form": (C04_OTHER, {"1": 1, "2": 1, "3": 1}),
        "sign error (y − h)": ({
            "1": sol["1"].replace("(ω * (h - y))", "(ω * (y - h))").replace(*no_check),
            "2": sol["2"].replace("log_loss_gradient(theta, X, y) +", "-log_loss_gradient(theta, X, y) +"),
            "3": sol["3"].replace("-(X.T @", "(X.T @").replace(*no_check)}, {"1": 1, "2": 1, "3": 1}),
        "missing 1/m": ({
            "1": sol["1"].replace(") / m\nweighted_gradient", ")\nweighted_gradient").replace("(h - y)) / m", "(h - y))")
                 .replace(*no_check),
            "2": sol["2"].replace("λ / (2 * m)", "λ / 2").replace("λ / m *", "λ *"),
            "3": sol["3"].replace("np.mean(", "np.sum(").replace(") / len(y)", ")").replace(*no_check)},
            {"1": 0, "2": 0, "3": 0}),
        "penalty forgotten": ({"2": sol["2"].replace(" + λ / (2 * m) * np.sum(theta[1:] ** 2)", "")
                                           .replace(" + λ / m * np.r_[0.0, theta[1:]]", "")},
                              {"1": 1, "2": 0, "3": 1}),
        "wrong shape": ({"1": sol["1"].replace("X.T @ (ω * (h - y)) / m", "X.T @ (ω * (h - y))[:, None] / m")
                                      .replace(*no_check),
                         "3": sol["3"].replace("-(X.T @ (t * sigmoid(-margins))) / len(y)",
                                               "-(X.T @ (t * sigmoid(-margins))) / len(y) * np.ones((1, 1))")
                                      .replace(*no_check)},
                        {"1": 1, "2": 1, "3": 1}),
        "hard-coded numbers": ({
            "1": f"weighted_loss = {ref['weighted_loss']!r}\nweighted_gradient = {ref['weighted_gradient']!r}",
            "2": f"penalised_loss = {ref['penalised_loss']!r}\npenalised_gradient = {ref['penalised_gradient']!r}",
            "3": f"margin_loss = {ref['margin_loss']!r}\nmargin_gradient = {ref['margin_gradient']!r}"},
            {"1": 0, "2": 0, "3": 0}),
        "crash midway": ({"2": 'X, y, theta = data["X"], data["y"], data["theta"]\n'
                               'penalised_loss = log_loss(theta, X, y) + lam / (2 * len(y)) * np.sum(theta[1:] ** 2)\n'
                               'penalised_gradient = log_loss_gradient(theta, X, y)'},
                         {"1": 1, "2": 0, "3": 1}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        # the prompts print every gradient: transcribed, they are checked, not scored (the losses are the work)
        "the prompts' gradient formulas transcribed": ({
            "1": 'X, y, theta, ω = data["X"], data["y"], data["theta"], data["weights"]\n'
                 'weighted_gradient = X.T @ (ω * (sigmoid(X @ theta) - y)) / len(y)',
            "2": 'X, y, theta, λ = data["X"], data["y"], data["theta"], data["lam"]\n'
                 'penalised_gradient = X.T @ (sigmoid(X @ theta) - y) / len(y) + λ / len(y) * np.r_[0.0, theta[1:]]',
            "3": 'X, y, theta = data["X"], data["y"], data["theta"]\nt = 2 * y - 1\n'
                 'margin_gradient = -sum(ti * sigmoid(-ti * (xi @ theta)) * xi for xi, ti in zip(X, t)) / len(y)'},
            {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, made-up numbers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\n"
                 "weighted_loss = '0.69'\nweighted_gradient = [0.12, -0.05, 0.3]",
            "2": "penalised_loss = 0.7\npenalised_gradient = np.array([0.12, -0.05, 0.3])",
            "3": "margin_loss = 0.69\nmargin_gradient = ['0.12', '-0.05', '0.3']"},
            {"1": 0, "2": 0, "3": 0}),
    }


#: comment out the answer key's own assertion, so a planted mistake reaches the grader instead of stopping the cell
NO_CHECK = ("np.testing.assert_allclose(", "# np.testing.assert_allclose(")


def context(chapter: str, student_id: str):
    """(the chapter's spec, the student's data, the grader's reference for it, the answer key's cells): what every
    chapter's planted submissions are written from."""
    import numpy as np
    from kit import my_data

    spec = load_spec(chapter)
    data = my_data(student_id, chapter)
    return spec, data, spec.reference(data, spec.probes(np.random.default_rng(0), data)), spec.SOLUTIONS


def _from(module: str):
    """The plants of a chapter whose planted submissions live in classroom/graded/<module>.py."""
    return lambda student_id: __import__(f"classroom.graded.{module}", fromlist=["plants"]).plants(student_id)


PLANTS = {
    "01_why_not_mse": _from("planted_01"),
    "02_designing_log_loss": _from("planted_02"),
    "03_sigmoid_derivative": _c03,
    "04_gradient_steps": _c04,
    "05_same_update_rule": _from("planted_05"),
    "06_minimising": _from("planted_06"),
    "07_non_convex_landscapes": _from("planted_07"),
    "08_canonical_link": _from("planted_08"),
    "09_numerical_stability": _from("planted_09"),
    "10_errata": _from("planted_10"),
}


def book_solutions(chapter: str) -> dict:
    """{exercise: the book's own solution code, verbatim}: what a student copies from the website."""
    from pathlib import Path

    from classroom.exercises import read_chapter
    spec = load_spec(chapter)
    ch = read_chapter(Path(__file__).resolve().parents[2] / "book" / f"{chapter}.ipynb")
    by_label = {e.label: e for e in ch.exercises}
    return {ex: "\n\n".join(by_label[label].solution_code) for ex, label in spec.BOOK.items()}


def planted(chapter: str, student_id: str = ID) -> dict:
    """{name: (notebook, expected points per exercise)}."""
    spec = load_spec(chapter)
    out = {}
    for name, (edits, expected) in PLANTS[chapter](student_id).items():
        nb = graded_notebook(chapter, student_id=student_id)
        if edits is not None:
            answers = book_solutions(chapter) if edits == "book" else dict(spec.SOLUTIONS, **edits)
            for cell in nb.cells:
                kit = cell.metadata.get("kit", {})
                if kit.get("role") == "answer":
                    cell.source = answers[kit["exercise"]]
        out[name] = (copy.deepcopy(nb), expected)
    return out


def main(argv=None) -> int:
    import tempfile
    from pathlib import Path

    import nbformat

    from classroom.graded.grader import grade_notebook
    chapters = (argv if argv is not None else sys.argv[1:]) or list(PLANTS)
    for chapter in chapters:
        print(f"{chapter}:")
        with tempfile.TemporaryDirectory() as tmp:
            for name, (nb, expected) in planted(chapter).items():
                path = Path(tmp) / "sub.ipynb"
                nbformat.write(nb, path)
                r = grade_notebook(path, chapter, ID)
                got = {ex: r.points[ex] for ex in expected}
                mark = "ok" if got == {k: float(v) for k, v in expected.items()} else "MISMATCH"
                print(f"  {name:45s} expected {expected}  got {got}  total {r.total:g}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
