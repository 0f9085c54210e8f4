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
floating point: the examples it leaves slightly on the wrong side are projected exactly
onto the boundary, and separation is reported only if the projected direction has
``v_i >= 0`` for every example up to the rounding of ``X beta`` (a certificate: then the
margin may be as small as the rounding allows).  Boundary examples are lifted off the
boundary when a direction ``w`` with ``S_B w > 0`` on them exists (complete separation).

**The threshold** ``SEPARATION_TOL = 1e-6`` (ten times the solver's tolerance), in the scaled
units (``max |x_j| = 1``, ``|beta_j| <= 1``), is the one :func:`detect_separation`,
:func:`helpers.fit_newton` and :func:`helpers.fit_gradient_descent` share:

* a certified direction gives ``"complete"`` or ``"quasi"`` (no finite minimiser: proved);
* a direction the solver finds with some ``v_i > SEPARATION_TOL`` and every ``v_i >= -SEPARATION_TOL``
  that cannot be certified gives ``"near"``: the data are within the solver's resolution of
  separable, and neither separation nor a finite minimiser is claimed;
* otherwise ``"overlap"``: no direction separates the classes by more than ``SEPARATION_TOL``,
  and the log-loss has a finite minimiser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse
from scipy.optimize import linprog

from ._validation import as_design_matrix, as_labels, require_finite

__all__ = ["Separation", "detect_separation", "SEPARATION_TOL"]

#: The separation threshold, in units of the features scaled to ``max |x_j| = 1`` (``|beta_j| <= 1``):
#: ten times HiGHS's feasibility tolerance (1e-7).  A direction that the solver finds with some signed
#: score above it is reported: as a separation when it is certified in float64, else as "near".
SEPARATION_TOL = 1e-6


@dataclass(frozen=True)
class Separation:
    """What :func:`detect_separation` found.

    Attributes
    ----------
    kind : str
        ``"complete"``, ``"quasi"``, ``"near"`` (nearly separated: within ``SEPARATION_TOL`` of
        separable, not decided) or ``"overlap"``.
    direction : ndarray, shape (n,), or None
        The certificate: ``(2y - 1) * (X @ direction) >= 0`` for every example, and ``> 0``
        for all (complete) or some (quasi) of them.  For ``"near"`` the solver's uncertified
        direction; None for an overlap.
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
        """True when no finite minimiser of the log-loss exists (complete or quasi-separation, certified).

        False for an overlap and for ``"near"`` (nearly separated, not decided).
        """
        return self.kind in ("complete", "quasi")


def _solve(c, A_ub, bounds):
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(A_ub.shape[0]), bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - the programs are bounded and feasible (0 is feasible)
        raise RuntimeError(f"the separation linear program failed: {res.message}")
    return res.x


def _rounding(S, beta):
    """The rounding error bound of each signed score ``S @ beta`` (float64, ``n`` products per score)."""
    return 4 * S.shape[1] * np.finfo(float).eps * np.asarray(abs(S) @ np.abs(beta))


def _certified(S, beta):
    """Polish ``beta`` and check it in floating point; return ``(beta, v, boundary)`` or None.

    The solver's direction may leave examples a little on the wrong side (within its tolerance).
    Those examples are put exactly on the boundary (``beta`` minus its least-squares component
    along their rows), repeatedly while the projection pushes others across; the examples that
    are clearly on their side are left alone, however small their margin.  Then every signed
    score must be >= 0 up to the rounding of the product, and one of them clearly > 0.
    """
    v = np.asarray(S @ beta)
    active = np.zeros(S.shape[0], dtype=bool)
    for _ in range(S.shape[1] + 1):
        wrong = (v < -_rounding(S, beta)) & ~active
        if not wrong.any():
            break
        active |= v <= _rounding(S, beta)
        T = S[np.flatnonzero(active)]
        T = T.toarray() if scipy.sparse.issparse(T) else T
        beta = beta - np.linalg.lstsq(T, T @ beta, rcond=None)[0]
        v = np.asarray(S @ beta)
    rounding = _rounding(S, beta)
    if np.any(v < -rounding) or not np.any(v > 1e3 * rounding):
        return None
    return beta, v, np.flatnonzero(np.abs(v) <= rounding)


def _strictly(S, beta, v, boundary):
    """Try to lift the boundary examples of a certified ``beta`` off it; return a certified complete ``(beta, v)`` or None.

    If some ``w`` has ``S_B w > 0`` on the boundary rows ``B``, then ``beta + eps w`` separates every
    example for a small enough ``eps`` (the others have ``v > 0``).  ``w`` is the least-squares
    solution of ``S_B w = 1``; the result is checked in floating point.
    """
    T = S[boundary]
    T = T.toarray() if scipy.sparse.issparse(T) else T
    w = np.linalg.lstsq(T, np.ones(boundary.size), rcond=None)[0]
    if not np.all(T @ w > 0.5):
        return None
    push = np.asarray(S @ w)
    down = (push < 0) & (v > 0)
    eps = min(1.0, 0.5 * float(np.min(v[down] / -push[down]))) if down.any() else 1.0
    beta = beta + eps * w
    v = np.asarray(S @ beta)
    return (beta, v) if np.all(v > _rounding(S, beta)) else None


def detect_separation(X, y):
    """Decide whether the classes are completely separable, quasi-separable or overlapping.

    Solves Konis's linear programs (see the module docstring) for the design ``X``
    (shape ``(m, n)``, dense or SciPy sparse; include the intercept column yourself,
    as for every function here) and the labels ``y`` in {0, 1}.  Returns a
    :class:`Separation` whose ``direction`` (for the two separable kinds) is the
    certificate, in the units of ``X``.  The log-loss has a finite minimiser
    when ``kind == "overlap"``, and none when ``kind`` is ``"complete"`` or ``"quasi"``;
    ``"near"`` (nearly separated, see ``SEPARATION_TOL`` in the module docstring) claims neither.

    Cost: one or two linear programs with ``n`` variables and ``m`` constraints.
    """
    X = as_design_matrix(X)
    m, n = X.shape
    y = as_labels(y, m)
    sign = 2.0 * y - 1.0
    if scipy.sparse.issparse(X):
        top = np.asarray(abs(X).max(axis=0).todense()).ravel()
    else:
        require_finite(X)
        top = np.abs(X).max(axis=0)
    scale = 1.0 / np.where(top > 0, top, 1.0)
    if scipy.sparse.issparse(X):
        S = (scipy.sparse.diags(sign) @ X @ scipy.sparse.diags(scale)).tocsr()
    else:
        S = sign[:, None] * X * scale
    raw = _solve(-np.asarray(S.sum(axis=0)).ravel(), -S, [(-1.0, 1.0)] * n)
    found = _certified(S, raw)
    if found is None:
        v = np.asarray(S @ raw)
        if v.max() > SEPARATION_TOL and v.min() >= -SEPARATION_TOL:
            worst = int(np.argmin(v))
            message = (f"the classes are nearly separated: a direction puts every example on its side up to "
                       f"{max(-v.min(), 0.0):.1g} (example {worst}) and some by {v.max():.2g}, in units of the features "
                       f"scaled to max |x_j| = 1, but it cannot be certified in float64; below the threshold "
                       f"SEPARATION_TOL = {SEPARATION_TOL:g} neither separation nor a finite minimiser is claimed "
                       "(if a minimiser exists, its coefficients are huge)")
            return Separation("near", raw * scale, np.array([], dtype=int), message)
        return Separation("overlap", None, np.array([], dtype=int),
                          f"the classes overlap: no direction separates them by more than SEPARATION_TOL = "
                          f"{SEPARATION_TOL:g} (features scaled to max |x_j| = 1), so the log-loss has a finite minimiser")
    beta, v, boundary = found
    if boundary.size:
        lifted = _strictly(S, beta, v, boundary)
        if lifted is not None:
            (beta, v), boundary = lifted, np.array([], dtype=int)
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
