"""Graded exercises of chapter 09, variants of the chapter's three worked exercises (hidden: the grader's side).

Book exercise -> graded variant (the student's T, s and two examples come from kit.data_09.data(seed)):
  1 ex-stab-float32: the float32 thresholds of σ(z / T) (scores divided by a temperature T), not of σ(z)
  2 ex-stab-log1p: log(1 + q) against log1p(q) for q = c·e^(−s) at the student's c and four scores s: the ULP errors
    of log(1 + q) are graded as an array, so no table and no column name is (the issue's KeyError 'log1p(q): ULPs'
    cannot happen), and the threshold from which log(1 + q) is 0 (log1p's errors, 0 or 1 ULP for everyone, would
    reward a typed-in list of zeros, so they are asked for but not graded)
  3 ex-stab-newton: the textbook and stable Hessians and the Newton step on two examples x = ∓p, θ = (b, w)
"""

import math
import struct

import mpmath
import numpy as np

from classroom.graded.compare import close

CHAPTER = "09_numerical_stability"
BOOK = {"1": "ex-stab-float32", "2": "ex-stab-log1p", "3": "ex-stab-newton"}
TITLES = {"1": "Float32 thresholds of a sigmoid with a temperature",
          "2": "log1p against log(1 + q) at your scores",
          "3": "Newton's method on your two confident examples"}

SETUP = """import numpy as np
import mpmath                        # exact values, as in the chapter
from helpers import (naive_sigmoid, sigmoid, smallest_float_where, ulp_error,
                     naive_log_loss_hessian, log_loss_hessian, log_loss_gradient)"""

PROMPTS = {
    "1": """A model reports calibrated probabilities $\\sigma(z/T)$, its scores divided by a temperature: yours is `T = data["T"]`.
By hand, predict from the two float32 facts of the chapter (a 24-bit significand; the largest float32 is about $3.4\\times10^{38}$) where the textbook $\\sigma(z/T) = 1/(1+e^{-z/T})$ becomes exactly `1.0` in float32, and from which $z$ the number $e^{z/T}$ overflows (then $\\sigma(-z/T)$ is computed as $1/(1+\\infty) = 0$).
Then find both thresholds in float32, for example with `smallest_float_where(..., dtype=np.float32)`, computing $z/T$ in float32 (`np.float32(T)`).""",
    "2": """Your weight `c = data["c"]` and four scores `data["s"]`: for each score let $q = c\\,e^{-s}$ (`q = c * np.exp(-s)`; the score shifted by $\\ln c$, as a class weight or a prior offset does).
Compute $\\log(1+q)$ twice, as `np.log(1 + q)` and as `np.log1p(q)`, and the error of each in ULPs against the exact value (mpmath, 50 digits), with `ulp_error(computed, exact)` from `helpers` (it counts the float64 numbers between the two).
Then find the smallest float64 $s > 0$ from which `np.log(1 + c * np.exp(-s))` is exactly 0 (`smallest_float_where`), and predict it by hand.
By hand: explain why `np.log(1 + q)` is thousands of ULPs off for moderate $s$ and entirely wrong from that threshold on, while `log1p` is not.
Give the errors of `np.log(1 + q)` as an array in the order of `data["s"]` (the errors of `log1p` and a table are for you, not graded; name a table's columns as you like).""",
    "3": """Two examples, with an intercept column: `X = data["X_two"]` (rows $(1, -p)$ and $(1, p)$), labels `y = data["y_two"]` $= (0, 1)$, at `theta = data["theta_two"]` $= (b, w)$.
Compute the textbook Hessian `naive_log_loss_hessian` and the stable `log_loss_hessian` there, and the Newton step $d$ that solves $H d = -\\nabla J$ with the stable Hessian (`np.linalg.solve`; $\\nabla J$ from `log_loss_gradient`).
By hand: explain why the textbook Hessian is singular here (which example drops out, and why), and why the stable one is not.""",
}

