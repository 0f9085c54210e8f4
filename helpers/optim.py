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

from ._validation import as_count, as_design_matrix, as_labels, as_positive, as_theta, as_tolerance, linear_predictor
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
    grad = np.empty_like(theta)
    for j, up, down in _central_steps(theta, eps):
        grad[j] = (f(up, *args) - f(down, *args)) / (up[j] - down[j])
    return grad


def numerical_hessian(grad, theta, eps=1e-5, args=()):
    """Central-difference Hessian from the gradient function ``grad(theta, *args)``.

    Column ``j`` is ``(grad(theta + h_j e_j) - grad(theta - h_j e_j)) / (2 h_j)``;
    the result is symmetrised, ``(H + H^T) / 2``.
    """
    theta = as_theta(theta)
    H = np.empty((theta.size, theta.size))
    for j, up, down in _central_steps(theta, eps):
        H[:, j] = (np.asarray(grad(up, *args)) - np.asarray(grad(down, *args))) / (up[j] - down[j])
    return (H + H.T) / 2


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
    """
    X = as_design_matrix(X)
    y = as_labels(y, X.shape[0])
    theta0 = np.zeros(X.shape[1]) if theta0 is None else as_theta(theta0, X.shape[1], name="theta0")
    result, diverged = _descend(log_loss_and_gradient, theta0, learning_rate, n_steps, (X, y), tol, stop_on_rise=True)
    if diverged:
        L = _lipschitz(X)
        result.message += (f"; with L = lambda_max(X^T X)/(4m) = {L:.3g}, a learning rate <= 1/L = {1 / L:.3g} "
                           "lowers the loss at every step (or standardise the columns of X)")
        warnings.warn(result.message, DivergenceWarning, stacklevel=2)
    return result


def _gram(A, sqrt_w=None):
    """``(1/m) A^T diag(w) A`` as ``B^T B`` with ``B = diag(sqrt(w)) A`` (a symmetric rank-k update), dense or sparse."""
    if sqrt_w is not None:
        A = A.multiply(sqrt_w[:, None]).tocsr() if scipy.sparse.issparse(A) else A * sqrt_w[:, None]
    G = (A.T @ A).toarray() if scipy.sparse.issparse(A) else A.T @ A
    G /= A.shape[0]
    return G


def _range_and_null(gram, m):
    """Split parameter space by the rank of ``X``, from its Gram matrix ``(1/m) X^T X``.

    The decision is taken on the correlation form ``C = D^-1/2 G D^-1/2`` (so that the units
    of the columns do not matter): an eigenvalue of C below ``max(m, n) eps lambda_max(C)``,
    the rounding level of a Gram matrix, is a dependence among the columns.  Returns
    ``(basis, null)``: ``basis`` (n x r) spans the parameters that change ``X theta``,
    ``null`` (n x (n - r)) those that do not, ``X @ null = 0``; both None for full rank.
    """
    d = np.sqrt(np.diag(gram))
    inv = np.where(d > 0, 1.0 / np.where(d > 0, d, 1.0), 1.0)
    eigenvalues, V = np.linalg.eigh(gram * inv[:, None] * inv[None, :])
    small = eigenvalues <= max(m, gram.shape[0]) * np.finfo(float).eps * max(eigenvalues[-1], 0.0)
    if not small.any():
        return None, None
    return inv[:, None] * V[:, ~small], inv[:, None] * V[:, small]


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
    fit runs in the subspace that changes ``X theta`` (the rank is decided on the Gram matrix
    of the columns scaled to unit norm) and returns the minimiser of least Euclidean norm,
    with a :class:`DependentColumnsWarning` naming the dependent columns; the iterates in
    ``path`` are likewise the least-norm parameters with the same predictions.

    ``X`` may be a SciPy sparse matrix (the ``n x n`` Hessian is dense).  Every other stop
    (``max_iter``, a line search that cannot decrease the loss) gives ``converged=False`` and a
    :class:`ConvergenceWarning`.
    """
    X = as_design_matrix(X)
    m, n = X.shape
    y = as_labels(y, m)
    tol = as_tolerance(tol)
    max_iter = as_count(max_iter, "max_iter")
    theta0 = np.zeros(n) if theta0 is None else as_theta(theta0, n, name="theta0")
    # Work with the columns scaled by powers of two, max|x| in [1/2, 1): exact, and nothing overflows.
    scale = column_scale(X)
    Xs = X @ scipy.sparse.diags(scale).tocsr() if scipy.sparse.issparse(X) else X * scale
    gram = _gram(Xs)
    basis, null = _range_and_null(gram, m)
    t = theta0 / scale
    if basis is not None:  # drop the part of theta0 that changes no prediction
        t = basis @ np.linalg.solve(np.hstack([basis, null]), t)[: basis.shape[1]]
    restrict = (lambda v: v) if basis is None else (lambda v: basis.T @ v)
    expand = (lambda v: v) if basis is None else (lambda v: basis @ v)
    bohning = None

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
        g = mean_xt(Xs, residual_from_margin(sign, s, e))
        gnorms.append(float(np.max(np.abs(g / scale))))  # the gradient in theta = scale * t
        if np.all(s < 0):
            message = ("the classes are completely separable (theta separates every example), "
                       "so no finite minimiser exists: the loss -> 0 only as |theta| -> infinity")
            warn = SeparationWarning
            break
        # h (1 - h) = e / (1 + e)^2, so its square root is sqrt(e) / (1 + e); at theta = 0 it is 1/2
        H = gram / 4 if not s.any() else _gram(Xs, np.sqrt(e) / (1.0 + e))
        gr = restrict(g)
        try:
            d = expand(-scipy.linalg.cho_solve(scipy.linalg.cho_factor(restrict(restrict(H).T).T, check_finite=False),
                                               gr, check_finite=False))
            decrement = float(np.sqrt(max(-(g @ d), 0.0))) if np.isfinite(d).all() and g @ d < 0 else None
        except np.linalg.LinAlgError:
            decrement = None
        if decrement is not None and decrement <= tol:
            converged, message = True, f"Newton decrement {decrement:.2g} <= tol = {tol:g} after {k} Newton steps"
            # Running off to infinity looks like this: the step still moves some score, or some |z_i| is so
            # large that h_i is 0 or 1 to rounding (its pull on the gradient is below rounding)
            suspect = np.max(np.abs(Xs @ d)) > 1e-3 or np.max(np.abs(s)) > 30
            break
        if k >= max_iter:
            shown = "unavailable (singular Hessian)" if decrement is None else f"{decrement:.3g}"
            message, warn, suspect = f"max_iter = {max_iter} reached; the Newton decrement is {shown} > tol = {tol:g}", ConvergenceWarning, True
            break
        step = None
        if decrement is not None:
            step, new = line_search(d, g @ d, loss)
        if step is None:  # Böhning's bound: H <= gram / 4 (full rank on the basis), a descent step always
            if bohning is None:
                bohning = scipy.linalg.cho_factor(restrict(restrict(gram / 4).T).T, check_finite=False)
            d = expand(-scipy.linalg.cho_solve(bohning, gr, check_finite=False))
            step, new = line_search(d, g @ d, loss, grow=True)
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
                "Drop the redundant columns for unique coefficients")
        warnings.warn(note, DependentColumnsWarning, stacklevel=2)
        message = f"{message}. {note}"
    if warn is not None:
        warnings.warn(message, warn, stacklevel=2)
    return FitResult(path[-1].copy(), np.array(losses), k, converged, path, np.array(gnorms), message)
