"""Graded exercises of chapter 10 (errata), variants of the chapter's four worked exercises (hidden: the grader's side).

Book exercise -> graded variant (each student's X, y, θ, targets and α come from kit.data_10.data(seed)):
  1 ex-errata-which-defect: the two one-defect readings of Step 3 at the student's θ (not at θ*), and θ*
  2 ex-errata-step1-literal: Step 1 read as printed, and its difference from the gradient, on the student's data
  3 ex-errata-no-half: the least-squares loss as a sum, with and without the ½ (the book: the mean without ½)
  4 ex-errata-sign: the reader's (1/m)Xᵀ(y − h) against finite differences, and one step of size α with it
Reading the copy and saying what a defect does are not computations: those parts (which defect moves the stopping
point, why, what gradient descent would do) are in the written rubric, marked by hand; the numbers are autograded.
"""

import numpy as np

from classroom.graded.compare import close

CHAPTER = "10_errata"
BOOK = {"1": "ex-errata-which-defect", "2": "ex-errata-step1-literal", "3": "ex-errata-no-half",
        "4": "ex-errata-sign"}
TITLES = {"1": "Which of Step 3's two defects moves the stopping point",
          "2": "Step 1 read literally, on your data",
          "3": "The least-squares gradient, as a sum",
          "4": "A reader's sign, judged by finite differences"}

SETUP = """import numpy as np
from helpers import (sigmoid, log_loss, log_loss_gradient, log_loss_hessian, fit_newton,
                     least_squares_loss, least_squares_gradient, numerical_gradient)"""

PROMPTS = {
    "1": """Your data: `X = data["X"]` (m × 3, first column ones), labels `y = data["y"]`, `theta = data["theta"]`; $h = \\sigma(X\\theta)$, $J$ the log-loss.
Step 3's first equation, as the copy prints it, has two defects: a factor $-\\frac12$ where $-\\frac1m$ belongs, and a trailing $+\\frac12$.
Take each defect alone: $F(\\theta) = -\\frac12\\sum_i\\bigl[y^{(i)}(1-h^{(i)}) - (1-y^{(i)})h^{(i)}\\bigr]x^{(i)}$ (only the factor) and $T(\\theta) = \\nabla J(\\theta) + \\frac12$ in every component (only the trailing term).
By hand: show that $F = \\frac m2\\nabla J$, so gradient descent with $F$ stops at the right $\\theta$ (with a rescaled learning rate), while $T(\\theta^\\ast) = \\frac12\\mathbf 1 \\neq 0$ moves the stopping point.
Compute $F$ and $T$ at your `theta`, and the minimiser $\\theta^\\ast$ of $J$ to within $10^{-4}$ in each entry (`fit_newton(X, y).theta`, your own Newton's method, or any minimiser run until the gradient is below $10^{-8}$).""",
    "2": """Same `X`, `y`, `theta`.
Step 1's first equation, read as printed, is $-\\frac1m\\sum_i y^{(i)}\\frac{1}{h^{(i)}}\\frac{\\partial h^{(i)}}{\\partial\\theta_j} + \\sum_i (1-y^{(i)})\\frac{1}{1-h^{(i)}}\\frac{\\partial(1-h^{(i)})}{\\partial\\theta_j}$ (the $-\\frac1m$ reaches only the first sum).
By hand: with $\\partial h/\\partial\\theta_j = h(1-h)x_j$, write it with the residuals and find how it differs from the gradient, without finite differences.
Then compute it for every $j$ at your `theta`, and its difference from `log_loss_gradient`.""",
    "3": """Your `X`, real targets `t = data["targets"]`, `theta`.
Least squares is also written as a sum, without the mean: $S(\\theta) = \\sum_i(\\theta^\\top x^{(i)} - t^{(i)})^2$, or with a ½, $\\frac12 S(\\theta)$.
By hand: their gradients, and where the factors 2 and $m$ go (compare `least_squares_gradient`, the gradient of $\\frac1{2m}S$).
Compute both gradients at your `theta` and check them against finite differences (not graded).""",
    "4": """Same `X`, `y`, `theta` as in exercise 1; your step size `alpha = data["alpha"]`.
A reader writes the gradient of the log-loss as $\\frac1m X^\\top(y - h)$.
Without deriving anything, decide with finite differences whether it is right: compute the reader's vector, the finite-difference gradient `numerical_gradient(log_loss, theta, args=(X, y))`, and the log-loss after one "descent" step $\\theta - \\alpha\\cdot$(the reader's vector).
In words: what is wrong with the reader's formula, and what would gradient descent with it do?""",
}

