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

All functions here use the *signed margin* ``s = (1 - 2y) z`` (``s = z`` when
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

``X`` may also be a SciPy sparse matrix (text features): every function here
then works on it as it is, and agrees with the dense computation to rounding.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

from ._validation import as_design_matrix, as_labels, as_targets, as_theta, linear_predictor

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
]


def sigmoid(z):
    """The logistic function ``sigma(z) = 1 / (1 + exp(-z))``, for scalars or arrays.

    Evaluated as ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` for ``z < 0``
    with ``e = exp(-|z|)``, so it never overflows and keeps full relative
    precision in both tails (``sigmoid(-700)`` is about ``1e-304``, not 0).
    ``sigmoid(inf) = 1`` and ``sigmoid(-inf) = 0``; NaN raises ``ValueError``.
    """
    z_arr = np.asarray(z, dtype=np.float64)
    if np.isnan(z_arr).any():
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
# internal: validated inputs and the pointwise pieces in terms of the margin s
# ---------------------------------------------------------------------------

def _prepare(theta, X, y):
    X = as_design_matrix(X)
    m, n = X.shape
    theta = as_theta(theta, n)
    y = as_labels(y, m)
    return X, y, linear_predictor(X, theta)


def _signed(z, y):
    """Return ``(sign, s, e)`` with ``sign = 1 - 2y``, ``s = sign * z``, ``e = exp(-|z|)``."""
    sign = 1.0 - 2.0 * y
    s = z * sign
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return sign, s, e


def _mean_softplus(s, e):
    """Mean of ``softplus(s) = max(s, 0) + log1p(exp(-|s|))`` (note ``|s| = |z|``)."""
    m = s.shape[0]
    positive = np.maximum(s, 0.0)
    with np.errstate(over="ignore"):
        total = positive.sum()
    if not np.isfinite(total):  # only for scores near the float64 limit: sum value/m instead
        return (positive / m).sum() + np.log1p(e).sum() / m
    return (total + np.log1p(e).sum()) / m


def _mean_xt(X, v):
    """``(1/m) X^T v`` for dense or sparse X; where ``X^T v`` would overflow, ``X^T (v/m)`` instead."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.asarray(X.T @ v)
    if not np.isfinite(out).all():
        return np.asarray(X.T @ (v / X.shape[0]))
    out /= X.shape[0]
    return out


def _residual(sign, s, e):
    """``h - y = sign * sigmoid(s)``, computed without cancellation."""
    r = np.where(s >= 0, 1.0, e)
    r /= 1.0 + e
    r *= sign
    return r


def _curvature(e):
    """``h (1 - h) = e / (1 + e)^2`` with ``e = exp(-|z|)``."""
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
    X, y, z = _prepare(theta, X, y)
    _, s, e = _signed(z, y)
    return float(_mean_softplus(s, e))


def log_loss_gradient(theta, X, y):
    """Gradient of :func:`log_loss`: ``(1/m) X^T (h - y)``, shape ``(n,)``."""
    X, y, z = _prepare(theta, X, y)
    sign, s, e = _signed(z, y)
    return _mean_xt(X, _residual(sign, s, e))


def log_loss_and_gradient(theta, X, y):
    """``(log_loss, log_loss_gradient)`` sharing one evaluation of ``X @ theta``.

    This is what an optimiser wants: one read of ``X`` for ``z = X @ theta`` and
    one for ``X^T r``.  Use it with ``scipy.optimize.minimize(..., jac=True)``.
    """
    X, y, z = _prepare(theta, X, y)
    sign, s, e = _signed(z, y)
    return float(_mean_softplus(s, e)), _mean_xt(X, _residual(sign, s, e))


def _weighted_gram(X, w):
    """``(1/m) X^T diag(w) X`` (w >= 0) for dense or sparse X, exactly symmetric.

    Raises ``ValueError`` if an entry exceeds the float64 range (only for X with entries
    beyond about 1e154); an intermediate overflow is avoided by scaling the columns by
    powers of two (exact) and the result back.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if scipy.sparse.issparse(X):
            H = np.asarray((X.T @ X.multiply(w[:, None]).tocsr()).toarray())
        else:
            H = X.T @ (X * w[:, None])
        H += H.T  # the product is symmetric up to rounding; make it exactly so
        H *= 0.5 / X.shape[0]
        if np.isfinite(H).all():
            return H
        scale = _column_scale(X)
        H = _weighted_gram(X @ scipy.sparse.diags(scale) if scipy.sparse.issparse(X) else X * scale, w)
        H /= np.outer(scale, scale)
    if not np.isfinite(H).all():
        raise ValueError("the Hessian's entries exceed the float64 range (about 1.8e308): "
                         "X has very large entries; rescale its columns")
    return H


