"""Unit tests of helpers.glm: the shared gradient, Poisson and probit losses, extremes, bad input."""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import (
    INVERSE_LINKS,
    add_intercept,
    glm_gradient,
    glm_hessian,
    glm_loss,
    glm_loss_and_gradient,
    glm_mean,
    glm_mean_derivative,
    glm_update,
    gradient_descent,
    least_squares_gradient,
    least_squares_loss,
    log_loss,
    log_loss_gradient,
    log_loss_hessian,
    numerical_gradient,
    numerical_hessian,
    poisson_gradient,
    poisson_loss,
    probit_gradient,
    probit_loss,
    probit_weight,
)

mpmath.mp.dps = 60


def problem(seed, m=60, n=4):
    """A design matrix with intercept, a moderate theta, and one target vector per link (plus probit labels)."""
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.standard_normal((m, n - 1)))
    theta = 0.5 * rng.standard_normal(n)
    z = X @ theta
    targets = {
        "identity": z + rng.standard_normal(m),
        "logistic": (rng.random(m) < scipy.special.expit(z)).astype(float),
        "exp": rng.poisson(np.exp(z)).astype(float),
    }
    return theta, X, targets


# ---------------------------------------------------------------------------
# the shared gradient reproduces the book's two other gradients
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_identity_link_is_least_squares(seed):
    theta, X, t = problem(seed)
    y = t["identity"]
    np.testing.assert_allclose(glm_gradient(theta, X, y, "identity"), least_squares_gradient(theta, X, y), rtol=1e-14, atol=1e-15)
    assert glm_loss(theta, X, y, "identity") == pytest.approx(least_squares_loss(theta, X, y), rel=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_logistic_link_is_log_loss(seed):
    theta, X, t = problem(seed)
    y = t["logistic"]
    # the residual is formed differently (sigmoid(z) - y vs the negative margin): equal up to ~1e-16 absolute
    np.testing.assert_allclose(glm_gradient(theta, X, y, "logistic"), log_loss_gradient(theta, X, y), rtol=1e-13, atol=1e-15)
    assert glm_loss(theta, X, y, "logistic") == pytest.approx(log_loss(theta, X, y), rel=1e-14)
    np.testing.assert_allclose(glm_hessian(theta, X, y, "logistic"), log_loss_hessian(theta, X, y), rtol=1e-13, atol=1e-16)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 30), n=st.integers(1, 5), scale=st.floats(0.01, 30.0))
def test_logistic_link_matches_log_loss_over_shapes_and_scales(seed, m, n, scale):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, n))
    theta = scale * rng.standard_normal(n)
    y = (rng.random(m) < 0.5).astype(float)
    np.testing.assert_allclose(glm_gradient(theta, X, y, "logistic"), log_loss_gradient(theta, X, y),
                               rtol=1e-12, atol=1e-15 * (1 + np.abs(X).sum()))
    assert glm_loss(theta, X, y, "logistic") == pytest.approx(log_loss(theta, X, y), rel=1e-13, abs=1e-300)


def test_update_is_one_gradient_step():
    theta, X, t = problem(7)
    for name in INVERSE_LINKS:
        np.testing.assert_array_equal(glm_update(theta, X, t[name], 0.3, name), theta - 0.3 * glm_gradient(theta, X, t[name], name))


