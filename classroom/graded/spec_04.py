"""Graded exercises of chapter 04, variants of the chapter's three worked exercises (hidden: the grader's side).

Book exercise -> graded variant (each student's X, y, θ, ω, λ come from kit.data_04.data(seed)):
  1 ex-steps-sample-weights: the weighted loss and its gradient on the student's data (the book: seed 11)
  2 ex-steps-l2: the penalised loss and gradient with the student's λ (the book: λ = 0.7, seed 12)
  3 ex-steps-plus-minus: the margin form of the loss and its gradient (the book: the chapter's data)
"""

import numpy as np

from classroom.graded.compare import close
from helpers import sigmoid

CHAPTER = "04_gradient_steps"
BOOK = {"1": "ex-steps-sample-weights", "2": "ex-steps-l2", "3": "ex-steps-plus-minus"}
TITLES = {"1": "Sample weights, on your data", "2": "An L2 penalty, with your λ",
          "3": "Labels −1 and +1, on your data"}

SETUP = """import numpy as np
from helpers import sigmoid, log_loss, log_loss_gradient, numerical_gradient"""

PROMPTS = {
    "1": """Your data: `X = data["X"]` (m × (n+1), first column ones), `y = data["y"]` (0 or 1), `theta = data["theta"]`, and weights `ω = data["weights"]` (one per example).
By hand, follow Steps 1–4 of the chapter for $J_\\omega(\\theta) = -\\frac1m\\sum_i \\omega^{(i)}\\bigl[y^{(i)}\\log h^{(i)} + (1-y^{(i)})\\log(1-h^{(i)})\\bigr]$ to show $\\nabla J_\\omega = \\frac1m X^\\top \\Omega (h - y)$, $\\Omega = \\operatorname{diag}(\\omega)$.
Then compute both at your `theta`, and check your gradient with `numerical_gradient` (your check is not graded; the values are).""",
    "2": """Same `X`, `y`, `theta`; your penalty weight `λ = data["lam"]`.
By hand, show that $J_\\lambda(\\theta) = J(\\theta) + \\frac{\\lambda}{2m}\\sum_{j\\ge1}\\theta_j^2$ (the bias $\\theta_0$ is not penalised) has $\\nabla J_\\lambda = \\frac1m X^\\top(h-y) + \\frac{\\lambda}{m}(0, \\theta_1, \\dots, \\theta_n)^\\top$.
Then compute both at your `theta` (`log_loss` and `log_loss_gradient` are the unpenalised $J$ and $\\nabla J$).""",
    "3": """Same `X`, `y`, `theta`; write the labels as $t = 2y - 1 \\in \\{-1, +1\\}$.
By hand, show that $\\log\\bigl(1 + e^{-t\\,\\theta^\\top x}\\bigr)$ is the log-loss of one example with $y = (1+t)/2$, and that the gradient of $\\frac1m\\sum_i \\log\\bigl(1 + e^{-t^{(i)}\\theta^\\top x^{(i)}}\\bigr)$ is $-\\frac1m\\sum_i t^{(i)}\\sigma\\bigl(-t^{(i)}\\theta^\\top x^{(i)}\\bigr)x^{(i)}$.
Then compute the loss and that gradient **in the margin form** at your `theta`.""",
}

SOLUTIONS = {
    "1": """X, y, theta, ω = data["X"], data["y"], data["theta"], data["weights"]
m = len(y)
h = sigmoid(X @ theta)
weighted_loss = -np.sum(ω * (y * np.log(h) + (1 - y) * np.log(1 - h))) / m
weighted_gradient = X.T @ (ω * (h - y)) / m
def J_w(t):
    ht = sigmoid(X @ t)
    return -np.mean(ω * (y * np.log(ht) + (1 - y) * np.log(1 - ht)))
np.testing.assert_allclose(weighted_gradient, numerical_gradient(J_w, theta), atol=1e-8)
weighted_gradient""",
    "2": """X, y, theta, λ = data["X"], data["y"], data["theta"], data["lam"]
m = len(y)
penalised_loss = log_loss(theta, X, y) + λ / (2 * m) * np.sum(theta[1:] ** 2)
penalised_gradient = log_loss_gradient(theta, X, y) + λ / m * np.r_[0.0, theta[1:]]
penalised_gradient""",
    "3": """X, y, theta = data["X"], data["y"], data["theta"]
t = 2 * y - 1
margins = t * (X @ theta)
margin_loss = np.mean(np.log1p(np.exp(-margins)))
margin_gradient = -(X.T @ (t * sigmoid(-margins))) / len(y)
np.testing.assert_allclose(margin_gradient, log_loss_gradient(theta, X, y), rtol=1e-10)
margin_gradient""",
}

