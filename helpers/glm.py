"""Generalised linear models with canonical links: one gradient, only h changes.

For linear, logistic and Poisson regression the mean negative log-likelihood
(constants in ``theta`` dropped) has the same gradient,

``grad J(theta) = (1/m) X^T (h(X @ theta) - y)``,

and only the *inverse link* (mean function) ``h`` differs:

============  ==============  =========================================  ==================
name          ``h(z)``        ``J(theta)``, mean over the m examples      targets ``y``
============  ==============  =========================================  ==================
"identity"    ``z``           ``(1/(2m)) sum (z - y)^2``  (with the 1/2)  any finite reals
"logistic"    ``sigmoid(z)``  ``-(1/m) sum [y log h + (1-y) log(1-h)]``   ``0 <= y <= 1``
"exp"         ``exp(z)``      ``(1/m) sum [exp(z) - y z]``                ``y >= 0`` (counts)
============  ==============  =========================================  ==================

Each ``h`` is the mean ``b'(eta)`` of an exponential family
``p(y) = exp(y eta - b(eta) + c(y))`` whose natural parameter is ``eta = z``
(the *canonical* link); that is why the form is shared.  The Hessian is
``(1/m) X^T diag(h'(z)) X`` with ``h'(z) = b''(eta)``, the variance: ``1``,
``h (1 - h)`` and ``exp(z)``, so the *algorithms* differ even though the
gradient formula does not.

The probit model (``h = Phi(z)``, the standard normal CDF, binary ``y``) is
the contrast: its link is not canonical, and its gradient keeps an extra
factor, ``(1/m) X^T [(h - y) * probit_weight(z)]``.

Numerical limits
----------------
* Inputs are validated like :mod:`helpers.losses`: ``X`` 2-D, ``theta`` finite
  of matching length, ``y`` finite and in the range the family allows, and
  ``X @ theta`` finite (that is where NaN or inf in ``X`` is caught).
* ``"logistic"``: the loss uses ``(1-y) softplus(z) + y softplus(-z)``, finite
  and accurate for every finite ``z``; the residual is the plain difference
  ``sigmoid(z) - y``, so it carries an absolute error of about 1e-16 (use
  :func:`helpers.log_loss_gradient` when residuals below that matter).
* ``"exp"``: ``exp(z)`` overflows float64 for ``z > 709.78``.  The loss is
  computed with a shifted exponential, so it is finite whenever its exact value
  is below 1.8e308, and ``inf`` (no warning) when it is not.  The gradient and
  the Hessian are computed the same way and raise ``ValueError`` when the exact
  result is not representable.  ``y * z`` must not overflow (``|y z| < 1e308``).
* Probit: finite for ``|z| < 1.8e154`` (beyond, ``z^2 / 2`` itself overflows
  and a confidently wrong example has loss ``inf``); the weight uses the
  scaled complementary error function ``erfcx``, so it never divides 0 by 0.
* No floating-point warnings are emitted for finite inputs.
"""

from __future__ import annotations

import numpy as np
from scipy.special import erfcx, log_ndtr

from ._validation import as_positive, as_real_scores, as_targets, as_theta, validated_scores
from .losses import curvature_from_margin, sigmoid, softplus

__all__ = [
    "INVERSE_LINKS",
    "glm_mean",
    "glm_mean_derivative",
    "glm_loss",
    "glm_gradient",
    "glm_loss_and_gradient",
    "glm_hessian",
    "glm_update",
    "poisson_loss",
    "poisson_gradient",
    "probit_loss",
    "probit_gradient",
    "probit_weight",
]

#: The names accepted as ``inverse_link``.
INVERSE_LINKS = ("identity", "logistic", "exp")

_LOG_MAX = float(np.log(np.finfo(np.float64).max))  # 709.78...: exp(z) overflows beyond this
_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_SQRT_HALF = float(np.sqrt(0.5))


# ---------------------------------------------------------------------------
# internal: validation
# ---------------------------------------------------------------------------

def _check_link(inverse_link):
    if not isinstance(inverse_link, str) or inverse_link not in INVERSE_LINKS:
        raise ValueError(f"inverse_link must be one of {INVERSE_LINKS}, got {inverse_link!r}")
    return inverse_link


