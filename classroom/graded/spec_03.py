"""Graded exercises of chapter 03, variants of the chapter's three worked exercises (hidden: the grader's side).

Book exercise -> graded variant (the student's numbers a, b, c, k, z0 come from kit.data_03.data(seed)):
  1 ex-sigmoid-second-derivative: g(z) = σ(az + b) instead of σ(z): g'' and where g' peaks
  2 ex-sigmoid-tanh: u(z) = c·tanh(kz) instead of tanh(z): u' and u'(z0)
  3 ex-sigmoid-own-difference: at z0 instead of z = 1: the errors of a central difference and the best step
"""

import math

import numpy as np

from classroom.graded.compare import close, flat
from helpers import sigmoid

CHAPTER = "03_sigmoid_derivative"
BOOK = {"1": "ex-sigmoid-second-derivative", "2": "ex-sigmoid-tanh", "3": "ex-sigmoid-own-difference"}
TITLES = {"1": "The second derivative of a shifted, steeper sigmoid",
          "2": "The derivative of a scaled hyperbolic tangent",
          "3": "Your own finite difference at your point"}

SETUP = """import numpy as np
import sympy as sp
from helpers import sigmoid          # σ(z) for numbers and arrays, as in the chapter

z = sp.Symbol("z", real=True)        # the chapter's symbol and sigmoid; use them or your own
σ = 1 / (1 + sp.exp(-z))"""

PROMPTS = {
    "1": """Let $g(z) = \\sigma(az + b)$ with your `a = data["a"]` and `b = data["b"]`.
By hand, using only $\\sigma' = \\sigma(1-\\sigma)$, the chain rule and the product rule, find $g'(z)$ and $g''(z)$ in terms of $\\sigma(az+b)$; say where $g'$ is largest and why.
Then build $g''$ in SymPy from `data` (not from typed-in numbers).""",
    "2": """Let $u(z) = c\\tanh(kz)$ with your `c = data["c"]` and `k = data["k"]`.
By hand, use $\\tanh(t) = 2\\sigma(2t) - 1$ and $\\sigma' = \\sigma(1-\\sigma)$ to show $u'(z) = ck\\bigl(1 - \\tanh^2(kz)\\bigr)$.
Then build $u'$ in SymPy from `data`, and evaluate it at your point `z0 = data["z0"]`.""",
    "3": """Write a function `central(f, z, δ)` that returns $\\bigl(f(z+\\delta) - f(z-\\delta)\\bigr)/(2\\delta)$.
At your point `z0 = data["z0"]`, compute the error $|\\,\\mathrm{central}(\\sigma, z_0, \\delta) - \\sigma(z_0)(1-\\sigma(z_0))\\,|$ for each step $\\delta$ of `data["steps"]` ($10^{-1}, 10^{-2}, \\dots, 10^{-12}$, in that order), with `sigmoid` from `helpers` as $f$.
Which step gives the smallest error? In words: why do smaller steps eventually do worse?""",
}

# the answer key's code (the graded names from `data`); each is one correct answer among many
SOLUTIONS = {
    "1": """a, b = data["a"], data["b"]
g = σ.subs(z, a * z + b)
s = σ.subs(z, a * z + b)
g2 = a**2 * s * (1 - s) * (1 - 2 * s)
assert sp.simplify(sp.diff(g, z, 2) - g2) == 0     # SymPy agrees with the hand derivation
z_peak = -b / a                                     # g'' = 0 where σ(az + b) = 1/2
g2""",
    "2": """c, k = data["c"], data["k"]
u = c * sp.tanh(k * z)
u_prime = c * k * (1 - sp.tanh(k * z) ** 2)
assert sp.simplify((sp.diff(u, z) - u_prime).rewrite(sp.exp)) == 0
u_prime_z0 = float(u_prime.subs(z, data["z0"]))
u_prime_z0""",
    "3": """def central(f, z, δ):
    return (f(z + δ) - f(z - δ)) / (2 * δ)

z0 = data["z0"]
exact = sigmoid(z0) * (1 - sigmoid(z0))
errors = np.array([abs(central(sigmoid, z0, δ) - exact) for δ in data["steps"]])
best = data["steps"][int(np.argmin(errors))]
best, errors.min()""",
}

