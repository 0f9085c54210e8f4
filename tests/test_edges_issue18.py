"""Issue 18: helpers keeps every promise at the edges.

One section per numbered item of the issue (each reproducer is a test here), then the tests that
reach the two branches whose operator swaps used to pass the whole suite.  Every test below fails
on the code before the fix (see the report of branch h18).
"""

from __future__ import annotations

import contextlib
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest

import helpers.optim
import helpers.separation
from helpers import (
    ConvergenceWarning,
    DependentColumnsWarning,
    SeparationWarning,
    add_intercept,
    detect_separation,
    fit_gradient_descent,
    fit_newton,
    glm_mean,
    glm_mean_derivative,
    least_squares_gradient,
    least_squares_loss,
    log_loss,
    log_loss_and_gradient,
    log_loss_gradient,
    log_loss_hessian,
    mean_softplus,
    mse_gradient,
    mse_loss,
    mse_loss_and_gradient,
    negative_margin,
    numerical_gradient,
    numerical_hessian,
    probit_weight,
    sigmoid,
    softplus,
)

ROOT = Path(__file__).resolve().parents[1]
# looked up, not imported, so that this file can run (and fail test by test) against the code before issue 18
SEPARATION_TOL = getattr(helpers.separation, "SEPARATION_TOL", None)


@contextlib.contextmanager
def no_warnings():
    """A context in which any warning is an error (the fits below must warn only where stated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------------------------------
# 1. nearly dependent columns: rank decided on X itself, no false convergence
# ---------------------------------------------------------------------------

def near_duplicate(noise, seed=1, m=200):
    """Column 4 = column 1 + noise * N(0, 1), and the same model with well-conditioned columns."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(m, 3))
    X = np.column_stack([np.ones(m), Z, Z[:, 0] + noise * rng.normal(size=m)])
    # the same predictions exactly (X_good = X A, A integer; the difference of two floats within a factor 2
    # of each other is exact), and the columns are nearly orthogonal: condition number about 1 after scaling
    X_good = np.column_stack([X[:, :4], X[:, 4] - X[:, 1]])
    y = (rng.random(m) < 1 / (1 + np.exp(-(Z @ [1.0, -1.0, 0.5])))).astype(float)
    return X, X_good, y


@pytest.mark.parametrize("noise", [1e-7, 1e-8])
def test_near_duplicate_columns_reach_the_minimum_without_a_dependence_claim(noise):
    X, X_good, y = near_duplicate(noise)
    with no_warnings():
        reference = fit_newton(X_good, y)
        res = fit_newton(X, y)  # on main: DependentColumnsWarning and a loss 8e-4 above the minimum
    assert reference.converged and res.converged, res.message
    # equal to the rounding of X @ theta, eps * cond(X) ~ 1e-16 * 1e8 (main stopped 1.5e-3 above, relatively)
    assert res.losses[-1] == pytest.approx(reference.losses[-1], rel=1e-9)
    np.testing.assert_allclose(X @ res.theta, X_good @ reference.theta, atol=1e-5)


def test_a_fit_stopped_above_the_minimum_is_not_called_converged():
    # condition number ~2e9: the rounding of X @ theta keeps the Newton decrement above 1e-10
    X, X_good, y = near_duplicate(1e-9)
    with no_warnings():
        best = fit_newton(X_good, y).losses[-1]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit_newton(X, y)
    assert not any(issubclass(w.category, DependentColumnsWarning) for w in caught)
    if res.converged:
        assert res.losses[-1] == pytest.approx(best, rel=1e-9)
    else:
        assert [w.category for w in caught] == [ConvergenceWarning]
        assert "condition number" in res.message
        assert res.losses[-1] <= best + 1e-9  # it did get to the minimum, to the attainable accuracy


def test_a_dependence_claim_means_the_predictions_agree_to_the_stated_tolerance():
    X, _, y = near_duplicate(1e-15)  # below max(m, n) eps = 4.4e-14: dependent to the stated tolerance
    with pytest.warns(DependentColumnsWarning, match=r"max\(m, n\) eps = 4\.4e-14") as caught:
        res = fit_newton(X, y)
    assert len(caught) == 1 and res.converged
    # along the dropped direction (column 1 minus column 4) the predictions change by < 4.4e-14 of |X|
    v = np.array([0, 1, 0, 0, -1.0]) / np.sqrt(2)
    Xn = X / np.linalg.norm(X, axis=0)
    assert np.linalg.norm(Xn @ v) <= 4.4e-14 * np.linalg.norm(Xn, 2)