def _targets(y, m, inverse_link):
    y = as_targets(y, m)
    if inverse_link == "logistic":
        bad = (y < 0.0) | (y > 1.0)
        if bad.any():
            raise ValueError(
                f"y must lie in [0, 1] for the logistic link (labels or proportions); found {y[np.argmax(bad)]!r}"
            )
    elif inverse_link == "exp":
        bad = y < 0.0
        if bad.any():
            raise ValueError(f"y must be >= 0 for the exp link (counts); found {y[np.argmax(bad)]!r}")
    return y


def _prepare(theta, X, y, inverse_link):
    inverse_link = _check_link(inverse_link)
    X, y, z = validated_scores(theta, X, y, check_y=lambda y, m: _targets(y, m, inverse_link))
    return X, y, z, inverse_link


def _as_z(z):
    z = as_real_scores(z, "z")  # complex numbers refused by name, never silently cast
    if not np.all(np.isfinite(z)):
        raise ValueError("z contains NaN or inf")
    return z


def _exp_shift(z):
    """Return ``(c, e)`` with ``e = exp(z - c)`` finite and ``c >= 0``; ``c = 0`` unless ``max z`` is huge.

    With ``c = 0`` nothing is rescaled (full accuracy).  Otherwise ``c`` is chosen so
    that ``max(z - c) = 700`` (``exp(700) = 1.0e304``): the caller divides by ``m``
    before summing and multiplies by ``exp(c)`` last, so only a result that is
    itself beyond the float64 range (or within a factor ``max|x|`` of it) overflows.
    """
    zmax = float(z.max())
    c = max(0.0, zmax - 700.0)
    return c, np.exp(z - c)


def _times_exp(value, c):
    """``value * exp(c)`` without a warning; entries may become inf (caller checks)."""
    if c == 0.0:
        return value
    with np.errstate(over="ignore", invalid="ignore"):
        # exp(c) itself may overflow while value * exp(c) does not: split it in two halves
        half = np.exp(c / 2)
        return (value * half) * half


# ---------------------------------------------------------------------------
# the mean function h and its derivative
# ---------------------------------------------------------------------------

def glm_mean(z, inverse_link):
    """The mean ``h(z)`` for the named inverse link: ``z``, ``sigmoid(z)`` or ``exp(z)``.

    Raises ``ValueError`` for NaN or inf in ``z``, and for ``"exp"`` when
    ``z > 709.78`` (``exp(z)`` is beyond the float64 range).
    """
    inverse_link = _check_link(inverse_link)
    z = _as_z(z)
    if inverse_link == "identity":
        out = z.copy()
    elif inverse_link == "logistic":
        out = np.asarray(sigmoid(z), dtype=np.float64)
    else:
        if z.size and float(z.max()) > _LOG_MAX:
            raise ValueError(f"exp(z) overflows float64: max z = {float(z.max()):.6g} > {_LOG_MAX:.6g}")
        out = np.exp(z)
    return out[()] if out.ndim == 0 else out


def glm_mean_derivative(z, inverse_link):
    """``h'(z)``: ``1``, ``sigmoid(z) (1 - sigmoid(z))`` or ``exp(z)``.

    For a canonical link this is also the variance of ``y`` given ``z``
    (``b''(eta)`` of the exponential family), the weight in the Hessian.
    """
    inverse_link = _check_link(inverse_link)
    z = _as_z(z)
    if inverse_link == "identity":
        out = np.ones_like(z)
    elif inverse_link == "logistic":
        out = curvature_from_margin(np.exp(-np.abs(z)))
    else:
        out = np.asarray(glm_mean(z, "exp"), dtype=np.float64)
    return out[()] if out.ndim == 0 else out


# ---------------------------------------------------------------------------
# loss, gradient, Hessian, update
# ---------------------------------------------------------------------------

