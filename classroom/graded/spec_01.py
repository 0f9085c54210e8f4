"""Graded exercises of chapter 01, variants of the chapter's two worked exercises (hidden: the grader's side).

Book exercise -> graded variant (the student's numbers come from kit.data_01.data(seed)):
  1 ex-mse-wrong-other-way: the slopes of both losses for the student's example (x1, y1) at w1, not x = 1, y = 0,
    w = 6; the input x1 ≠ 1 makes the chain rule's inner factor show
  2 ex-mse-six-starts: gradient descent on the squared error from two starts, on the chapter's six inputs rescaled,
    with the student's learning rate and starts: where both runs end, and how many steps each needs
"""

from classroom.graded.compare import close, sigmoid as _s

CHAPTER = "01_why_not_mse"
BOOK = {"1": "ex-mse-wrong-other-way", "2": "ex-mse-six-starts"}
TITLES = {"1": "A confident mistake: the slopes of the two losses", "2": "Two starts, one minimum"}

SETUP = """import numpy as np
from helpers import gradient_descent, log_loss_and_gradient, mse_loss_and_gradient, sigmoid"""

PROMPTS = {
    "1": """One example with input `x1 = data["x1"]` and label `y1 = data["y1"]`, a model $h = \\sigma(wx)$ with one weight and no bias, at your weight `w1 = data["w1"]` (the model is confidently wrong there).
By hand, with the chain rule and $\\sigma' = \\sigma(1-\\sigma)$, find the slope in $w$ of the squared error $\\tfrac12(h - y)^2$ and of the log-loss $-y\\log h - (1-y)\\log(1-h)$, and their ratio.
Then compute the three numbers at `w1` (for instance with `mse_loss_and_gradient` and `log_loss_and_gradient`, which take `theta` of shape (1,), `X` of shape (1, 1) and `y` of shape (1,)).""",
    "2": """Your six examples: `X = data["X"]` (shape (6, 1), one input per row, no bias column) and `y = data["y"]`.
Run gradient descent on the squared error $J(w) = \\frac{1}{2m}\\sum_i \\bigl(\\sigma(w x^{(i)}) - y^{(i)}\\bigr)^2$ (the chapter's `mse_loss_and_gradient`) with learning rate `data["lr"]`, once from `w = data["w_near"]` and once from `w = data["w_far"]`, until $|dJ/dw| \\le 10^{-8}$, at most 20000 steps.
`gradient_descent(mse_loss_and_gradient, np.array([w0]), learning_rate, 20000, args=(X, y), tol=1e-8)` does this; its result has `.theta` (the last $w$, an array of one number), `.n_iter` (the number of steps) and `.converged`.
Do both runs end at the same minimum? Which needs more steps, and why (use your slope from Exercise 1)?""",
}

# the answer key's code (the graded names from `data`); each is one correct answer among many
SOLUTIONS = {
    "1": """x1, y1, w1 = data["x1"], data["y1"], data["w1"]
one = (np.array([w1]), np.array([[x1]]), np.array([y1]))      # theta, X, y of one example
slope_sq = float(mse_loss_and_gradient(*one)[1][0])
slope_log = float(log_loss_and_gradient(*one)[1][0])
ratio = slope_sq / slope_log
h = sigmoid(w1 * x1)
assert abs(ratio - h * (1 - h)) < 1e-12                     # the ratio is h(1 − h), as derived by hand
slope_sq, slope_log, ratio""",
    "2": """X, y = data["X"], data["y"]
settings = dict(learning_rate=data["lr"], n_steps=20_000, args=(X, y), tol=1e-8)
near = gradient_descent(mse_loss_and_gradient, np.array([data["w_near"]]), **settings)
far = gradient_descent(mse_loss_and_gradient, np.array([data["w_far"]]), **settings)
assert near.converged and far.converged and abs(near.theta[0] - far.theta[0]) < 1e-5
w_min = float(far.theta[0])
steps_near, steps_far = near.n_iter, far.n_iter
w_min, steps_near, steps_far""",
}

