"""Input checks shared by every public function.

Each check is O(1) in the size of ``X`` except where noted: the design matrix is
never scanned on its own.  A NaN or inf in ``X`` always makes ``X @ theta``
non-finite (NaN propagates, ``inf * 0`` is NaN, ``inf * c`` is inf), so the
loss functions check the m-vector ``z = X @ theta`` instead of the m x n matrix.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def as_theta(theta, n_features=None, name="theta"):
    """Return ``theta`` as a finite 1-D float64 array of length ``n_features``."""
    theta = np.asarray(theta, dtype=np.float64)
    if theta.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of parameters, got an array of shape {theta.shape}")
    if n_features is not None and theta.shape[0] != n_features:
        raise ValueError(
            f"{name} has length {theta.shape[0]} but X has {n_features} columns; "
            "they must match (did you forget add_intercept?)"
        )
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"{name} contains NaN or inf")
    return theta


def as_design_matrix(X, name="X"):
    """Return ``X`` as a 2-D float64 array with at least one row and one column.

    Finiteness is *not* checked here (that would be a full pass over X); callers
    check ``X @ theta`` instead, see :func:`linear_predictor`.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D design matrix of shape (m, n), got {X.ndim}-D shape {X.shape}; "
            "reshape a single feature with X.reshape(-1, 1)"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has no rows (m = 0), so the mean loss is undefined")
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no columns (n = 0)")
    return X


def as_labels(y, n_samples, name="y"):
    """Return ``y`` as a 1-D float64 array of 0s and 1s of length ``n_samples`` (one O(m) pass)."""
    y = np.asarray(y)
    if y.dtype == bool:
        y = y.astype(np.float64)
    elif not (np.issubdtype(y.dtype, np.number)):
        raise ValueError(f"{name} must be numeric labels 0 or 1, got dtype {y.dtype}")
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(f"{name} has {y.shape[0]} labels but X has {n_samples} rows; they must match")
    bad = (y != 0.0) & (y != 1.0)
    if bad.any():
        first = y[np.argmax(bad)]
        raise ValueError(f"{name} must contain only the labels 0 and 1; found {first!r} (labels outside {{0, 1}}, or NaN)")
    return y


def as_targets(y, n_samples, name="y"):
    """Return real-valued targets (for linear regression): finite, 1-D, length ``n_samples``."""
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of targets, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(f"{name} has {y.shape[0]} targets but X has {n_samples} rows; they must match")
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{name} contains NaN or inf")
    return y


def linear_predictor(X, theta, name="X"):
    """Return ``z = X @ theta``; raise if it is not finite (NaN/inf in X, or overflow).

    This is where non-finite entries of ``X`` are caught, at the cost of one
    pass over the m-vector ``z`` rather than over the m x n matrix ``X``.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        z = X @ theta
    return check_linear_predictor(z, name)


def check_linear_predictor(z, name="X"):
    """Raise if ``z = X @ theta`` is not finite (NaN/inf in X, or overflow); return ``z``."""
    if not np.isfinite(z).all():
        raise ValueError(
            f"{name} @ theta is not finite: {name} contains NaN or inf "
            "(or its entries are so large that X @ theta overflows float64)"
        )
    return z
