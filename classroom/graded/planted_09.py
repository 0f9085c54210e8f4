"""Planted submissions of chapter 09 (numerical stability), each with the score a fair teacher gives.

Registered in classroom.graded.planted.PLANTS; graded by tests/test_classroom_graded.py and by
`python -m classroom.graded.planted 09_numerical_stability`.
"""

from __future__ import annotations

from classroom.graded.planted import context

CHAPTER = "09_numerical_stability"

# right answers written another way: the thresholds by a hand-written bisection on float32 and by the prediction,
# the errors from a table with the student's own column names (the KeyError 'log1p(q): ULPs'), the ULP
# count by hand, the Hessians with loops, Python lists and np.linalg.inv
OTHER = {
    "1": """T = np.float32(data["T"])
lo, hi = np.float32(1.0), np.float32(40.0) * T          # my own bisection, on float32 numbers
while np.nextafter(lo, np.float32(np.inf)) < hi:
    mid = np.float32((lo + hi) / 2)
    if mid in (lo, hi):
        break
    if np.float32(1) / (np.float32(1) + np.exp(-(mid / T))) == 1:
        hi = mid
    else:
        lo = mid
z_one = hi
z_overflow = float(np.log(np.finfo(np.float32).max)) * float(T)   # the prediction: within 1e-6 of the float32 one""",
    "2": """import pandas as pd
import struct
def ord64(x):
    i = struct.unpack("<q", struct.pack("<d", float(x)))[0]
    return -(i & (2**63 - 1)) if i < 0 else i
c = data["c"]
rows = []
for s in data["s"]:
    q = c * np.exp(-s)
    mpmath.mp.dps = 50
    exact = float(mpmath.log(1 + c * mpmath.exp(-mpmath.mpf(s))))
    rows.append({"score": s, "naive error (ulp)": abs(ord64(np.log(1 + q)) - ord64(exact)),
                 "log1p error (ulp)": abs(ord64(np.log1p(q)) - ord64(exact))})
my_table = pd.DataFrame(rows)
ulps_log = my_table["naive error (ulp)"]                   # a pandas Series, my own column name
s_zero = np.log(c) + 53 * np.log(2)                        # the prediction, 1 ULP from the float threshold""",
    "3": """X, y, (b, w) = data["X_two"], data["y_two"], data["theta_two"]
H_naive = [[0.0, 0.0], [0.0, 0.0]]
H_stable = [[0.0, 0.0], [0.0, 0.0]]
g = [0.0, 0.0]
for x_i, y_i in zip(X, y):
    z = b + w * x_i[1]
    h = 1 / (1 + np.exp(-z))
    for r in range(2):
        g[r] += (sigmoid(z) if y_i == 0 else -sigmoid(-z)) * x_i[r] / 2   # h − y, without cancellation
        for c in range(2):
            H_naive[r][c] += h * (1 - h) * x_i[r] * x_i[c] / 2
            H_stable[r][c] += sigmoid(z) * sigmoid(-z) * x_i[r] * x_i[c] / 2
newton_step = list(-np.linalg.inv(np.array(H_stable)) @ np.array(g))""",
}


def plants(student_id: str) -> dict:
    """{name: (answer cells that replace the key's, or None for untouched / "book" for the website's, points)}."""
    spec, d, ref, sol = context(CHAPTER, student_id)
    return {
        "correct": ({}, {"1": 2, "2": 2, "3": 3}),
        "correct, another form (own table column names)": (OTHER, {"1": 2, "2": 2, "3": 3}),
        "sign error in the Newton step": ({"3": sol["3"].replace("(H_stable, -log_loss_gradient", "(H_stable, log_loss_gradient")},
                                          {"1": 2, "2": 2, "3": 2}),
        "missing factors: T forgotten, Hessians without 1/m": ({
            "1": sol["1"].replace("naive_sigmoid(z / T)", "naive_sigmoid(z)").replace("np.exp(z / T)", "np.exp(z)")
                 .replace("np.testing", "# np.testing"),
            "3": """X, y, theta = data["X_two"], data["y_two"], data["theta_two"]
z = X @ theta
h = 1 / (1 + np.exp(-z))
H_naive = X.T @ (X * (h * (1 - h))[:, None])               # the sum, not the mean
H_stable = X.T @ (X * (sigmoid(z) * sigmoid(-z))[:, None])
newton_step = np.linalg.solve(H_stable, -log_loss_gradient(theta, X, y))"""},
            {"1": 0, "2": 2, "3": 0}),
        "wrong shape": ({"2": sol["2"].replace("np.array(ulps_log), np.array(ulps_log1p)",
                                               "np.array(ulps_log)[:, None], np.array(ulps_log1p)[:, None]"),
                         "3": sol["3"].replace("H_naive = naive_log_loss_hessian(theta, X, y)",
                                               "H_naive = naive_log_loss_hessian(theta, X, y).ravel()")
                                      .replace("np.linalg.matrix_rank(H_naive)", "np.linalg.matrix_rank(H_naive.reshape(2, 2))")},
                        {"1": 2, "2": 1, "3": 2}),
        "hard-coded numbers": ({
            "1": sol["1"].replace("z_one, z_overflow", f"z_one = {ref['z_one']!r}"),
            "2": sol["2"] + f"\ns_zero = {ref['s_zero']!r}",
            "3": f"H_naive = {ref['H_naive']!r}\nH_stable = {ref['H_stable']!r}\nnewton_step = {ref['newton_step']!r}"},
            {"1": 1, "2": 1, "3": 0}),
        "crash midway": ({"2": sol["2"].replace("exact = mpmath.log1p", "exakt = mpmath.log1p")}, {"1": 2, "2": 0, "3": 3}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\nz_one = '16.64'\nz_overflow = 88.72",
            "2": "ulps_log = ['1e3'] * 4\ns_zero = 36.74",
            "3": "H_naive = np.zeros((2, 2))\nH_stable = np.eye(2)\nnewton_step = np.array([0.0, 1.0])"},
            {"1": 0, "2": 0, "3": 0}),
    }