WRITTEN = {
    "1": {"rubric": [("g' = a σ'(az+b) = a σ(1−σ) by the chain rule, with the factor a", 1),
                     ("product rule on a σ(1−σ), each σ' replaced by aσ(1−σ): g'' = a²σ(1−σ)(1−2σ)", 2),
                     ("g' is largest where g'' changes sign from + to −: σ(az+b) = ½, z = −b/a", 1)],
          "ask": ["g′ by the chain rule, with its inner derivative",
                  "g″ by the product rule, written in σ(az + b) only",
                  "where g′ is largest, and why"],
          "model": "g' = aσ(1−σ) (chain rule, inner derivative a); g'' = a[σ'(1−σ) − σσ'] = a·aσ(1−σ)(1−2σ) "
                   "(product rule, σ' = aσ(1−σ) of the inner function); g'' = 0 iff σ = ½ iff az + b = 0, and it "
                   "goes from positive to negative there, so g' peaks at z = −b/a with g' = a/4."},
    "2": {"rubric": [("tanh(kz) = 2σ(2kz) − 1 (the identity with t = kz)", 1),
                     ("chain rule: u' = 2c·σ'(2kz)·2k = 4ck σ(2kz)(1 − σ(2kz))", 3),
                     ("σ(2kz) = (1 + tanh kz)/2 substituted: u' = ck(1 + tanh)(1 − tanh) = ck(1 − tanh²(kz))", 2)],
          "ask": ["tanh(kz) written with σ, using the identity with kz in place of t",
                  "u′ by the chain rule, in terms of σ(2kz)",
                  "σ(2kz) written back in tanh(kz), and the simplification to the form asked for"],
          "model": "u = c(2σ(2kz) − 1); u' = 2c·2k·σ(2kz)(1 − σ(2kz)); with σ(2kz) = (1 + T)/2, T = tanh kz, "
                   "1 − σ = (1 − T)/2, so u' = 4ck(1+T)(1−T)/4 = ck(1 − T²)."},
    "3": {"rubric": [("the error first falls like δ² (truncation error of the central difference)", 1),
                     ("then grows like u/δ: f(z±δ) are rounded, their difference loses digits (cancellation)", 1),
                     ("the best step balances the two, near u^(1/3) ≈ 5·10⁻⁶, so 10⁻⁵ or 10⁻⁶", 1)],
          "ask": ["how the error behaves for the larger steps, and which error this is",
                  "why it grows again for the smallest steps: what happens to f(z ± δ) and to their difference",
                  "which step balances the two errors, and roughly why there"],
          "model": "Truncation error ≈ δ²|σ'''|/6 falls with δ; rounding error ≈ u|σ|/δ grows as δ shrinks "
                   "(u = 2⁻⁵³); they balance near δ ≈ u^(1/3) ≈ 5·10⁻⁶."},
}

# ------------------------------------------------------------------------------------------ the grader

#: 0: checked, not scored. The prompts print u' = ck(1 − tanh²kz) (exercise 2 is a "show that": its work is the
#: derivation, whose rubric carries the points) and central's formula (exercise 3), so transcribing them is no work
POINTS = {"g2": 1, "z_peak": 1, "u_prime": 0, "u_prime_z0": 0, "central": 0, "errors": 1, "best": 1}
CUBIC = "lambda t: t**3 - 2*t"


def probes(rng: np.random.Generator, data: dict) -> dict:
    """Where the grader evaluates the student's expressions and functions (drawn anew at each grading)."""
    points = [round(float(p), 3) for p in rng.uniform(-3, 3, size=5)]
    calls = [[round(float(rng.uniform(-2, 2)), 3), float(d)] for d in (0.1, 0.05, 0.25)]
    return {"g2": {"points": points}, "u_prime": {"points": points},
            "central": {"f": CUBIC, "calls": calls}}


def _s(t):
    return 1.0 / (1.0 + math.exp(-t))


#: the rounding a correct computation of central(σ, z0, δ) − σ'(z0) can carry, in units of ε/δ: σ(z0 ± δ) each off
#: by a few ulps whatever the formula (the helper, 1/(1 + e^(−z)), math or NumPy), z0 ± δ rounded (σ' ≤ ¼), the
#: difference divided by 2δ; 8(1 + |z0|)·ε/δ covers them with a margin of 2 or more
ROUNDING = 8.0


