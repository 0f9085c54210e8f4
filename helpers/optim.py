"""Finite differences and the two minimisers the book studies: gradient descent and Newton.

What the fitters say is true: ``converged=True`` only when the convergence test held, a
:class:`SeparationWarning` only when a separating direction has been found and checked
(:func:`helpers.detect_separation`), a :class:`DivergenceWarning` only when the loss did rise
above its starting value or stopped being finite.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg
import scipy.sparse

from ._validation import (as_count, as_design_matrix, as_labels, as_positive, as_theta, as_tolerance, linear_predictor,
                          require_finite, short_repr)
from ._linalg import column_scale, mean_xt
from .losses import log_loss_and_gradient, mean_softplus, residual_from_margin, negative_margin
from .separation import detect_separation

__all__ = [
    "FitResult",
    "SeparationWarning",
    "ConvergenceWarning",
    "DivergenceWarning",
    "DependentColumnsWarning",
    "numerical_gradient",
    "numerical_hessian",
    "gradient_descent",
    "fit_gradient_descent",
    "fit_newton",
]


class SeparationWarning(UserWarning):
    """The classes are (quasi-)separable, which was checked: the log-loss has no finite minimiser."""


class ConvergenceWarning(UserWarning):
    """A minimiser stopped before its convergence test held."""


class DivergenceWarning(ConvergenceWarning):
    """Gradient descent's loss rose above its starting value, or stopped being finite: the step is too large."""


class DependentColumnsWarning(UserWarning):
    """X has linearly dependent columns: the minimisers are not unique (their predictions are)."""


@dataclass
class FitResult:
    """What a minimiser returns.

    Attributes
    ----------
    theta : ndarray, shape (n,)
        The final parameters.
    losses : ndarray, shape (n_iter + 1,)
        The loss at every iterate, starting point included:
        ``losses[k]`` is ``J(theta_k)``, so ``losses[0]`` is the loss at
        ``theta0`` and ``losses[-1]`` the loss at ``theta``.
    n_iter : int
        The number of steps taken (parameter updates).
    converged : bool
        True when the convergence test held (gradient descent: ``max|gradient| <= tol``;
        Newton: the Newton decrement is ``<= tol``, see :func:`fit_newton`).
    path : ndarray, shape (n_iter + 1, n)
        Every iterate, ``path[0] = theta0`` and ``path[-1] = theta``.
    gradient_norms : ndarray, shape (n_iter + 1,)
        ``max|gradient|`` at every iterate.
    message : str
        Why it stopped, in words.
    """

    theta: np.ndarray
    losses: np.ndarray
    n_iter: int
    converged: bool
    path: np.ndarray = field(repr=False)
    gradient_norms: np.ndarray = field(repr=False)
    message: str = ""


def _central_steps(theta, eps):
    """For each coordinate j: ``(j, theta + h_j e_j, theta - h_j e_j)`` with ``h_j = eps * max(1, |theta_j|)``."""
    eps = as_positive(eps, "eps")  # checked now, not at the first step

    def steps():
        for j in range(theta.size):
            h = eps * max(1.0, abs(theta[j]))
            up = theta.copy()
            up[j] += h
            down = theta.copy()
            down[j] -= h
            yield j, up, down

    return steps()


def numerical_gradient(f, theta, eps=1e-6, args=()):
    """Central-difference gradient of the scalar function ``f(theta, *args)``.

    ``g_j = (f(theta + h_j e_j) - f(theta - h_j e_j)) / (2 h_j)`` with the step
    ``h_j = eps * max(1, |theta_j|)``.  The truncation error is O(h^2) and the
    rounding error O(u |f| / h) (u = 2.2e-16), so with the default ``eps`` expect
    agreement with an exact gradient to about 1e-8 relative, not better.
    """
    theta = as_theta(theta)
    args = _as_args(args)
    grad = np.empty_like(theta)
    for j, up, down in _central_steps(theta, eps):
        grad[j] = (_scalar_value(f, up, args) - _scalar_value(f, down, args)) / (up[j] - down[j])
    return grad


def _as_args(args):
    """``args`` as a tuple; anything else (an array, a lone X) is refused by name with the likely fix."""
    if isinstance(args, list):
        return tuple(args)
    if not isinstance(args, tuple):
        shape = f" of shape {np.shape(args)}" if isinstance(args, np.ndarray) else ""
        raise ValueError(f"args must be a tuple of the extra arguments, got {type(args).__name__}{shape}: "
                         "write args=(X, y) (a one-element tuple needs a comma: args=(X,))")
    return args