def _column_scale(X):
    """Powers of two ``d`` with ``max_i |X[i, j] d_j|`` in [0.5, 1) (1 for a zero column): exact rescaling."""
    top = np.asarray(abs(X).max(axis=0).todense() if scipy.sparse.issparse(X) else np.abs(X).max(axis=0)).ravel()
    _, exponent = np.frexp(np.where(top > 0, top, 1.0))
    return np.ldexp(1.0, -exponent)


def _hessian_from(X, e):
    return _weighted_gram(X, _curvature(e))


def log_loss_hessian(theta, X, y):
    """Hessian of :func:`log_loss`: ``(1/m) X^T diag(h (1 - h)) X``, shape ``(n, n)``.

    It does not depend on ``y`` (``y`` is still validated, for a uniform API).
    It is positive semi-definite for every theta, so the log-loss is convex.
    """
    X, y, z = _prepare(theta, X, y)
    e = np.exp(-np.abs(z))
    return _hessian_from(X, e)


# ---------------------------------------------------------------------------
# squared error of a sigmoid (the non-convex choice) and of a line (convex)
# ---------------------------------------------------------------------------

def mse_loss(theta, X, y):
    """Squared error of the sigmoid hypothesis, *with* the 1/2 and the mean.

    ``J_mse(theta) = (1/(2m)) * sum_i (h_i - y_i)^2`` with ``h = sigmoid(X @ theta)``.
    (Without the 1/2 the loss and its gradient are twice these.)  Not convex in theta.
    """
    X, y, z = _prepare(theta, X, y)
    sign, s, e = _signed(z, y)
    r = _residual(sign, s, e)
    return float(r @ r / (2 * X.shape[0]))


def mse_gradient(theta, X, y):
    """Gradient of :func:`mse_loss`: ``(1/m) X^T [ (h - y) * h * (1 - h) ]``."""
    return mse_loss_and_gradient(theta, X, y)[1]


def mse_loss_and_gradient(theta, X, y):
    """``(mse_loss, mse_gradient)`` sharing one evaluation of ``X @ theta``."""
    X, y, z = _prepare(theta, X, y)
    sign, s, e = _signed(z, y)
    r = _residual(sign, s, e)
    loss = r @ r / (2 * X.shape[0])
    return float(loss), _mean_xt(X, r * _curvature(e))


def least_squares_loss(theta, X, y):
    """Linear regression's loss ``(1/(2m)) * ||X @ theta - y||^2`` (real-valued ``y``)."""
    X = as_design_matrix(X)
    theta = as_theta(theta, X.shape[1])
    y = as_targets(y, X.shape[0])
    r = linear_predictor(X, theta) - y
    return float(r @ r / (2 * X.shape[0]))


def least_squares_gradient(theta, X, y):
    """Gradient of :func:`least_squares_loss`: ``(1/m) X^T (X @ theta - y)``."""
    X = as_design_matrix(X)
    theta = as_theta(theta, X.shape[1])
    y = as_targets(y, X.shape[0])
    r = linear_predictor(X, theta) - y
    return X.T @ r / X.shape[0]
