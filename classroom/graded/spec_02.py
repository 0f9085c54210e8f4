"""Graded exercises of chapter 02, variants of the chapter's worked exercises (hidden: the grader's side).

Book exercise -> graded variant (the student's labels, scores and h0 come from kit.data_02.data(seed)):
  1 ex-design-constant: the best constant prediction, its intercept and the minimal loss on the student's labels
    (the book: the ten labels 1, 0, 0, 1, 0, 0, 0, 1, 0, 0)
  2 ex-design-slope with ex-design-asymptotes' comparison: the slopes in z of the log-loss and of the squared error
    at the student's eight scores and labels (the book: a few scores, the log-loss only)
  3 ex-design-exponential: the two probabilities at the student's h0 (the book: h = ½) and the minimiser of the
    cost's mean on the student's labels
"""

import math

from classroom.graded.compare import close, sigmoid as _s

CHAPTER = "02_designing_log_loss"
BOOK = {"1": "ex-design-constant", "2": "ex-design-slope", "3": "ex-design-exponential"}
TITLES = {"1": "The best constant prediction, on your labels", "2": "The slopes of two losses at your scores",
          "3": "Another cost with the right ends, on your labels"}

SETUP = """import numpy as np
import sympy as sp
from helpers import log_loss, sigmoid     # log_loss(theta, X, y), σ(z) for numbers and arrays

h = sp.Symbol("h", positive=True)          # the chapter's symbols; use them or your own
z = sp.Symbol("z", real=True)
σ = 1 / (1 + sp.exp(-z))"""

PROMPTS = {
    "1": """Your labels: `y = data["y"]` ($m$ labels, $k$ of them 1).
The intercept-only model predicts the same $h = \\sigma(\\theta_0)$ for every example.
By hand, write the mean log-loss as a function of $h$, find the $h$ that minimises it and show that it is a minimum.
Then compute, for your labels, that $h$, the intercept $\\theta_0$ with $\\sigma(\\theta_0) = h$, and the minimal mean log-loss (you may check them with `log_loss(np.array([θ0]), np.ones((m, 1)), y)`).""",
    "2": """Your eight examples: scores `data["scores"]` and labels `data["score_labels"]`.
By hand, find $d\\ell/dz$ for the log-loss $\\ell(z) = -y\\log\\sigma(z) - (1-y)\\log(1-\\sigma(z))$ and for the squared error $\\tfrac12(\\sigma(z) - y)^2$, and say what happens to each as a mistake becomes confident ($y = 0$, $z \\to \\infty$).
Then compute both slopes at your eight scores, each with its own label (by the formula, or by a central difference, e.g. with `log_loss([z], [[1.0]], [y])`, which agrees to about $10^{-10}$).""",
    "3": """The cost $1/h - 1$ for $y = 1$ and $1/(1-h) - 1$ for $y = 0$ is also 0 for a right and confident prediction and unbounded for a confidently wrong one.
By hand: is it the negative logarithm of a probability model, that is, do $e^{-(1/h - 1)}$ and $e^{-(1/(1-h) - 1)}$ add up to 1? And which constant $h$ minimises its mean over $k$ labels 1 and $m - k$ labels 0?
Then compute the sum at your `h0 = data["h0"]`, and the minimising constant for your labels `data["y"]`.""",
}

SOLUTIONS = {
    "1": """y = data["y"]
m, k = y.size, int(y.sum())
best_h = k / m                                    # J'(h) = 0 gives k(1 − h) = (m − k)h
best_theta0 = float(np.log(best_h / (1 - best_h)))  # σ(θ0) = h  <=>  θ0 = log(h / (1 − h))
min_loss = log_loss(np.array([best_theta0]), np.ones((m, 1)), y)
assert abs(sigmoid(best_theta0) - best_h) < 1e-12
best_h, best_theta0, min_loss""",
    "2": """zs, ys = data["scores"], data["score_labels"]
hs = sigmoid(zs)
log_slopes = hs - ys                               # dℓ/dz = σ(z) − y
sq_slopes = (hs - ys) * hs * (1 - hs)              # chain rule: (σ − y)·σ'
ε = 1e-5                                           # the machine agrees: central differences of log_loss
numeric = [(log_loss([t + ε], [[1.0]], [l]) - log_loss([t - ε], [[1.0]], [l])) / (2 * ε) for t, l in zip(zs, ys)]
np.testing.assert_allclose(numeric, log_slopes, atol=1e-8)
log_slopes, sq_slopes""",
    "3": """h0 = data["h0"]
total_at_h0 = float(np.exp(-(1 / h0 - 1)) + np.exp(-(1 / (1 - h0) - 1)))
y = data["y"]
m, k = y.size, int(y.sum())
mean_cost = (k * (1 / h - 1) + (m - k) * (1 / (1 - h) - 1)) / m
roots = [r for r in sp.solve(sp.diff(mean_cost, h), h) if 0 < r < 1]
exp_best_h = float(roots[0])                       # h / (1 − h) = sqrt(k / (m − k)), not k / m
total_at_h0, exp_best_h""",
}