def _scalar_value(f, theta, args):
    """``f(theta, *args)`` as a float; an array, NaN or inf is refused by name (``f`` must be a loss)."""
    value = f(theta, *args)
    if np.ndim(value) != 0:
        raise ValueError(f"f must return a number (the loss), got an array of shape {np.shape(value)}: "
                         "numerical_gradient differentiates a loss; to check a gradient function, "
                         "pass it to numerical_hessian (or pass the loss, e.g. log_loss, not log_loss_gradient)")
    if np.iscomplexobj(value) or not np.isfinite(float(value)):
        raise ValueError(f"f returned {short_repr(value)} at theta = {np.array2string(theta, precision=6)}: "
                         "a finite-difference gradient needs a finite real loss on both sides of theta")
    return float(value)


def numerical_hessian(grad, theta, eps=1e-5, args=()):
    """Central-difference Hessian from the gradient function ``grad(theta, *args)``.

    Column ``j`` is ``(grad(theta + h_j e_j) - grad(theta - h_j e_j)) / (2 h_j)``;
    the result is symmetrised, ``(H + H^T) / 2``.
    """
    theta = as_theta(theta)
    args = _as_args(args)
    H = np.empty((theta.size, theta.size))
    for j, up, down in _central_steps(theta, eps):
        H[:, j] = (_gradient_value(grad, up, args) - _gradient_value(grad, down, args)) / (up[j] - down[j])
    return (H + H.T) / 2


def _gradient_value(grad, theta, args):
    """``grad(theta, *args)`` as a finite array of theta's shape; a scalar (a loss) or a wrong shape is refused."""
    value = grad(theta, *args)
    if np.ndim(value) == 0:
        raise ValueError(f"grad must return the gradient, an array of shape {theta.shape}, but it returned the number "
                         f"{short_repr(value)}: numerical_hessian expects a gradient function (e.g. log_loss_gradient), "
                         "not the loss")
    value = np.asarray(value)
    if value.shape != theta.shape:
        raise ValueError(f"grad must return an array of shape {theta.shape} (one entry per parameter), "
                         f"got shape {value.shape}: is it the gradient of a function of this theta?")
    if np.iscomplexobj(value) or not np.isfinite(value).all():
        raise ValueError(f"grad returned {short_repr(value)} at theta = {np.array2string(theta, precision=6)}: "
                         "a finite-difference Hessian needs a finite real gradient on both sides of theta")
    return value.astype(np.float64)


def _lipschitz(X):
    """``L = lambda_max(X^T X) / (4m)``, the Lipschitz constant of the log-loss gradient.

    ``X`` is divided by a power of two near its largest entry first, so that ``X^T X`` cannot overflow.
    """
    c = 1.0 / float(np.min(column_scale(X)))
    Xc = X / c
    gram = (Xc.T @ Xc).toarray() if scipy.sparse.issparse(Xc) else Xc.T @ Xc
    return float(np.linalg.eigvalsh(gram)[-1]) * c * c / (4 * X.shape[0])


def _descend(fun_and_grad, theta0, learning_rate, n_steps, args, tol, stop_on_rise):
    """Gradient descent's loop; returns ``(FitResult, diverged)`` and warns nothing."""
    theta = as_theta(theta0, name="theta0").copy()
    args = _as_args(args)
    learning_rate = as_positive(learning_rate, "learning_rate")
    n_steps = as_count(n_steps, "n_steps")
    tol = as_tolerance(tol)
    path = [theta.copy()]
    loss, grad = fun_and_grad(theta, *args)
    losses = [loss]
    gnorms = [float(np.max(np.abs(grad)))]
    # a rise above the start that is more than the rounding of J is not a rounding artefact
    ceiling = losses[0] + 4 * np.finfo(float).eps * abs(losses[0])
    k, rose = 0, False
    while k < n_steps and gnorms[-1] > tol:
        theta = theta - learning_rate * grad
        loss, grad = fun_and_grad(theta, *args)
        k += 1
        path.append(theta.copy())
        losses.append(loss)
        gnorms.append(float(np.max(np.abs(grad))))
        rose = stop_on_rise and loss > ceiling
        if not np.isfinite(loss) or rose:
            break
    diverged = rose or not np.isfinite(losses[-1])
    converged = not diverged and gnorms[-1] <= tol
    if converged:
        message = f"max|gradient| <= {tol:g} after {k} steps"
    elif diverged:
        what = "became non-finite" if not np.isfinite(losses[-1]) else f"rose from {losses[0]:.3g} to {losses[-1]:.3g}"
        message = f"the loss {what} at step {k}: learning_rate = {learning_rate:g} is too large for these data"
    else:
        message = f"stopped after n_steps = {k}; max|gradient| = {gnorms[-1]:.3g} > tol = {tol:g}"
    result = FitResult(theta, np.array(losses), k, bool(converged), np.array(path), np.array(gnorms), message)
    return result, diverged


