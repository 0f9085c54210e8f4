"""Input checks shared by every public function.

Every check raises a ``ValueError`` whose first line names the argument, says what was
passed and what is expected.  Each is O(1) in the size of ``X`` except where noted: the
design matrix is never scanned on its own.  A NaN or inf in ``X`` always makes
``X @ theta`` non-finite (NaN propagates, ``inf * 0`` is NaN, ``inf * c`` is inf), so the
loss functions check the m-vector ``z = X @ theta`` instead of the m x n matrix.

``X`` may be a NumPy array (or anything ``np.asarray`` accepts) or a SciPy sparse
matrix or array, which is kept sparse (as CSR): text features are sparse.
"""

from __future__ import annotations

import numbers

import numpy as np
import scipy.sparse

__all__: list[str] = []


def short_repr(value):
    """``repr(value)`` cut to one short line, for an error message."""
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def as_real_array(value, name):
    """``np.asarray(value, float64)``, refusing None, complex numbers and non-numbers by name."""
    if value is None:
        raise ValueError(f"{name} must be an array of real numbers, got None")
    try:
        complex_ = np.iscomplexobj(value)
    except (TypeError, ValueError):  # a ragged list: np.asarray below names it
        complex_ = False
    if complex_:
        raise ValueError(
            f"{name} is complex: pass real numbers (use {name}.real if the imaginary parts are all 0)"
        )
    try:
        return np.asarray(value, dtype=np.float64)
    except OverflowError:
        raise ValueError(f"{name} holds an integer too large for float64 (beyond about 1.8e308), got "
                         f"{short_repr(value)}: pass a float (or rescale the values)") from None
    except (TypeError, ValueError) as err:
        if isinstance(value, (list, tuple)) and "inhomogeneous" in str(err):
            raise ValueError(f"{name} is a ragged list (its rows have different lengths), got {short_repr(value)}: "
                             f"every row of {name} must have the same number of entries") from None
        raise ValueError(f"{name} must be an array of real numbers, got {short_repr(value)}: {err}") from None


def as_real_scores(z, name):
    """``np.asarray(z, float64)``, refusing complex numbers, integers beyond float64 and non-numbers by name."""
    if np.iscomplexobj(z):
        raise ValueError(f"{name} is complex, got {short_repr(z)}: the function is defined for real numbers "
                         f"(use {name}.real if the imaginary parts are all 0)")
    try:
        return np.asarray(z, dtype=np.float64)
    except OverflowError:
        raise ValueError(f"{name} holds an integer too large for float64 (beyond about 1.8e308), got {short_repr(z)}: "
                         "pass a float (sigmoid of such a number is 0 or 1 to every digit)") from None
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold real numbers only, got {short_repr(z)}") from None


