"""Graded exercises of chapter 07, variants of three of the chapter's worked exercises (hidden: the grader's side).

Book exercise -> graded variant (the student's numbers come from kit.data_07.data(seed)):
  1 ex-nc-least-squares-convex: least squares with a ridge penalty (λ/2)w², on the student's x and λ
  2 ex-mse-soft-labels: the squared error of a tanh output, ½(tanh(wx) − y)², with a soft label y in (−1, 1)
  3 ex-mse-plateau-start: the student's start on the plateau and number of steps, on the chapter's data
(ex-nc-saddle-neighbours is not graded: it needs the chapter's saddle point, which the chapter finds.)
"""

import math

import numpy as np

from classroom.graded.compare import close

CHAPTER = "07_non_convex_landscapes"
BOOK = {"1": "ex-nc-least-squares-convex", "2": "ex-mse-soft-labels", "3": "ex-mse-plateau-start"}
TITLES = {"1": "Least squares with a ridge penalty: convex, and strictly",
          "2": "Soft labels for a tanh output",
          "3": "A start of your own on the plateau"}

SETUP = """import numpy as np
import sympy as sp
from helpers import (two_minima_data, mse_loss, mse_gradient, mse_loss_and_gradient,
                     log_loss, log_loss_gradient, log_loss_and_gradient, gradient_descent)

X, y = two_minima_data()             # the chapter's twelve examples (exercise 3)"""

PROMPTS = {
    "1": """Your data: inputs `x = data["x"]`, targets `data["targets"]` ($m$ numbers each) and `lam = data["lam"]` ($\\lambda$).
Ridge regression adds a penalty on the slope to least squares: $J_\\lambda(b, w) = \\frac{1}{2m}\\sum_i \\bigl(b + wx^{(i)} - y^{(i)}\\bigr)^2 + \\frac{\\lambda}{2}w^2$.
By hand, compute its Hessian with respect to $(b, w)$, its trace and its determinant, and show that $J_\\lambda$ is strictly convex for *every* dataset when $\\lambda > 0$ (compare the chapter's least squares, strictly convex only when the $x^{(i)}$ are not all equal).
Then compute the Hessian and its determinant on your data (as a NumPy array or a list; a SymPy matrix converts with `np.array(H, dtype=float)`).""",
    "2": """A model with a tanh output, $t = \\tanh(wx) \\in (-1, 1)$, fitted with the squared error $f(w) = \\tfrac12(t - y)^2$ to a soft label $y$ = `data["y_soft"]`.
By hand, using $\\tanh' = 1 - \\tanh^2$, show that $f''(w) = x^2(1 - t^2)\\,q(t)$ with a quadratic $q$ whose leading coefficient is $-3$, find its roots $t_- < t_+$, and say on which ranges of $t$ the squared error is concave in $w$.
Check the hard label $y = 1$: the roots are $-\\tfrac13$ and $1$ (compare $h < \\tfrac13$ for the sigmoid).
Then build $q$ in SymPy for your $y$ (from `data`), in a symbol of your choice, and its two roots as floats (an exact SymPy root converts with `float(root)`).""",
    "3": """On the chapter's data (`X, y = two_minima_data()`), start gradient descent at `data["start"]` $= (b, w)$: every score $|b + wx^{(i)}|$ is at least 4 there.
Compute the size of the gradient at the start (its largest component in absolute value) for the squared error `mse_loss` and for the log-loss `log_loss`, and the squared error after `data["n_steps"]` steps of gradient descent with learning rate 5 (`gradient_descent(mse_loss_and_gradient, ...)` with `tol=0`, or your own loop).
By hand: why is the squared error's gradient so small there, and where does each run end (run the log-loss too, learning rate 0.8)?""",
}