def gradient_descent(fun_and_grad, theta0, learning_rate, n_steps, args=(), tol=1e-10):
    """Plain gradient descent ``theta <- theta - learning_rate * grad J(theta)``.

    ``fun_and_grad(theta, *args)`` returns ``(J, grad J)``.  Runs ``n_steps``
    steps, or fewer if ``max|grad J| <= tol`` first (``tol >= 0``; 0 runs every step).
    If the loss becomes non-finite it stops there, with ``converged=False`` and a message
    naming the learning rate, without a warning: for an arbitrary ``J`` no safe step is
    known, and the book shows such runs on purpose (:func:`fit_gradient_descent`, for the
    log-loss, does warn, with the safe step).  Returns a :class:`FitResult`.
    """
    return _descend(fun_and_grad, theta0, learning_rate, n_steps, args, tol, stop_on_rise=False)[0]


def _check_separation(result, X, y):
    """After gradient descent: if the classes are (nearly) separated, say so, and never claim a minimum.

    A final ``theta`` that puts every example strictly on its side proves complete separation
    (no linear program needed).  A run that met its tolerance is checked by
    :func:`helpers.detect_separation`: on separable data the gradient tends to 0 only because
    the loss flattens towards its infimum, so ``converged`` becomes False and a
    :class:`SeparationWarning` is issued (a :class:`ConvergenceWarning` for ``"near"``).  A run
    stopped by ``n_steps`` keeps ``converged=False``; its message gets the proof if the iterate has one.
    """
    z = linear_predictor(X, result.theta)
    separates = bool(np.all((z > 0) == (y == 1)) and np.all(z != 0))
    if separates:
        found_message = ("the classes are completely separable (the final theta separates every example), "
                         "so no finite minimiser exists: the loss -> 0 only as |theta| -> infinity")
        kind = "complete"
    elif result.converged:
        found = detect_separation(X, y)
        kind, found_message = found.kind, found.message
    else:
        return
    if kind == "overlap":
        return
    if result.converged:
        result.converged = False
        result.message = f"{found_message} (gradient descent stopped with {result.message}, which is not a minimum)"
        warnings.warn(result.message, SeparationWarning if kind != "near" else ConvergenceWarning, stacklevel=3)
    else:
        result.message = f"{result.message}; {found_message}"


def fit_gradient_descent(X, y, learning_rate, n_steps, theta0=None, tol=1e-10):
    """Minimise :func:`helpers.log_loss` by gradient descent from ``theta0`` (default 0).

    The update is ``theta <- theta - learning_rate * (1/m) X^T (h - y)``; it stops after
    ``n_steps`` steps or once ``max|gradient| <= tol`` (``converged=True``).

    Divergence is reported: the log-loss is convex with an ``L``-Lipschitz gradient,
    ``L = lambda_max(X^T X) / (4m)``, so every step with ``learning_rate <= 1/L`` (indeed
    ``< 2/L``) lowers the loss.  If the loss rises above its starting value, the step is
    too large: the run stops there with ``converged=False`` and a :class:`DivergenceWarning`
    that names ``learning_rate`` and the safe ``1/L``.  (A run whose loss goes up and down
    below its start, as in a 2-cycle, is not stopped: it ends with ``converged=False``.)

    Separation is reported: on (quasi-)separable classes no minimiser exists and the gradient
    tends to 0 only because the loss flattens, so a run that meets ``tol`` there is not called
    converged: ``converged=False``, a :class:`SeparationWarning` and a message saying that no
    finite minimiser exists (checked by :func:`helpers.detect_separation`, or proved by a final
    ``theta`` that separates every example).  A run stopped by ``n_steps`` whose final ``theta``
    separates every example says so in its message.
    """
    X = require_finite(as_design_matrix(X))
    y = as_labels(y, X.shape[0])
    theta0 = np.zeros(X.shape[1]) if theta0 is None else as_theta(theta0, X.shape[1], name="theta0")
    result, diverged = _descend(log_loss_and_gradient, theta0, learning_rate, n_steps, (X, y), tol, stop_on_rise=True)
    if not diverged:
        _check_separation(result, X, y)
    if diverged:
        L = _lipschitz(X)
        result.message += (f"; with L = lambda_max(X^T X)/(4m) = {L:.3g}, a learning rate <= 1/L = {1 / L:.3g} "
                           "lowers the loss at every step (or standardise the columns of X)")
        warnings.warn(result.message, DivergenceWarning, stacklevel=2)
    return result