def _loss(z, y, inverse_link):
    m = z.shape[0]
    if inverse_link == "identity":
        with np.errstate(over="ignore"):
            r = z - y
            return float(r @ r / (2 * m))
    if inverse_link == "logistic":
        # -y log h - (1-y) log(1-h) = (1-y) softplus(z) + y softplus(-z): two non-negative terms
        return float(((1.0 - y) * softplus(z) + y * softplus(-z)).sum() / m)
    # exp: (1/m) sum exp(z) - (1/m) sum y z; the first mean through a shifted exponential when large
    c, e = _exp_shift(z)
    with np.errstate(over="ignore"):
        total = e.sum()
    if c == 0.0 and np.isfinite(total):
        first = float(total / m)  # nothing rescaled: the plain mean, to full accuracy
    else:
        zmax = float(z.max())
        log_mean_exp = zmax + float(np.log(np.exp(z - zmax).sum())) - float(np.log(m))
        first = float(np.exp(log_mean_exp)) if log_mean_exp <= _LOG_MAX else np.inf
    with np.errstate(over="ignore", invalid="ignore"):
        second = float((y * z / m).sum())
        loss = first - second
    if np.isnan(loss):
        raise ValueError("the Poisson loss is not representable: exp(z) and y * z both overflow float64")
    return loss


def _gradient(X, z, y, inverse_link):
    m = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        if inverse_link == "identity":
            g = X.T @ (z - y) / m
        elif inverse_link == "logistic":
            g = X.T @ (sigmoid(z) - y) / m
        else:
            c, e = _exp_shift(z)
            if c == 0.0:
                g = X.T @ ((e - y) / m)
            else:
                g = _times_exp(X.T @ (e / m), c) - X.T @ (y / m)
    return g


def _gradient_checked(X, z, y, inverse_link):
    g = _gradient(X, z, y, inverse_link)
    if not np.all(np.isfinite(g)):
        raise ValueError(
            "the gradient is not representable in float64 (exp(X @ theta) is too large); "
            "take a smaller step or rescale X"
        )
    return g


def glm_loss(theta, X, y, inverse_link):
    """Mean negative log-likelihood of the GLM with this canonical link (constants dropped).

    ``"identity"``: ``(1/(2m)) ||X theta - y||^2`` (Gaussian, variance 1, with the 1/2);
    ``"logistic"``: ``-(1/m) sum [y log h + (1-y) log(1-h)]``, ``h = sigmoid(X theta)``;
    ``"exp"``: ``(1/m) sum [exp(x_i^T theta) - y_i x_i^T theta]`` (Poisson, ``log y!`` dropped).
    """
    X, y, z, inverse_link = _prepare(theta, X, y, inverse_link)
    return _loss(z, y, inverse_link)


def glm_gradient(theta, X, y, inverse_link):
    """The shared gradient ``(1/m) X^T (h(X theta) - y)``, shape ``(n,)``.

    One formula for all three links; only ``h`` (see :func:`glm_mean`) changes.
    Raises ``ValueError`` if the result is not representable in float64.
    """
    X, y, z, inverse_link = _prepare(theta, X, y, inverse_link)
    return _gradient_checked(X, z, y, inverse_link)


def glm_loss_and_gradient(theta, X, y, inverse_link):
    """``(glm_loss, glm_gradient)`` from one evaluation of ``X @ theta`` (for optimisers).

    If the loss itself is beyond the float64 range (only possible for ``"exp"``),
    it returns ``(inf, g)`` where ``g`` contains inf or NaN, so that
    :func:`helpers.gradient_descent` stops with "the loss became non-finite".
    If the loss is finite but the gradient is not representable, it raises ``ValueError``.
    """
    X, y, z, inverse_link = _prepare(theta, X, y, inverse_link)
    loss = _loss(z, y, inverse_link)
    if not np.isfinite(loss):
        return loss, _gradient(X, z, y, inverse_link)
    return loss, _gradient_checked(X, z, y, inverse_link)


def glm_hessian(theta, X, y, inverse_link):
    """Hessian of :func:`glm_loss`: ``(1/m) X^T diag(h'(z)) X``, shape ``(n, n)``.

    ``h'`` is ``1`` (identity: the constant ``X^T X / m``), ``h (1 - h)`` (logistic)
    or ``exp(z)`` (Poisson).  It does not depend on ``y`` (validated for a uniform API).
    """
    X, y, z, inverse_link = _prepare(theta, X, y, inverse_link)
    m = X.shape[0]
    if inverse_link == "exp":
        c, w = _exp_shift(z)
    else:
        c, w = 0.0, glm_mean_derivative(z, inverse_link)
    with np.errstate(over="ignore", invalid="ignore"):
        H = X.T @ (X * w[:, None])
        H = (H + H.T) * (0.5 / m)
        H = _times_exp(H, c)
    if not np.all(np.isfinite(H)):
        raise ValueError("the Hessian is not representable in float64 (exp(X @ theta) is too large)")
    return H