SOLUTIONS = {
    "1": """T = np.float32(data["T"])
is_one = lambda z: naive_sigmoid(z / T) == 1.0
z_one = smallest_float_where(is_one, 1.0, 30.0 * T, dtype=np.float32)
with np.errstate(over="ignore"):    # exp overflows on purpose
    z_overflow = smallest_float_where(lambda z: np.isinf(np.exp(z / T)), 1.0, 100.0 * T, dtype=np.float32)
np.testing.assert_allclose(z_one, 24 * np.log(2) * T, rtol=1e-6)          # the prediction
np.testing.assert_allclose(z_overflow, np.log(np.finfo(np.float32).max) * T, rtol=1e-6)
z_one, z_overflow""",
    "2": """c = data["c"]
ulps_log, ulps_log1p = [], []
for s in data["s"]:
    q = c * np.exp(-s)
    with mpmath.workdps(50):        # exact, to 50 digits
        exact = mpmath.log1p(mpmath.mpf(c) * mpmath.exp(-mpmath.mpf(s)))
    ulps_log.append(ulp_error(np.log(1 + q), exact))
    ulps_log1p.append(ulp_error(np.log1p(q), exact))
ulps_log, ulps_log1p = np.array(ulps_log), np.array(ulps_log1p)
assert np.all(ulps_log1p <= 1)
s_zero = smallest_float_where(lambda s: np.log(1 + c * np.exp(-s)) == 0, 1.0, 100.0)
np.testing.assert_allclose(s_zero, np.log(c) + 53 * np.log(2), rtol=1e-12)   # the prediction
ulps_log, s_zero""",
    "3": """X, y, theta = data["X_two"], data["y_two"], data["theta_two"]
H_naive = naive_log_loss_hessian(theta, X, y)
H_stable = log_loss_hessian(theta, X, y)
newton_step = np.linalg.solve(H_stable, -log_loss_gradient(theta, X, y))
assert np.linalg.matrix_rank(H_naive) == 1 and np.all(np.linalg.eigvalsh(H_stable) > 0)
H_naive, H_stable, newton_step""",
}

WRITTEN = {
    "1": {"rubric": [("1 + ε rounds to 1 in float32 for ε ≤ 2⁻²⁴, so σ(z/T) = 1 from e^(−z/T) ≈ 2⁻²⁴: z ≈ 24T ln 2", 1),
                     ("exp overflows above ln(3.4·10³⁸) ≈ 88.72, so from z ≈ 88.72·T", 1),
                     ("the consequence: a float32 loss with (1 − y)log(1 − h) is 0·log 0 = nan from the first "
                      "threshold on, at scores 2.2 times smaller than in float64", 1)],
          "ask": ["when 1 + e^(−z/T) rounds to 1 in float32, and from which z that happens",
                  "from which z the exponential e^(z/T) overflows, from the largest float32",
                  "what this does to a float32 log-loss, compared with float64"],
          "model": "σ = 1/(1 + e^(−z/T)); in float32 the sum 1 + e^(−z/T) is exactly 1 once e^(−z/T) ≤ 2⁻²⁴, i.e. "
                   "z ≥ 24T ln 2 ≈ 16.64·T. e^(z/T) exceeds the largest float32, 3.4·10³⁸, once z/T > ln(3.4·10³⁸) "
                   "≈ 88.72, i.e. z ≈ 88.72·T. From the first threshold 1 − h = 0 and the unused term of a correct, "
                   "confident prediction is 0·(−inf) = nan: in float64 this starts at 36.74·T, 2.2 times later."},
    "2": {"rubric": [("1 + q is rounded before the logarithm: an absolute error of about 2⁻⁵³", 1),
                     ("log(1 + q) ≈ q, so that absolute error is a relative error of about 2⁻⁵³/q, i.e. ~1/q ULPs "
                      "(thousands and more from s ≈ 10 on)", 1),
                     ("for q ≤ 2⁻⁵³ the sum is exactly 1 and the logarithm 0: every digit lost, from "
                      "s = ln c + 53 ln 2; log1p never forms 1 + q", 1)],
          "ask": ["what rounding 1 + q before the logarithm does: the size of its absolute error",
                  "why that absolute error is a large relative error of log(1 + q), and how many ULPs for moderate s",
                  "from which s the sum 1 + q is exactly 1, and why log1p never has this problem"],
          "model": "fl(1 + q) = (1 + q)(1 + δ), |δ| ≤ 2⁻⁵³; log of it = log(1 + q) + δ approximately, and log(1 + q) ≈ "
                   "q, so the relative error is δ/q: ~2⁻⁵³e^s, that many ULPs. Once q < 2⁻⁵³ the sum rounds to 1 and "
                   "the result is 0: from c·e^(−s) ≤ 2⁻⁵³, s ≥ ln c + 53 ln 2 ≈ ln c + 36.74. log1p(q) works with q itself and is correctly rounded or 1 ULP off."},
    "3": {"rubric": [("the example with z = b + wp > 36.7 has textbook h exactly 1, so its weight h(1 − h) is exactly 0", 1),
                     ("so the textbook Hessian is ½·w₁x₁x₁ᵀ, rank one: singular, Newton's system cannot be solved", 1),
                     ("the stable weights e^(−|z|)/(1 + e^(−|z|))² are tiny but positive: positive definite, the step exists", 1)],
          "ask": ["which example gets h exactly 1 in the textbook formula, and what its weight h(1 − h) becomes",
                  "what the textbook Hessian then is, its rank, and what that means for Newton's system",
                  "why the stable weights keep the Hessian invertible, so the Newton step exists"],
          "model": "Example 2 has z = b + wp ≥ 37: 1 + e^(−z) rounds to 1, h = 1, weight 0. Example 1 (z = b − wp) keeps "
                   "h ≈ e^z, computed without subtraction, so its weight survives: H_naive = ½w₁x₁x₁ᵀ has rank 1 and "
                   "det 0. The stable Hessian has both weights (> 0) and two independent rows x₁, x₂: positive definite. "
                   "The Newton step then satisfies x₁·d = −1/σ(−z₁), x₂·d = 1/σ(z₂), about (0, 1/p)."},
}

