"""The textbook (numerically unstable) log-loss formulas, kept to show how they fail, and tools to measure it.

Everything named ``naive_*`` here is **deliberately unstable**: it is the formula
as printed in textbooks, evaluated as written in float64.  Use these functions
only to demonstrate failures; for real work use :mod:`helpers.losses`, whose
module docstring explains the stable forms.  The naive functions do not silence
NumPy's floating-point warnings (overflow in ``exp``, ``log(0)``, ``0 * inf``):
those warnings are part of what they demonstrate.  Wrap calls in
:func:`record_warnings` (or ``np.errstate``) to catch them.

The measuring tools:

* :func:`ulp_error` counts how many float64 numbers lie between a computed
  value and the correctly rounded exact one;
* :func:`reference_log_loss`, :func:`reference_residual` and
  :func:`reference_curvature` evaluate the *textbook* formulas with mpmath at a
  working precision high enough that ``digits`` significant digits survive
  every cancellation (an independent reference: no stable rewriting is used);
* :func:`smallest_float_where` finds an exact floating-point threshold by
  bisection over the representable numbers.

Per-sample quantities take the score ``z = theta^T x`` and the label ``y``;
the ``naive_log_loss*`` functions take ``(theta, X, y)`` like
:func:`helpers.log_loss`, so that the two can be compared call for call.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np

from ._validation import validated_scores

__all__ = [
    "naive_sigmoid",
    "naive_log_loss",
    "naive_log_loss_logaddexp",
    "naive_log_loss_gradient",
    "naive_log_loss_hessian",
    "ulp_error",
    "smallest_float_where",
    "reference_log_loss",
    "reference_residual",
    "reference_curvature",
    "record_warnings",
]


# ---------------------------------------------------------------------------
# the textbook formulas, deliberately unstable
# ---------------------------------------------------------------------------

def naive_sigmoid(z):
    """Deliberately unstable: ``1 / (1 + exp(-z))`` evaluated exactly as written.

    ``exp(-z)`` overflows (``RuntimeWarning``) for ``z < -709.78`` in float64,
    and the result rounds to exactly 1.0 from ``z = 36.74`` on, so ``1 - sigma``
    is 0 there.  Keeps a float32 input in float32 (other inputs become float64).
    Use :func:`helpers.sigmoid` instead.
    """
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    out = 1 / (1 + np.exp(-z))
    return out[()] if out.ndim == 0 else out


def naive_log_loss(theta, X, y):
    """Deliberately unstable: ``-(1/m) sum [ y log h + (1 - y) log(1 - h) ]``, ``h = naive_sigmoid(X @ theta)``.

    The textbook formula, term by term.  It returns NaN for a confidently
    *correct* prediction (``y = 1``, ``z >= 36.74``: ``h == 1.0``, so the unused
    term is ``0 * log 0 = 0 * (-inf)``; likewise ``y = 0``, ``z < -709.78``, where
    ``exp(-z)`` overflows and ``h == 0``), inf for a confidently wrong one, and
    loses relative accuracy long before that.  Use :func:`helpers.log_loss`.
    """
    X, y, z = validated_scores(theta, X, y)
    h = naive_sigmoid(z)
    return float(np.mean(-y * np.log(h) - (1 - y) * np.log(1 - h)))


def naive_log_loss_logaddexp(theta, X, y):
    """Deliberately unstable: ``(1/m) sum [ logaddexp(0, z) - y z ]`` with ``z = X @ theta``.

    Algebraically equal to the log-loss, and free of overflow and NaN, but for
    ``y = 1`` and large ``z`` it subtracts two nearly equal numbers
    (``log(1 + e^z) ~ z``), so the tiny true loss ``log(1 + e^-z)`` is lost to
    cancellation: it is exactly 0 from about ``z = 33.3`` on.  Use :func:`helpers.log_loss`.
    """
    X, y, z = validated_scores(theta, X, y)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def naive_log_loss_gradient(theta, X, y):
    """Deliberately unstable: ``(1/m) X^T (h - y)`` with ``h = naive_sigmoid(X @ theta)``.

    For ``y = 1`` and ``z > 0`` the residual ``h - 1`` cancels: its relative
    error grows like ``2^-53 e^z`` and it is exactly 0 from ``z = 36.74`` on.
    Use :func:`helpers.log_loss_gradient`.
    """
    X, y, z = validated_scores(theta, X, y)
    h = naive_sigmoid(z)
    return X.T @ (h - y) / X.shape[0]


def naive_log_loss_hessian(theta, X, y):
    """Deliberately unstable: ``(1/m) X^T diag(h (1 - h)) X`` with ``h = naive_sigmoid(X @ theta)``.

    For ``z > 0`` the factor ``1 - h`` cancels, so the curvature is exactly 0
    from ``z = 36.74`` on (the true value is about ``e^-z``).
    Use :func:`helpers.log_loss_hessian`.
    """
    X, y, z = validated_scores(theta, X, y)
    h = naive_sigmoid(z)
    w = h * (1 - h)
    return X.T @ (X * w[:, None]) / X.shape[0]


# ---------------------------------------------------------------------------
# measuring errors
# ---------------------------------------------------------------------------

def _ordered(x):
    """Map float64 to int64 so that consecutive floats map to consecutive integers (+0 and -0 to 0)."""
    i = np.asarray(x, dtype=np.float64).view(np.int64)
    return np.where(i < 0, np.int64(np.iinfo(np.int64).min) - i, i)


def ulp_error(computed, exact):
    """How many float64 numbers lie between ``computed`` and ``exact`` rounded to float64.

    ``ulp_error = |ord(computed) - ord(round(exact))|`` where ``ord`` numbers the
    float64 values consecutively (subnormals included, ``+0`` and ``-0`` both 0)
    and ``round`` is the round-to-nearest conversion ``float(exact)``.  So 0 means
    correctly rounded, 1 means one unit in the last place (ULP) off, and across
    a power of two the count is still exact.

    Parameters
    ----------
    computed : float or array of float
        The float64 result to judge.
    exact : float, mpmath.mpf, or array of them
        The reference value, in any precision (it is rounded to float64 once).

    Returns
    -------
    float or ndarray of float
        The distance in ULPs; ``inf`` where ``computed`` is NaN or infinite but
        the rounded exact value is not (a NaN or an overflow is infinitely wrong),
        and 0 where both are the same infinity.
    """
    computed = np.asarray(computed, dtype=np.float64)
    exact_obj = np.asarray(exact, dtype=object)
    ref = np.array([float(v) for v in exact_obj.ravel()], dtype=np.float64).reshape(exact_obj.shape)
    computed, ref = np.broadcast_arrays(computed, ref)
    finite = np.isfinite(computed) & np.isfinite(ref)
    a = _ordered(np.where(finite, computed, 0.0))
    b = _ordered(np.where(finite, ref, 0.0))
    # |a - b| in uint64: it can exceed the int64 range (from -max to +max), never the uint64 one
    ua, ub = a.astype(np.uint64), b.astype(np.uint64)
    distance = np.where(a >= b, ua - ub, ub - ua)
    out = np.where(finite, distance.astype(np.float64), np.inf)
    out = np.where(~finite & (computed == ref), 0.0, out)
    return out[()] if out.ndim == 0 else out


def smallest_float_where(predicate, lo, hi, dtype=np.float64):
    """The smallest floating-point number ``x`` in ``(lo, hi]`` with ``predicate(x)`` true.

    Bisection over the representable numbers of ``dtype`` (float64 or float32),
    so the answer is exact: ``predicate(x)`` holds and ``predicate`` fails at the
    next smaller float.  ``predicate`` must be monotone on ``[lo, hi]`` (False up to
    a threshold, True from it on); the function checks ``predicate(lo)`` is False
    and ``predicate(hi)`` is True, and raises ``ValueError`` otherwise.
    ``lo`` and ``hi`` must be positive (the bit patterns of positive floats are ordered).
    """
    dtype = np.dtype(dtype)
    itype = {np.dtype(np.float64): np.int64, np.dtype(np.float32): np.int32}.get(dtype)
    if itype is None:
        raise ValueError(f"dtype must be float64 or float32, got {dtype}")
    lo, hi = dtype.type(lo), dtype.type(hi)
    if not (0 < lo < hi) or not np.isfinite(hi):
        raise ValueError(f"need finite 0 < lo < hi, got lo={lo!r}, hi={hi!r}")
    if predicate(lo) or not predicate(hi):
        raise ValueError("predicate must be False at lo and True at hi")
    a, b = int(np.array(lo).view(itype)), int(np.array(hi).view(itype))
    as_float = lambda k: np.array(k, dtype=itype).view(dtype)[()]  # noqa: E731
    while b - a > 1:
        mid = (a + b) // 2
        if predicate(as_float(mid)):
            b = mid
        else:
            a = mid
    return as_float(b)


def _working_digits(z, digits):
    # 1 - sigma(z) ~ e^-|z| next to 1 loses |z| / ln(10) digits to cancellation; keep `digits` beyond that
    return int(digits) + math.ceil(abs(float(z)) / math.log(10)) + 10


def _mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def reference_log_loss(z, y, digits=50):
    """The textbook per-sample loss ``-y log h - (1 - y) log(1 - h)``, ``h = 1/(1 + e^-z)``, in mpmath.

    Evaluated as written (no stable rewriting), at a working precision of
    ``digits + |z|/ln 10 + 10`` decimal digits, so that at least ``digits``
    significant digits survive the cancellation in ``1 - h``.  ``z`` is taken
    as the exact value of its float64; ``y`` is 0 or 1.  Returns an ``mpmath.mpf``
    (rounded to ``digits`` significant digits).
    """
    y = _label(y)
    with mpmath.workdps(_working_digits(z, digits)):
        h = _mp_sigmoid(z)
        value = -mpmath.log(h) if y else -mpmath.log(1 - h)
    with mpmath.workdps(digits):
        return +value


def reference_residual(z, y, digits=50):
    """The textbook residual ``h - y``, ``h = 1/(1 + e^-z)``, in mpmath (see :func:`reference_log_loss`)."""
    y = _label(y)
    with mpmath.workdps(_working_digits(z, digits)):
        value = _mp_sigmoid(z) - y
    with mpmath.workdps(digits):
        return +value


def reference_curvature(z, digits=50):
    """The textbook curvature ``h (1 - h)``, ``h = 1/(1 + e^-z)``, in mpmath (see :func:`reference_log_loss`)."""
    with mpmath.workdps(_working_digits(z, digits)):
        h = _mp_sigmoid(z)
        value = h * (1 - h)
    with mpmath.workdps(digits):
        return +value


def _label(y):
    if y not in (0, 1):
        raise ValueError(f"y must be the label 0 or 1, got {y!r}")
    return int(y)


def record_warnings(func, *args, **kwargs):
    """Call ``func(*args, **kwargs)`` and return ``(result, messages)``, showing no warning.

    Every warning raised during the call is caught (NumPy's floating-point
    overflow, divide-by-zero and invalid-operation warnings are switched on for
    it) and returned as a list of ``"Category: message"`` strings, without
    repeats, in the order they first occurred.  Use it to show deliberately
    what the naive formulas complain about.
    """
    with warnings.catch_warnings(record=True) as caught, np.errstate(over="warn", divide="warn", invalid="warn"):
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    messages = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in messages:
            messages.append(text)
    return result, messages