WRITTEN = {
    "1": {"rubric": [("chain rule: dℓ/dw = dℓ/dh · σ'(wx) · x, with σ' = h(1 − h) and the inner factor x", 1),
                     ("squared error: (h − y)·h(1 − h)·x; log-loss: (h − y)·x, its 1/h or 1/(1 − h) cancels h(1 − h)", 2),
                     ("ratio h(1 − h): near 0 for a confident mistake, so the squared error barely pushes", 1)],
          "ask": ["the chain rule for dℓ/dw through h and wx, with σ′ written in h and the inner factor shown",
                  "dℓ/dh for each loss, then each slope in w; show what cancels in the log-loss's slope",
                  "the ratio of the two slopes in terms of h, and what it is for a confident mistake"],
          "model": "dℓ/dw = dℓ/dh · h(1 − h) · x. Squared error: dℓ/dh = h − y, so (h − y)h(1 − h)x. Log-loss: "
                   "dℓ/dh = −y/h + (1 − y)/(1 − h) = (h − y)/(h(1 − h)), so (h − y)x. The ratio is h(1 − h), which is "
                   "tiny when h is near 0 or 1: the more confident the mistake, the weaker the squared error's push."},
    "2": {"rubric": [("both runs end at the same w, the one minimum of J on these data (within the tolerance)", 1),
                     ("the far start lies on a plateau: the slope carries the factor h(1 − h) ≈ 0 there, so steps "
                      "are tiny", 2),
                     ("so the far run needs many more steps; the log-loss's slope (h − y)x has no such factor", 1)],
          "ask": ["whether the two runs end at the same minimum, and why",
                  "why the steps from the far start are small: which factor of your slope from Exercise 1 is nearly "
                  "zero there",
                  "which run needs more steps, and how the log-loss's slope would behave at the far start"],
          "model": "Both runs stop at the same w (they agree to about 10⁻⁸). From the far start most examples are "
                   "confidently wrong, their h(1 − h) is almost 0, so |dJ/dw| is tiny and each step moves w very "
                   "little: it takes many times more steps than the near start. The log-loss, whose slope is (h − y)x, "
                   "would push hardest exactly there."},
}

# ------------------------------------------------------------------------------------------ the grader

POINTS = {"slope_sq": 1, "slope_log": 1, "ratio": 1, "w_min": 1, "steps_near": 1, "steps_far": 1}


def probes(rng, data: dict) -> dict:
    return {}


def vary(d: dict) -> dict:
    return d


def _descend(xs, ys, w, lr, tol=1e-8, n_max=20_000):
    """The grader's own gradient descent on (1/2m) Σ (σ(w x) − y)², in plain floats: (last w, steps)."""
    m, k = len(xs), 0
    while True:
        g = 0.0
        for x, y in zip(xs, ys):
            h = _s(w * x)
            g += (h - y) * h * (1 - h) * x
        g /= m
        if abs(g) <= tol or k >= n_max:
            return w, k
        w, k = w - lr * g, k + 1


def reference(data: dict, probe: dict) -> dict:
    x1, y1, w1 = (float(data[k]) for k in ("x1", "y1", "w1"))
    h = _s(w1 * x1)
    xs = [float(row[0]) for row in data["X"]]
    ys = [float(v) for v in data["y"]]
    w_near, n_near = _descend(xs, ys, float(data["w_near"]), float(data["lr"]))
    w_far, n_far = _descend(xs, ys, float(data["w_far"]), float(data["lr"]))
    return {"slope_sq": (h - y1) * h * (1 - h) * x1, "slope_log": (h - y1) * x1, "ratio": h * (1 - h),
            "w_min": w_far, "steps_near": n_near, "steps_far": n_far}


TOL = {"slope_sq": (1e-9, 1e-15, "relative tolerance 1e-9"), "slope_log": (1e-9, 1e-15, "relative tolerance 1e-9"),
       "ratio": (1e-9, 1e-15, "relative tolerance 1e-9"),
       "w_min": (0.0, 1e-5, "absolute tolerance 1e-5 (the runs stop where |dJ/dw| ≤ 1e-8, up to 1e-6 apart)"),
       "steps_near": (0.0, 1.0, "within 1 step (a loop may count its last step differently)"),
       "steps_far": (0.0, 1.0, "within 1 step (a loop may count its last step differently)")}


def compare(name: str, got, ref: dict):
    rtol, atol, words = TOL[name]
    ok, msg = close(got, ref[name], rtol=rtol, atol=atol)
    return ok, f"by value, {words}" + ("" if ok else f"; {msg}")
