"""Unit tests of helpers.optim, and the fits on real data against published values and other libraries."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from helpers import (
    ConvergenceWarning,
    SeparationWarning,
    add_intercept,
    fit_gradient_descent,
    fit_newton,
    gradient_descent,
    log_loss,
    log_loss_gradient,
    log_loss_hessian,
    mse_loss_and_gradient,
    numerical_gradient,
    numerical_hessian,
)


def simulated(seed, m=500, n=3):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.standard_normal((m, n)))
    theta = rng.standard_normal(n + 1)
    y = (rng.random(m) < 1 / (1 + np.exp(-X @ theta))).astype(float)
    return X, y


# ---------------------------------------------------------------------------
# finite differences
# ---------------------------------------------------------------------------

def test_numerical_gradient_and_hessian_of_a_known_function():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    f = lambda t: 0.5 * t @ A @ t + np.sin(t[0])
    g = lambda t: A @ t + np.array([np.cos(t[0]), 0.0])
    t = np.array([0.3, -1.2])
    np.testing.assert_allclose(numerical_gradient(f, t), g(t), rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(numerical_hessian(g, t), A + np.diag([-np.sin(t[0]), 0.0]), rtol=1e-7, atol=1e-8)


def test_numerical_gradient_rejects_bad_step():
    with pytest.raises(ValueError, match="eps must be a finite positive number"):
        numerical_gradient(lambda t: t @ t, [1.0], eps=0)


# ---------------------------------------------------------------------------
# Newton's method
# ---------------------------------------------------------------------------

def test_newton_reaches_a_stationary_point_quadratically():
    X, y = simulated(0)
    res = fit_newton(X, y)
    assert res.converged and res.n_iter < 12
    assert np.max(np.abs(log_loss_gradient(res.theta, X, y))) <= 1e-10
    assert len(res.losses) == res.n_iter + 1 == len(res.path)
    assert np.all(np.diff(res.losses) <= 1e-15)  # monotone decrease
    assert res.losses[-1] == pytest.approx(log_loss(res.theta, X, y), rel=1e-15)
    # quadratic convergence: the gradient norm is roughly squared in the last steps
    g = res.gradient_norms
    assert g[-1] < 1e-3 * g[-2] or g[-1] <= 1e-14
    # the Hessian at the optimum is positive definite: a strict, hence the unique, minimiser
    assert np.linalg.eigvalsh(log_loss_hessian(res.theta, X, y)).min() > 0


def test_newton_on_separable_data_stops_with_a_warning():
    X = add_intercept(np.array([[0.0], [1.0], [2.0], [3.0]]))
    y = np.array([0, 0, 1, 1])
    with pytest.warns(SeparationWarning, match="no finite minimiser"):
        res = fit_newton(X, y)
    assert not res.converged
    assert np.isfinite(res.theta).all()
    # the final theta does separate the classes
    z = X @ res.theta
    assert np.all((z > 0) == (y == 1))


def test_newton_on_quasi_separable_data_terminates():
    # one class boundary shared by a 0 and a 1: no finite minimiser, but no strict separation either
    X = add_intercept(np.array([[0.0], [1.0], [1.0], [2.0]]))
    y = np.array([0, 0, 1, 1])
    with pytest.warns(SeparationWarning, match="quasi-separable"):
        res = fit_newton(X, y, max_iter=200)
    assert np.isfinite(res.theta).all() and not res.converged


def test_newton_max_iter_warns():
    X, y = simulated(1)
    with pytest.warns(ConvergenceWarning, match="max_iter = 1 reached"):
        res = fit_newton(X, y, max_iter=1)
    assert not res.converged and res.n_iter == 1


def test_newton_bad_arguments():
    X, y = simulated(2)
    with pytest.raises(ValueError, match="theta0 has length 2 but X has 4 columns"):
        fit_newton(X, y, theta0=[0.0, 0.0])
    with pytest.raises(ValueError, match="max_iter must be an integer"):
        fit_newton(X, y, max_iter=1.5)
    with pytest.raises(ValueError, match="y must contain only the labels 0 and 1"):
        fit_newton(X, y * 2)


# ---------------------------------------------------------------------------
# gradient descent
# ---------------------------------------------------------------------------

def test_gradient_descent_with_step_1_over_L_decreases_and_reaches_newton():
    X, y = simulated(3)
    L = np.linalg.eigvalsh(X.T @ X).max() / (4 * len(y))  # Lipschitz constant of the gradient
    res = fit_gradient_descent(X, y, learning_rate=1 / L, n_steps=20000, tol=1e-9)
    assert np.all(np.diff(res.losses) <= 0)
    assert len(res.losses) == res.n_iter + 1
    assert res.converged
    np.testing.assert_allclose(res.theta, fit_newton(X, y).theta, rtol=1e-6, atol=1e-7)


def test_gradient_descent_records_path_and_stops_on_divergence():
    X, y = simulated(4)
    res = fit_gradient_descent(X, y, learning_rate=0.5, n_steps=7)
    assert res.n_iter == 7 and res.path.shape == (8, X.shape[1]) and not res.converged
    np.testing.assert_array_equal(res.path[0], 0.0)
    # a generic gradient descent on the squared error, with a learning rate that overflows nothing
    res = gradient_descent(mse_loss_and_gradient, np.zeros(X.shape[1]), 1.0, 5, args=(X, y))
    assert res.n_iter == 5
    with pytest.raises(ValueError, match="learning_rate must be a finite positive number"):
        fit_gradient_descent(X, y, learning_rate=-1, n_steps=3)
    with pytest.raises(ValueError, match="n_steps must be an integer"):
        fit_gradient_descent(X, y, learning_rate=1, n_steps=-3)


# ---------------------------------------------------------------------------
# real data
# ---------------------------------------------------------------------------

def test_spector_mazzeo_published_logit_fit():
    import statsmodels.api as sm

    data = sm.datasets.spector.load_pandas()
    X = add_intercept(data.exog[["GPA", "TUCE", "PSI"]].to_numpy())
    y = data.endog.to_numpy()
    res = fit_newton(X, y)
    assert res.converged
    const, gpa, tuce, psi = res.theta
    # the published values (Greene, Econometric Analysis; statsmodels' documentation), to their printed digits
    assert gpa == pytest.approx(2.826, abs=5e-4)
    assert tuce == pytest.approx(0.0952, abs=5e-5)
    assert psi == pytest.approx(2.379, abs=5e-4)
    assert const == pytest.approx(-13.02, abs=5e-3)
    # and statsmodels' own Newton fit, at a tolerance that means something
    ref = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-14, maxiter=100).params
    np.testing.assert_allclose(res.theta, ref, rtol=1e-8)


def breast_cancer_subset():
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    names = ["mean radius", "mean texture", "mean smoothness", "mean symmetry", "mean fractal dimension"]
    cols = [list(data.feature_names).index(n) for n in names]
    Z = data.data[:, cols]
    Z = (Z - Z.mean(axis=0)) / Z.std(axis=0)
    return add_intercept(Z), data.target.astype(float), data


def test_breast_cancer_subset_agrees_with_scikit_learn_and_statsmodels():
    import statsmodels.api as sm
    from sklearn.linear_model import LogisticRegression

    X, y, _ = breast_cancer_subset()
    res = fit_newton(X, y)
    assert res.converged
    # a finite minimiser exists (the subset is not separable): the gradient vanishes and the Hessian is
    # positive definite there, which by convexity makes it the unique global minimiser
    assert np.linalg.eigvalsh(log_loss_hessian(res.theta, X, y)).min() > 1e-3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scikit-learn's notice about C=inf / penalty
        clf = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=100, fit_intercept=False)
        clf.fit(X, y)
    sm_params = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-14, maxiter=100).params
    np.testing.assert_allclose(res.theta, clf.coef_.ravel(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(res.theta, sm_params, rtol=1e-8, atol=1e-10)


def test_breast_cancer_all_features_are_separable():
    _, y, data = breast_cancer_subset()
    Z = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)
    X = add_intercept(Z)
    with pytest.warns((SeparationWarning, ConvergenceWarning)):
        res = fit_newton(X, y, max_iter=200)
    assert not res.converged
