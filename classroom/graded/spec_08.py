"""Graded exercises of chapter 08, variants of the chapter's three worked exercises (hidden: the grader's side).

Book exercise -> graded variant (each student's X, counts, probit labels and θ come from kit.data_08.data(seed)):
  1 ex-update-nonlinear-least-squares: a Poisson likelihood with a softplus mean h = log(1 + e^z) (a non-canonical
    link), instead of the squared error of an exponential mean: which factor fails to cancel, on the student's counts
  2 ex-update-poisson-step: the minimiser and α = 1/λmax(H*) on the student's counts
  3 ex-canon-probit-mle: the probit maximum-likelihood estimate and the zero of U on the student's labels
"""

import numpy as np
import scipy.optimize
from scipy.special import log_ndtr, ndtr

from classroom.graded.compare import close

CHAPTER = "08_canonical_link"
BOOK = {"1": "ex-update-nonlinear-least-squares", "2": "ex-update-poisson-step", "3": "ex-canon-probit-mle"}
TITLES = {"1": "Counts with a softplus mean: the factor that stays",
          "2": "A step size from the Hessian at the minimiser, on your counts",
          "3": "Probit by maximum likelihood, and the zero of U, on your labels"}

SETUP = """import numpy as np
import scipy.optimize
import scipy.special
import scipy.stats
from helpers import (add_intercept, sigmoid, glm_hessian, glm_loss_and_gradient, gradient_descent,
                     numerical_gradient, poisson_gradient, poisson_loss, probit_gradient, probit_loss)"""

PROMPTS = {
    "1": """Your data: `X = data["X"]` (m × 3, first column ones), counts `y = data["y_count"]`, and `theta = data["theta"]`.
Model the mean count with the softplus $h = \\log(1 + e^{z})$, $z = \\theta^\\top x$ (positive, like $e^z$, but growing only linearly), and fit it by the Poisson likelihood: $J(\\theta) = \\frac1m\\sum_i \\bigl(h^{(i)} - y^{(i)}\\log h^{(i)}\\bigr)$.
By hand, derive the gradient for one example, write it as $(h - y)\\cdot r(z)\\cdot x$, and say which factor $r(z)$ fails to cancel (compare $h'/\\operatorname{Var}$ for the Poisson family, $\\operatorname{Var} = h$); then write the matrix form.
Compute $J$ and $\\nabla J$ at your `theta`, and check your gradient against `numerical_gradient` (your check is not graded; the values are).""",
    "2": """Same `X` and counts `data["y_count"]`.
Find the minimiser $\\theta^\\ast$ of `poisson_loss` (Newton's method, or `scipy.optimize.minimize` with `jac=poisson_gradient`, to a gradient below $10^{-9}$), the Poisson Hessian $H^\\ast$ = `glm_hessian(theta_star, X, y, "exp")` there, and $\\alpha = 1/\\lambda_{\\max}(H^\\ast)$.
Check that gradient descent from $\\theta = 0$ with this $\\alpha$ converges to $\\theta^\\ast$ (not graded).
By hand: why does this $\\alpha$ work near $\\theta^\\ast$, and why is it no guarantee from every start?""",
    "3": """Same `X`; binary labels `y = data["y_probit"]`.
Fit the probit model by maximum likelihood: minimise `probit_loss` with `scipy.optimize.minimize(..., jac=probit_gradient, method="BFGS", options={"gtol": 1e-10})`.
Find also the zero of the shared formula $U(\\theta) = \\frac1m X^\\top\\bigl(\\Phi(X\\theta) - y\\bigr)$ (`scipy.special.ndtr` is $\\Phi$; `scipy.optimize.root`, or Newton with the Jacobian $\\frac1m X^\\top\\operatorname{diag}(\\varphi(X\\theta))X$).
By hand: why are the two different, and which one is lower on `probit_loss`?""",
}

