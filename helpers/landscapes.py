"""Small datasets and vectorised loss evaluations for drawing loss landscapes.

The chapter *Why not mean squared error?* and the interactive figures use these
to compare the squared error of a sigmoid with the log-loss and with linear
regression's least squares.

Conventions
-----------
A two-parameter model has the design ``X = [1, x]`` (the column of ones first,
as :func:`helpers.add_intercept` makes it) and ``theta = (b, w)``, so that
``z = b + w x``.  A grid over ``(w, b)`` is returned with one *row per b* and one
*column per w*, like ``np.meshgrid(w_values, b_values)``: ready for
``ax.contour(w_values, b_values, Z)``.
"""

from __future__ import annotations

import numpy as np

from ._validation import (as_count, as_design_matrix, as_labels, as_positive, as_real_array, as_targets, as_thetas,
                          check_linear_predictor)
from .losses import (add_intercept, curvature_from_margin, least_squares_loss, log_loss, mse_loss, residual_from_margin,
                     sigmoid, negative_margin, softplus)

__all__ = [
    "two_minima_data",
    "one_weight_data",
    "loss_values",
    "loss_grid",
    "gradient_descent_many",
    "mse_curvature",
]

# At most this many entries of z = thetas @ X.T are held in memory at once.
_CHUNK = 1 << 20


def two_minima_data():
    """A twelve-example dataset on which the squared error of a sigmoid has two separate local minima.

    ``x = (-4, -4, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2)`` with labels
    ``y = (1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0)``: two positives far on the left,
    five examples at ``x = 1`` of which one is positive, and five at ``x = 2``
    of which four are positive.

    With ``theta = (b, w)`` the loss :func:`helpers.mse_loss` has a local
    minimum with ``w < 0``, close to flat, and a second one with ``w > 0``
    that nearly reproduces the label frequencies on the right,
    ``sigmoid(b + w) = 1/5`` and ``sigmoid(b + 2w) = 4/5``, that is
    ``(b, w)`` close to ``(-3 log 4, 2 log 4)``, while the two left
    positives are given up.  The book's chapter *Why not mean squared error?*
    locates and verifies both minima and the saddle point between them.
    The classes are not linearly separable and ``X`` has full column rank, so
    the log-loss has exactly one minimiser, at a finite point.

    Returns
    -------
    X : ndarray, shape (12, 2)
        The design ``[1, x]``: the column of ones first (``theta[0]`` is the bias b).
    y : ndarray, shape (12,)
        Labels 0 and 1.
    """
    x = np.array([-4.0, -4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0])
    y = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0])
    return add_intercept(x[:, None]), y


def one_weight_data():
    """A six-example dataset for a model with one weight and no bias, ``h = sigmoid(w x)``.

    ``x = (-2, -1, -0.5, 0.5, 1, 2)`` with ``y = (0, 0, 1, 0, 1, 1)``: positives
    mostly on the right, with one example of each class on the "wrong" side,
    so the classes are not separable and every loss considered has a finite
    minimiser in ``w``.

    Returns
    -------
    X : ndarray, shape (6, 1)
        The single feature as a column (no intercept): ``z = w x``.
    y : ndarray, shape (6,)
        Labels 0 and 1.
    """
    x = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    return x[:, None], y


def _pointwise(loss):
    """The per-example loss ``l(z, y)`` whose mean over the examples is ``loss``, or None if unknown."""
    if loss is log_loss:
        return lambda z, y: softplus((1.0 - 2.0 * y) * z), as_labels
    if loss is mse_loss:
        return lambda z, y: 0.5 * residual_from_margin(*negative_margin(z, y)) ** 2, as_labels
    if loss is least_squares_loss:
        return lambda z, y: 0.5 * (z - y) ** 2, as_targets
    return None