WRITTEN = {
    "1": {"rubric": [("J(h) = −(1/m)(k log h + (m − k) log(1 − h))", 1),
                     ("J'(h) = 0 gives k(1 − h) = (m − k)h, so h = k/m", 2),
                     ("J''(h) = (k/h² + (m − k)/(1 − h)²)/m > 0, so a minimum; θ0 = log(k/(m − k))", 1)],
          "ask": ["the mean log-loss J(h) written with k and m",
                  "the h where J′(h) vanishes, solved step by step",
                  "the sign of J″(h) (why a minimum), and the intercept θ0 that gives that h"],
          "model": "J(h) = −(1/m)(k log h + (m − k) log(1 − h)); J'(h) = −(1/m)(k/h − (m − k)/(1 − h)) = 0 iff "
                   "k(1 − h) = (m − k)h iff h = k/m; J'' > 0, so it is the minimum. σ(θ0) = k/m gives "
                   "θ0 = log(k/(m − k)); the minimal loss is −(p log p + (1 − p) log(1 − p)) with p = k/m."},
    "2": {"rubric": [("log-loss: dℓ/dz = σ(z) − y (the 1/σ and 1/(1 − σ) cancel σ' = σ(1 − σ))", 1),
                     ("squared error: (σ(z) − y)σ(z)(1 − σ(z)), by the chain rule", 1),
                     ("for y = 0, z → ∞: the log-loss slope tends to 1, the squared error's to 0", 2)],
          "ask": ["dℓ/dz for the log-loss, showing what σ′ cancels",
                  "dℓ/dz for the squared error, by the chain rule",
                  "the limit of each slope for label 0 as z → ∞, and what it means for a confident mistake"],
          "model": "dℓ/dz = (−y/σ + (1 − y)/(1 − σ))σ(1 − σ) = σ − y. For ½(σ − y)², the chain rule gives "
                   "(σ − y)σ(1 − σ). For y = 0 and z → ∞: σ → 1, so the log-loss slope → 1 (a confident mistake "
                   "is still pushed) while σ²(1 − σ) → 0 (the squared error stops pushing)."},
    "3": {"rubric": [("at h = ½ the two numbers are e⁻¹ each, 2/e ≠ 1: not a probability model", 2),
                     ("mean cost (k(1/h − 1) + (m − k)(1/(1 − h) − 1))/m; its derivative is "
                      "(−k/h² + (m − k)/(1 − h)²)/m", 1),
                     ("zero at h/(1 − h) = √(k/(m − k)), not k/m: closer to ½ than the frequency", 2)],
          "ask": ["the sum of the two exponentials at a convenient h, and whether it is a probability model",
                  "the mean cost over k labels 1 and m − k labels 0 as a function of h, and its derivative",
                  "where that derivative vanishes, and how that h compares with your answer to Exercise 1 and with ½"],
          "model": "e^(−(1/h − 1)) + e^(−(1/(1 − h) − 1)) is 2/e at h = ½, so it is not a distribution over y. "
                   "d/dh of the mean cost: (−k/h² + (m − k)/(1 − h)²)/m = 0 iff (h/(1 − h))² = k/(m − k), so "
                   "h = √k/(√k + √(m − k)), which lies between k/m and ½."},
}

# ------------------------------------------------------------------------------------------ the grader

#: 0: checked, not scored. The prompt prints the two exponentials whose sum total_at_h0 is (a teacher scored it by
#: transcription): its point is in the derivation's first step.
POINTS = {"best_h": 1, "best_theta0": 1, "min_loss": 1, "log_slopes": 1, "sq_slopes": 1, "total_at_h0": 0,
          "exp_best_h": 1}


def probes(rng, data: dict) -> dict:
    return {}


def vary(d: dict) -> dict:
    return d


def reference(data: dict, probe: dict) -> dict:
    y = [float(v) for v in data["y"]]
    m, k = len(y), sum(y)
    p = k / m
    hs = [_s(float(t)) for t in data["scores"]]
    ls = [float(v) for v in data["score_labels"]]
    h0 = float(data["h0"])
    return {"best_h": p, "best_theta0": math.log(k / (m - k)),
            "min_loss": -(p * math.log(p) + (1 - p) * math.log(1 - p)),
            "log_slopes": [h - l for h, l in zip(hs, ls)],
            "sq_slopes": [(h - l) * h * (1 - h) for h, l in zip(hs, ls)],
            "total_at_h0": math.exp(-(1 / h0 - 1)) + math.exp(-(1 / (1 - h0) - 1)),
            "exp_best_h": math.sqrt(k) / (math.sqrt(k) + math.sqrt(m - k))}


TOL = {"best_h": (0.0, 1e-3, "absolute tolerance 1e-3 (a grid in θ0 with step 10⁻³ is close enough)"),
       "best_theta0": (0.0, 1e-3, "absolute tolerance 1e-3 (a grid in θ0 with step 10⁻³ is close enough)"),
       "min_loss": (1e-6, 0.0, "relative tolerance 1e-6"),
       "log_slopes": (1e-6, 1e-8, "relative tolerance 1e-6, absolute 1e-8 (a central difference is close enough)"),
       "sq_slopes": (1e-6, 1e-8, "relative tolerance 1e-6, absolute 1e-8 (a central difference is close enough)"),
       "total_at_h0": (1e-9, 0.0, "relative tolerance 1e-9"),
       "exp_best_h": (0.0, 1e-4, "absolute tolerance 1e-4")}


def compare(name: str, got, ref: dict):
    rtol, atol, words = TOL[name]
    ok, msg = close(got, ref[name], rtol=rtol, atol=atol)
    return ok, f"by value, {words}" + ("" if ok else f"; {msg}")