SOLUTIONS = {
    "1": """X, y, theta = data["X"], data["y_count"], data["theta"]
m = len(y)

def softplus_J(t):
    h = np.logaddexp(0, X @ t)                 # log(1 + e^z) without overflow
    return np.mean(h - y * np.log(h))

z = X @ theta
h = np.logaddexp(0, z)
softplus_loss = softplus_J(theta)
softplus_gradient = X.T @ ((h - y) * sigmoid(z) / h) / m      # the factor r(z) = σ(z)/h stays
np.testing.assert_allclose(softplus_gradient, numerical_gradient(softplus_J, theta), rtol=1e-6, atol=1e-8)
softplus_loss, softplus_gradient""",
    "2": """X, y = data["X"], data["y_count"]
theta_star = np.zeros(3)
for _ in range(50):                                            # Newton's method on the convex Poisson loss
    step = np.linalg.solve(glm_hessian(theta_star, X, y, "exp"), -poisson_gradient(theta_star, X, y))
    theta_star = theta_star + step
    if np.abs(step).max() < 1e-13:
        break
alpha = 1 / np.linalg.eigvalsh(glm_hessian(theta_star, X, y, "exp")).max()
run = gradient_descent(glm_loss_and_gradient, np.zeros(3), alpha, 20000, args=(X, y, "exp"), tol=1e-10)
print(run.message)
theta_star, alpha""",
    "3": """X, y = data["X"], data["y_probit"]
tight = {"gtol": 1e-10}
fit = scipy.optimize.minimize(probit_loss, np.zeros(3), args=(X, y), jac=probit_gradient, method="BFGS", options=tight)
theta_probit = fit.x
U = lambda t: X.T @ (scipy.special.ndtr(X @ t) - y) / len(y)
U_jac = lambda t: X.T @ (X * scipy.stats.norm.pdf(X @ t)[:, None]) / len(y)
theta_U = scipy.optimize.root(U, np.zeros(3), jac=U_jac, tol=1e-14).x
assert np.abs(probit_gradient(theta_probit, X, y)).max() < 1e-8 and np.abs(U(theta_U)).max() < 1e-10
assert probit_loss(theta_probit, X, y) < probit_loss(theta_U, X, y)
theta_probit, theta_U""",
}

WRITTEN = {
    "1": {"rubric": [("d/dz (h − y log h) = h'(1 − y/h) = (h − y)·h'/h, with h' = σ(z) (the derivative of softplus)", 2),
                     ("r(z) = σ(z)/h = h'/Var: not 1, because softplus is not the Poisson family's canonical inverse "
                      "link (e^z is, for which h' = h)", 1),
                     ("matrix form: (1/m) Xᵀ[(h − y) ⊙ σ(z)/h]", 1)],
          "ask": ["the derivative in z of h − y log h, with the derivative of softplus worked out, as (h − y) times a "
                  "factor",
                  "the factor r(z) compared with h′/Var, and why it does not cancel here (which link would make it "
                  "cancel)",
                  "the gradient of J in matrix form"],
          "model": "Per example ℓ = h − y log h; dℓ/dz = h' − y h'/h = (h − y)h'/h, and h' = e^z/(1 + e^z) = σ(z). The "
                   "Poisson variance is h, so r = h'/Var = σ(z)/log(1 + e^z) ≠ 1: it stays. With h = e^z, h' = h and "
                   "r = 1 (the canonical link). ∇J = (1/m)Xᵀ[(h − y) ⊙ σ(z)/h]."},
    "2": {"rubric": [("near θ* the step multiplies the error by I − αH*, whose eigenvalues 1 − αλᵢ lie in [0, 1): a "
                      "contraction", 1),
                     ("the Poisson Hessian (1/m)Xᵀdiag(e^z)X changes with θ and has no upper bound: where fitted counts "
                      "are larger, λmax can exceed 2/α and the step overshoots", 1)],
          "ask": ["why this α works near θ*: what one step does to the error there, in terms of the eigenvalues of H*",
                  "why it is no guarantee from every start: how the Poisson Hessian changes with θ"],
          "model": "Linearising the update at θ*: e_(k+1) ≈ (I − αH*)e_k; with α = 1/λmax every |1 − αλᵢ| < 1. Far from θ* "
                   "the curvature e^z weights can be much larger, so λmax(H(θ)) > 2/α is possible: no guarantee (a line "
                   "search or Newton's method removes the guesswork)."},
    "3": {"rubric": [("the probit gradient is (1/m)Xᵀ[(Φ(z) − y)·r(z)] with r = φ/(Φ(1 − Φ)) ≠ 1; its zero is the MLE", 1),
                     ("U drops the factor r(z): it weighs the examples differently, so its zero is another point, not a "
                      "minimiser of the probit loss", 1),
                     ("probit_loss is lower at the MLE (it is the minimiser)", 1)],
          "ask": ["the probit gradient written with the residuals and its extra factor r(z), and what its zero is",
                  "what U leaves out, and what that does to its zero",
                  "which of the two points is lower on probit_loss, and why"],
          "model": "The MLE solves Σ(Φ(zᵢ) − yᵢ)r(zᵢ)xᵢ = 0; U solves Σ(Φ(zᵢ) − yᵢ)xᵢ = 0, the same residuals without the "
                   "weights r(zᵢ) = φ/(Φ(1 − Φ)), which grow like |z| in the tails. Different equations, different "
                   "zeros; the loss is smallest at the MLE, so probit_loss(θ_probit) < probit_loss(θ_U)."},
}