#: The rank tolerance of :func:`fit_newton`: a singular value of X (columns scaled to unit norm) at or below
#: ``RANK_RTOL * max(m, n)`` times the largest is a dependence among the columns (NumPy's ``matrix_rank`` default).
RANK_RTOL = float(np.finfo(float).eps)


def _range_and_null(Xs, m):
    """Split parameter space by the numerical rank of ``Xs``, decided on ``Xs`` itself (its SVD).

    The columns are scaled to unit Euclidean norm first (so their units do not matter), giving
    ``Xn = U S V^T``.  A singular value ``<= max(m, n) eps S_max`` is a dependence: along such a
    direction the predictions change by at most that fraction of ``||Xn||``.  Returns
    ``(B, M, null, tol, condition)``: ``B = U_r`` (m x r, orthonormal columns spanning the predictions),
    ``M`` (n x r) with ``Xs @ M = B`` (parameters of ``Xs`` for the coordinates ``u``, ``z = B u``),
    ``null`` (n x (n - r), ``Xs @ null ~ 0``; None for full rank), the relative tolerance used and
    the condition number ``S_max / S_r`` of what is kept.
    The condition number is that of ``Xn``, not its square (as it would be on ``Xn^T Xn``).
    """
    dense = Xs.toarray() if scipy.sparse.issparse(Xs) else Xs
    norms = np.linalg.norm(dense, axis=0)
    norms = np.where(norms > 0, norms, 1.0)
    # with fewer rows than columns, V must be complete: its last n - m rows span part of the null space
    U, S, Vt = scipy.linalg.svd(dense / norms, full_matrices=m < Xs.shape[1], lapack_driver="gesvd")
    tol = max(m, Xs.shape[1]) * RANK_RTOL
    keep = S > tol * S[0] if S.size and S[0] > 0 else np.zeros(S.size, dtype=bool)
    rows = np.r_[keep, np.zeros(Vt.shape[0] - S.size, dtype=bool)]
    B = U[:, :S.size][:, keep]
    M = (Vt[rows].T / S[keep]) / norms[:, None]
    null = None if rows.all() else Vt[~rows].T / norms[:, None]
    condition = float(S[0] / S[keep][-1]) if keep.any() else np.inf
    return B, M, null, tol, condition


