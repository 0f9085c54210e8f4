"""Finite differences and the two minimisers the book studies: gradient descent and Newton."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg

from ._validation import as_design_matrix, as_labels, as_theta, linear_predictor
from .losses import _mean_softplus, _residual, _signed, log_loss_and_gradient

__all__ = [
    "FitResult",
    "SeparationWarning",
    "ConvergenceWarning",
    "numerical_gradient",
    "numerical_hessian",
    "gradient_descent",
    "fit_gradient_descent",
    "fit_newton",
]


class SeparationWarning(UserWarning):
    """The classes are linearly separable: the log-loss has no finite minimiser."""


class ConvergenceWarning(UserWarning):
    """A minimiser stopped before its convergence test held."""


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
        True when the convergence test held: ``max|gradient| <= tol``.
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


def _check_step(value, name):
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return value


def _check_count(value, name, minimum=0):
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def numerical_gradient(f, theta, eps=1e-6, args=()):
    """Central-difference gradient of the scalar function ``f(theta, *args)``.

    ``g_j = (f(theta + h_j e_j) - f(theta - h_j e_j)) / (2 h_j)`` with the step
    ``h_j = eps * max(1, |theta_j|)``.  The truncation error is O(h^2) and the
    rounding error O(u |f| / h) (u = 2.2e-16), so with the default ``eps`` expect
    agreement with an exact gradient to about 1e-8 relative, not better.
    """
    theta = as_theta(theta)
    eps = _check_step(eps, "eps")
    grad = np.empty_like(theta)
    for j in range(theta.size):
        h = eps * max(1.0, abs(theta[j]))
        up = theta.copy()
        up[j] += h
        down = theta.copy()
        down[j] -= h
        grad[j] = (f(up, *args) - f(down, *args)) / (up[j] - down[j])
    return grad


def numerical_hessian(grad, theta, eps=1e-5, args=()):
    """Central-difference Hessian from the gradient function ``grad(theta, *args)``.

    Column ``j`` is ``(grad(theta + h_j e_j) - grad(theta - h_j e_j)) / (2 h_j)``;
    the result is symmetrised, ``(H + H^T) / 2``.
    """
    theta = as_theta(theta)
    eps = _check_step(eps, "eps")
    n = theta.size
    H = np.empty((n, n))
    for j in range(n):
        h = eps * max(1.0, abs(theta[j]))
        up = theta.copy()
        up[j] += h
        down = theta.copy()
        down[j] -= h
        H[:, j] = (np.asarray(grad(up, *args)) - np.asarray(grad(down, *args))) / (up[j] - down[j])
    return (H + H.T) / 2


def gradient_descent(fun_and_grad, theta0, learning_rate, n_steps, args=(), tol=1e-10):
    """Plain gradient descent ``theta <- theta - learning_rate * grad J(theta)``.

    ``fun_and_grad(theta, *args)`` returns ``(J, grad J)``.  Runs ``n_steps``
    steps, or fewer if ``max|grad J| <= tol`` first.  Returns a :class:`FitResult`.
    """
    theta = as_theta(theta0, name="theta0").copy()
    learning_rate = _check_step(learning_rate, "learning_rate")
    n_steps = _check_count(n_steps, "n_steps")
    path = [theta.copy()]
    loss, grad = fun_and_grad(theta, *args)
    losses = [loss]
    gnorms = [float(np.max(np.abs(grad)))]
    k = 0
    while k < n_steps and gnorms[-1] > tol:
        theta = theta - learning_rate * grad
        loss, grad = fun_and_grad(theta, *args)
        k += 1
        path.append(theta.copy())
        losses.append(loss)
        gnorms.append(float(np.max(np.abs(grad))))
        if not np.isfinite(loss):
            break
    converged = gnorms[-1] <= tol
    if converged:
        message = f"max|gradient| <= {tol:g} after {k} steps"
    elif not np.isfinite(losses[-1]):
        message = f"the loss became non-finite after {k} steps: learning_rate {learning_rate:g} is too large"
    else:
        message = f"stopped after n_steps = {k}; max|gradient| = {gnorms[-1]:.3g} > tol = {tol:g}"
    return FitResult(theta, np.array(losses), k, bool(converged), np.array(path), np.array(gnorms), message)


def fit_gradient_descent(X, y, learning_rate, n_steps, theta0=None, tol=1e-10):
    """Minimise :func:`helpers.log_loss` by gradient descent from ``theta0`` (default 0).

    The update is ``theta <- theta - learning_rate * (1/m) X^T (h - y)``.
    """
    X = as_design_matrix(X)
    y = as_labels(y, X.shape[0])
    theta0 = np.zeros(X.shape[1]) if theta0 is None else as_theta(theta0, X.shape[1], name="theta0")
    return gradient_descent(log_loss_and_gradient, theta0, learning_rate, n_steps, args=(X, y), tol=tol)


def fit_newton(X, y, tol=1e-10, max_iter=100, theta0=None):
    """Minimise :func:`helpers.log_loss` by Newton's method with a backtracking line search.

    Each iteration solves ``H d = -g`` with ``H = (1/m) X^T S X`` (Cholesky) and
    takes the largest step ``t`` in 1, 1/2, 1/4, ... that decreases the loss
    enough (Armijo).  It stops with ``converged=True`` once ``max|g| <= tol``.

    If the classes are linearly separable no finite minimiser exists (the loss
    tends to 0 as ``|theta|`` grows).  As soon as an iterate separates the
    data strictly (every example on its correct side), that is a proof of it:
    the fit stops with ``converged=False`` and a :class:`SeparationWarning`.
    Under quasi-separation (a tie on the boundary) the gradient does tend to 0, but
    only as ``|theta|`` grows, with Newton steps that stay large: that, too, stops
    with a :class:`SeparationWarning`, so ``converged=True`` means that both the
    gradient and the Newton step are small.  A singular Hessian (quasi-separation,
    or collinear columns), a stalled line search, or ``max_iter`` also stop it with
    ``converged=False`` and a warning.
    """
    X = as_design_matrix(X)
    m, n = X.shape
    y = as_labels(y, m)
    tol = float(tol)
    if not (tol >= 0):
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    max_iter = _check_count(max_iter, "max_iter")
    theta = np.zeros(n) if theta0 is None else as_theta(theta0, n, name="theta0").copy()

    def evaluate(theta):
        z = linear_predictor(X, theta)
        sign, s, e = _signed(z, y)
        return s, sign, e, float(_mean_softplus(s, e))

    s, sign, e, loss = evaluate(theta)
    path, losses, gnorms = [theta.copy()], [loss], []
    converged, message, warn = False, "", None
    k = 0
    while True:
        grad = X.T @ _residual(sign, s, e) / m
        gnorms.append(float(np.max(np.abs(grad))))
        if np.all(s < 0):
            message = (
                "the classes are linearly separable (theta separates every example), "
                "so no finite minimiser exists: the loss -> 0 only as |theta| -> infinity"
            )
            warn = SeparationWarning
            break
        # X^T S X as (S^1/2 X)^T (S^1/2 X): BLAS then uses a symmetric rank-k update (half the work);
        # sqrt(h (1 - h)) = exp(-|z|/2) / (1 + exp(-|z|)).  (log_loss_hessian keeps the exact product.)
        Xs = X * (np.sqrt(e) / (1.0 + e))[:, None]
        H = Xs.T @ Xs
        H /= m
        try:
            direction = -scipy.linalg.cho_solve(scipy.linalg.cho_factor(H, check_finite=False), grad, check_finite=False)
        except np.linalg.LinAlgError:
            direction = None
        if gnorms[-1] <= tol:
            # A true minimiser has a tiny Newton step too.  Under quasi-separation the gradient
            # vanishes only because theta runs off to infinity, and the Newton step stays large.
            if direction is not None and np.max(np.abs(direction)) <= 1e-4 * max(1.0, np.max(np.abs(theta))):
                converged, message = True, f"max|gradient| <= {tol:g} after {k} Newton steps"
                break
            message = (
                "the gradient vanishes only as |theta| grows (the Newton step stays large): the classes "
                "are quasi-separable, so no finite minimiser exists"
                if direction is not None
                else "max|gradient| <= tol but the Hessian is singular: the classes are quasi-separable "
                "(no finite minimiser), or the columns of X are linearly dependent (no unique one)"
            )
            warn = SeparationWarning
            break
        if k >= max_iter:
            message = f"max_iter = {max_iter} reached with max|gradient| = {gnorms[-1]:.3g} > tol = {tol:g}"
            warn = ConvergenceWarning
            break
        if direction is None:
            message = (
                "the Hessian is singular: the classes may be (quasi-)separable, so that no finite "
                "minimiser exists, or the columns of X are linearly dependent"
            )
            warn = SeparationWarning
            break
        slope = float(grad @ direction)
        t = 1.0
        # Near the minimiser the predicted decrease falls below the rounding error of J itself, and an
        # Armijo test would then reject good steps on noise: there the full Newton step is taken.
        tiny = -slope <= 1e-12 * max(abs(loss), 1e-300)
        for _ in range(60):
            candidate = theta + t * direction
            s_new, sign_new, e_new, loss_new = evaluate(candidate)
            if tiny or loss_new <= loss + 1e-4 * t * slope:
                break
            t *= 0.5
        else:
            message = f"the line search could not decrease the loss; max|gradient| = {gnorms[-1]:.3g} > tol = {tol:g}"
            warn = ConvergenceWarning
            break
        theta, s, sign, e, loss = candidate, s_new, sign_new, e_new, loss_new
        k += 1
        path.append(theta.copy())
        losses.append(loss)
    if warn is not None:
        warnings.warn(message, warn, stacklevel=2)
    return FitResult(theta, np.array(losses), k, converged, np.array(path), np.array(gnorms), message)
