"""Graded exercises of chapter 06, variants of the chapter's three worked exercises (hidden: the grader's side).

Book exercise -> graded variant (each student's data sets come from kit.data_06.data(seed)):
  1 ex-min-least-squares-newton: one Newton step on the student's least-squares data from the student's start
    (the book: seed 1, 40 × 4, four random starts)
  2 ex-min-newton-invariance: the gradient and Newton step in the raw coordinates X' = XA at θ'₀ = A⁻¹θ₀, and the
    Newton decrement, on the student's ages (the book: the chapter's ages, fit_newton's whole path)
  3 ex-min-bound-tight: the bound L and the largest curvature at θ'₀ in the raw coordinates (ages in years) of the
    student's data (the book: the standardised ages, at θ = 0 and the minimiser; with standardised features
    XᵀX/m = I and L = ¼ for everyone, so the variant uses X' = XA)
"""

import math

from classroom.graded.compare import close, rows as _rows, sigmoid as _s, solve as _solve

CHAPTER = "06_minimising"
BOOK = {"1": "ex-min-least-squares-newton", "2": "ex-min-newton-invariance", "3": "ex-min-bound-tight"}
TITLES = {"1": "One Newton step on your least-squares data", "2": "Newton's method in your raw coordinates",
          "3": "The bound on the curvature, on your data"}

SETUP = """import numpy as np
from helpers import (least_squares_gradient, least_squares_loss, log_loss, log_loss_gradient,
                     log_loss_hessian, sigmoid)"""

PROMPTS = {
    "1": """Your least-squares data: `X_ls = data["X_ls"]` (m × 3, first column ones), targets `y_ls = data["y_ls"]`, and a start `data["theta_ls"]`.
By hand, show that for $J(\\theta) = \\frac1{2m}\\lVert X\\theta - y\\rVert^2$ one Newton step $\\theta_1 = \\theta_0 - (\\nabla^2 J)^{-1}\\nabla J(\\theta_0)$, from any $\\theta_0$, lands on the solution of $X^\\top X\\theta = X^\\top y$.
Then compute the Hessian $\\frac1m X^\\top X$ and the point one Newton step from your start reaches (`least_squares_gradient` is $\\nabla J$).""",
    "2": """Your logistic data: `X = data["X"]` (m × 2: ones, then standardised ages), labels `y = data["y"]`, the matrix `A = data["A"]` with $XA = [1, \\text{age}]$ (ages in years), and `θ0 = data["theta0"]`.
By hand, show that on $X' = XA$ at $\\theta'_0 = A^{-1}\\theta_0$ the gradient is $\\nabla J' = A^\\top\\nabla J(\\theta_0)$, the Hessian $A^\\top\\nabla^2 J(\\theta_0)A$, the Newton step $A^{-1}$ times the Newton step on $X$, and that the Newton decrement $\\sqrt{\\nabla J^\\top(\\nabla^2 J)^{-1}\\nabla J}$ is the same in both coordinates.
Then compute, on `X' = X @ A` at `θ'0 = A⁻¹ θ0`, the gradient and the Newton step $-(\\nabla^2 J')^{-1}\\nabla J'$ (no line search), and the decrement (`log_loss_gradient` and `log_loss_hessian` are $\\nabla J$ and $\\nabla^2 J$).""",
    "3": """Same `X`, `y`, `A`, `θ0`, and the raw design $X' = XA$ (ages in years) of Exercise 2.
By hand, show that $\\lambda_{\\max}(\\nabla^2 J(\\theta)) \\le L = \\lambda_{\\max}(X^\\top X)/(4m)$ for every $\\theta$ and every design $X$, and find where it is attained.
Then compute $L$ for the raw design $X'$, and the largest eigenvalue of $\\nabla^2 J'$ on $X'$ at $\\theta'_0 = A^{-1}\\theta_0$ (e.g. with `np.linalg.eigvalsh`).""",
}