def fit_newton(X, y, tol=1e-10, max_iter=100, theta0=None):
    """Minimise :func:`helpers.log_loss` by Newton's method with a backtracking line search.

    Each iteration solves ``H d = -g`` (gradient ``g``, Hessian ``H = (1/m) X^T S X``) by
    Cholesky and takes the largest step ``t`` in 1, 1/2, 1/4, ... that decreases the loss
    enough (Armijo).  Where the Newton step cannot be used (``H`` numerically singular, as far
    from the minimiser, where every ``h_i(1 - h_i)`` underflows) it takes the step of Böhning's
    bound ``H <= (1/4m) X^T X`` instead, which always decreases the loss.

    **Convergence test.**  ``converged=True`` when the Newton decrement
    ``lambda = sqrt(g^T H^-1 g) <= tol``.  ``lambda`` is the size of the Newton step measured
    in the scores, ``lambda^2 = (1/m) sum_i h_i (1 - h_i) (x_i^T d)^2``, and near the minimiser
    ``J(theta) - J* ~ lambda^2 / 2``.  It does not change when the features are rescaled, or
    transformed by any invertible ``X -> X A``, so ``tol`` means the same on every scale
    (``max|g|`` would not: it scales with the features).  The default 1e-10 leaves ``J``
    within rounding of its minimum.

    **Separation.**  If the classes are separable no finite minimiser exists.  When an
    iterate separates every example, that is the proof; when the search looks as if it is
    running off to infinity (``lambda <= tol`` but the step still moves some score
    ``x_i^T theta`` by more than 1e-3, or some ``|x_i^T theta| > 30``, where ``h_i`` is 0 or 1 to
    rounding), or when it stops for another reason (``max_iter``, a
    line search that cannot decrease the loss), :func:`helpers.detect_separation` decides
    by a linear program.  A :class:`SeparationWarning` (``converged=False``) is issued only
    when separation is established, and its message gives the separating direction.

    **Dependent columns** (a duplicated column, one-hot dummies for every category next to an
    intercept): the minimisers then form an affine set, all with the same predictions.  The
    fit runs in the subspace that changes ``X theta`` and returns the minimiser of least
    Euclidean norm, with a :class:`DependentColumnsWarning` naming the dependent columns; the
    iterates in ``path`` are likewise the least-norm parameters with the same predictions.
    The rank is decided on ``X`` itself, by the SVD of its columns scaled to unit norm (not on
    ``X^T X``, whose condition number is the square): a singular value ``<= max(m, n) eps``
    times the largest (``RANK_RTOL``, NumPy's ``matrix_rank`` default) is a dependence, and along
    it the predictions change by less than that fraction of ``|X|``.  The Newton steps are
    solved in the orthonormal coordinates of that SVD, so nearly dependent columns (condition
    number up to about 1e13) do not make the Newton system singular; the loss is always that of
    ``X @ theta``, and when its rounding keeps the decrement above ``tol`` the fit says so
    (``converged=False``) rather than stop early.

    **Nearly separated** data (:func:`helpers.detect_separation` returns ``"near"``, within
    ``SEPARATION_TOL`` of separable) give ``converged=False`` and a :class:`ConvergenceWarning`:
    neither a minimiser nor separation is claimed.

    ``X`` may be a SciPy sparse matrix (the ``n x n`` Hessian is dense, and so is the SVD that
    decides the rank: it needs ``X`` as a dense array once).  NaN or inf in ``X`` raise a
    ``ValueError`` naming the first such entry.  Every other stop
    (``max_iter``, a line search that cannot decrease the loss) gives ``converged=False`` and a
    :class:`ConvergenceWarning`.
    """
    X = require_finite(as_design_matrix(X))
    m, n = X.shape
    y = as_labels(y, m)
    tol = as_tolerance(tol)
    max_iter = as_count(max_iter, "max_iter")
    theta0 = np.zeros(n) if theta0 is None else as_theta(theta0, n, name="theta0")
    # Work with the columns scaled by powers of two, max|x| in [1/2, 1): exact, and nothing overflows.
    scale = column_scale(X)
    Xs = X @ scipy.sparse.diags(scale).tocsr() if scipy.sparse.issparse(X) else X * scale
    # The steps are computed in the coordinates u of the predictions, z = B u with B orthonormal, so that
    # an ill-conditioned X (nearly dependent columns) does not make the Newton system ill-conditioned;
    # the parameters are t = theta / scale, moved by M du (Xs M = B), and every loss is that of Xs @ t.
    B, M, null, rank_tol, condition = _range_and_null(Xs, m)
    t = theta0 / scale

    def evaluate(t):
        z = linear_predictor(Xs, t)
        sign, s, e = negative_margin(z, y)
        return s, sign, e, float(mean_softplus(s, e))

    def line_search(d, slope, loss, grow=False):
        """The step ``t d`` (t = 1, 1/2, ...) passing Armijo's test, with its evaluation, or None.

        With ``grow`` (Böhning's step, far from the minimiser, where the loss is nearly linear)
        an accepted ``t = 1`` is doubled for as long as the loss keeps falling.
        """
        # Near the minimiser the predicted decrease falls below the rounding error of J itself, and an
        # Armijo test would then reject good steps on noise: there the full Newton step is taken.
        tiny = -slope <= 1e-12 * max(abs(loss), 1e-300)
        step = 1.0
        for _ in range(60):
            new = evaluate(t + step * d)
            if tiny or new[3] <= loss + 1e-4 * step * slope:
                while grow and 1.0 <= step < 2.0**60:
                    longer = evaluate(t + 2 * step * d)
                    if not longer[3] < new[3]:
                        break
                    step, new = 2 * step, longer
                return step * d, new
            step *= 0.5
        return None, None

    s, sign, e, loss = evaluate(t)
    path, losses, gnorms = [t.copy()], [loss], []
    converged, message, warn, suspect, k = False, "", None, False, 0
    while True:
        r = residual_from_margin(sign, s, e)
        gnorms.append(float(np.max(np.abs(mean_xt(Xs, r) / scale))))  # the gradient in theta = scale * t
        if np.all(s < 0):
            message = ("the classes are completely separable (theta separates every example), "
                       "so no finite minimiser exists: the loss -> 0 only as |theta| -> infinity")
            warn = SeparationWarning
            break
        gu = B.T @ r / m  # the gradient in u
        # H_u = (1/m) B^T diag(h (1 - h)) B, and h (1 - h) = e / (1 + e)^2: its square root is sqrt(e) / (1 + e)
        Bw = B * (np.sqrt(e) / (1.0 + e))[:, None]
        try:
            du = -scipy.linalg.cho_solve(scipy.linalg.cho_factor(Bw.T @ Bw / m, check_finite=False), gu,
                                         check_finite=False) if B.shape[1] else gu
            descent = np.isfinite(du).all() and (gu @ du < 0 or not gu.any())  # (gu = 0: at the minimum)
            decrement = float(np.sqrt(max(-(gu @ du), 0.0))) if descent else None
        except np.linalg.LinAlgError:
            decrement = None
        if decrement is not None and decrement <= tol:
            converged, message = True, f"Newton decrement {decrement:.2g} <= tol = {tol:g} after {k} Newton steps"
            # Running off to infinity looks like this: the step still moves some score, or some |z_i| is so
            # large that h_i is 0 or 1 to rounding (its pull on the gradient is below rounding)
            suspect = (B.shape[1] and np.max(np.abs(B @ du)) > 1e-3) or np.max(np.abs(s)) > 30
            break
        if k >= max_iter:
            shown = "unavailable (singular Hessian)" if decrement is None else f"{decrement:.3g}"
            message, warn, suspect = f"max_iter = {max_iter} reached; the Newton decrement is {shown} > tol = {tol:g}", ConvergenceWarning, True
            if condition > 1e6:
                message += (f" (X with unit-norm columns has condition number {condition:.1e}: its nearly dependent "
                            "columns make the rounding of X @ theta, and so the attainable decrement, large)")
            break
        step = None
        if decrement is not None:
            step, new = line_search(M @ du, gu @ du, loss)
        if step is None:  # Böhning's bound H_u <= I / (4m): the step -4m g_u always decreases the loss
            du = -4.0 * m * gu
            step, new = line_search(M @ du, gu @ du, loss, grow=True)
        if step is None:
            message, warn, suspect = f"the line search could not decrease the loss; max|gradient| = {gnorms[-1]:.3g}", ConvergenceWarning, True
            break
        t = t + step
        s, sign, e, loss = new
        k += 1
        path.append(t.copy())
        losses.append(loss)
    if suspect:
        found = detect_separation(X, y)
        if found.separable:
            converged, warn = False, SeparationWarning
            message = f"{found.message}; direction = {np.array2string(found.direction, precision=4)} (fit_newton stopped after {k} steps: {message})"
        elif found.kind == "near":
            converged, warn = False, ConvergenceWarning
            message = f"{found.message} (fit_newton stopped after {k} steps: {message}; not reported as converged)"
        elif converged:
            message += " (the classes overlap, checked: a finite minimiser exists)"
    path = np.array(path) * scale
    if null is not None:
        N = null * scale[:, None]  # X @ N = 0 in the original units; project every iterate onto N's complement
        path -= (path @ N) @ np.linalg.solve(N.T @ N, N.T)
        dependent = np.flatnonzero(np.max(np.abs(N), axis=1) > 1e-8 * np.max(np.abs(N)))
        note = (f"X has linearly dependent columns (rank {n - N.shape[1]} < {n}): columns "
                f"{', '.join(map(str, dependent))} are linearly dependent, so the minimisers form a set of dimension "
                f"{N.shape[1]}, all with the same predictions; fit_newton returns the one of least norm. "
                "Drop the redundant columns for unique coefficients. (Rank decided on the SVD of X with unit-norm "
                f"columns: singular values <= max(m, n) eps = {rank_tol:.1e} times the largest count as 0, so "
                "along the dropped directions the predictions change by less than that fraction of |X|)")
        warnings.warn(note, DependentColumnsWarning, stacklevel=2)
        message = f"{message}. {note}"
    if warn is not None:
        warnings.warn(message, warn, stacklevel=2)
    return FitResult(path[-1].copy(), np.array(losses), k, converged, path, np.array(gnorms), message)