def loss_values(loss, thetas, X, y):
    """Evaluate ``loss(theta, X, y)`` at many parameter vectors at once.

    Parameters
    ----------
    loss : callable
        ``loss(theta, X, y)``.  For :func:`helpers.log_loss`,
        :func:`helpers.mse_loss` and :func:`helpers.least_squares_loss` the
        computation is vectorised: ``Z = thetas @ X.T`` (in chunks of at most
        about a million entries) and the mean over the examples of the
        per-example loss, computed as stably as those functions compute it:
        ``softplus((1 - 2y) z)``, ``(1/2) sigmoid((1 - 2y) z)^2`` and
        ``(1/2) (z - y)^2``.  Any other callable is evaluated in a Python loop.
    thetas : array_like, shape (k, n)
        One parameter vector per row.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)

    Returns
    -------
    values : ndarray, shape (k,)
        ``values[i] = loss(thetas[i], X, y)``.
    """
    X = as_design_matrix(X)
    m, n = X.shape
    thetas = as_thetas(thetas, n)
    known = _pointwise(loss)
    if known is None:
        return np.array([loss(theta, X, y) for theta in thetas], dtype=np.float64)
    per_example, validate = known
    y = validate(y, m)
    out = np.empty(thetas.shape[0])
    rows = max(1, _CHUNK // m)
    for start in range(0, thetas.shape[0], rows):
        with np.errstate(invalid="ignore", over="ignore"):
            Z = thetas[start:start + rows] @ X.T
        check_linear_predictor(Z)
        out[start:start + rows] = per_example(Z, y).mean(axis=1)
    return out


def loss_grid(loss, X, y, w_values, b_values):
    """Evaluate a two-parameter loss over a ``(w, b)`` grid.

    ``Z[i, j] = loss((b_values[i], w_values[j]), X, y)``, computed with
    :func:`loss_values` (vectorised for the book's three losses).

    Parameters
    ----------
    loss : callable
        ``loss(theta, X, y)`` with ``theta = (b, w)``.
    X : array_like, shape (m, 2)
        The design ``[1, x]`` (any two columns work: ``z = b X[:, 0] + w X[:, 1]``).
    y : array_like, shape (m,)
    w_values, b_values : array_like, 1-D
        The grid's slopes (columns) and intercepts (rows).

    Returns
    -------
    Z : ndarray, shape (len(b_values), len(w_values))
        Ready for ``ax.contour(w_values, b_values, Z)``.
    """
    X = as_design_matrix(X)
    if X.shape[1] != 2:
        raise ValueError(f"loss_grid needs a design with two columns [1, x], got {X.shape[1]} columns")
    w_values = as_real_array(w_values, "w_values")
    b_values = as_real_array(b_values, "b_values")
    if w_values.ndim != 1 or b_values.ndim != 1 or w_values.size == 0 or b_values.size == 0:
        raise ValueError("w_values and b_values must be non-empty 1-D arrays")
    W, B = np.meshgrid(w_values, b_values)
    thetas = np.column_stack([B.ravel(), W.ravel()])
    return loss_values(loss, thetas, X, y).reshape(B.shape)


def _pointwise_residual(loss):
    """``dl/dz`` per example for the book's three losses (the gradient is ``(1/m) X^T dl/dz``)."""
    if loss is log_loss:
        return lambda z, y: residual_from_margin(*negative_margin(z, y)), as_labels
    if loss is mse_loss:
        return _mse_residual, as_labels
    if loss is least_squares_loss:
        return lambda z, y: z - y, as_targets
    return None


def _mse_residual(z, y):
    """``(h - y) h (1 - h)`` per example, as :func:`helpers.mse_gradient` computes it."""
    sign, s, e = negative_margin(z, y)
    return residual_from_margin(sign, s, e) * curvature_from_margin(e)


def gradient_descent_many(loss, thetas0, X, y, learning_rate, n_steps):
    """Plain gradient descent from many starting points at once, ``theta <- theta - learning_rate * grad J``.

    Each row of ``thetas0`` is one independent run of exactly ``n_steps`` steps
    (no stopping test), all computed together: per step one product
    ``Z = thetas @ X.T`` and one ``G = R @ X / m``, where ``R`` holds the
    per-example derivatives ``dl/dz``: ``h - y`` for :func:`helpers.log_loss`,
    ``(h - y) h (1 - h)`` for :func:`helpers.mse_loss` and ``z - y`` for
    :func:`helpers.least_squares_loss` (the only three losses accepted).
    Use it for maps of where gradient descent ends (basins of attraction);
    for one run with its path and losses use :func:`helpers.gradient_descent`.

    Parameters
    ----------
    loss : one of helpers.log_loss, helpers.mse_loss, helpers.least_squares_loss
    thetas0 : array_like, shape (k, n)
        The starting points, one per row.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    learning_rate : float
        Positive step size.
    n_steps : int
        Number of steps taken by every run.

    Returns
    -------
    thetas : ndarray, shape (k, n)
        Where each run ends.
    gradient_norms : ndarray, shape (k,)
        ``max|grad J|`` at each end point: small where a run has converged.
    """
    X = as_design_matrix(X)
    m, n = X.shape
    known = _pointwise_residual(loss)
    if known is None:
        raise ValueError("gradient_descent_many supports helpers.log_loss, helpers.mse_loss and helpers.least_squares_loss")
    residual, validate = known
    y = validate(y, m)
    thetas = as_thetas(thetas0, n, name="thetas0").copy()
    learning_rate = as_positive(learning_rate, "learning_rate")
    n_steps = as_count(n_steps, "n_steps")

    def gradient(thetas):
        with np.errstate(invalid="ignore", over="ignore"):
            Z = thetas @ X.T
        check_linear_predictor(Z)
        return residual(Z, y) @ X / m

    for _ in range(int(n_steps)):
        thetas -= learning_rate * gradient(thetas)
    return thetas, np.max(np.abs(gradient(thetas)), axis=1)


def mse_curvature(z, y):
    """Second derivative in ``z`` of one example's squared error ``(1/2) (sigmoid(z) - y)^2``.

    With ``h = sigmoid(z)`` it is ``h (1 - h) (-3 h^2 + 2 (1 + y) h - y)``, which
    for the two labels factors as

    * ``y = 0``: ``h^2 (1 - h) (2 - 3 h)``, negative exactly where ``h > 2/3``;
    * ``y = 1``: ``h (1 - h)^2 (3 h - 1)``, negative exactly where ``h < 1/3``.

    The factored forms are evaluated, with ``1 - h = sigmoid(-z)``, so nothing
    cancels.  For a model ``z = theta^T x`` the Hessian of the mean loss is
    ``(1/m) X^T diag(mse_curvature(z, y)) X``.

    Parameters
    ----------
    z : array_like
        Linear predictors.
    y : array_like
        Labels 0 and 1, broadcastable against ``z``.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if np.isnan(z).any():
        raise ValueError("z contains NaN")
    if np.any((y != 0.0) & (y != 1.0)):
        raise ValueError("y must contain only the labels 0 and 1")
    h = sigmoid(z)
    g = sigmoid(-z)  # 1 - h, accurate when h is close to 1
    out = np.where(y == 0.0, h * h * g * (2.0 - 3.0 * h), h * g * g * (3.0 * h - 1.0))
    return out[()] if out.ndim == 0 else out