SOLUTIONS = {
    "1": """X, y, theta = data["X"], data["y"], data["theta"]
m = len(y)
h = sigmoid(X @ theta)
only_factor = -0.5 * X.T @ (y * (1 - h) - (1 - y) * h)
only_trailing = log_loss_gradient(theta, X, y) + 1 / 2
np.testing.assert_allclose(only_factor, m / 2 * log_loss_gradient(theta, X, y), rtol=1e-12, atol=1e-14)
theta_star = fit_newton(X, y).theta
np.testing.assert_allclose(log_loss_gradient(theta_star, X, y) + 1 / 2, 0.5, atol=1e-9)   # T(θ*) = ½, not 0
only_factor, only_trailing, theta_star""",
    "2": """X, y, theta = data["X"], data["y"], data["theta"]
m = len(y)
h = sigmoid(X @ theta)
first_part = X.T @ (y * (1 - h))             # Σ y (1/h) h(1 − h) x
second_part = -X.T @ ((1 - y) * h)           # Σ (1 − y) (1/(1 − h)) (−h(1 − h)) x
literal = second_part - first_part / m
difference = literal - log_loss_gradient(theta, X, y)
np.testing.assert_allclose(difference, (1 + 1 / m) * second_part, rtol=1e-12)
literal, difference""",
    "3": """X, t, theta = data["X"], data["targets"], data["theta"]
r = X @ theta - t
grad_sum = 2 * X.T @ r
grad_half_sum = X.T @ r
np.testing.assert_allclose(grad_sum, numerical_gradient(lambda th: np.sum((X @ th - t) ** 2), theta), rtol=1e-7)
np.testing.assert_allclose(grad_half_sum, len(t) * least_squares_gradient(theta, X, t), rtol=1e-12)
grad_sum, grad_half_sum""",
    "4": """X, y, theta, alpha = data["X"], data["y"], data["theta"], data["alpha"]
claimed = X.T @ (y - sigmoid(X @ theta)) / len(y)
fd = numerical_gradient(log_loss, theta, args=(X, y))
loss_after = log_loss(theta - alpha * claimed, X, y)
np.testing.assert_allclose(claimed, -fd, atol=1e-8)         # the negative of the gradient
assert loss_after > log_loss(theta, X, y)                    # uphill
claimed, fd, loss_after""",
}

WRITTEN = {
    "1": {"rubric": [("y(1 − h) − (1 − y)h = y − h, so F = −½Xᵀ(y − h) = ½Xᵀ(h − y) = (m/2)∇J", 1),
                     ("a positive multiple of ∇J: same zeros, same direction; only the learning rate is rescaled", 1),
                     ("T = ∇J + ½: at θ*, ∇J = 0 so T(θ*) = ½·1 ≠ 0; descent with T keeps moving, its stopping point "
                      "is where ∇J = −½·1", 1)],
          "ask": ["y(1 − h) − (1 − y)h simplified, and F related to ∇J",
                  "what that relation means for the zeros of F and for the learning rate of gradient descent",
                  "T at θ*, and where descent with T would stop instead"],
          "model": "y(1 − h) − (1 − y)h = y − yh − h + yh = y − h, so F = ½Xᵀ(h − y) = (m/2)·(1/m)Xᵀ(h − y) = (m/2)∇J: "
                   "it vanishes exactly where ∇J does, and descent with F is descent with ∇J and learning rate mα/2. "
                   "T(θ*) = 0 + ½ ≠ 0: gradient descent with T does not stop at θ*; it would stop where ∇J = −½."},
    "2": {"rubric": [("first sum: y(1/h)h(1 − h)x = y(1 − h)x; second: (1 − y)(1/(1 − h))(−h(1 − h))x = −(1 − y)hx", 1),
                     ("the gradient is −(1/m)(A + B); the literal reading is −A/m + B, so it differs by (1 + 1/m)B", 2),
                     ("B = −Σ(1 − y)hx: the literal reading is off by −(1 + 1/m)Σ(1 − y⁽ⁱ⁾)h⁽ⁱ⁾x⁽ⁱ⁾", 1)],
          "ask": ["each of the two sums simplified with ∂h/∂θⱼ written in h and x",
                  "the literal reading compared with the gradient, both written with the two sums",
                  "the difference from the gradient written as one sum over the examples"],
          "model": "With ∂h/∂θⱼ = h(1 − h)xⱼ: A = Σy(1 − h)xⱼ, B = −Σ(1 − y)hxⱼ. ∇J = −(A + B)/m; the printed reading is "
                   "−A/m + B; difference = B + B/m = (1 + 1/m)B = −(1 + 1/m)Σᵢ(1 − y⁽ⁱ⁾)h⁽ⁱ⁾xⱼ⁽ⁱ⁾."},
    "3": {"rubric": [("∇S = 2Xᵀ(Xθ − t): the 2 from differentiating the square (chain rule)", 1),
                     ("∇(½S) = Xᵀ(Xθ − t): the ½ cancels the 2; least_squares_gradient is this divided by m", 1)],
          "ask": ["∇S, and where its factor 2 comes from",
                  "∇(½S), what the ½ does, and how it relates to least_squares_gradient"],
          "model": "∂/∂θⱼ Σ(θᵀx − t)² = Σ2(θᵀx − t)xⱼ, so ∇S = 2Xᵀ(Xθ − t); ∇(½S) = Xᵀ(Xθ − t); the mean (1/(2m))S has "
                   "(1/m)Xᵀ(Xθ − t). The ½ is there only to cancel the 2; the 1/m only rescales."},
    "4": {"rubric": [("the reader's vector is minus the finite-difference gradient in every component", 1),
                     ("so it is −∇J: a 'descent' step with it goes uphill, the loss increases (and keeps increasing)", 1)],
          "ask": ["how the reader's vector compares with the finite-difference gradient, component by component",
                  "what a 'descent' step with it does to the loss, and why"],
          "model": "claimed = −fd to finite-difference accuracy: (1/m)Xᵀ(y − h) = −∇J. A step θ − α·claimed = θ + α∇J "
                   "climbs: the loss after the step is larger than before, and repeated steps go further uphill."},
}