# ------------------------------------------------------------------------------------------ the grader

POINTS = {"z_one": 1, "z_overflow": 1, "ulps_log": 1, "s_zero": 1, "H_naive": 1, "H_stable": 1,
          "newton_step": 1}


def probes(rng, data):
    return {}


def vary(d: dict) -> dict:
    """The grader's second data set: another seed's numbers, with T, c and p times 17/16 and every s + 0.5, so
    that typed-in numbers do not follow (the Newton step is about (0, 1/p): p must change)."""
    X = np.array(d["X_two"], dtype=float)
    X[:, 1] *= 17 / 16
    return dict(d, T=d["T"] * 17 / 16, c=d["c"] * 17 / 16, s=[v + 0.5 for v in d["s"]], X_two=X)


def _f32_threshold(predicate, lo: float, hi: float) -> float:
    """The smallest float32 in (lo, hi] where predicate holds (monotone): bisection over float32 bit patterns."""
    a = int(np.array(lo, dtype=np.float32).view(np.int32))
    b = int(np.array(hi, dtype=np.float32).view(np.int32))
    as_f = lambda k: np.array(k, dtype=np.int32).view(np.float32)[()]  # noqa: E731
    assert not predicate(as_f(a)) and predicate(as_f(b))
    while b - a > 1:
        mid = (a + b) // 2
        if predicate(as_f(mid)):
            b = mid
        else:
            a = mid
    return float(as_f(b))


def _f64_threshold(predicate, lo: float, hi: float) -> float:
    """The smallest float64 in (lo, hi] where predicate holds (monotone): bisection over the bit patterns."""
    a, b = _ord(lo), _ord(hi)
    as_f = lambda k: struct.unpack("<d", struct.pack("<q", k))[0]  # noqa: E731  (positive floats only)
    assert not predicate(as_f(a)) and predicate(as_f(b))
    while b - a > 1:
        mid = (a + b) // 2
        if predicate(as_f(mid)):
            b = mid
        else:
            a = mid
    return as_f(b)