SOLUTIONS = {
    "1": """x, lam = data["x"], data["lam"]
H_ridge = np.array([[1.0, np.mean(x)], [np.mean(x), np.mean(x**2) + lam]])
det_ridge = np.linalg.det(H_ridge)
# SymPy confirms the hand derivation on these numbers
bb, ww = sp.symbols("b w", real=True)
J = sum((bb + ww * sp.nsimplify(xi) - sp.nsimplify(yi)) ** 2 for xi, yi in zip(x, data["targets"])) / (2 * len(x)) \\
    + sp.nsimplify(lam) / 2 * ww**2
np.testing.assert_allclose(np.array(sp.hessian(J, (bb, ww)), dtype=float), H_ridge, rtol=1e-12)
np.testing.assert_allclose(det_ridge, np.var(x) + lam, rtol=1e-12)       # variance + λ > 0
H_ridge, det_ridge""",
    "2": """t, w, xx = sp.symbols("t w x", real=True)
y_soft = sp.nsimplify(data["y_soft"])
f = (sp.tanh(w * xx) - y_soft) ** 2 / 2
q = -3 * t**2 + 2 * y_soft * t + 1
second = sp.diff(f, w, 2)                      # SymPy agrees with the hand derivation
assert sp.expand(second - xx**2 * (1 - sp.tanh(w * xx) ** 2) * q.subs(t, sp.tanh(w * xx))) == 0
t_minus, t_plus = sorted(float(r) for r in sp.solve(q, t))
q, t_minus, t_plus""",
    "3": """X, y = two_minima_data()            # the chapter's twelve examples again
start, n = data["start"], data["n_steps"]
grad_start_sq = np.max(np.abs(mse_gradient(start, X, y)))
grad_start_log = np.max(np.abs(log_loss_gradient(start, X, y)))
run_sq = gradient_descent(mse_loss_and_gradient, start, 5.0, n, args=(X, y), tol=0)
run_log = gradient_descent(log_loss_and_gradient, start, 0.8, n, args=(X, y), tol=0)
loss_sq_end = run_sq.losses[-1]
print(f"squared error {run_sq.losses[0]:.5f} -> {loss_sq_end:.5f}, ends at {run_sq.theta}")
print(f"log-loss {run_log.losses[0]:.3f} -> {run_log.losses[-1]:.3f}, ends at {run_log.theta}")
grad_start_sq, grad_start_log, loss_sq_end""",
}

WRITTEN = {
    "1": {"rubric": [("∂²J/∂b² = 1, ∂²J/∂b∂w = x̄, ∂²J/∂w² = mean(x²) + λ (the 1/(2m) and the 2 of the square cancel)", 2),
                     ("trace 1 + mean(x²) + λ > 0 and determinant mean(x²) − x̄² + λ = Var(x) + λ", 1),
                     ("Var(x) ≥ 0, so det ≥ λ > 0 and trace > 0: positive definite for every dataset, strictly convex", 1)],
          "ask": ["the three second partial derivatives of J_λ, showing how the 1/(2m) and the square combine",
                  "the trace and the determinant of the Hessian, simplified",
                  "why both are positive for every dataset when λ > 0, and what that says about convexity"],
          "model": "H = [[1, x̄], [x̄, mean(x²) + λ]] (the Hessian involves neither y nor (b, w)). tr H = 1 + mean(x²) + λ "
                   "> 0; det H = mean(x²) − x̄² + λ = Var(x) + λ ≥ λ > 0. A symmetric 2×2 matrix with positive trace and "
                   "determinant is positive definite, so J_λ is strictly convex for every dataset, even when all x are equal."},
    "2": {"rubric": [("f' = (t − y)(1 − t²)x by the chain rule, tanh' = 1 − tanh²", 1),
                     ("f'' = x²[(1 − t²)² − 2t(t − y)(1 − t²)] = x²(1 − t²)(−3t² + 2yt + 1) by the product rule", 2),
                     ("roots t± = (y ± √(y² + 3))/3; f'' < 0 (concave) for t < t₋ and for t > t₊; y = 1 gives −1/3 and 1", 1)],
          "ask": ["f′ by the chain rule, with tanh′ written in t",
                  "f″ by the product rule, factored into x², (1 − t²) and the quadratic q(t)",
                  "the roots of q, the ranges of t where f is concave, and the check with the hard label"],
          "model": "f' = (t − y)·t'·x with t' = 1 − t²; f'' = x²[(1 − t²)² + (t − y)(−2t)(1 − t²)] = x²(1 − t²)(1 − 3t² + 2yt). "
                   "q(t) = −3t² + 2yt + 1 has q(±1) = −2 ± 2y < 0 and q(0) = 1 > 0, roots (y ± √(y² + 3))/3 in (−1, 1): "
                   "concave near both ends. For y = 1: (1 ± 2)/3 = 1, −1/3."},
    "3": {"rubric": [("every |z| ≥ 4, so each h(1 − h) ≤ σ(4)σ(−4) ≈ 0.018: the squared error's gradient, with that factor, "
                      "is tiny (a plateau); the log-loss gradient has no such factor and is large", 2),
                     ("the squared-error run barely moves and ends on the plateau, far from both minima; the log-loss run "
                      "reaches its (unique) minimum", 1)],
          "ask": ["why the squared error's gradient is tiny at the start (which factor is small when every |z| is at "
                  "least 4, and how small) and why the log-loss gradient is not",
                  "where each run ends, and why"],
          "model": "The squared-error gradient is (1/m)Σ(h − y)h(1 − h)x: with |z| ≥ 4 every h(1 − h) ≤ 0.018, so five "
                   "confident wrong predictions barely pull. The log-loss gradient (1/m)Σ(h − y)x has no such factor: "
                   "the wrong predictions give |h − y| ≈ 1. So the squared error is still on the plateau after the steps, "
                   "while the log-loss, convex, reaches its minimiser."},
}