def glm_update(theta, X, y, learning_rate, inverse_link):
    """One gradient-descent step, the update rule shared by every canonical GLM.

    ``theta_new = theta - learning_rate * (1/m) X^T (h(X theta) - y)``.
    """
    learning_rate = as_positive(learning_rate, "learning_rate")
    theta_new = as_theta(theta) - learning_rate * glm_gradient(theta, X, y, inverse_link)
    if not np.all(np.isfinite(theta_new)):
        raise ValueError("the update is not finite: learning_rate times the gradient overflows float64")
    return theta_new


# ---------------------------------------------------------------------------
# Poisson regression (log link), by name
# ---------------------------------------------------------------------------

def poisson_loss(theta, X, y):
    """Poisson regression's mean negative log-likelihood without the constant ``log y!``.

    ``J(theta) = (1/m) sum_i [exp(z_i) - y_i z_i]`` with ``z = X @ theta``; ``y >= 0``.
    The full negative log-likelihood is ``J + (1/m) sum_i log(y_i!)``; the dropped term
    does not depend on ``theta``, so it changes neither the gradient nor the minimiser.
    Same as ``glm_loss(theta, X, y, "exp")``.
    """
    return glm_loss(theta, X, y, "exp")


def poisson_gradient(theta, X, y):
    """Gradient of :func:`poisson_loss`: ``(1/m) X^T (exp(X theta) - y)``."""
    return glm_gradient(theta, X, y, "exp")


# ---------------------------------------------------------------------------
# probit regression: a non-canonical link for binary y
# ---------------------------------------------------------------------------

def probit_weight(z):
    """The factor a non-canonical link leaves behind, for the probit link:

    ``w(z) = phi(z) / (Phi(z) (1 - Phi(z)))`` with ``phi``, ``Phi`` the standard
    normal density and CDF.  (For the logistic link the same ratio
    ``h'(z) / (h (1 - h))`` is exactly 1.)  Computed as
    ``sqrt(2/pi) [1/erfcx(z/sqrt2) + 1/erfcx(-z/sqrt2)]``: no 0/0, for every finite z
    it is finite and grows like ``|z|`` in the tails.
    """
    z = _as_z(z)
    out = _SQRT_2_OVER_PI * (1.0 / erfcx(z * _SQRT_HALF) + 1.0 / erfcx(-z * _SQRT_HALF))
    return out[()] if np.ndim(out) == 0 else out


def probit_loss(theta, X, y):
    """Mean negative log-likelihood of probit regression, labels 0 and 1:

    ``J(theta) = -(1/m) sum_i [y_i log Phi(z_i) + (1 - y_i) log(1 - Phi(z_i))]``,
    evaluated as ``-log Phi(-s)`` with ``s = (1 - 2y) z``, minus the margin
    (``scipy.special.log_ndtr``, accurate in both tails).
    """
    X, y, z = validated_scores(theta, X, y)
    s = (1.0 - 2.0 * y) * z
    return float(-log_ndtr(-s).sum() / X.shape[0])


def probit_gradient(theta, X, y):
    """Gradient of :func:`probit_loss`: ``(1/m) X^T [(Phi(z) - y) * probit_weight(z)]``.

    Per example the bracket is ``-phi/Phi`` for ``y = 1`` and ``phi/(1 - Phi)`` for
    ``y = 0``, evaluated as ``(1 - 2y) sqrt(2/pi) / erfcx(s / sqrt2)``, ``s = (1 - 2y) z``.
    """
    X, y, z = validated_scores(theta, X, y)
    sign = 1.0 - 2.0 * y
    r = sign * _SQRT_2_OVER_PI / erfcx(sign * z * _SQRT_HALF)
    with np.errstate(over="ignore", invalid="ignore"):
        g = X.T @ r / X.shape[0]
    if not np.all(np.isfinite(g)):
        raise ValueError("the probit gradient is not representable in float64")
    return g
