"""The sigmoid, the log-loss and the squared error of a sigmoid, with their derivatives.

Conventions used throughout (the book's notation):

* ``X`` is the design matrix as given, shape ``(m, n)``: one row per example.
  Add the intercept column yourself with :func:`helpers.add_intercept`.
* ``theta`` has length ``n``; ``z = X @ theta``; ``h = sigmoid(z)``.
* ``y`` holds labels 0 and 1.
* Every loss is a *mean* over the ``m`` examples.

Numerical method
----------------
The textbook expressions ``-y log h - (1-y) log(1-h)`` and ``h - y`` fail in
floating point: ``h`` rounds to exactly 1 from ``z = 36.74`` on, so ``log(1-h)``
is ``log 0`` and ``0 * log 0`` is NaN; ``exp(-z)`` overflows past ``|z| = 709.78``.
Writing ``logaddexp(0, z) - y z`` does not help either: for ``y = 1`` and large
``z`` it subtracts two nearly equal numbers.

All functions here use ``s = (1 - 2y) z``, the negative of the margin ``(2y - 1) z`` (``s = z`` when
``y = 0`` and ``s = -z`` when ``y = 1``), which is large and positive exactly
when the prediction is confidently wrong.  In terms of ``s``

* loss      ``-y log h - (1-y) log(1-h) = softplus(s) = max(s, 0) + log1p(exp(-|s|))``
* residual  ``h - y = (1 - 2y) * sigmoid(s)``
* curvature ``h (1 - h) = exp(-|z|) / (1 + exp(-|z|))**2``

Only ``exp(-|s|) <= 1`` is ever evaluated, so nothing overflows, nothing
cancels, and each value is within a few units in the last place of the exact
one for every finite ``z`` (checked against mpmath in ``tests/``).  The means
over the examples never overflow either: a mean of finite numbers is finite,
and where a sum would pass 1.8e308 it is taken as the sum of ``value / m``.
Only the Hessian can exceed the float64 range (its entries are products
``x_j x_k``); it then raises ``ValueError`` instead of returning inf.

These pieces are public, one copy each, and every other module uses them:
:func:`softplus`, :func:`negative_margin` (``sign``, ``s`` and ``e = exp(-|z|)``),
:func:`mean_softplus`, :func:`residual_from_margin` and :func:`curvature_from_margin`.

``X`` may also be a SciPy sparse matrix (text features): every function here
then works on it as it is, and agrees with the dense computation to rounding.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

from ._linalg import column_scale, mean_xt, weighted_gram
from ._validation import short_repr, as_design_matrix, as_real_scores, as_targets, validated_arguments, validated_scores

__all__ = [
    "sigmoid",
    "add_intercept",
    "log_loss",
    "log_loss_gradient",
    "log_loss_and_gradient",
    "log_loss_hessian",
    "mse_loss",
    "mse_gradient",
    "mse_loss_and_gradient",
    "least_squares_loss",
    "least_squares_gradient",
    "softplus",
    "negative_margin",
    "mean_softplus",
    "residual_from_margin",
    "curvature_from_margin",
]


def sigmoid(z):
    """The logistic function ``sigma(z) = 1 / (1 + exp(-z))``, for scalars or arrays.

    Evaluated as ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` for ``z < 0``
    with ``e = exp(-|z|)``, so it never overflows and keeps full relative
    precision in both tails (``sigmoid(-700)`` is about ``1e-304``, not 0).
    ``sigmoid(inf) = 1`` and ``sigmoid(-inf) = 0``; NaN raises ``ValueError``.
    """
    if isinstance(z, (str, bytes)):
        raise ValueError(f"z must be a real number or an array of them, got the string {z!r}")
    z_arr = as_real_scores(z, "z")
    if np.isnan(z_arr).any():
        # only on this (failing) path: was the NaN a missing value (None) that NumPy turned into NaN?
        if not isinstance(z, np.ndarray) and any(v is None for v in np.ravel(np.asarray(z, dtype=object))):
            raise ValueError(f"z contains None (a missing value), got {short_repr(z)}: drop or fill the missing entries")
        raise ValueError("z contains NaN; sigmoid is defined for real numbers (inf is allowed)")
    e = np.exp(-np.abs(z_arr))
    out = np.where(z_arr >= 0, 1.0, e) / (1.0 + e)
    return out[()] if out.ndim == 0 else out


def add_intercept(X):
    """Return ``[1, X]``: the design matrix with a column of ones put first (sparse if X is).

    With it, ``theta[0]`` is the bias (intercept) and ``theta[1:]`` the weights.
    """
    X = as_design_matrix(X)
    if scipy.sparse.issparse(X):
        return scipy.sparse.hstack([np.ones((X.shape[0], 1)), X], format="csr")
    out = np.empty((X.shape[0], X.shape[1] + 1), dtype=np.float64)
    out[:, 0] = 1.0
    out[:, 1:] = X
    return out


# ---------------------------------------------------------------------------
# the building blocks, in terms of s = (1 - 2y) z, the negative of the margin (2y - 1) z
# ---------------------------------------------------------------------------

def softplus(s):
    """``softplus(s) = log(1 + exp(s))``, evaluated as ``max(s, 0) + log1p(exp(-|s|))``, for scalars or arrays.

    Finite and accurate to a few units in the last place for every finite ``s``: only
    ``exp(-|s|) <= 1`` is evaluated.  One example's log-loss is ``softplus((1 - 2y) z)``.
    """
    s = as_real_scores(s, "s")
    out = np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))
    return out[()] if out.ndim == 0 else out


def negative_margin(z, y):
    """Return ``(sign, s, e)`` with ``sign = 1 - 2y``, ``s = sign * z`` and ``e = exp(-|z|)`` (note ``|s| = |z|``).

    ``s`` is minus the margin ``(2y - 1) z``: large and positive exactly when the prediction is
    confidently wrong.  ``e`` lies in ``(0, 1]``, so it never overflows; it is computed once and
    shared by :func:`mean_softplus`, :func:`residual_from_margin` and :func:`curvature_from_margin`.
    ``z`` and ``y`` (labels 0 and 1) are arrays that broadcast together.
    """
    sign = 1.0 - 2.0 * y
    s = z * sign
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return sign, s, e


def mean_softplus(s, e):
    """The mean log-loss ``(1/m) sum_i softplus(s_i)``, as ``max(s, 0) + log1p(e)``, from :func:`negative_margin`.

    Where the sum of ``max(s, 0)`` would pass 1.8e308 (scores near the float64 limit) it sums
    ``max(s, 0) / m`` instead, so the mean of finite numbers is always finite (the ``log1p(e)`` part,
    at most ``log 2`` per example, is then below the rounding of the mean, and is left out).
    """
    m = s.shape[0]
    positive = np.maximum(s, 0.0)
    with np.errstate(over="ignore"):
        total = positive.sum()
    if not np.isfinite(total):
        # only for scores near the float64 limit: sum value/m instead.  The mean is then above 1.8e308/m, whose
        # half-ulp exceeds the whole log1p(e) part (at most log 2) for every m below 1e290: adding it changes nothing
        return (positive / m).sum()
    return (total + np.log1p(e).sum()) / m


def residual_from_margin(sign, s, e):
    """The residual ``h - y = sign * sigmoid(s)`` from :func:`negative_margin`, computed without cancellation.

    ``sigmoid(s)`` is ``1 / (1 + e)`` for ``s >= 0`` and ``e / (1 + e)`` for ``s < 0``, as in :func:`sigmoid`.
    """
    r = np.where(s >= 0, 1.0, e)
    r /= 1.0 + e
    r *= sign
    return r


def curvature_from_margin(e):
    """The curvature ``h (1 - h) = sigmoid'(z) = e / (1 + e)^2`` with ``e = exp(-|z|)`` from :func:`negative_margin`.

    A quotient of positive numbers: nothing cancels, unlike ``h * (1 - h)`` once ``h`` rounds to 1.
    """
    d = 1.0 + e
    return e / (d * d)


# ---------------------------------------------------------------------------
# log-loss (cross-entropy)
# ---------------------------------------------------------------------------

def log_loss(theta, X, y):
    """Mean cross-entropy of logistic regression.

    ``J(theta) = -(1/m) * sum_i [ y_i log h_i + (1 - y_i) log(1 - h_i) ]``
    with ``h = sigmoid(X @ theta)``; natural logarithm; no 1/2; no regularisation.
    Finite and accurate for every finite input (see the module docstring).
    """
    X, y, z = validated_scores(theta, X, y)
    _, s, e = negative_margin(z, y)
    return float(mean_softplus(s, e))


def log_loss_gradient(theta, X, y):
    """Gradient of :func:`log_loss`: ``(1/m) X^T (h - y)``, shape ``(n,)``."""
    X, y, z = validated_scores(theta, X, y)
    sign, s, e = negative_margin(z, y)
    return mean_xt(X, residual_from_margin(sign, s, e))


def log_loss_and_gradient(theta, X, y):
    """``(log_loss, log_loss_gradient)`` sharing one evaluation of ``X @ theta``.

    This is what an optimiser wants: one read of ``X`` for ``z = X @ theta`` and
    one for ``X^T r``.  Use it with ``scipy.optimize.minimize(..., jac=True)``.
    """
    X, y, z = validated_scores(theta, X, y)
    sign, s, e = negative_margin(z, y)
    return float(mean_softplus(s, e)), mean_xt(X, residual_from_margin(sign, s, e))


def log_loss_hessian(theta, X, y):
    """Hessian of :func:`log_loss`: ``(1/m) X^T diag(h (1 - h)) X``, shape ``(n, n)``.

    It does not depend on ``y`` (``y`` is still validated, for a uniform API).
    It is positive semi-definite for every theta, so the log-loss is convex.
    """
    X, y, z = validated_scores(theta, X, y)
    return weighted_gram(X, curvature_from_margin(np.exp(-np.abs(z))))


# ---------------------------------------------------------------------------
# squared error of a sigmoid (the non-convex choice) and of a line (convex)
# ---------------------------------------------------------------------------

def mse_loss(theta, X, y):
    """Squared error of the sigmoid hypothesis, *with* the 1/2 and the mean.

    ``J_mse(theta) = (1/(2m)) * sum_i (h_i - y_i)^2`` with ``h = sigmoid(X @ theta)``.
    (Without the 1/2 the loss and its gradient are twice these.)  Not convex in theta.
    """
    X, y, z = validated_scores(theta, X, y)
    sign, s, e = negative_margin(z, y)
    r = residual_from_margin(sign, s, e)
    return float(r @ r / (2 * X.shape[0]))


def mse_gradient(theta, X, y):
    """Gradient of :func:`mse_loss`: ``(1/m) X^T [ (h - y) * h * (1 - h) ]``."""
    return mse_loss_and_gradient(theta, X, y)[1]


def mse_loss_and_gradient(theta, X, y):
    """``(mse_loss, mse_gradient)`` sharing one evaluation of ``X @ theta``."""
    X, y, z = validated_scores(theta, X, y)
    sign, s, e = negative_margin(z, y)
    r = residual_from_margin(sign, s, e)
    loss = r @ r / (2 * X.shape[0])
    return float(loss), mean_xt(X, r * curvature_from_margin(e))


def _scaled_residual(theta, X, y):
    """Validate the arguments; return ``(X, r, E)`` with the residual ``X @ theta - y = r * 2**E`` and ``r`` finite.

    ``E = 0`` (the plain difference) unless ``X @ theta`` or the difference overflows; then ``X``,
    ``theta`` and ``y`` are scaled by powers of two (exactly) so that ``|r| <= n + 1``.
    """
    X, theta, y = validated_arguments(theta, X, y, as_targets)
    with np.errstate(over="ignore", invalid="ignore"):
        r = np.asarray(X @ theta) - y
    if np.isfinite(r).all():
        return X, r, 0
    if not np.isfinite(X.data if scipy.sparse.issparse(X) else X).all():
        raise ValueError("X contains NaN or inf")
    a = _exponent(abs(X).max())
    b = _exponent(np.abs(theta).max())
    E = max(a + b, _exponent(np.abs(y).max()))
    # X 2^-a and theta 2^-b have entries below 1, so their product is below n: nothing overflows
    Xa = X * np.ldexp(1.0, -a)
    z = np.asarray(Xa @ np.ldexp(theta, -b))
    return X, np.ldexp(z, a + b - E) - np.ldexp(y, -E), E


def _exponent(top):
    """The ``k`` with ``top < 2**k`` (``top >= 0`` finite; 0 for ``top == 0``)."""
    return int(np.frexp(float(top))[1])


def least_squares_loss(theta, X, y):
    """Linear regression's loss ``(1/(2m)) * ||X @ theta - y||^2`` (real-valued ``y``).

    Finite whenever its exact value is below 1.8e308, even where ``X @ theta``, the residual
    or its square would overflow (the residual is then rescaled by a power of two, exactly);
    ``inf`` (no warning) when the exact value is beyond the float64 range.
    """
    X, r, E = _scaled_residual(theta, X, y)
    m = X.shape[0]
    with np.errstate(over="ignore"):
        top = float(np.abs(r).max())
        total = float(r @ r)
        if np.isfinite(total):
            return float(np.ldexp(total / (2 * m), 2 * E))
        # squares near the float64 limit: ||r||^2 = top^2 ||r / top||^2, and the mean taken before squaring top
        u = r / top
        return float(np.ldexp(top * (top * (float(u @ u) / (2 * m))), 2 * E))


def least_squares_gradient(theta, X, y):
    """Gradient of :func:`least_squares_loss`: ``(1/m) X^T (X @ theta - y)``.

    Finite wherever its exact value is below 1.8e308 (see :func:`least_squares_loss`); an entry
    whose exact value is beyond the float64 range is ``inf`` or ``-inf`` (no NaN, no warning).
    """
    X, r, E = _scaled_residual(theta, X, y)
    m = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        g = np.asarray(X.T @ r) / m
        if np.isfinite(g).all():
            return np.ldexp(g, E)
    # columns scaled by powers of two d (max |x_j d_j| < 1), r by 1/m first: nothing overflows
    d = column_scale(X)
    Xd = X @ scipy.sparse.diags(d) if scipy.sparse.issparse(X) else X * d
    g = np.asarray(Xd.T @ (r / m))
    with np.errstate(over="ignore"):
        return np.ldexp(g, E - np.frexp(d)[1] + 1)