# ------------------------------------------------------------------------------------------ the grader

POINTS = {"H_ridge": 1, "det_ridge": 1, "q": 1, "t_minus": 1, "t_plus": 1, "grad_start_sq": 1,
          "grad_start_log": 1, "loss_sq_end": 1}

_X = [[1.0, v] for v in (-4.0, -4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0)]
_Y = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0]


def probes(rng, data):
    """Where the grader evaluates q (drawn anew at each grading)."""
    return {"q": {"points": [round(float(p), 3) for p in rng.uniform(-1, 1, size=5)]}}


def vary(d: dict) -> dict:
    """The grader's second data set: another seed's numbers, with y_soft + 0.05 and w0 − 0.25 (the start stays on
    the plateau), so that typed-in numbers do not follow."""
    b0, w0 = d["start"]
    # rounded as the data are: a float like 0.29700000000000004 sends sp.nsimplify in the key's answer on a long search
    return dict(d, y_soft=round(d["y_soft"] + 0.05, 3), start=np.array([b0, round(w0 - 0.25, 2)]))


def _sig(t: float) -> float:
    return 1 / (1 + math.exp(-t)) if t >= 0 else math.exp(t) / (1 + math.exp(t))


def _sq_grad(b, w):
    """(loss, gradient) of the squared error of a sigmoid on the chapter's data, in plain floats."""
    m = len(_Y)
    loss, gb, gw = 0.0, 0.0, 0.0
    for (one, x), yi in zip(_X, _Y):
        h = _sig(b + w * x)
        r = h - yi
        loss += r * r / (2 * m)
        gb += r * h * (1 - h) / m
        gw += r * h * (1 - h) * x / m
    return loss, gb, gw


def reference(data: dict, probe: dict) -> dict:
    x, lam = [float(v) for v in data["x"]], float(data["lam"])
    m = len(x)
    mx, mx2 = sum(x) / m, sum(v * v for v in x) / m
    H = [[1.0, mx], [mx, mx2 + lam]]
    y = float(data["y_soft"])
    qv = [-3 * t * t + 2 * y * t + 1 for t in probe["q"]["points"]]
    root = math.sqrt(y * y + 3)
    b, w = (float(v) for v in data["start"])
    _, gb, gw = _sq_grad(b, w)
    lb = sum((_sig(b + w * xx) - yi) for (_, xx), yi in zip(_X, _Y)) / len(_Y)
    lw = sum((_sig(b + w * xx) - yi) * xx for (_, xx), yi in zip(_X, _Y)) / len(_Y)
    theta = np.array([b, w])
    Xa, Ya = np.array(_X), np.array(_Y)
    for _ in range(int(data["n_steps"])):                 # plain gradient descent, learning rate 5
        h = 1 / (1 + np.exp(-(Xa @ theta)))
        theta = theta - 5.0 * (Xa.T @ ((h - Ya) * h * (1 - h)) / len(_Y))
    loss_end = _sq_grad(*theta)[0]
    return {"H_ridge": H, "det_ridge": mx2 - mx * mx + lam, "q": qv, "t_minus": (y - root) / 3,
            "t_plus": (y + root) / 3, "grad_start_sq": max(abs(gb), abs(gw)), "grad_start_log": max(abs(lb), abs(lw)),
            "loss_sq_end": loss_end}


def compare(name: str, got, ref: dict):
    """(right?, what was compared, in words)."""
    rtol = {"loss_sq_end": 1e-8}.get(name, 1e-9)
    ok, msg = close(got, ref[name], rtol=rtol, atol=1e-12)
    where = " at 5 points t in (−1, 1) the grader chose" if name == "q" else ""
    return ok, f"by value{where}, relative tolerance {rtol:g}" + ("" if ok else f"; {msg}")
