"""Graded exercises of chapter 05, variants of the chapter's three worked exercises (hidden: the grader's side).

Book exercise -> graded variant (each student's X, y, α and starting points come from kit.data_05.data(seed)):
  1 ex-update-half-learning-rate: the iterates of gradient descent without the ½ on the student's data, rate and start
    (the book: the chapter's X, y_line, α = 0.2 from zeros), and the rate with the ½ that gives the same iterates
  2 ex-update-normal-equations: the normal-equation solution of the student's data and how far 30 steps are from it
  3 ex-update-absolute-error: the mean absolute error and its gradient at the student's θ (the book: (0.1, 0.2, 0.3))
"""

from classroom.graded.compare import close, rows as _rows, solve as _solve

CHAPTER = "05_same_update_rule"
BOOK = {"1": "ex-update-half-learning-rate", "2": "ex-update-normal-equations", "3": "ex-update-absolute-error"}
TITLES = {"1": "Without the ½, on your data", "2": "The normal equations of your data",
          "3": "The mean absolute error, on your data"}

SETUP = """import numpy as np
from helpers import gradient_descent, least_squares_gradient, least_squares_loss, numerical_gradient"""

PROMPTS = {
    "1": """Your data: `X = data["X"]` (m × 3, first column ones), real targets `y = data["y"]`, learning rate `α = data["alpha"]`, start `data["theta_start"]`.
By hand, show that gradient descent on $\\frac1m\\lVert X\\theta - y\\rVert^2$ (no $\\tfrac12$) with rate $\\alpha$ takes exactly the steps of gradient descent on $J_{\\text{LS}} = \\frac{1}{2m}\\lVert X\\theta - y\\rVert^2$ with another rate, and say which.
Then compute the 30 steps without the ½ from `data["theta_start"]` (all 31 iterates, the start first), and that other rate.
`gradient_descent(fun, theta0, learning_rate, n_steps, args=(X, y), tol=0)` runs every step, with `fun(theta, X, y)` returning $\\bigl(J(\\theta), \\nabla J(\\theta)\\bigr)$; its result's `.path` holds every iterate, the start included.""",
    "2": """Same `X`, `y`.
By hand, show that $\\nabla J_{\\text{LS}}(\\theta) = \\frac1m X^\\top(X\\theta - y)$ vanishes exactly where $X^\\top X\\,\\theta = X^\\top y$, and say why `np.linalg.solve` cannot do the same for the logistic equation $X^\\top\\sigma(X\\theta) = X^\\top y$.
Then solve the normal equations for your data, and compute how far the last iterate $\\theta_{30}$ of Exercise 1 is from that solution: $\\max_j |\\theta_{30,j} - \\theta_{\\text{normal},j}|$.""",
    "3": """Same `X`, `y`, and `θ = data["theta"]`.
By hand, derive the gradient of the mean absolute error $J_{\\text{abs}}(\\theta) = \\frac1m\\sum_i \\bigl|\\theta^\\top x^{(i)} - y^{(i)}\\bigr|$ wherever no residual is 0, and say whether it has the form $\\frac1m X^\\top(h - y)$.
Then compute $J_{\\text{abs}}$ and its gradient at your `θ` (no residual is 0 there), and check the gradient with `numerical_gradient` (the check is not graded; the values are).""",
}

SOLUTIONS = {
    "1": """X, y, α = data["X"], data["y"], data["alpha"]

def without_half(t, X, y):                        # (1/m)‖Xθ − y‖² = 2 J_LS, and its gradient
    return 2 * least_squares_loss(t, X, y), 2 * least_squares_gradient(t, X, y)

def with_half(t, X, y):
    return least_squares_loss(t, X, y), least_squares_gradient(t, X, y)

run = gradient_descent(without_half, data["theta_start"], α, 30, args=(X, y), tol=0)
path_no_half = run.path
rate_half = 2 * α
same = gradient_descent(with_half, data["theta_start"], rate_half, 30, args=(X, y), tol=0)
np.testing.assert_allclose(same.path, path_no_half, rtol=1e-12, atol=1e-14)
path_no_half[-1], rate_half""",
    "2": """X, y = data["X"], data["y"]
theta_normal = np.linalg.solve(X.T @ X, X.T @ y)
assert np.abs(least_squares_gradient(theta_normal, X, y)).max() < 1e-12

def with_half(t, X, y):
    return least_squares_loss(t, X, y), least_squares_gradient(t, X, y)

last = gradient_descent(with_half, data["theta_start"], 2 * data["alpha"], 30, args=(X, y), tol=0).theta
gap = float(np.abs(last - theta_normal).max())
theta_normal, gap""",
    "3": """X, y, θ = data["X"], data["y"], data["theta"]

def absolute_error(t, X, y):
    return float(np.mean(np.abs(X @ t - y)))

abs_loss = absolute_error(θ, X, y)
abs_gradient = X.T @ np.sign(X @ θ - y) / X.shape[0]
np.testing.assert_allclose(abs_gradient, numerical_gradient(absolute_error, θ, args=(X, y)), atol=1e-8)
abs_loss, abs_gradient""",
}