@pytest.mark.parametrize("m", [1, 2])
def test_fewer_examples_than_columns_are_dependent_columns(m):
    X = add_intercept(np.array([[0.5, -1.0], [2.0, 1.0]])[:m])  # m rows, 3 columns: rank m < 3
    y = np.array([1.0, 0.0])[:m]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit_newton(X, y)
    # one example is always separable; the dependent columns are named with the rank
    assert [w.category for w in caught] == [DependentColumnsWarning, SeparationWarning]
    assert f"rank {m} < 3" in str(caught[0].message) and not res.converged
    # the least-norm parameters: orthogonal to the null space of X
    _, _, Vt = np.linalg.svd(X)
    assert np.max(np.abs(Vt[m:] @ res.theta)) <= 1e-9 * max(1.0, np.linalg.norm(res.theta))


# ---------------------------------------------------------------------------
# 2 and 3. separation: one threshold, certified directions, "near" when it cannot be decided
# ---------------------------------------------------------------------------

def gap_data(gap, with_zero_pair):
    x = np.r_[np.linspace(-1, -gap, 20), np.linspace(gap, 1, 20)]
    y = np.r_[np.zeros(20), np.ones(20)]
    if with_zero_pair:
        x, y = np.r_[x, 0.0, 0.0], np.r_[y, 0.0, 1.0]
    return add_intercept(x[:, None]), y


@pytest.mark.parametrize("gap", [1e-6, 1e-8])
def test_quasi_separated_data_with_a_tiny_gap_are_not_given_a_minimiser(gap):
    X, y = gap_data(gap, with_zero_pair=True)
    with pytest.warns(SeparationWarning, match="quasi-separable") as caught:
        res = fit_newton(X, y)
    assert len(caught) == 1 and not res.converged
    assert "finite minimiser exists" not in res.message and "no finite minimiser" in res.message


@pytest.mark.parametrize("gap", [1e-6, 3e-7, 1e-8, 1e-10])
def test_complete_separation_with_a_tiny_gap_is_certified(gap):
    X, y = gap_data(gap, with_zero_pair=False)
    found = detect_separation(X, y)
    assert found.kind == "complete" and found.boundary.size == 0
    assert np.all((2 * y - 1) * (X @ found.direction) > 0)  # the certificate, checked here


@pytest.mark.parametrize("gap", [1e-6, 1e-8])
def test_quasi_separation_with_a_tiny_gap_is_certified(gap):
    X, y = gap_data(gap, with_zero_pair=True)
    found = detect_separation(X, y)
    assert found.kind == "quasi" and list(found.boundary) == [40, 41]
    v = (2 * y - 1) * (X @ found.direction)
    assert np.all(v[:40] > 0) and np.all(np.abs(v[40:]) <= 1e-15)


def tiny_overlap(overlap):
    """Separated data except that one example of each class crosses 0 by `overlap`: a finite minimiser, huge slope."""
    x = np.r_[np.linspace(-1, -0.1, 20), overlap, np.linspace(0.1, 1, 20), -overlap]
    y = np.r_[np.zeros(21), np.ones(21)]
    return add_intercept(x[:, None]), y


def test_nearly_separated_data_are_called_near_not_decided():
    X, y = tiny_overlap(1e-9)  # within the solver's resolution of separable
    found = detect_separation(X, y)
    assert found.kind == "near" and not found.separable
    assert found.message.startswith("the classes are nearly separated")
    assert f"SEPARATION_TOL = {SEPARATION_TOL:g}" in found.message
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit_newton(X, y)
    assert not res.converged and [w.category for w in caught] == [ConvergenceWarning]
    assert "nearly separated" in res.message and "finite minimiser exists" not in res.message


def test_clear_overlap_above_the_threshold_is_an_overlap():
    X, y = tiny_overlap(1e-3)
    found = detect_separation(X, y)
    assert found.kind == "overlap" and f"SEPARATION_TOL = {SEPARATION_TOL:g}" in found.message
    with no_warnings():
        assert fit_newton(X, y).converged


def test_the_threshold_is_the_one_the_readme_documents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    api = readme[readme.index("## The `helpers` API"):readme.index("## Benchmarks")]
    assert SEPARATION_TOL == 1e-6 and "`SEPARATION_TOL` = 1e-6" in api
    assert "nearly separated" in api
    assert "1e-7" not in api  # the old, wrong figure
    assert helpers.optim.detect_separation is detect_separation  # fit_newton and gradient descent decide by it


