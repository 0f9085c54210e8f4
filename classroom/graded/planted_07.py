"""Planted submissions of chapter 07 (non-convex landscapes), each with the score a fair teacher gives.

Registered in classroom.graded.planted.PLANTS; graded by tests/test_classroom_graded.py and by
`python -m classroom.graded.planted 07_non_convex_landscapes`.
"""

from __future__ import annotations

from classroom.graded.planted import context

CHAPTER = "07_non_convex_landscapes"

# right answers written another way: sums instead of means, lists, np.var; q factored in its own symbol and its
# roots from np.roots; the losses from a loop of one's own with the textbook sigmoid
OTHER = {
    "1": """x = list(data["x"]); m = len(x); lam = data["lam"]
sx, sxx = sum(x), sum(v * v for v in x)
H_ridge = [[m / m, sx / m], [sx / m, sxx / m + lam]]         # a list of lists
det_ridge = np.var(data["x"]) + lam""",
    "2": """s = sp.Symbol("s")
yv = data["y_soft"]
q = -(3 * s**2 - 2 * yv * s - 1)
t_minus, t_plus = sorted(np.roots([-3, 2 * yv, 1]).real)""",
    "3": """X, y = two_minima_data()
def grad_sq(th):
    h = 1 / (1 + np.exp(-(X @ th)))
    return X.T @ ((h - y) * h * (1 - h)) / len(y)
def grad_log(th):
    h = 1 / (1 + np.exp(-(X @ th)))
    return X.T @ (h - y) / len(y)
th = np.array(data["start"], dtype=float)
grad_start_sq = float(abs(grad_sq(th)).max())
grad_start_log = np.abs(grad_log(th)).max()
for _ in range(data["n_steps"]):
    th = th - 5 * grad_sq(th)
h = 1 / (1 + np.exp(-(X @ th)))
loss_sq_end = np.sum((h - y) ** 2) / (2 * len(y))""",
}


def plants(student_id: str) -> dict:
    """{name: (answer cells that replace the key's, or None for untouched / "book" for the website's, points)}."""
    spec, d, ref, sol = context(CHAPTER, student_id)
    return {
        "correct": ({}, {"1": 2, "2": 3, "3": 3}),
        "correct, another form": (OTHER, {"1": 2, "2": 3, "3": 3}),
        "sign errors (q's middle term, uphill steps)": ({
            "2": sol["2"].replace("q = -3 * t**2 + 2 * y_soft * t + 1", "q = -3 * t**2 - 2 * y_soft * t + 1")
                 .replace("assert sp.expand", "# assert sp.expand"),
            "3": """X, y = two_minima_data()
start, n = data["start"], data["n_steps"]
grad_start_sq = np.max(np.abs(mse_gradient(start, X, y)))
grad_start_log = np.max(np.abs(log_loss_gradient(start, X, y)))
theta = start.copy()
for _ in range(n):
    theta = theta + 5.0 * mse_gradient(theta, X, y)       # + : uphill
loss_sq_end = mse_loss(theta, X, y)"""}, {"1": 2, "2": 0, "3": 2}),
        "missing 1/m and λ/2 in the Hessian": ({
            "1": """x, lam = data["x"], data["lam"]
H_ridge = np.array([[len(x), np.sum(x)], [np.sum(x), np.sum(x**2) + lam / 2]])
det_ridge = np.linalg.det(H_ridge)"""}, {"1": 0, "2": 3, "3": 3}),
        "wrong shape": ({"1": sol["1"].replace("H_ridge, det_ridge", "H_ridge = H_ridge.ravel()"),
                         "2": sol["2"].replace("t_minus, t_plus = sorted(float(r) for r in sp.solve(q, t))",
                                               "t_minus = t_plus = np.array(sorted(float(r) for r in sp.solve(q, t)))")},
                        {"1": 1, "2": 1, "3": 3}),
        "hard-coded numbers": ({
            "1": f"H_ridge = {ref['H_ridge']!r}\ndet_ridge = {ref['det_ridge']!r}",
            "2": sol["2"].replace("t_minus, t_plus = sorted(float(r) for r in sp.solve(q, t))",
                                  f"t_minus, t_plus = {ref['t_minus']!r}, {ref['t_plus']!r}"),
            "3": f"grad_start_sq = {ref['grad_start_sq']!r}\ngrad_start_log = {ref['grad_start_log']!r}\n"
                 f"loss_sq_end = {ref['loss_sq_end']!r}"},
            {"1": 0, "2": 1, "3": 0}),
        "crash midway": ({"3": sol["3"].replace("run_sq.losses[-1]", "run_sq.loss[-1]")}, {"1": 2, "2": 3, "3": 2}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\nH_ridge = np.eye(2)\ndet_ridge = '1.0'",
            "2": "t = sp.Symbol('t')\nq = -3 * t**2 + 2 * t\nt_minus, t_plus = -1 / 3, 1.0",
            "3": "grad_start_sq = 2e-4\ngrad_start_log = 0.5\nloss_sq_end = '0.208'"},
            {"1": 0, "2": 0, "3": 0}),
    }