def _ord(x: float) -> int:
    """Consecutive integers for consecutive float64 (both zeros 0)."""
    i = struct.unpack("<q", struct.pack("<d", x))[0]
    return -(i & 0x7FFFFFFFFFFFFFFF) if i < 0 else i


def _ulps(computed: float, exact) -> float:
    return float(abs(_ord(float(computed)) - _ord(float(exact))))


def _sig(t: float) -> float:
    return 1 / (1 + math.exp(-t)) if t >= 0 else math.exp(t) / (1 + math.exp(t))


def reference(data: dict, probe: dict) -> dict:
    T = np.float32(data["T"])
    with np.errstate(over="ignore"):
        z_one = _f32_threshold(lambda z: np.float32(1) / (np.float32(1) + np.exp(-(z / T))) == 1, 1.0, 40.0 * float(T))
        z_over = _f32_threshold(lambda z: bool(np.isinf(np.exp(z / T))), 1.0, 100.0 * float(T))
    c = data["c"]
    ul = []
    for s in data["s"]:
        q = c * math.exp(-s)
        with mpmath.workdps(60):
            exact = mpmath.log1p(mpmath.mpf(c) * mpmath.exp(-mpmath.mpf(s)))
        ul.append(_ulps(math.log(1 + q), exact))
    s_zero = _f64_threshold(lambda s: math.log(1 + c * math.exp(-s)) == 0, 1.0, 100.0)
    X, y, (b, w) = np.asarray(data["X_two"], float), np.asarray(data["y_two"], float), data["theta_two"]
    z = [b + w * X[i, 1] for i in range(2)]
    naive_w = [(1 / (1 + math.exp(-t))) * (1 - 1 / (1 + math.exp(-t))) for t in z]   # the textbook weights
    stable_w = [math.exp(-abs(t)) / (1 + math.exp(-abs(t))) ** 2 for t in z]
    hess = lambda wts: [[sum(wts[i] * X[i, r] * X[i, c] for i in range(2)) / 2 for c in range(2)]  # noqa: E731
                        for r in range(2)]
    # Newton: H d = −g with H = ½Σ wᵢxᵢxᵢᵀ, g = ½Σ(hᵢ − yᵢ)xᵢ, and x₁, x₂ independent: xᵢ·d = −(hᵢ − yᵢ)/wᵢ
    # (h − y without cancellation: σ(z) for y = 0, −σ(−z) for y = 1)
    rhs = [-(_sig(t) if yi == 0 else -_sig(-t)) / wi for t, yi, wi in zip(z, y, stable_w)]
    (a11, a12), (a21, a22) = X
    det = a11 * a22 - a12 * a21
    d = [(rhs[0] * a22 - a12 * rhs[1]) / det, (a11 * rhs[1] - a21 * rhs[0]) / det]
    return {"z_one": z_one, "z_overflow": z_over, "ulps_log": ul, "s_zero": s_zero,
            "H_naive": hess(naive_w), "H_stable": hess(stable_w), "newton_step": d}


def compare(name: str, got, ref: dict):
    """(right?, what was compared, in words)."""
    if name in ("z_one", "z_overflow"):
        ok, msg = close(got, ref[name], rtol=1e-6, atol=0)
        how = "by value, relative tolerance 1e-6 (about 8 float32 units)"
    elif name == "s_zero":
        ok, msg = close(got, ref[name], rtol=1e-12, atol=0)
        how = "by value, relative tolerance 1e-12 (a few float64 units)"
    elif name == "ulps_log":
        ok, msg = close(got, ref[name], rtol=1e-2, atol=2)
        how = "each entry within 2 ULPs or 1 % of the count (an exact value rounded differently moves it by 1)"
    else:
        scale = max(abs(x) for row in (ref[name] if name != "newton_step" else [ref[name]]) for x in row)
        rtol = 1e-9 if name.startswith("H_") else 1e-7
        ok, msg = close(got, ref[name], rtol=rtol, atol=rtol * scale)
        how = f"by value, each entry within {rtol:g} times the largest entry" + (
            " (the entries are tiny, about e^(−|z|): a relative tolerance)" if name.startswith("H_") else "")
    return ok, how + ("" if ok else f"; {msg}")