# ---------------------------------------------------------------------------
# 4. NaN or inf in X: a ValueError naming X
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("seed", range(20))
def test_nan_or_inf_anywhere_in_X_is_named(bad, seed):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.normal(size=(6, 2)))
    X[rng.integers(6), rng.integers(3)] = bad
    y = np.array([0, 1, 0, 1, 0, 1.0])
    for fit in (fit_newton, detect_separation, lambda X, y: fit_gradient_descent(X, y, 0.1, 5)):
        with pytest.raises(ValueError, match=r"^X contains NaN or inf"):
            fit(X, y)


def test_the_issue_reproducer_for_nan_in_X():
    with pytest.raises(ValueError, match=r"^X contains NaN or inf \(X\[0, 1\] = nan\)"):
        fit_newton([[1, np.nan, 3], [1, 5, 6], [1, 8, 9], [1, 2, 1]], [0, 1, 0, 1])


# ---------------------------------------------------------------------------
# 5. least squares: no overflow where the exact result is finite (against exact rational arithmetic)
# ---------------------------------------------------------------------------

FLOAT_MAX = Fraction(np.finfo(float).max)


def exact_least_squares(theta, X, y):
    """The loss and the gradient in exact rational arithmetic (every float64 is a rational number)."""
    X, theta, y = np.asarray(X, float), np.asarray(theta, float), np.asarray(y, float)
    m, n = X.shape
    F = [[Fraction(v) for v in row] for row in X]
    t = [Fraction(v) for v in theta]
    r = [sum(F[i][j] * t[j] for j in range(n)) - Fraction(y[i]) for i in range(m)]
    loss = sum(ri * ri for ri in r) / (2 * m)
    grad = [sum(F[i][j] * r[i] for i in range(m)) / m for j in range(n)]
    size = [sum(abs(F[i][j] * r[i]) for i in range(m)) / m for j in range(n)]  # the scale of each entry's rounding
    return loss, grad, size


def check_least_squares(theta, X, y):
    loss, grad, size = exact_least_squares(theta, X, y)
    with no_warnings():
        got_loss = least_squares_loss(theta, X, y)
        got_grad = least_squares_gradient(theta, X, y)
    # finite and within 1e-14 where the exact value is below the float64 maximum (by more than the
    # rounding), inf beyond it
    if loss < FLOAT_MAX * (1 - Fraction(1e-14)):
        assert np.isfinite(got_loss) and abs(Fraction(got_loss) - loss) <= Fraction(1e-14) * loss
    elif loss > FLOAT_MAX * (1 + Fraction(1e-14)):
        assert got_loss == np.inf
    assert not np.isnan(got_grad).any()
    for g, exact, s in zip(got_grad, grad, size):
        if abs(exact) + Fraction(1e-14) * s < FLOAT_MAX:
            assert np.isfinite(g) and abs(Fraction(g) - exact) <= Fraction(1e-14) * s
        elif abs(exact) - Fraction(1e-14) * s > FLOAT_MAX:
            assert g == (np.inf if exact > 0 else -np.inf)


def test_the_issue_reproducers_for_least_squares():
    X = np.full((12, 1), 1e154)
    with no_warnings():
        assert least_squares_loss([1.0], X, np.zeros(12)) == pytest.approx(5e307, rel=1e-15)
    check_least_squares([1.0], X, np.zeros(12))
    X2 = np.column_stack([np.full(12, 1e154), 1e154 * np.array([1.0, -1.0] * 6)])
    with no_warnings():
        g = least_squares_gradient([1.0, 0.0], X2, np.zeros(12))
    assert g[0] == pytest.approx(1e308, rel=1e-15) and abs(g[1]) <= 1e-15 * 1e308
    check_least_squares([1.0, 0.0], X2, np.zeros(12))


@pytest.mark.parametrize("scale", [1e100, 1e150, 1e154, 3e154, 1e160, 1e200, 1e300])
@pytest.mark.parametrize("seed", range(3))
def test_least_squares_at_every_scale_matches_exact_arithmetic(scale, seed):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.normal(size=(12, 2)))
    y = X @ [1.0, 2.0, -1.0] + rng.normal(size=12)
    # X and y scaled together (the residual grows like scale), and X scaled with theta shrunk (it does not)
    check_least_squares([1.0, 1.0, 1.0], X * scale, y * scale)
    check_least_squares([1.0, 1.0, 1.0], X * scale, y)
    check_least_squares(np.array([1.0, 2.0, -1.0]) / scale, X * scale, y)
    check_least_squares(np.array([1.0, 2.0, -1.0]) * scale, X, y)