# ------------------------------------------------------------------------------------------ the grader

POINTS = {"only_factor": 1, "only_trailing": 1, "theta_star": 1, "literal": 1, "difference": 1,
          "grad_sum": 1, "grad_half_sum": 1, "claimed": 1, "fd": 1, "loss_after": 1}


def probes(rng, data):
    return {}


def vary(d: dict) -> dict:
    return d


def _loss(theta, X, y):
    z = X @ theta
    return float(np.mean(np.logaddexp(0, z) - y * z))


def reference(data: dict, probe: dict) -> dict:
    X, y, theta, t = (np.asarray(data[k], dtype=float) for k in ("X", "y", "theta", "targets"))
    m = len(y)
    h = 1 / (1 + np.exp(-(X @ theta)))
    grad = X.T @ (h - y) / m
    star = np.zeros(X.shape[1])
    for _ in range(100):                                     # Newton's method, own
        hs = 1 / (1 + np.exp(-(X @ star)))
        step = np.linalg.solve(X.T @ (X * (hs * (1 - hs))[:, None]) / m, -(X.T @ (hs - y) / m))
        star = star + step
        if np.abs(step).max() < 1e-13:
            break
    second = -X.T @ ((1 - y) * h)
    r = X @ theta - t
    claimed = -grad
    return {"only_factor": (m / 2 * grad).tolist(), "only_trailing": (grad + 0.5).tolist(), "theta_star": star.tolist(),
            "literal": (-(X.T @ (y * (1 - h))) / m + second).tolist(), "difference": ((1 + 1 / m) * second).tolist(),
            "grad_sum": (2 * X.T @ r).tolist(), "grad_half_sum": (X.T @ r).tolist(),
            "claimed": claimed.tolist(), "fd": grad.tolist(),
            "loss_after": _loss(theta - float(data["alpha"]) * claimed, X, y)}


def compare(name: str, got, ref: dict):
    """(right?, what was compared, in words)."""
    if name == "fd":
        ok, msg = close(got, ref[name], rtol=0, atol=1e-6)
        how = "against the exact gradient, within 1e-6 (the accuracy of a central difference)"
    elif name == "theta_star":
        ok, msg = close(got, ref[name], rtol=0, atol=1e-4)   # as the prompt says: any minimiser run far enough
        how = "by value, each entry within 1e-4"
    else:
        ok, msg = close(got, ref[name], rtol=1e-9, atol=1e-12)
        how = "by value, relative tolerance 1e-9 (absolute 1e-12)"
    return ok, how + ("" if ok else f"; {msg}")
