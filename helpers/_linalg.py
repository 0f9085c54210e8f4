"""Products with the design matrix shared by :mod:`helpers.losses` and :mod:`helpers.optim` (internal).

Each works for a dense NumPy ``X`` and for a SciPy sparse one, and never overflows where the exact
result is representable: the means divide by ``m`` first when a sum would pass 1.8e308, and the
columns are rescaled by powers of two (exactly) when a product of entries would.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

__all__: list[str] = []


def mean_xt(X, v):
    """``(1/m) X^T v`` for dense or sparse X; where ``X^T v`` would overflow, ``X^T (v/m)`` instead."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.asarray(X.T @ v)
    if not np.isfinite(out).all():
        return np.asarray(X.T @ (v / X.shape[0]))
    out /= X.shape[0]
    return out


def weighted_gram(X, w):
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
        scale = column_scale(X)
        H = weighted_gram(X @ scipy.sparse.diags(scale) if scipy.sparse.issparse(X) else X * scale, w)
        H /= np.outer(scale, scale)
    if not np.isfinite(H).all():
        raise ValueError("the Hessian's entries exceed the float64 range (about 1.8e308): "
                         "X has very large entries; rescale its columns")
    return H


def column_scale(X):
    """Powers of two ``d`` with ``max_i |X[i, j] d_j|`` in [0.5, 1) (1 for a zero column): exact rescaling."""
    top = np.asarray(abs(X).max(axis=0).todense() if scipy.sparse.issparse(X) else np.abs(X).max(axis=0)).ravel()
    _, exponent = np.frexp(np.where(top > 0, top, 1.0))
    return np.ldexp(1.0, -exponent)
