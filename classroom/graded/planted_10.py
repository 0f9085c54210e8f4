"""Planted submissions of chapter 10 (errata), each with the score a fair teacher gives.

Registered in classroom.graded.planted.PLANTS; graded by tests/test_classroom_graded.py and by
`python -m classroom.graded.planted 10_errata`.
"""

from __future__ import annotations

from classroom.graded.planted import NO_CHECK, context

CHAPTER = "10_errata"

# right answers written another way: sums over examples in plain Python, Newton's method by hand, finite differences
# of one's own (a central difference with step 1e-6), lists
OTHER = {
    "1": """X, y, theta = data["X"], data["y"], data["theta"]
m = len(y)
g = sum((sigmoid(x @ theta) - yi) * x for x, yi in zip(X, y)) / m
only_factor = list(m / 2 * g)
only_trailing = [gj + 0.5 for gj in g]
theta_star = np.zeros(3)
for _ in range(30):
    hs = sigmoid(X @ theta_star)
    theta_star = theta_star - np.linalg.solve(log_loss_hessian(theta_star, X, y), X.T @ (hs - y) / m)
theta_star = theta_star.tolist()""",
    "2": """X, y, theta = data["X"], data["y"], data["theta"]
m = len(y)
h = sigmoid(X @ theta)
A = sum(yi * (1 / hi) * hi * (1 - hi) * x for x, yi, hi in zip(X, y, h))
B = sum((1 - yi) * (1 / (1 - hi)) * (-hi * (1 - hi)) * x for x, yi, hi in zip(X, y, h))
literal = list(-A / m + B)
difference = (1 + 1 / m) * B""",
    "3": """X, t, theta = data["X"], data["targets"], data["theta"]
m = len(t)
grad_half_sum = m * least_squares_gradient(theta, X, t)
grad_sum = [2 * v for v in grad_half_sum]""",
    "4": """X, y, theta = data["X"], data["y"], data["theta"]
claimed = -log_loss_gradient(theta, X, y)
e = np.eye(3) * 1e-6
fd = [(log_loss(theta + e[j], X, y) - log_loss(theta - e[j], X, y)) / 2e-6 for j in range(3)]
loss_after = log_loss(theta - data["alpha"] * claimed, X, y)""",
}


def plants(student_id: str) -> dict:
    """{name: (answer cells that replace the key's, or None for untouched / "book" for the website's, points)}."""
    spec, d, ref, sol = context(CHAPTER, student_id)
    no_check = NO_CHECK
    return {
        "correct": ({}, {"1": 3, "2": 2, "3": 2, "4": 3}),
        "correct, another form": (OTHER, {"1": 3, "2": 2, "3": 2, "4": 3}),
        "sign errors (F with +½, difference the other way)": ({
            "1": sol["1"].replace("only_factor = -0.5 *", "only_factor = 0.5 *").replace(*no_check),
            "2": sol["2"].replace("difference = literal - log_loss_gradient", "difference = log_loss_gradient")
                 .replace("(theta, X, y)\nnp.testing", "(theta, X, y) - literal\nnp.testing").replace(*no_check)},
            {"1": 2, "2": 1, "3": 2, "4": 3}),
        "missing factors (the 2 of the square, the 1/m of the reader's vector)": ({
            "3": sol["3"].replace("grad_sum = 2 * X.T @ r", "grad_sum = X.T @ r").replace(*no_check),
            "4": sol["4"].replace("claimed = X.T @ (y - sigmoid(X @ theta)) / len(y)",
                                  "claimed = X.T @ (y - sigmoid(X @ theta))").replace(*no_check)
                 .replace("assert loss_after", "# assert loss_after")},
            {"1": 3, "2": 2, "3": 1, "4": 1}),
        "wrong shape": ({"1": sol["1"].replace("theta_star = fit_newton(X, y).theta", "theta_star = fit_newton(X, y).theta[:, None]")
                                      .replace("np.testing.assert_allclose(log_loss_gradient(theta_star", "# ("),
                         "4": sol["4"].replace("claimed, fd, loss_after", "loss_after = np.array([loss_after])")},
                        {"1": 2, "2": 2, "3": 2, "4": 2}),
        "hard-coded numbers": ({
            "1": sol["1"].replace("theta_star = fit_newton(X, y).theta", f"theta_star = np.array({ref['theta_star']!r})")
                 .replace("np.testing.assert_allclose(log_loss_gradient(theta_star", "# ("),
            "2": f"literal = {ref['literal']!r}\ndifference = {ref['difference']!r}",
            "3": sol["3"],
            "4": sol["4"].replace("loss_after = log_loss(theta - alpha * claimed, X, y)", f"loss_after = {ref['loss_after']!r}")
                 .replace("assert loss_after", "# assert loss_after")},
            {"1": 2, "2": 0, "3": 2, "4": 2}),
        "crash midway": ({"4": sol["4"].replace("fd = numerical_gradient(log_loss, theta, args=(X, y))",
                                                "fd = numerical_gradient(log_loss, theta, X, y)")},
                         {"1": 3, "2": 2, "3": 2, "4": 1}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0, "4": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0, "4": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\nonly_factor = np.zeros(3)\nonly_trailing = [0.5, 0.5, 0.5]\n"
                 "theta_star = ['0.3', '1.0', '-1.0']",
            "2": "literal = np.ones(3)\ndifference = np.zeros(3)",
            "3": "grad_sum = np.zeros(3)\ngrad_half_sum = np.zeros(3)",
            "4": "claimed = np.zeros(3)\nfd = np.zeros(3)\nloss_after = '0.7'"},
            {"1": 0, "2": 0, "3": 0, "4": 0}),
    }