# ---------------------------------------------------------------------------
# derivatives against finite differences
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", INVERSE_LINKS)
@pytest.mark.parametrize("seed", range(3))
def test_gradient_and_hessian_match_finite_differences(name, seed):
    theta, X, t = problem(seed)
    y = t[name]
    # eps = 1e-6 central differences on losses of size <~ 10: rounding ~1e-9, truncation ~1e-11
    np.testing.assert_allclose(numerical_gradient(glm_loss, theta, args=(X, y, name)), glm_gradient(theta, X, y, name),
                               rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(numerical_hessian(glm_gradient, theta, args=(X, y, name)), glm_hessian(theta, X, y, name),
                               rtol=1e-6, atol=1e-7)
    loss, grad = glm_loss_and_gradient(theta, X, y, name)
    assert loss == glm_loss(theta, X, y, name)
    np.testing.assert_array_equal(grad, glm_gradient(theta, X, y, name))


@pytest.mark.parametrize("name", INVERSE_LINKS)
def test_mean_and_its_derivative(name):
    z = np.linspace(-20, 20, 81)
    exact = {"identity": z, "logistic": scipy.special.expit(z), "exp": np.exp(z)}[name]
    np.testing.assert_allclose(glm_mean(z, name), exact, rtol=1e-15)
    fd = np.array([numerical_gradient(lambda t: float(glm_mean(t[0], name)), [v])[0] for v in z])
    np.testing.assert_allclose(glm_mean_derivative(z, name), fd, rtol=1e-6, atol=1e-9)
    assert np.ndim(glm_mean(0.5, name)) == 0 and np.ndim(glm_mean_derivative(0.5, name)) == 0


def test_identity_hessian_is_constant_gram_matrix():
    theta, X, t = problem(3)
    H = glm_hessian(theta, X, t["identity"], "identity")
    np.testing.assert_allclose(H, X.T @ X / X.shape[0], rtol=1e-14)
    np.testing.assert_array_equal(H, glm_hessian(theta + 5, X, t["identity"], "identity"))


# ---------------------------------------------------------------------------
# Poisson
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_poisson_loss_is_the_nll_without_log_factorial(seed):
    theta, X, t = problem(seed)
    y = t["exp"]
    full = -scipy.stats.poisson.logpmf(y, np.exp(X @ theta)).mean()
    assert poisson_loss(theta, X, y) + scipy.special.gammaln(y + 1).mean() == pytest.approx(full, rel=1e-13)
    np.testing.assert_array_equal(poisson_gradient(theta, X, y), glm_gradient(theta, X, y, "exp"))
    # non-integer non-negative targets are allowed (quasi-Poisson): the formula does not need y!
    assert np.isfinite(poisson_loss(theta, X, y + 0.5))


def mp_poisson_loss(z, y):
    return sum(mpmath.exp(mpmath.mpf(zi)) - mpmath.mpf(yi) * mpmath.mpf(zi) for zi, yi in zip(z, y)) / len(z)


@pytest.mark.parametrize("z", [[-800.0], [-50.0, 3.0], [0.0], [30.0, -2.0], [700.0], [709.0, 709.5], [710.0, -1.0], [709.0] * 300])
def test_poisson_loss_accurate_up_to_the_float_range(z):
    X = np.eye(len(z))
    y = np.arange(len(z), dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = poisson_loss(np.array(z), X, y) if len(z) < 300 else poisson_loss([709.0], np.ones((300, 1)), np.zeros(300))
    exact = mp_poisson_loss(z, y if len(z) < 300 else np.zeros(300))
    assert value == pytest.approx(float(exact), rel=1e-13)


def test_poisson_overflow_gives_inf_loss_and_clear_errors_without_warnings():
    X, y = np.array([[1.0]]), np.array([1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert poisson_loss([800.0], X, y) == np.inf
        loss, grad = glm_loss_and_gradient([800.0], X, y, "exp")
        assert loss == np.inf and not np.all(np.isfinite(grad))
        with pytest.raises(ValueError, match="not representable"):
            poisson_gradient([800.0], X, y)
        with pytest.raises(ValueError, match="not representable"):
            glm_hessian([800.0], X, y, "exp")
        with pytest.raises(ValueError, match="overflows"):
            glm_mean(800.0, "exp")
        # a gradient that is large but representable is computed, also past z = 709.78
        g = poisson_gradient([710.0], np.array([[1.0], [1e-3]]), np.array([0.0, 0.0]))
        assert np.isfinite(g).all()
        assert g[0] == pytest.approx(float((mpmath.exp(710) + mpmath.mpf("1e-3") * mpmath.exp(mpmath.mpf("0.71"))) / 2), rel=1e-13)
        H = glm_hessian([705.0], np.array([[1.0]]), [0.0], "exp")
        assert H[0, 0] == pytest.approx(float(mpmath.exp(705)), rel=1e-13)


def test_gradient_descent_on_poisson_stops_cleanly_when_it_diverges():
    theta, X, t = problem(11, m=200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gradient_descent(glm_loss_and_gradient, np.zeros(4), 5.0, 100, args=(X, t["exp"], "exp"))
    assert not run.converged and not np.isfinite(run.losses[-1])
    assert "non-finite" in run.message


# ---------------------------------------------------------------------------
# probit
# ---------------------------------------------------------------------------

# mpmath's erfc fails beyond |z| ~ 1e100; past |z| = 1e8 use the asymptotic (Mills-ratio) series, whose
# first neglected terms are below 1e-32 relative there:  phi(z) / Phi(-z) = z + 1/z - 2/z^3 + ...,
# -log Phi(-z) = z^2/2 + log z + log(2 pi)/2 + 1/z^2 + ...  (z > 0), and phi(z) underflows to 0.
ASYMPTOTIC = mpmath.mpf(10) ** 8


def mp_Phi(z):
    z = mpmath.mpf(z)
    if abs(z) > ASYMPTOTIC:
        return mpmath.mpf(1) if z > 0 else mpmath.mpf(0)
    return mpmath.ncdf(z)


def mp_minus_log_Phi(z):
    """-log Phi(z)."""
    z = mpmath.mpf(z)
    if z < -ASYMPTOTIC:
        a = -z
        return a**2 / 2 + mpmath.log(a) + mpmath.log(2 * mpmath.pi) / 2 + 1 / a**2
    if z > ASYMPTOTIC:
        return mpmath.mpf(0)
    return -mpmath.log(mpmath.ncdf(z))


def mp_probit_weight(z):
    z = mpmath.mpf(z)
    if abs(z) > ASYMPTOTIC:
        a = abs(z)
        return a + 1 / a - 2 / a**3
    phi = mpmath.npdf(z)
    return phi / (mpmath.ncdf(z) * mpmath.ncdf(-z))


@pytest.mark.parametrize("z", [-1e300, -1e100, -1e10, -200.0, -38.0, -5.0, -1e-10, 0.0, 1e-10, 2.0, 38.0, 200.0, 1e10, 1e100, 1e300])
def test_probit_weight_against_mpmath(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = probit_weight(z)
    assert value == pytest.approx(float(mp_probit_weight(z)), rel=1e-13)


@pytest.mark.parametrize("z", [-1e150, -1e10, -200.0, -38.0, -5.0, 0.0, 5.0, 38.0, 200.0, 1e10, 1e150])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_probit_loss_and_gradient_one_example_against_mpmath(z, y):
    X = np.array([[1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = probit_loss([z], X, [y])
        grad = probit_gradient([z], X, [y])[0]
    exact_loss = mp_minus_log_Phi(z) if y == 1 else mp_minus_log_Phi(-z)
    if abs(z) > ASYMPTOTIC and (z > 0) == (y == 1):   # confidently right: -phi/Phi or phi/(1-Phi) underflows to 0
        exact_grad = mpmath.mpf(0)
    elif abs(z) > ASYMPTOTIC:                           # confidently wrong: the residual is +-1, the weight ~|z|
        exact_grad = (1 - 2 * y) * mp_probit_weight(z)
    else:
        exact_grad = (mp_Phi(z) - y) * mp_probit_weight(z)
    assert loss == pytest.approx(float(exact_loss), rel=1e-12, abs=1e-300)
    assert grad == pytest.approx(float(exact_grad), rel=1e-12, abs=1e-300)


def test_probit_beyond_the_documented_range_is_inf_not_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert probit_loss([1e200], [[1.0]], [0.0]) == np.inf
        assert probit_loss([1e200], [[1.0]], [1.0]) == 0.0


@pytest.mark.parametrize("seed", range(3))
def test_probit_gradient_matches_finite_differences_and_is_not_the_shared_formula(seed):
    theta, X, t = problem(seed)
    y = t["logistic"]
    np.testing.assert_allclose(numerical_gradient(probit_loss, theta, args=(X, y)), probit_gradient(theta, X, y), rtol=1e-6, atol=1e-8)
    direct = -np.mean(y * scipy.stats.norm.logcdf(X @ theta) + (1 - y) * scipy.stats.norm.logsf(X @ theta))
    assert probit_loss(theta, X, y) == pytest.approx(direct, rel=1e-13)
    shared = X.T @ (scipy.special.ndtr(X @ theta) - y) / X.shape[0]
    assert np.abs(shared - probit_gradient(theta, X, y)).max() > 1e-3


# ---------------------------------------------------------------------------
# bad input raises a clear ValueError
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [glm_loss, glm_gradient, glm_hessian, glm_loss_and_gradient])
def test_bad_input(fn):
    theta, X, t = problem(0)
    y = t["identity"]
    with pytest.raises(ValueError, match="inverse_link must be one of"):
        fn(theta, X, y, "log")
    with pytest.raises(ValueError, match="inverse_link must be one of"):
        fn(theta, X, y, None)
    with pytest.raises(ValueError, match="2-D"):
        fn(theta, X[:, 0], y, "identity")
    with pytest.raises(ValueError, match="length"):
        fn(theta[:-1], X, y, "identity")
    with pytest.raises(ValueError, match="NaN or inf"):
        fn(np.array([np.nan, 0, 0, 0]), X, y, "identity")
    X_bad = X.copy()
    X_bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="not finite"):
        fn(theta, X_bad, y, "identity")
    with pytest.raises(ValueError, match="rows"):
        fn(theta, X, y[:-1], "identity")
    with pytest.raises(ValueError, match="NaN or inf"):
        fn(theta, X, np.where(np.arange(y.size) == 2, np.nan, y), "identity")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fn(theta, X, np.full(y.size, 1.5), "logistic")
    with pytest.raises(ValueError, match=">= 0"):
        fn(theta, X, np.full(y.size, -1.0), "exp")


def test_bad_input_probit_update_and_mean():
    theta, X, t = problem(0)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        probit_loss(theta, X, np.full(X.shape[0], 0.5))
    with pytest.raises(ValueError, match="labels 0 and 1"):
        probit_gradient(theta, X, np.full(X.shape[0], 2.0))
    with pytest.raises(ValueError, match="learning_rate"):
        glm_update(theta, X, t["identity"], 0.0, "identity")
    with pytest.raises(ValueError, match="learning_rate"):
        glm_update(theta, X, t["identity"], np.nan, "identity")
    with pytest.raises(ValueError, match="NaN or inf"):
        glm_mean([0.0, np.nan], "logistic")
    with pytest.raises(ValueError, match="NaN or inf"):
        probit_weight(np.inf)
    with pytest.raises(ValueError, match="inverse_link"):
        glm_mean_derivative(0.0, "probit")


def test_logistic_link_accepts_proportions_and_extremes_without_warnings():
    X = np.array([[1.0], [1.0], [1.0]])
    y = np.array([0.0, 0.25, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for z in [-1e20, -800.0, 0.0, 800.0, 1e20]:
            loss = glm_loss([z], X, y, "logistic")
            exact = sum((1 - mpmath.mpf(yi)) * mpmath.log1p(mpmath.exp(z)) + mpmath.mpf(yi) * mpmath.log1p(mpmath.exp(-z)) for yi in y) / 3
            assert loss == pytest.approx(float(exact), rel=1e-14)
            assert np.isfinite(glm_gradient([z], X, y, "logistic")).all()
            assert np.isfinite(glm_hessian([z], X, y, "logistic")).all()