WRITTEN = {
    "1": {"rubric": [("the gradient of (1/m)‖Xθ − y‖² is (2/m)Xᵀ(Xθ − y) = 2∇J_LS", 1),
                     ("θ − α·2∇J_LS(θ) = θ − 2α∇J_LS(θ): the same map, so the same iterates from the same start", 2),
                     ("so the rate on J_LS is 2α (the same rate would take half-size steps)", 1)],
          "ask": ["the gradient of (1/m)‖Xθ − y‖², compared with ∇J_LS",
                  "one step with rate α written as a step on J_LS, and why the iterates agree from the same start",
                  "which rate on J_LS gives the same steps, and what keeping the same rate would do instead"],
          "model": "∇[(1/m)‖Xθ − y‖²] = (2/m)Xᵀ(Xθ − y) = 2∇J_LS(θ), so a step with rate α is "
                   "θ − 2α∇J_LS(θ): gradient descent on J_LS with rate 2α. The same map gives the same iterates."},
    "2": {"rubric": [("∇J_LS = (1/m)Xᵀ(Xθ − y) = 0 iff XᵀXθ = Xᵀy, a linear system in θ", 2),
                     ("in Xᵀσ(Xθ) = Xᵀy the unknown sits inside σ: no matrix times θ to hand to solve", 1),
                     ("gradient descent approaches the solution; after 30 steps it is close but not there", 1)],
          "ask": ["when ∇J_LS vanishes, written as a system for θ, and what kind of system it is",
                  "why the logistic equation cannot be handed to np.linalg.solve",
                  "how close 30 steps of gradient descent get to the solution, and why not exactly"],
          "model": "The gradient (1/m)Xᵀ(Xθ − y) vanishes iff XᵀXθ = Xᵀy: a linear system, solved exactly. In "
                   "Xᵀσ(Xθ) = Xᵀy, θ is inside the sigmoid, so the left side is not linear in θ and needs iterations "
                   "(gradient descent or Newton's method). The run of Exercise 1 approaches θ_normal."},
    "3": {"rubric": [("per example, d|z − y|/dz = sign(z − y) where z ≠ y", 2),
                     ("chain rule through z = θᵀx: ∇J_abs = (1/m)Xᵀ sign(Xθ − y)", 2),
                     ("not (1/m)Xᵀ(h − y): the residual enters only through its sign", 1)],
          "ask": ["the derivative of |z − y| in z for one example, where z ≠ y",
                  "the chain rule through the score θᵀx, then the mean written in matrix form",
                  "whether this has the form (1/m)Xᵀ(h − y), and what happens to the size of the residual"],
          "model": "d|z − y|/dz = sign(z − y) (z ≠ y); with z = θᵀx, ∂/∂θⱼ = sign(θᵀx − y)xⱼ; the mean gives "
                   "(1/m)Xᵀ sign(Xθ − y). The residual's size is lost: not the shared form (1/m)Xᵀ(h − y)."},
}

# ------------------------------------------------------------------------------------------ the grader

#: 0: checked, not scored. The prompt prints J_abs, whose value abs_loss is (a teacher scored it by transcription):
#: its point is in the derivation's first step.
POINTS = {"path_no_half": 1, "rate_half": 1, "theta_normal": 1, "gap": 1, "abs_loss": 0, "abs_gradient": 1}


def probes(rng, data: dict) -> dict:
    return {}


def vary(d: dict) -> dict:
    return d


def reference(data: dict, probe: dict) -> dict:
    X, y = _rows(data["X"]), [float(v) for v in data["y"]]
    m, n = len(y), len(X[0])
    α = float(data["alpha"])
    θ = [float(v) for v in data["theta_start"]]
    path = [θ[:]]
    for _ in range(30):                               # θ ← θ − α (2/m) Xᵀ(Xθ − y)
        r = [sum(a * b for a, b in zip(row, θ)) - t for row, t in zip(X, y)]
        θ = [θ[j] - α * 2 / m * sum(X[i][j] * r[i] for i in range(m)) for j in range(n)]
        path.append(θ[:])
    XtX = [[sum(X[i][a] * X[i][b] for i in range(m)) for b in range(n)] for a in range(n)]
    Xty = [sum(X[i][a] * y[i] for i in range(m)) for a in range(n)]
    normal = _solve(XtX, Xty)
    t = [float(v) for v in data["theta"]]
    r = [sum(a * b for a, b in zip(row, t)) - yi for row, yi in zip(X, y)]
    sign = [1.0 if v > 0 else -1.0 for v in r]
    return {"path_no_half": path, "rate_half": 2 * α, "theta_normal": normal,
            "gap": max(abs(a - b) for a, b in zip(path[-1], normal)),
            "abs_loss": sum(abs(v) for v in r) / m,
            "abs_gradient": [sum(X[i][j] * sign[i] for i in range(m)) / m for j in range(n)]}


TOL = {"path_no_half": (1e-9, 1e-12, "relative tolerance 1e-9, every iterate"),
       "rate_half": (1e-12, 0.0, "relative tolerance 1e-12"),
       "theta_normal": (1e-9, 1e-12, "relative tolerance 1e-9"),
       "gap": (1e-6, 1e-10, "relative tolerance 1e-6 (absolute 1e-10)"),
       "abs_loss": (1e-9, 0.0, "relative tolerance 1e-9"),
       "abs_gradient": (1e-9, 1e-12, "relative tolerance 1e-9 (absolute 1e-12)")}


def compare(name: str, got, ref: dict):
    rtol, atol, words = TOL[name]
    ok, msg = close(got, ref[name], rtol=rtol, atol=atol)
    return ok, f"by value, {words}" + ("" if ok else f"; {msg}")
