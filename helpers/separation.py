"""Does the log-loss have a finite minimiser?  Separation, decided by a linear program.

Write ``s_i = 2 y_i - 1`` (+1 for a positive example, -1 for a negative one) and
``v = diag(s) X beta``, the signed scores of a direction ``beta``.  The classes are

* **completely separable** if some ``beta`` has ``v_i > 0`` for every example:
  along ``t beta`` every prediction tends to its label and the loss to 0;
* **quasi-separable** if some ``beta`` has ``v_i >= 0`` for every example, and
  ``v_i > 0`` for at least one, but none makes every ``v_i > 0``: the loss keeps
  decreasing along ``beta`` (the examples with ``v_i = 0``, on the boundary, are not
  affected) and tends to a positive floor;
* **overlapping** otherwise, and then (Albert and Anderson 1984) the log-loss has a
  finite minimiser: unique if ``X`` has independent columns, and otherwise a whole
  affine set of them that all make the same predictions.

In the first two cases no finite minimiser exists, and the direction ``beta`` is a
certificate: anyone can check ``v >= 0`` with one matrix product.

Konis (2007, *Linear programming algorithms for detecting separated data in binary
logistic regression models*, DPhil thesis, Oxford; the R packages
``safeBinaryRegression`` and ``detectseparation``) decides this with the linear program

    maximise  sum_i v_i   subject to  v = diag(s) X beta >= 0,  -1 <= beta_j <= 1,

whose optimum is 0 exactly when the classes overlap (``beta = 0`` is always
feasible, and any ``v >= 0, v != 0`` can be scaled into the box).  A second program,

    maximise  t   subject to  diag(s) X beta >= t,  -1 <= beta_j <= 1,  t <= 1,

tells complete separation (``t > 0``) from quasi-separation.  Both are solved by
HiGHS through ``scipy.optimize.linprog``, with the columns of ``X`` scaled to
``max |x| = 1`` first (so the answer does not depend on the units of the features).
The solver works to a tolerance (about 1e-7), so its direction is then checked in
floating point: the examples it puts on the boundary are projected exactly onto it,
and separation is reported only if the projected direction has ``v_i >= 0`` for every
example up to the rounding of ``X beta``.  A separation whose margin, in the scaled
units, is below about 1e-7 is therefore reported as an overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse
from scipy.optimize import linprog

from ._validation import as_design_matrix, as_labels

__all__ = ["Separation", "detect_separation"]

_LP_TOL = 1e-7  # HiGHS's default feasibility tolerance; margins below ~10x this are not trusted


@dataclass(frozen=True)
class Separation:
    """What :func:`detect_separation` found.

    Attributes
    ----------
    kind : str
        ``"complete"``, ``"quasi"`` or ``"overlap"``.
    direction : ndarray, shape (n,), or None
        The certificate: ``(2y - 1) * (X @ direction) >= 0`` for every example, and ``> 0``
        for all (complete) or some (quasi) of them.  None for an overlap.
    boundary : ndarray of int
        The examples with ``X @ direction = 0`` (empty unless ``kind == "quasi"``).
    message : str
        The finding in words.
    """

    kind: str
    direction: np.ndarray | None = field(repr=False)
    boundary: np.ndarray = field(repr=False)
    message: str = ""

    @property
    def separable(self):
        """True when no finite minimiser of the log-loss exists (complete or quasi-separation)."""
        return self.kind != "overlap"


def _solve(c, A_ub, bounds):
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(A_ub.shape[0]), bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - the programs are bounded and feasible (0 is feasible)
        raise RuntimeError(f"the separation linear program failed: {res.message}")
    return res.x


def _certified(S, beta):
    """Polish ``beta`` and check it in floating point; return ``(beta, v, boundary)`` or None.

    The examples that the solver left within its tolerance of the boundary are put exactly
    on it (``beta`` minus its least-squares component along their rows); then every signed
    score must be >= 0 up to the rounding of the product, and one of them clearly > 0.
    """
    v = np.asarray(S @ beta)
    if v.max() <= 10 * _LP_TOL * max(1.0, np.abs(beta).max()):
        return None
    near = np.flatnonzero(v <= 10 * _LP_TOL * v.max())
    if near.size:
        T = S[near].toarray() if scipy.sparse.issparse(S) else S[near]
        beta = beta - np.linalg.lstsq(T, T @ beta, rcond=None)[0]
        v = np.asarray(S @ beta)
    rounding = 4 * S.shape[1] * np.finfo(float).eps * np.asarray(abs(S) @ np.abs(beta))
    boundary = np.flatnonzero(np.abs(v) <= rounding)
    if np.any(v < -rounding) or v.max() <= 10 * _LP_TOL * np.abs(beta).max():
        return None
    return beta, v, boundary


def detect_separation(X, y):
    """Decide whether the classes are completely separable, quasi-separable or overlapping.

    Solves Konis's linear programs (see the module docstring) for the design ``X``
    (shape ``(m, n)``, dense or SciPy sparse; include the intercept column yourself,
    as for every function here) and the labels ``y`` in {0, 1}.  Returns a
    :class:`Separation` whose ``direction`` (for the two separable kinds) is the
    certificate, in the units of ``X``.  The log-loss has a finite minimiser exactly
    when ``kind == "overlap"``.

    Cost: one or two linear programs with ``n`` variables and ``m`` constraints.
    """
    X = as_design_matrix(X)
    m, n = X.shape
    y = as_labels(y, m)
    sign = 2.0 * y - 1.0
    if scipy.sparse.issparse(X):
        top = np.asarray(abs(X).max(axis=0).todense()).ravel()
    else:
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or inf")
        top = np.abs(X).max(axis=0)
    scale = 1.0 / np.where(top > 0, top, 1.0)
    if scipy.sparse.issparse(X):
        S = (scipy.sparse.diags(sign) @ X @ scipy.sparse.diags(scale)).tocsr()
    else:
        S = sign[:, None] * X * scale
    found = _certified(S, _solve(-np.asarray(S.sum(axis=0)).ravel(), -S, [(-1.0, 1.0)] * n))
    if found is None:
        return Separation("overlap", None, np.array([], dtype=int),
                          "the classes overlap: no direction separates them, so the log-loss has a finite minimiser")
    beta, v, boundary = found
    if boundary.size:
        ones = np.ones((m, 1))
        A = scipy.sparse.hstack([-S, ones], format="csr") if scipy.sparse.issparse(S) else np.hstack([-S, ones])
        strict = _solve(np.r_[np.zeros(n), -1.0], A, [(-1.0, 1.0)] * n + [(0.0, 1.0)])
        again = _certified(S, strict[:n])
        if again is not None and again[2].size == 0:
            beta, v, boundary = again
    direction = beta * scale
    if boundary.size == 0:
        message = ("the classes are completely separable: X @ direction is > 0 for every positive example and < 0 "
                   "for every negative one, so the log-loss tends to 0 along it and has no finite minimiser")
        return Separation("complete", direction, boundary, message)
    message = (f"the classes are quasi-separable: X @ direction puts every example on its side or on the boundary "
               f"({boundary.size} of {m} examples on it, e.g. example {boundary[0]}), so the log-loss keeps "
               "decreasing along it and has no finite minimiser")
    return Separation("quasi", direction, boundary, message)
