"""Unit tests of helpers.optim, and the fits on real data against published values and other libraries."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from book import minimising_chapter_data
from helpers import (
    ConvergenceWarning,
    DependentColumnsWarning,
    DivergenceWarning,
    SeparationWarning,
    add_intercept,
    detect_separation,
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


# ---------------------------------------------------------------------------
# issue 12: messages that tell the truth on real data
# ---------------------------------------------------------------------------

def tight(X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_newton(X, y, tol=1e-13)
    assert res.converged
    return res


@pytest.mark.parametrize("tol", [1e-3, 1e-4, 1e-6])
def test_newton_loose_tol_on_ordinary_data_converges_and_claims_no_separation(tol):
    for seed in range(40):
        X, y = simulated(seed, m=200)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            res = fit_newton(X, y, tol=tol)
        assert res.converged, (seed, res.message)
        assert "separa" not in res.message
        # the Newton decrement measures the distance to the minimiser in the scores z: J - J* <~ tol^2
        assert res.losses[-1] - tight(X, y).losses[-1] <= tol**2


def dependent_designs():
    rng = np.random.default_rng(5)
    m = 300
    x = rng.standard_normal((m, 2))
    group = rng.integers(0, 3, m)
    onehot = np.eye(3)[group]
    y = (rng.random(m) < 1 / (1 + np.exp(-(x[:, 0] - 0.5 * x[:, 1] + 0.7 * group - 0.5)))).astype(float)
    base = add_intercept(x)
    return {
        # design with redundant columns, the same model without them, the dependent columns
        "duplicated column": (np.column_stack([base, x[:, 0]]), base, [1, 3]),
        "dummy trap": (np.column_stack([base, onehot]), np.column_stack([base, onehot[:, 1:]]), [0, 3, 4, 5]),
        "combination": (np.column_stack([base, 2 * x[:, 0] - 3 * x[:, 1] + 1]), base, [0, 1, 2, 3]),
        "zero column": (np.column_stack([base, np.zeros(m)]), base, [3]),
    }, y


@pytest.mark.parametrize("case", ["duplicated column", "dummy trap", "combination", "zero column"])
def test_newton_dependent_columns_converge_to_the_minimum_norm_minimiser(case):
    designs, y = dependent_designs()
    X, X_reduced, dependent = designs[case]
    with pytest.warns(DependentColumnsWarning, match="linearly dependent") as caught:
        res = fit_newton(X, y)
    assert not any(issubclass(w.category, SeparationWarning) for w in caught)
    assert res.converged and "separa" not in res.message
    assert f"columns {', '.join(map(str, dependent))}" in res.message
    reduced = tight(X_reduced, y)
    # the predictions are those of the fit without the redundant columns, and so is the loss
    np.testing.assert_allclose(X @ res.theta, X_reduced @ reduced.theta, rtol=1e-8, atol=1e-9)
    assert res.losses[-1] == pytest.approx(reduced.losses[-1], rel=1e-12)
    # theta is the minimum-norm minimiser: orthogonal to the null space of X
    _, sv, Vt = np.linalg.svd(X)
    null = Vt[np.sum(sv > 1e-10 * sv[0]):]
    assert null.shape[0] >= 1
    assert np.max(np.abs(null @ res.theta)) <= 1e-9 * np.linalg.norm(res.theta)
    assert np.max(np.abs(log_loss_gradient(res.theta, X, y))) <= 1e-9


@pytest.mark.parametrize("start", [[0.0, 1e4, 0.0, 0.0], [0.0, 1e3, 0.0, 0.0], [0.0, -1e4, 0.0, 0.0],
                                   [50.0, 0.0, 0.0, 0.0], [0.0, 300.0, -300.0, 300.0]])
def test_newton_from_a_far_start_reaches_the_minimiser(start):
    X, y = simulated(6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_newton(X, y, theta0=start)
    assert res.converged, res.message
    np.testing.assert_allclose(res.theta, tight(X, y).theta, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("scale", [1e8, 1e-8, 1e150, 1e-150])
def test_newton_convergence_test_is_invariant_to_the_scale_of_the_features(scale):
    X, y = simulated(7)
    Xs = X.copy()
    Xs[:, 1:] *= scale
    base = tight(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_newton(Xs, y)
    assert res.converged, res.message
    assert res.n_iter == fit_newton(X, y).n_iter
    # gradient_norms are those of the gradient in the user's units
    assert res.gradient_norms[-1] == pytest.approx(np.max(np.abs(log_loss_gradient(res.theta, Xs, y))), rel=1e-6, abs=1e-300)
    np.testing.assert_allclose(res.theta[1:] * scale, base.theta[1:], rtol=1e-8)
    np.testing.assert_allclose(res.theta[0], base.theta[0], rtol=1e-8)


def test_newton_quasi_separation_is_proved_and_reported():
    X = add_intercept(np.array([[0.0], [1.0], [1.0], [2.0]]))
    y = np.array([0, 0, 1, 1])
    with pytest.warns(SeparationWarning, match="quasi-separable") as caught:
        res = fit_newton(X, y)
    assert len(caught) == 1 and not res.converged
    assert "direction" in res.message


def test_newton_messages_are_true_on_many_small_data_sets():
    """Every SeparationWarning is backed by a separating direction; every converged=True by a tiny gradient."""
    rng = np.random.default_rng(8)
    seen = set()
    for _ in range(150):
        m, n = rng.integers(3, 12), rng.integers(1, 4)
        X = add_intercept(rng.integers(-2, 3, size=(m, n)).astype(float))
        y = rng.integers(0, 2, m).astype(float)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = fit_newton(X, y)
        kinds = {w.category for w in caught}
        truth = detect_separation(X, y)
        assert (SeparationWarning in kinds) == truth.separable, (X, y, res.message, truth)
        if res.converged:
            assert not truth.separable
            assert np.max(np.abs(log_loss_gradient(res.theta, X, y))) <= 1e-8
        else:
            assert truth.separable or ConvergenceWarning in kinds
        seen.add(truth.kind)
    assert seen == {"complete", "quasi", "overlap"}


def income_data():
    rng = np.random.default_rng(9)
    income = rng.lognormal(10.5, 0.6, 400)  # an unscaled income column, in currency units
    y = (rng.random(400) < 1 / (1 + np.exp(-(income - 40_000) / 15_000))).astype(float)
    return add_intercept(income[:, None]), y


@pytest.mark.parametrize("data, rate", [("simulated", 1e4), ("income", 0.1)])
def test_gradient_descent_divergence_stops_with_a_warning_naming_the_rate_and_the_safe_bound(data, rate):
    X, y = simulated(10) if data == "simulated" else income_data()
    L = np.linalg.eigvalsh(X.T @ X).max() / (4 * len(y))
    with pytest.warns(DivergenceWarning, match=f"learning_rate = {rate:g}") as caught:
        res = fit_gradient_descent(X, y, learning_rate=rate, n_steps=1000)
    message = str(caught[0].message)
    assert f"1/L = {1 / L:.3g}" in message and message == res.message
    assert not res.converged and res.n_iter < 1000
    assert res.losses[-1] > res.losses[0] and np.all(np.isfinite(res.losses))


def test_gradient_descent_oscillating_below_its_start_is_not_called_divergent():
    # 4/L on the minimising chapter's data: the loss goes up at many steps, in a 2-cycle below the starting
    # loss; that is a failure to converge (reported by converged=False), not a divergence
    X, y = minimising_chapter_data()
    L = np.linalg.eigvalsh(X.T @ X).max() / (4 * len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_gradient_descent(X, y, 4 / L, n_steps=300, theta0=[2.0, -1.5], tol=1e-9)
    assert res.n_iter == 300 and not res.converged and np.sum(np.diff(res.losses) > 0) > 100


@pytest.mark.parametrize("tol, pattern", [(np.nan, "tol must be a number >= 0, got nan"),
                                          (-1e-3, "tol must be a number >= 0, got -0.001"),
                                          (None, "tol must be a number >= 0, got None"),
                                          (1j, "tol must be a real number")])
def test_tol_is_checked_by_name(tol, pattern):
    X, y = simulated(12)
    for fit in (lambda: fit_gradient_descent(X, y, 1.0, 5, tol=tol), lambda: fit_newton(X, y, tol=tol)):
        with pytest.raises(ValueError, match=pattern):
            fit()


@pytest.mark.parametrize("call, pattern", [
    (lambda X, y: fit_gradient_descent(X, y, None, 5), r"^learning_rate must be a real number, got None"),
    (lambda X, y: fit_gradient_descent(X, y, np.nan, 5), r"^learning_rate must be a finite positive number, got nan"),
    (lambda X, y: fit_gradient_descent(X, y, "0.1", 5), r"^learning_rate must be a real number, got '0.1'"),
    (lambda X, y: fit_gradient_descent(X, y, 0.1, None), r"^n_steps must be an integer >= 0, got None"),
    (lambda X, y: fit_gradient_descent(X, y, 0.1, np.nan), r"^n_steps must be an integer >= 0, got nan"),
    (lambda X, y: fit_gradient_descent(X, y, 0.1, np.inf), r"^n_steps must be an integer >= 0, got inf"),
    (lambda X, y: fit_newton(X, y, max_iter=None), r"^max_iter must be an integer >= 0, got None"),
    (lambda X, y: fit_newton(X, y, max_iter=np.nan), r"^max_iter must be an integer >= 0, got nan"),
    (lambda X, y: fit_newton(X, y, theta0=[0, 1j, 0, 0]), r"^theta0 is complex"),
    (lambda X, y: fit_newton(X + 0j, y), r"^X is complex"),
    (lambda X, y: fit_newton(X, y + 0j), r"^y is complex"),
    (lambda X, y: fit_gradient_descent(X * 1j, y, 0.1, 5), r"^X is complex"),
    (lambda X, y: fit_newton(None, y), r"^X must be a 2-D design matrix .* got None"),
    (lambda X, y: fit_newton(X, None), r"^y must be numeric labels 0 or 1, got None"),
])
def test_bad_input_is_refused_by_name_in_the_first_line(call, pattern):
    X, y = simulated(13)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning: the imaginary part is never silently dropped
        with pytest.raises(ValueError, match=pattern):
            call(X, y)


def test_sparse_X_works_and_matches_dense_to_rounding():
    import scipy.sparse as sp

    rng = np.random.default_rng(14)
    dense = add_intercept(rng.standard_normal((300, 5)) * (rng.random((300, 5)) < 0.3))
    y = (rng.random(300) < 1 / (1 + np.exp(-dense @ rng.standard_normal(6)))).astype(float)
    theta = rng.standard_normal(6) / 3
    for fmt in ("csr", "csc", "coo"):
        Xs = sp.csr_matrix(dense).asformat(fmt)
        assert log_loss(theta, Xs, y) == pytest.approx(log_loss(theta, dense, y), rel=1e-14)
        np.testing.assert_allclose(log_loss_gradient(theta, Xs, y), log_loss_gradient(theta, dense, y), rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(log_loss_hessian(theta, Xs, y), log_loss_hessian(theta, dense, y), rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(fit_newton(Xs, y).theta, fit_newton(dense, y).theta, rtol=1e-10)
        np.testing.assert_allclose(fit_gradient_descent(Xs, y, 1.0, 50).theta, fit_gradient_descent(dense, y, 1.0, 50).theta, rtol=1e-12)
    Xi = add_intercept(sp.csr_matrix(dense[:, 1:]))
    assert sp.issparse(Xi)
    np.testing.assert_array_equal(Xi.toarray(), dense)