# ---------------------------------------------------------------------------
# 6. complex arrays are refused like complex scalars
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("z", [np.array([1 + 2j]), [1 + 2j, 3], np.array([1 + 0j]), 1 + 2j])
def test_complex_input_to_sigmoid_and_softplus_is_refused(z):
    with no_warnings():  # no ComplexWarning: the imaginary part is never dropped
        with pytest.raises(ValueError, match=r"^z is complex"):
            sigmoid(z)
        with pytest.raises(ValueError, match=r"^s is complex"):
            softplus(z)
        for f in (lambda z: glm_mean(z, "logistic"), lambda z: glm_mean_derivative(z, "exp"), probit_weight):
            with pytest.raises(ValueError, match=r"^z is complex"):
                f(z)


# ---------------------------------------------------------------------------
# 7 and 8. the likely mistakes are named in the first line of a ValueError
# ---------------------------------------------------------------------------

XS = add_intercept(np.array([[0.0], [1.0], [2.0], [3.0]]))
YS = np.array([0.0, 1.0, 0.0, 1.0])
LOSSES = [log_loss, log_loss_gradient, log_loss_and_gradient, log_loss_hessian, mse_loss, mse_gradient,
          mse_loss_and_gradient, least_squares_loss, least_squares_gradient]


def test_numerical_hessian_of_a_loss_says_a_gradient_was_expected():
    with pytest.raises(ValueError, match=r"^grad must return the gradient.*returned the number.*not the loss"):
        numerical_hessian(log_loss, np.zeros(2), args=(XS, YS))


@pytest.mark.parametrize("f", LOSSES, ids=lambda f: f.__name__)
def test_a_ragged_X_is_named(f):
    with pytest.raises(ValueError, match=r"^X is a ragged list \(its rows have different lengths\)"):
        f([0.0, 0.0], [[1, 2], [3]], [0, 1])


@pytest.mark.parametrize("f", LOSSES, ids=lambda f: f.__name__)
def test_swapped_theta_and_X_are_named(f):
    with pytest.raises(ValueError, match=r"^X must be a 2-D design matrix.*the arguments look swapped"):
        f(XS, np.zeros(2), YS)


@pytest.mark.parametrize("f", LOSSES, ids=lambda f: f.__name__)
def test_a_transposed_X_is_named(f):
    with pytest.raises(ValueError, match=r"^X has shape \(2, 4\).*X looks transposed; pass X\.T"):
        f(np.zeros(2), XS.T, YS)


@pytest.mark.parametrize("call, pattern", [
    (lambda: sigmoid(10**400), r"^z holds an integer too large for float64"),
    (lambda: numerical_gradient(log_loss_gradient, np.zeros(2), args=(XS, YS)),
     r"^f must return a number \(the loss\), got an array of shape \(2,\)"),
    (lambda: numerical_gradient(log_loss, np.zeros(2), args=XS), r"^args must be a tuple.*args=\(X, y\)"),
    (lambda: numerical_hessian(log_loss_gradient, np.zeros(2), args=XS), r"^args must be a tuple"),
    (lambda: helpers.optim.gradient_descent(log_loss_and_gradient, np.zeros(2), 0.1, 3, args=XS), r"^args must be a tuple"),
    (lambda: numerical_hessian(lambda t: np.zeros(3), np.zeros(2)),
     r"^grad must return an array of shape \(2,\).*got shape \(3,\)"),
    (lambda: numerical_gradient(lambda t: np.nan, np.zeros(2)), r"^f returned nan at theta"),
    (lambda: numerical_hessian(lambda t: np.full(2, np.nan), np.zeros(2)), r"^grad returned .*nan"),
], ids=["sigmoid 10**400", "gradient for a loss", "args=X", "hessian args=X", "descent args=X", "grad length",
        "f NaN", "grad NaN"])