WRITTEN = {
    "1": {"rubric": [("Step 1: the derivative of the mean is the mean of ω⁽ⁱ⁾ ∂ℓ⁽ⁱ⁾/∂θⱼ (ω a constant factor)", 1),
                     ("Steps 2–3: ∂ℓ⁽ⁱ⁾/∂θⱼ = (h⁽ⁱ⁾ − y⁽ⁱ⁾)xⱼ⁽ⁱ⁾, via σ' = σ(1 − σ) and the chain rule", 3),
                     ("Step 4: Σᵢ ω⁽ⁱ⁾(h⁽ⁱ⁾ − y⁽ⁱ⁾)xⱼ⁽ⁱ⁾ is entry j of XᵀΩ(h − y), with the 1/m", 1)],
          "ask": ["Step 1: the derivative of the weighted mean, and what happens to the weights ω",
                  "Steps 2–3: ∂ℓ⁽ⁱ⁾/∂θⱼ for one example, with σ′ and the chain rule",
                  "Step 4: the sum over the examples written as a matrix product with Ω, keeping the 1/m"],
          "model": "∂J_ω/∂θⱼ = (1/m)Σᵢ ω⁽ⁱ⁾ ∂ℓ⁽ⁱ⁾/∂θⱼ = (1/m)Σᵢ ω⁽ⁱ⁾(h⁽ⁱ⁾ − y⁽ⁱ⁾)xⱼ⁽ⁱ⁾ = [(1/m)XᵀΩ(h − y)]ⱼ."},
    "2": {"rubric": [("the gradient of a sum is the sum of the gradients", 1),
                     ("∂/∂θⱼ of (λ/2m)Σθₖ² is (λ/m)θⱼ for j ≥ 1 and 0 for j = 0 (θ₀ not in the penalty)", 3),
                     ("the bias component is still (1/m)Σᵢ(h⁽ⁱ⁾ − y⁽ⁱ⁾)", 1)],
          "ask": ["which rule splits the gradient of J_λ into two parts",
                  "the partial derivative of the penalty for each j ≥ 1 and for the bias θ₀",
                  "what the bias component of ∇J_λ is, and why"],
          "model": "∇J_λ = ∇J + (λ/m)(0, θ₁, …, θₙ); the bias entry keeps (1/m)Σ(h − y)."},
    "3": {"rubric": [("t = 1: log(1 + e^(−z)) = −log σ(z); t = −1: log(1 + e^z) = −log(1 − σ(z))", 1),
                     ("d/dz log(1 + e^(−tz)) = −t σ(−tz), by the chain rule", 1),
                     ("−tσ(−tz) = σ(z) − y in both cases, so the gradient is (1/m)Xᵀ(h − y)", 3)],
          "ask": ["for t +1 and for t −1, the term written as the log-loss of one example with its y",
                  "the derivative in z of log(1 + e^(−tz)), by the chain rule",
                  "that derivative rewritten with h and y in both cases, and the gradient it gives"],
          "model": "For t = 1 the term is −log σ(z), for t = −1 it is −log σ(−z) = −log(1 − σ(z)). Its slope is "
                   "−te^(−tz)/(1 + e^(−tz)) = −tσ(−tz), which is σ(z) − 1 for y = 1 and σ(z) for y = 0."},
}

#: 0: checked, not scored. Each prompt prints the gradient it asks to show (a "show that": the work is the
#: derivation, whose rubric carries the points); the losses are computed from their definitions
POINTS = {"weighted_loss": 1, "weighted_gradient": 0, "penalised_loss": 1, "penalised_gradient": 0,
          "margin_loss": 1, "margin_gradient": 0}


def probes(rng, data):
    return {}


def vary(d: dict) -> dict:
    return d


def reference(data: dict, probe: dict) -> dict:
    X, y, θ, ω, lam = (np.asarray(data[k], dtype=float) for k in ("X", "y", "theta", "weights", "lam"))
    m = len(y)
    z = X @ θ
    h = sigmoid(z)
    # log h and log(1 − h) without cancellation: −log(1 + e^{−z}) and −log(1 + e^{z})
    log_h, log_1mh = -np.logaddexp(0, -z), -np.logaddexp(0, z)
    t = 2 * y - 1
    mask = np.r_[0.0, np.ones(len(θ) - 1)]
    return {
        "weighted_loss": float(-np.sum(ω * (y * log_h + (1 - y) * log_1mh)) / m),
        "weighted_gradient": (X.T @ (ω * (h - y)) / m).tolist(),
        "penalised_loss": float(-np.mean(y * log_h + (1 - y) * log_1mh) + lam / (2 * m) * np.sum(θ[1:] ** 2)),
        "penalised_gradient": (X.T @ (h - y) / m + lam / m * mask * θ).tolist(),
        "margin_loss": float(np.mean(np.logaddexp(0, -t * z))),
        "margin_gradient": (-(X.T @ (t * sigmoid(-t * z))) / m).tolist(),
    }


def compare(name: str, got, ref: dict):
    ok, msg = close(got, ref[name], rtol=1e-9, atol=1e-12)
    return ok, "by value, relative tolerance 1e-9 (absolute 1e-12)" + ("" if ok else f"; {msg}")