# ------------------------------------------------------------------------------------------ the grader

POINTS = {"softplus_loss": 1, "softplus_gradient": 1, "theta_star": 1, "alpha": 1, "theta_probit": 1, "theta_U": 1}


def probes(rng, data):
    return {}


def vary(d: dict) -> dict:
    return d


def _phi(z):
    return np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)


def _newton(grad, hess, t0, steps=60):
    t = np.array(t0, dtype=float)
    for _ in range(steps):
        d = np.linalg.solve(hess(t), -grad(t))
        t = t + d
        if np.abs(d).max() < 1e-14:
            break
    return t


def reference(data: dict, probe: dict) -> dict:
    X = np.asarray(data["X"], dtype=float)
    yc, yp, theta = (np.asarray(data[k], dtype=float) for k in ("y_count", "y_probit", "theta"))
    m = len(yc)
    z = X @ theta
    h = np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0)              # softplus, stable
    s = np.exp(-np.logaddexp(0, -z))                                 # σ(z) = e^(−log(1 + e^(−z)))
    # Poisson, log link: Newton from 0
    pg = lambda t: X.T @ (np.exp(X @ t) - yc) / m                    # noqa: E731
    ph = lambda t: X.T @ (X * np.exp(X @ t)[:, None]) / m            # noqa: E731
    t_star = _newton(pg, ph, np.zeros(3))
    # probit: BFGS on the loss written with log Φ, to a gradient below 1e-12
    sign = 1 - 2 * yp

    def loss(t):
        return -np.mean(log_ndtr(-sign * (X @ t)))

    def grad(t):
        u = -sign * (X @ t)
        ratio = np.exp(-0.5 * u * u - log_ndtr(u)) / np.sqrt(2 * np.pi)  # φ(u)/Φ(u)
        return X.T @ (sign * ratio) / m                                  # d/dθ of −log Φ(u), u = −sign·z

    t_probit = scipy.optimize.minimize(loss, np.zeros(3), jac=grad, method="BFGS", options={"gtol": 1e-12}).x
    U = lambda t: X.T @ (ndtr(X @ t) - yp) / m                         # noqa: E731
    UJ = lambda t: X.T @ (X * _phi(X @ t)[:, None]) / m                # noqa: E731
    t_U = _newton(U, UJ, np.zeros(3))
    return {"softplus_loss": float(np.mean(h - yc * np.log(h))),
            "softplus_gradient": (X.T @ ((h - yc) * s / h) / m).tolist(),
            "theta_star": t_star.tolist(), "alpha": float(1 / np.linalg.eigvalsh(ph(t_star)).max()),
            "theta_probit": t_probit.tolist(), "theta_U": t_U.tolist()}


def compare(name: str, got, ref: dict):
    """(right?, what was compared, in words)."""
    if name in ("theta_star", "theta_probit", "theta_U"):
        ok, msg = close(got, ref[name], rtol=1e-6, atol=1e-6)
        how = "by value, within 1e-6 (absolute and relative: an optimiser stopped at a gradient below 1e-8 is there)"
    elif name == "alpha":
        ok, msg = close(got, ref[name], rtol=1e-6, atol=0)
        how = "by value, relative tolerance 1e-6"
    else:
        ok, msg = close(got, ref[name], rtol=1e-9, atol=1e-12)
        how = "by value, relative tolerance 1e-9 (absolute 1e-12)"
    return ok, how + ("" if ok else f"; {msg}")