def test_unclear_errors_become_named_value_errors(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_an_integer_beyond_float64_in_X_is_named():
    with pytest.raises(ValueError, match=r"^X holds an integer too large for float64"):
        log_loss([0.0, 0.0], [[10**400, 1], [1, 2]], [0, 1])


def test_args_as_a_list_still_works():
    np.testing.assert_allclose(numerical_gradient(log_loss, np.zeros(2), args=[XS, YS]),
                               log_loss_gradient(np.zeros(2), XS, YS), rtol=1e-8)


# ---------------------------------------------------------------------------
# 9. gradient descent on separable data says that no minimiser exists
# ---------------------------------------------------------------------------

def test_gradient_descent_on_separable_data_does_not_claim_a_minimum():
    x = np.r_[np.linspace(-2, -0.5, 10), np.linspace(0.5, 2, 10)]
    X, y = add_intercept(x[:, None]), np.r_[np.zeros(10), np.ones(10)]
    with pytest.warns(SeparationWarning, match="completely separable") as caught:
        res = fit_gradient_descent(X, y, 1.0, 100_000, tol=1e-3)
    assert len(caught) == 1 and not res.converged
    assert "no finite minimiser exists" in res.message and "not a minimum" in res.message


def test_gradient_descent_on_quasi_separated_data_does_not_claim_a_minimum():
    X, y = gap_data(0.5, with_zero_pair=True)
    with pytest.warns(SeparationWarning, match="quasi-separable") as caught:
        res = fit_gradient_descent(X, y, 1.0, 100_000, tol=1e-3)
    assert len(caught) == 1 and not res.converged and "no finite minimiser" in res.message


def test_gradient_descent_stopped_by_n_steps_on_separable_data_says_so_without_a_warning():
    x = np.r_[np.linspace(-2, -0.5, 10), np.linspace(0.5, 2, 10)]
    X, y = add_intercept(x[:, None]), np.r_[np.zeros(10), np.ones(10)]
    with no_warnings():
        res = fit_gradient_descent(X, y, 1.0, 500, tol=0)
    assert not res.converged and res.message.startswith("stopped after n_steps = 500")
    assert "completely separable" in res.message and "no finite minimiser exists" in res.message


def test_gradient_descent_on_overlapping_data_still_converges_with_its_message():
    X, y = tiny_overlap(0.3)
    with no_warnings():
        res = fit_gradient_descent(X, y, 1.0, 100_000, tol=1e-6)
    assert res.converged and res.message.startswith("max|gradient| <= 1e-06 after")


# ---------------------------------------------------------------------------
# the two branches whose operator swaps passed the whole suite
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("s", [
    [1.5e308, 1.5e308, -3.0, 2.0],          # the sum of max(s, 0) overflows: the mean is taken as sum(s / m)
    [1.7e308, 1.7e308, 1.7e308, -1e308, 0.5],
    [-3.0, 2.0, 0.25, -40.0],               # the plain sum, where log1p(e) matters
])
def test_mean_softplus_matches_high_precision_in_both_branches(s):
    s = np.array(s)
    _, s_, e = negative_margin(s, np.zeros_like(s))
    exact = mpmath.fsum(mpmath.log1p(mpmath.exp(mpmath.mpf(v))) for v in s) / len(s)
    got = mean_softplus(s_, e)
    assert np.isfinite(got) and abs(mpmath.mpf(got) - exact) <= 4 * np.finfo(float).eps * abs(exact)


def test_bohning_steps_double_while_the_loss_falls_and_stop_when_it_does_not():
    # from theta0, every score is wrong by |z| >= 1000: every h (1 - h) underflows to 0, the Hessian is 0 and
    # fit_newton takes Böhning's step, doubled for as long as the loss keeps falling (strictly)
    X = add_intercept(np.array([[-2.0], [-1.0], [1.0], [2.0]]))
    y = np.array([0.0, 0.0, 1.0, 1.0])
    theta0 = np.array([0.0, -1000.0])
    with pytest.warns(SeparationWarning):
        res = fit_newton(X, y, theta0=theta0)
    step = res.path[1] - res.path[0]
    # the plain Böhning step, d = -4 (X^T X)^-1 X^T (h - y): the accepted step is 2^k d with k >= 1
    r = sigmoid(X @ theta0) - y
    d = -4 * np.linalg.solve(X.T @ X, X.T @ r)
    k = np.log2(np.linalg.norm(step) / np.linalg.norm(d))
    np.testing.assert_allclose(step, 2.0**round(k) * d, rtol=1e-12)
    assert round(k) >= 1
    # doubling stopped at the first step whose double does not lower the loss ...
    here = log_loss(res.path[1], X, y)
    assert not log_loss(res.path[0] + 2 * step, X, y) < here
    # ... and every smaller doubling did lower it
    assert log_loss(res.path[0] + step / 2, X, y) > here