SOLUTIONS = {
    "1": """X_ls, y_ls = data["X_ls"], data["y_ls"]
hessian_ls = X_ls.T @ X_ls / len(y_ls)
θ_0 = data["theta_ls"]
theta_one_step = θ_0 - np.linalg.solve(hessian_ls, least_squares_gradient(θ_0, X_ls, y_ls))
assert np.abs(least_squares_gradient(theta_one_step, X_ls, y_ls)).max() < 1e-12   # the gradient vanishes there
hessian_ls, theta_one_step""",
    "2": """X, y, A, θ0 = data["X"], data["y"], data["A"], data["theta0"]
X_prime = X @ A
θ_prime = np.linalg.solve(A, θ0)
grad_prime = log_loss_gradient(θ_prime, X_prime, y)
step_prime = -np.linalg.solve(log_loss_hessian(θ_prime, X_prime, y), grad_prime)
g = log_loss_gradient(θ0, X, y)
decrement = float(np.sqrt(g @ np.linalg.solve(log_loss_hessian(θ0, X, y), g)))
np.testing.assert_allclose(grad_prime, A.T @ g, rtol=1e-8)                         # Aᵀ∇J, as derived
np.testing.assert_allclose(step_prime, -np.linalg.solve(A, np.linalg.solve(log_loss_hessian(θ0, X, y), g)), rtol=1e-7)
grad_prime, step_prime, decrement""",
    "3": """X, y, A, θ0 = data["X"], data["y"], data["A"], data["theta0"]
X_prime, m = X @ A, X.shape[0]
L_bound = float(np.linalg.eigvalsh(X_prime.T @ X_prime)[-1] / (4 * m))
lam_max_theta = float(np.linalg.eigvalsh(log_loss_hessian(np.linalg.solve(A, θ0), X_prime, y))[-1])
assert np.isclose(np.linalg.eigvalsh(log_loss_hessian(np.zeros(2), X_prime, y))[-1], L_bound)   # attained at θ = 0
L_bound, lam_max_theta""",
}

WRITTEN = {
    "1": {"rubric": [("∇J = (1/m)Xᵀ(Xθ − y), ∇²J = (1/m)XᵀX, constant in θ", 1),
                     ("θ₁ = θ₀ − (XᵀX)⁻¹Xᵀ(Xθ₀ − y) = (XᵀX)⁻¹Xᵀy: θ₀ cancels", 2),
                     ("why: J is exactly quadratic, so its Taylor model is J itself; needs XᵀX invertible", 1)],
          "ask": ["∇J and ∇²J of the least-squares loss, and how ∇²J depends on θ",
                  "one Newton step from θ₀, simplified: what happens to θ₀",
                  "why one step suffices, and what XᵀX must satisfy"],
          "model": "∇J(θ₀) = (1/m)Xᵀ(Xθ₀ − y), ∇²J = (1/m)XᵀX. θ₁ = θ₀ − (XᵀX)⁻¹Xᵀ(Xθ₀ − y) = θ₀ − θ₀ + (XᵀX)⁻¹Xᵀy, "
                   "the normal-equation solution, whatever θ₀. The quadratic model Newton minimises is J itself."},
    "2": {"rubric": [("X'θ' = XAA⁻¹θ = Xθ: the same h, S and loss", 1),
                     ("∇J' = Aᵀ∇J and ∇²J' = Aᵀ∇²J A (chain rule through X' = XA)", 1),
                     ("Newton step −(Aᵀ∇²JA)⁻¹Aᵀ∇J = −A⁻¹(∇²J)⁻¹∇J: A⁻¹ times the step on X", 1),
                     ("decrement: ∇JᵀA(Aᵀ∇²JA)⁻¹Aᵀ∇J = ∇Jᵀ(∇²J)⁻¹∇J, the same; max|∂J/∂θⱼ| is not", 1)],
          "ask": ["X′θ′ compared with Xθ, and what that means for h, S and the loss",
                  "∇J′ and ∇²J′ in terms of ∇J, ∇²J and A, by the chain rule",
                  "the Newton step on X′ expressed through the Newton step on X",
                  "the decrement in both coordinates, and whether the largest gradient entry is unchanged too"],
          "model": "With θ' = A⁻¹θ, X'θ' = Xθ, so h, S and J agree. ∇J' = X'ᵀ(h − y)/m = Aᵀ∇J; ∇²J' = X'ᵀSX'/m = "
                   "Aᵀ∇²JA. The Newton step is −A⁻¹(∇²J)⁻¹A⁻ᵀAᵀ∇J = A⁻¹d. The decrement's A's cancel; the largest "
                   "gradient entry does not (Aᵀ∇J ≠ ∇J), so only the decrement test stops both runs together."},
    "3": {"rubric": [("∇²J = (1/m)XᵀSX with S = diag(h(1 − h)) and h(1 − h) ≤ ¼", 1),
                     ("vᵀ∇²Jv ≤ (1/4m)‖Xv‖² ≤ L‖v‖² for every v, so λ_max ≤ L", 2),
                     ("equality at θ = 0, where every h = ½ and ∇²J = XᵀX/(4m); for the raw ages L is large "
                      "(the safe rate 1/L small), for standardised ages XᵀX/m = I and L = ¼", 1)],
          "ask": ["∇²J written with X and the weights h(1 − h), and a bound on each weight",
                  "a bound on the quadratic form vᵀ∇²Jv, and from it the bound on λ_max",
                  "where the bound is attained, and what L is like for raw and for standardised ages"],
          "model": "vᵀ∇²J v = (1/m)Σ h(1 − h)(xᵀv)² ≤ (1/4m)‖Xv‖² ≤ λ_max(XᵀX)/(4m)‖v‖². At θ = 0 every "
                   "h = ½, S = I/4 and ∇²J(0) = XᵀX/(4m): the bound is attained."},
}

