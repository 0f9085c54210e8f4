"""Planted submissions of chapter 08 (the canonical link), each with the score a fair teacher gives.

Registered in classroom.graded.planted.PLANTS; graded by tests/test_classroom_graded.py and by
`python -m classroom.graded.planted 08_canonical_link`.
"""

from __future__ import annotations

from classroom.graded.planted import NO_CHECK, context

CHAPTER = "08_canonical_link"

# right answers written another way: one example at a time with plain lists; the minimiser by SciPy's minimize on
# the loss and by a hand-written Hessian; the probit MLE by conjugate gradients and U's zero by fsolve (without the 1/m)
OTHER = {
    "1": """X, y, theta = data["X"].tolist(), list(data["y_count"]), list(data["theta"])
m = len(y)
softplus_loss, softplus_gradient = 0.0, [0.0, 0.0, 0.0]
for xi, yi in zip(X, y):
    z = sum(a * b for a, b in zip(xi, theta))
    h = np.log1p(np.exp(z))                      # fine for these scores
    softplus_loss += (h - yi * np.log(h)) / m
    for j in range(3):
        softplus_gradient[j] += (1 - yi / h) * (1 / (1 + np.exp(-z))) * xi[j] / m""",
    "2": """X, y = data["X"], data["y_count"]
res = scipy.optimize.minimize(poisson_loss, np.zeros(3), args=(X, y), jac=poisson_gradient, method="BFGS",
                              options={"gtol": 1e-12})
theta_star = list(res.x)
H = X.T @ np.diag(np.exp(X @ res.x)) @ X / len(y)
alpha = float(1 / max(np.linalg.eigvals(H).real))""",
    "3": """X, y = data["X"], data["y_probit"]
theta_probit = scipy.optimize.minimize(probit_loss, np.zeros(3), args=(X, y), jac=probit_gradient,
                                       method="CG", options={"gtol": 1e-11}).x
theta_U = scipy.optimize.fsolve(lambda t: X.T @ (scipy.stats.norm.cdf(X @ t) - y), np.zeros(3), xtol=1e-13)""",
}


def plants(student_id: str) -> dict:
    """{name: (answer cells that replace the key's, or None for untouched / "book" for the website's, points)}."""
    spec, d, ref, sol = context(CHAPTER, student_id)
    no_check = NO_CHECK
    return {
        "correct": ({}, {"1": 2, "2": 2, "3": 2}),
        "correct, another form": (OTHER, {"1": 2, "2": 2, "3": 2}),
        "sign error (y − h)": ({"1": sol["1"].replace("((h - y) * sigmoid(z) / h)", "((y - h) * sigmoid(z) / h)")
                                .replace(*no_check)}, {"1": 1, "2": 2, "3": 2}),
        "the factor σ(z)/h dropped (the canonical form)": ({
            "1": sol["1"].replace("((h - y) * sigmoid(z) / h)", "(h - y)").replace(*no_check)},
            {"1": 1, "2": 2, "3": 2}),
        "missing 1/m in the Hessian": ({"2": sol["2"].replace(
            'alpha = 1 / np.linalg.eigvalsh(glm_hessian(theta_star, X, y, "exp")).max()',
            'alpha = 1 / np.linalg.eigvalsh(X.T @ (X * np.exp(X @ theta_star)[:, None])).max()')
            .replace("run = gradient_descent", "# run = gradient_descent").replace("print(run.message)", "")},
            {"1": 2, "2": 1, "3": 2}),
        "the zero of U taken for the MLE": ({"3": sol["3"].replace("assert ", "# assert ")
                                             + "\ntheta_probit = theta_U"}, {"1": 2, "2": 2, "3": 1}),
        "wrong shape": ({"2": sol["2"].replace("theta_star, alpha", "theta_star = theta_star[:, None]"),
                         "1": sol["1"].replace("softplus_loss = softplus_J(theta)",
                                               "softplus_loss = np.array([softplus_J(theta)] * 2)")},
                        {"1": 1, "2": 1, "3": 2}),
        "hard-coded numbers": ({
            "1": f"softplus_loss = {ref['softplus_loss']!r}\nsoftplus_gradient = {ref['softplus_gradient']!r}",
            "2": f"theta_star = {ref['theta_star']!r}\nalpha = {ref['alpha']!r}",
            "3": f"theta_probit = {ref['theta_probit']!r}\ntheta_U = {ref['theta_U']!r}"},
            {"1": 0, "2": 0, "3": 0}),
        "crash midway": ({"3": sol["3"].replace("theta_U = scipy.optimize.root(U,", "theta_U = scipy.optimize.root(u,")},
                         {"1": 2, "2": 2, "3": 1}),
        "untouched": (None, {"1": 0, "2": 0, "3": 0}),
        "copied public solution": ("book", {"1": 0, "2": 0, "3": 0}),
        "patched np.testing, strings, wrong answers": ({
            "1": "import math\nnp.testing.assert_allclose = lambda *a, **k: None\nnp.allclose = lambda *a, **k: True\n"
                 "math.isclose = lambda *a, **k: True\nsoftplus_loss = '1.2'\nsoftplus_gradient = [0.1, 0.2, 0.3]",
            "2": "theta_star = np.array([0.5, 0.8, -0.6])\nalpha = 0.1",
            "3": "theta_probit = ['0.5', '0.8', '-0.6']\ntheta_U = np.zeros(3)"},
            {"1": 0, "2": 0, "3": 0}),
    }
