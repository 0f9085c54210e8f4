"""Unit tests for helpers.symbolic: the SymPy log-loss, its gradient, and the per-example notation."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from helpers import (
    SampleFeature,
    SampleLabel,
    SamplePrediction,
    SamplePredictionDerivative,
    add_intercept,
    cancel_exponentials,
    derived_log_loss_gradient,
    log_loss,
    log_loss_gradient,
    numerical_gradient,
    on_symbolic_data,
    per_sample_log_loss,
    sample_symbols,
    symbolic_data,
    symbolic_log_loss,
    symbolic_log_loss_gradient,
    symbolic_sigmoid,
)


def random_problem(seed, m, n, intercept=True):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n - 1 if intercept else n))
    X = add_intercept(X) if intercept else X
    y = (rng.uniform(size=m) < 0.5).astype(float)
    theta = rng.normal(size=n)
    return theta, X, y


def substitute(expr, theta_s, X_s, y_s, theta, X, y):
    values = {**dict(zip(theta_s, theta)), **dict(zip(y_s, y))}
    values.update({s: v for s, v in zip(X_s, X.ravel()) if isinstance(s, sp.Symbol)})
    return expr.subs(values)


def test_symbolic_data_shapes_names_and_intercept():
    X, theta, y = symbolic_data(2, 3)
    assert X.shape == (2, 3) and theta.shape == (3, 1) and y.shape == (2, 1)
    assert sp.latex(X[1, 2]) == "x_{2}^{(2)}"
    assert sp.latex(theta[0]) == r"\theta_{0}"
    assert sp.latex(y[0]) == "y^{(1)}"
    assert len(X.free_symbols) == 6 and all(s.is_real for s in X.free_symbols)
    Xi, _, _ = symbolic_data(3, 2, intercept=True)
    assert list(Xi[:, 0]) == [1, 1, 1]
    assert len(Xi.free_symbols) == 3


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_symbolic_data_rejects_bad_sizes(bad):
    with pytest.raises(ValueError):
        symbolic_data(bad, 2)
    with pytest.raises(ValueError):
        symbolic_data(2, bad)


def test_symbolic_sigmoid_and_per_sample_loss():
    z = sp.Symbol("z", real=True)
    assert sp.simplify(symbolic_sigmoid(z) - 1 / (1 + sp.exp(-z))) == 0
    assert symbolic_sigmoid(sp.Integer(0)) == sp.Rational(1, 2)
    yv, hv = sp.symbols("y h")
    assert per_sample_log_loss(1, hv) == -sp.log(hv)
    assert per_sample_log_loss(0, hv) == -sp.log(1 - hv)
    assert sp.expand(per_sample_log_loss(yv, hv) + yv * sp.log(hv) + (1 - yv) * sp.log(1 - hv)) == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_symbolic_loss_and_gradient_agree_with_numpy(seed):
    m, n = 4, 3
    Xs, ts, ys = symbolic_data(m, n, intercept=True)
    theta, X, y = random_problem(seed, m, n)
    J = substitute(symbolic_log_loss(ts, Xs, ys), ts, Xs, ys, theta, X, y)
    g = substitute(symbolic_log_loss_gradient(ts, Xs, ys), ts, Xs, ys, theta, X, y)
    # the symbolic expressions evaluated with 30 digits against the stable NumPy code: a few ulps apart
    assert float(J.evalf(30)) == pytest.approx(log_loss(theta, X, y), rel=1e-14)
    np.testing.assert_allclose(np.array(g.evalf(30), dtype=float).ravel(), log_loss_gradient(theta, X, y),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("m,n", [(1, 1), (2, 3), (3, 2)])
def test_cancel_exponentials_proves_the_matrix_form_and_rejects_a_sign_error(m, n):
    X, theta, y = symbolic_data(m, n)
    J = symbolic_log_loss(theta, X, y)
    g = symbolic_log_loss_gradient(theta, X, y)
    for j in range(n):
        d = sp.diff(J, theta[j])
        assert cancel_exponentials(d - g[j], theta, X) == 0
        assert cancel_exponentials(d + g[j], theta, X) != 0  # a flipped sign is detected


def test_cancel_exponentials_rejects_foreign_exponentials():
    X, theta, _ = symbolic_data(1, 1)
    with pytest.raises(ValueError):
        cancel_exponentials(sp.exp(theta[0] ** 2), theta, X)


@pytest.mark.parametrize("seed", [3, 4])
def test_derived_gradient_matches_helpers_and_finite_differences(seed):
    m, n = 6, 3
    theta, X, y = random_problem(seed, m, n)
    grad = derived_log_loss_gradient(m, n)
    derived = grad(theta, X, y)
    # both exact formulas, evaluated in floating point with |z| < 10: rounding only
    np.testing.assert_allclose(derived, log_loss_gradient(theta, X, y), rtol=1e-12, atol=1e-14)
    # central differences with eps = 1e-6: O(eps^2) truncation + O(1e-16 / eps) rounding
    np.testing.assert_allclose(derived, numerical_gradient(log_loss, theta, args=(X, y)), rtol=0, atol=1e-8)
    assert not np.allclose(-derived, log_loss_gradient(theta, X, y), rtol=1e-6, atol=1e-8)


def test_derived_gradient_checks_shapes_and_is_cached():
    grad = derived_log_loss_gradient(2, 2)
    assert derived_log_loss_gradient(2, 2) is grad
    with pytest.raises(ValueError):
        grad(np.zeros(2), np.zeros((3, 2)), np.zeros(3))


def test_sample_symbols_print_as_the_article_writes_them():
    s = sample_symbols()
    assert sp.latex(s.y) == "y^{(i)}"
    assert sp.latex(s.h) == r"h_\theta(x^{(i)})"
    assert sp.latex(s.x) == "x_{j}^{(i)}"
    assert sp.latex(s.dh) == r"\frac{\partial h_\theta(x^{(i)})}{\partial \theta_{j}}"
    assert isinstance(s.y, SampleLabel) and isinstance(s.h, SamplePrediction)
    assert isinstance(s.x, SampleFeature) and isinstance(s.dh, SamplePredictionDerivative)
    # a Sum over examples with superscripts really has m distinct terms
    assert len(sp.Sum(s.y, (s.i, 1, 3)).doit().args) == 3


def test_on_symbolic_data_evaluates_each_step_of_the_derivation():
    s = sample_symbols()
    X, theta, y = symbolic_data(3, 2, intercept=True)
    J = symbolic_log_loss(theta, X, y)
    g = symbolic_log_loss_gradient(theta, X, y)
    loss = on_symbolic_data(sp.Sum(per_sample_log_loss(s.y, s.h), (s.i, 1, s.m)) / s.m, theta, X, y)
    assert cancel_exponentials(loss.diff(theta[1]) - J.diff(theta[1]), theta, X) == 0
    step1 = -sp.Sum(s.y / s.h * s.dh - (1 - s.y) / (1 - s.h) * s.dh, (s.i, 1, s.m)) / s.m
    step4 = sp.Sum((s.h - s.y) * s.x, (s.i, 1, s.m)) / s.m
    for j in range(2):
        assert cancel_exponentials(on_symbolic_data(step1, theta, X, y, j=j) - sp.diff(J, theta[j]), theta, X) == 0
        assert cancel_exponentials(on_symbolic_data(step4, theta, X, y, j=j) - g[j], theta, X) == 0
    with pytest.raises(ValueError):
        on_symbolic_data(s.y.subs(s.i, 5), theta, X, y)