def _truncation(z0: float, d: float) -> float:
    """|central(σ, z0, δ) − σ'(z0)| in exact arithmetic (50 digits): the error without rounding."""
    import mpmath
    with mpmath.workdps(50):
        s = lambda t: 1 / (1 + mpmath.exp(-t))  # noqa: E731
        z, h = mpmath.mpf(z0), mpmath.mpf(d)
        return float(abs((s(z + h) - s(z - h)) / (2 * h) - s(z) * (1 - s(z))))


def reference(data: dict, probe: dict) -> dict:
    a, b, c, k, z0 = data["a"], data["b"], data["c"], data["k"], data["z0"]
    g2 = [a * a * _s(a * p + b) * (1 - _s(a * p + b)) * (1 - 2 * _s(a * p + b)) for p in probe["g2"]["points"]]
    up = [c * k * (1 - math.tanh(k * p) ** 2) for p in probe["u_prime"]["points"]]
    f = eval(CUBIC)
    cen = [(f(zz + d) - f(zz - d)) / (2 * d) for zz, d in probe["central"]["calls"]]
    exact = sigmoid(z0) * (1 - sigmoid(z0))
    errors = [abs((sigmoid(z0 + d) - sigmoid(z0 - d)) / (2 * d) - exact) for d in data["steps"]]
    return {"truncation": [_truncation(z0, d) for d in data["steps"]], "z0": z0, "a": a,"g2": g2, "z_peak": -b / a, "u_prime": up, "u_prime_z0": c * k * (1 - math.tanh(k * z0) ** 2),
            "central": cen, "errors": errors, "steps": list(data["steps"])}


def compare(name: str, got, ref: dict):
    """(right?, what was compared, in words)."""
    if name == "errors":
        # each step's error is the truncation error (exact, computed here) plus rounding, which depends on how σ
        # is computed (the helper or 1/(1 + e^(−z)) round differently, by 20x at some steps): the allowance is the
        # rounding any correct formula can carry, 8(1 + |z0|)·ε/δ, negligible for the large steps
        eps = 2.0 ** -52
        allow = [ROUNDING * (1 + abs(ref["z0"])) * eps / d for d in ref["steps"]]
        g = flat(got)
        if len(g) != len(ref["steps"]):
            ok, msg = False, f"{len(g)} numbers where {len(ref['steps'])} were expected"
        else:
            ok, msg = True, ""
            for i, (x, t, r) in enumerate(zip(g, ref["truncation"], allow, strict=True)):
                if not math.isfinite(x) or x < 0 or abs(x - t) > 0.01 * t + r:
                    ok, msg = False, f"outside the tolerance in entry {i}"
                    break
        return ok, ("each step: the truncation error (exact) within 1 %, plus the rounding any correct formula for "
                    "σ can add, 8(1 + |z0|)·ε/δ (ε = 2⁻⁵², negligible for δ ≥ 10⁻⁴)" + ("" if ok else f"; {msg}"))
    if name == "best":
        errs, steps = ref["errors"], ref["steps"]
        floor = min(errs)
        good = [d for d, e in zip(steps, errs) if e <= 10 * floor]
        ok = any(abs(got - d) <= 1e-9 * d for d in good)
        return ok, "one of the steps whose error is within a factor of 10 of the smallest"
    tol = {"g2": (1e-8, 1e-12), "u_prime": (1e-8, 1e-12), "central": (1e-9, 1e-12),
           "z_peak": (1e-6, 1e-6), "u_prime_z0": (1e-8, 1e-12)}[name]
    ok, msg = close(got, ref[name], rtol=tol[0], atol=tol[1])
    where = {"g2": " at 5 points the grader chose", "u_prime": " at 5 points the grader chose",
             "central": " on a cubic at 3 points and steps the grader chose"}.get(name, "")
    if name == "z_peak":   # a numerical maximiser finds a flat peak to about √ε ≈ 10⁻⁸ of its width 1/a, well inside
        return ok, ("by value, within 10⁻⁶ (absolute and relative): exact, or a numerical maximiser's accuracy"
                    + ("" if ok else f"; {msg}"))
    return ok, f"by value{where}, relative tolerance {tol[0]:g}" + ("" if ok else f"; {msg}")


def vary(d: dict) -> dict:
    """The grader's second data set (besides another seed's numbers): other steps, 3·10⁻ᵏ, in the reverse order, so
    that a typed-in best step, a typed-in list of errors or a fixed index into the steps shows (a teacher's
    `best = data["steps"][4]` scored for 89 % of IDs when the order was kept)."""
    return dict(d, steps=[3 * s for s in reversed(d["steps"])])