# ------------------------------------------------------------------------------------------ the grader

POINTS = {"hessian_ls": 1, "theta_one_step": 1, "grad_prime": 1, "step_prime": 1, "decrement": 1, "L_bound": 1,
          "lam_max_theta": 1}


def probes(rng, data: dict) -> dict:
    return {}


def vary(d: dict) -> dict:
    return d


def _gram(X, w):
    """(1/m) Xᵀ diag(w) X."""
    m, n = len(X), len(X[0])
    return [[sum(w[i] * X[i][a] * X[i][b] for i in range(m)) / m for b in range(n)] for a in range(n)]


def _congruent(A, H):
    """AᵀHA."""
    n = len(A)
    return [[sum(A[i][a] * H[i][j] * A[j][b] for i in range(n) for j in range(n)) for b in range(n)] for a in range(n)]


def _lam_max_2x2(H):
    a, b, c = H[0][0], H[0][1], H[1][1]
    return (a + c) / 2 + math.hypot((a - c) / 2, b)


def reference(data: dict, probe: dict) -> dict:
    # 1: one Newton step on least squares lands on the normal-equation solution, whatever the start
    Xl, yl = _rows(data["X_ls"]), [float(v) for v in data["y_ls"]]
    ml = len(yl)
    H_ls = _gram(Xl, [1.0] * ml)
    normal = _solve(H_ls, [sum(Xl[i][a] * yl[i] for i in range(ml)) / ml for a in range(3)])
    # 2: in the raw coordinates, by the identities ∇J' = Aᵀ∇J, d' = A⁻¹d, the decrement unchanged
    X, y, A = _rows(data["X"]), [float(v) for v in data["y"]], _rows(data["A"])
    θ0 = [float(v) for v in data["theta0"]]
    m = len(y)
    h = [_s(sum(a * b for a, b in zip(row, θ0))) for row in X]
    g = [sum((h[i] - y[i]) * X[i][j] for i in range(m)) / m for j in range(2)]
    H = _gram(X, [hi * (1 - hi) for hi in h])
    d = [-v for v in _solve(H, g)]
    grad_prime = [sum(A[i][j] * g[i] for i in range(2)) for j in range(2)]
    step_prime = _solve(A, d)
    decrement = math.sqrt(-sum(a * b for a, b in zip(g, d)))
    # 3: on X' = XA, X'ᵀSX'/m = Aᵀ(XᵀSX/m)A: L = λ_max(Aᵀ(XᵀX/m)A)/4, the curvature λ_max(Aᵀ∇²J(θ0)A)
    return {"hessian_ls": H_ls, "theta_one_step": normal, "grad_prime": grad_prime, "step_prime": step_prime,
            "decrement": decrement, "L_bound": _lam_max_2x2(_congruent(A, _gram(X, [1.0] * m))) / 4,
            "lam_max_theta": _lam_max_2x2(_congruent(A, H))}


TOL = {"hessian_ls": (1e-10, 1e-12, "relative tolerance 1e-10 (absolute 1e-12)"),
       "theta_one_step": (1e-9, 1e-12, "relative tolerance 1e-9"),
       "grad_prime": (1e-7, 1e-12, "relative tolerance 1e-7 (the raw ages make X' ill-conditioned)"),
       "step_prime": (1e-7, 1e-12, "relative tolerance 1e-7 (the raw ages make X' ill-conditioned)"),
       "decrement": (1e-9, 0.0, "relative tolerance 1e-9"),
       "L_bound": (1e-9, 0.0, "relative tolerance 1e-9"),
       "lam_max_theta": (1e-9, 0.0, "relative tolerance 1e-9")}


def compare(name: str, got, ref: dict):
    rtol, atol, words = TOL[name]
    ok, msg = close(got, ref[name], rtol=rtol, atol=atol)
    return ok, f"by value, {words}" + ("" if ok else f"; {msg}")