def as_real(value, name):
    """``value`` as a Python float; None, complex numbers, strings and arrays are refused by name."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {short_repr(value)}")
    return float(value)


def as_positive(value, name):
    """A finite number > 0 (a learning rate, a finite-difference step)."""
    value = as_real(value, name)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return value


def as_tolerance(value, name="tol"):
    """A number >= 0 (``inf`` allowed: stop at once); NaN, negative numbers and None are refused."""
    if value is None:
        raise ValueError(f"{name} must be a number >= 0, got None")
    value = as_real(value, name)
    if not value >= 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return value


def as_count(value, name, minimum=0):
    """An integer >= ``minimum`` (``3.0`` is accepted; ``None``, NaN, inf, ``1.5`` and booleans are not)."""
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(value, numbers.Real)
    if not (ok and np.isfinite(value) and int(value) == value and value >= minimum):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {short_repr(value)}")
    return int(value)


def as_theta(theta, n_features=None, name="theta"):
    """Return ``theta`` as a finite 1-D float64 array of length ``n_features``."""
    if theta is None:
        raise ValueError(f"{name} must be a 1-D array of parameters, got None")
    theta = as_real_array(theta, name)
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


def as_thetas(thetas, n_features, name="thetas"):
    """Return many parameter vectors, one per row, as a finite float64 array of shape ``(k, n_features)``."""
    thetas = as_real_array(thetas, name)
    if thetas.ndim != 2 or thetas.shape[1] != n_features:
        raise ValueError(
            f"{name} must have shape (k, {n_features}) to match X with {n_features} columns, got {thetas.shape}"
        )
    if not np.all(np.isfinite(thetas)):
        raise ValueError(f"{name} contains NaN or inf")
    return thetas


def as_design_matrix(X, name="X"):
    """Return ``X`` as a 2-D float64 array, or a CSR sparse matrix, with at least one row and one column.

    Finiteness is *not* checked here for a dense X (that would be a full pass over X); callers
    check ``X @ theta`` instead, see :func:`linear_predictor`.  A sparse X is checked (its
    stored values only: one pass over the non-zeros).
    """
    if X is None:
        raise ValueError(f"{name} must be a 2-D design matrix of shape (m, n), got None")
    if scipy.sparse.issparse(X):
        if np.iscomplexobj(X.data if hasattr(X, "data") else X):
            raise ValueError(f"{name} is complex: pass real numbers (use {name}.real if the imaginary parts are all 0)")
        X = scipy.sparse.csr_matrix(X, dtype=np.float64)
        if not np.all(np.isfinite(X.data)):
            raise ValueError(f"{name} contains NaN or inf")
    else:
        X = as_real_array(X, name)
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


def require_finite(X, name="X"):
    """Raise a ``ValueError`` naming ``X`` and the first bad entry if a dense ``X`` holds NaN or inf (one pass).

    For the fitters, whose cost is many passes over ``X``; a sparse ``X`` is checked on conversion.
    """
    if not scipy.sparse.issparse(X) and not np.isfinite(X).all():
        i, j = np.argwhere(~np.isfinite(X))[0]
        raise ValueError(f"{name} contains NaN or inf ({name}[{i}, {j}] = {X[i, j]}): drop or fill those entries")
    return X


def as_labels(y, n_samples, name="y"):
    """Return ``y`` as a 1-D float64 array of 0s and 1s of length ``n_samples`` (one O(m) pass)."""
    if y is None:
        raise ValueError(f"{name} must be numeric labels 0 or 1, got None")
    if np.iscomplexobj(y):
        raise ValueError(f"{name} is complex: the labels must be the real numbers 0 and 1")
    y = np.asarray(y)
    if y.dtype == bool:
        y = y.astype(np.float64)
    elif not (np.issubdtype(y.dtype, np.number)):
        raise ValueError(f"{name} must be numeric labels 0 or 1, got dtype {y.dtype}")
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1:
        hint = f" (a column of labels? pass {name}.ravel())" if y.ndim == 2 and 1 in y.shape else ""
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {y.shape}{hint}")
    if y.shape[0] != n_samples:
        raise ValueError(f"{name} has {y.shape[0]} labels but X has {n_samples} rows; they must match")
    bad = (y != 0.0) & (y != 1.0)
    if bad.any():
        index = int(np.argmax(bad))
        first = float(y[index])
        if np.isnan(first):
            raise ValueError(f"{name} must contain only the labels 0 and 1; {name}[{index}] is NaN "
                             f"(a missing label: drop that example)")
        raise ValueError(f"{name} must contain only the labels 0 and 1; {name}[{index}] is {first:g} "
                         f"(recode the classes as 0 and 1, e.g. {name} = ({name} == positive_class).astype(float))")
    return y


def as_targets(y, n_samples, name="y"):
    """Return real-valued targets (for linear regression): finite, 1-D, length ``n_samples``."""
    y = as_real_array(y, name)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of targets, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(f"{name} has {y.shape[0]} targets but X has {n_samples} rows; they must match")
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{name} contains NaN or inf")
    return y


def validated_scores(theta, X, y, check_y=as_labels):
    """Validate the arguments of a loss ``f(theta, X, y)``; return ``(X, y, z)`` with ``z = X @ theta``.

    The one preamble of every loss and gradient: ``X`` by :func:`as_design_matrix`, ``theta`` by
    :func:`as_theta` (its length must be X's number of columns), ``y`` by ``check_y(y, m)``
    (:func:`as_labels` by default, :func:`as_targets` for real targets) and ``z`` by
    :func:`linear_predictor`, in that order, so the first bad argument is the one named.
    """
    X, theta, y = validated_arguments(theta, X, y, check_y)
    return X, y, linear_predictor(X, theta)


def _ndim(value):
    """``np.ndim(value)``, or -1 where NumPy cannot tell (a ragged list, a sparse matrix, ...)."""
    if scipy.sparse.issparse(value):
        return -1
    try:
        return np.ndim(value)
    except (TypeError, ValueError):
        return -1


def validated_arguments(theta, X, y, check_y=as_labels):
    """Validate ``(theta, X, y)`` of a loss ``f(theta, X, y)`` (see :func:`validated_scores`); return ``(X, theta, y)``.

    Two common mistakes are named: the arguments swapped (``f(X, theta, y)``: a 1-D X next to a
    2-D theta) and a transposed X (theta's length equals X's number of rows, not its columns).
    """
    if _ndim(X) == 1 and _ndim(theta) == 2:
        raise ValueError(
            f"X must be a 2-D design matrix, got a 1-D array of shape {np.shape(X)} while theta is 2-D of shape "
            f"{np.shape(theta)}: the arguments look swapped; the order is f(theta, X, y)"
        )
    X = as_design_matrix(X)
    m, n = X.shape
    if _ndim(theta) == 1 and _ndim(y) == 1 and len(theta) == m != n and len(y) == n:
        raise ValueError(
            f"X has shape {X.shape}, but theta has length {m} (its number of rows) and y has {n} entries (its "
            "number of columns): X looks transposed; pass X.T (one row per example)"
        )
    theta = as_theta(theta, n)
    y = check_y(y, m)
    return X, theta, y


def linear_predictor(X, theta, name="X"):
    """Return ``z = X @ theta`` (a 1-D array, for dense or sparse X); raise if it is not finite.

    This is where non-finite entries of ``X`` are caught, at the cost of one
    pass over the m-vector ``z`` rather than over the m x n matrix ``X``.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        z = np.asarray(X @ theta)
    return check_linear_predictor(z, name)


def check_linear_predictor(z, name="X"):
    """Raise if ``z = X @ theta`` is not finite (NaN/inf in X, or overflow); return ``z``."""
    if not np.isfinite(z).all():
        raise ValueError(
            f"{name} @ theta is not finite: {name} contains NaN or inf "
            "(or its entries are so large that X @ theta overflows float64)"
        )
    return z
