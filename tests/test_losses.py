"""Unit tests of helpers.losses: exact values, derivatives, extremes, bad input, properties."""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import helpers.losses
from helpers import (
    add_intercept,
    least_squares_gradient,
    least_squares_loss,
    log_loss,
    log_loss_and_gradient,
    log_loss_gradient,
    log_loss_hessian,
    mse_gradient,
    mse_loss,
    mse_loss_and_gradient,
    numerical_gradient,
    numerical_hessian,
    sigmoid,
)
from helpers._validation import validated_scores

mpmath.mp.dps = 60


def random_problem(seed, m=40, n=4):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.standard_normal((m, n - 1)))
    theta = rng.standard_normal(n)
    y = (rng.random(m) < 0.5).astype(float)
    return theta, X, y


# ---------------------------------------------------------------------------
# reference values in high precision (mpmath, 60 digits), rounded once to float64
# ---------------------------------------------------------------------------

def mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def mp_loss_stable(z, y):
    # log(1 + e^z) - y z = log(1 + e^s) with s = z (y = 0) or -z (y = 1): the same number, no cancellation
    s = mpmath.mpf(z) if y == 0 else -mpmath.mpf(z)
    return mpmath.log1p(mpmath.exp(s))


def mp_residual(z, y):
    # sigma(z) - 1 = -sigma(-z): the same number, without cancellation at 60 digits
    return mp_sigmoid(z) if y == 0 else -mp_sigmoid(-mpmath.mpf(z))


def mp_curvature(z):
    # h (1 - h) = sigma(z) sigma(-z), evaluated without forming 1 - h
    return mp_sigmoid(z) * mp_sigmoid(-mpmath.mpf(z))


def ulps(computed, exact):
    """|computed - exact| in units of the last place of float(exact) (subnormals included)."""
    ref = float(exact)
    return abs(computed - ref) / np.spacing(abs(ref)) if ref != 0 else abs(computed) / np.spacing(0.0)


EXTREMES = [-1e20, -1000.0, -745.0, -709.79, -700.0, -37.0, -36.74, -20.0, -1.0, -1e-20, 0.0,
            1e-20, 1.0, 20.0, 36.74, 37.0, 700.0, 709.79, 745.0, 1000.0, 1e20]


@pytest.mark.parametrize("z", EXTREMES)
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_one_sample_extremes_against_mpmath(z, y):
    X, theta = np.array([[1.0]]), np.array([z])
    loss, grad = log_loss_and_gradient(theta, X, [y])
    H = log_loss_hessian(theta, X, [y])
    assert np.isfinite(loss) and np.isfinite(grad).all() and np.isfinite(H).all()
    # within a few units in the last place of the correctly rounded value
    assert ulps(loss, mp_loss_stable(z, y)) <= 2, (loss, float(mp_loss_stable(z, y)))
    assert ulps(grad[0], mp_residual(z, y)) <= 2, (grad[0], float(mp_residual(z, y)))
    assert ulps(H[0, 0], mp_curvature(z)) <= 4, (H[0, 0], float(mp_curvature(z)))
    assert log_loss(theta, X, [y]) == loss
    assert log_loss_gradient(theta, X, [y])[0] == grad[0]


@pytest.mark.parametrize("z", EXTREMES)
def test_sigmoid_against_mpmath(z):
    assert ulps(sigmoid(z), mp_sigmoid(z)) <= 2


def test_scikit_learn_pinned_points_at_relative_1e15():
    # the points scikit-learn's own loss tests pin against mpmath
    for z in (-1e20, -1e3, -37.0, 37.0, 1e3, 1e20):
        for y in (0.0, 1.0):
            exact = float(mp_loss_stable(z, y))
            got = log_loss([z], [[1.0]], [y])
            assert got == pytest.approx(exact, rel=1e-15, abs=1e-300)


def test_textbook_formula_fails_where_helpers_do_not():
    # the motivation: 1/(1 + exp(-z)) rounds to 1 at z = 37, so log(1 - h) is log(0)
    with np.errstate(all="ignore"):
        h = 1 / (1 + np.exp(-37.0))
        naive = -(1.0 * np.log(h) + (1 - 1.0) * np.log(1 - h))
    assert np.isnan(naive)
    assert log_loss([37.0], [[1.0]], [1.0]) == pytest.approx(float(mp_loss_stable(37.0, 1)), rel=1e-15)


def test_sigmoid_shapes_and_limits():
    assert isinstance(sigmoid(0.0), float) and sigmoid(0.0) == 0.5
    assert sigmoid(np.inf) == 1.0 and sigmoid(-np.inf) == 0.0
    z = np.linspace(-50, 50, 99).reshape(3, -1)
    assert sigmoid(z).shape == z.shape
    np.testing.assert_allclose(sigmoid(-z) + sigmoid(z), 1.0, rtol=0, atol=2.3e-16)  # one rounding of the sum
    with pytest.raises(ValueError, match="z contains NaN"):
        sigmoid([0.0, np.nan])


def test_no_runtime_warning_anywhere_on_a_wide_range():
    z = np.concatenate([np.linspace(-1e4, 1e4, 2001), [-1e300, 1e300]])
    X = z[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for y in (np.zeros_like(z), np.ones_like(z)):
            for f in (log_loss, log_loss_gradient, log_loss_hessian, mse_loss, mse_gradient):
                out = f([1.0], X, y)
                assert np.isfinite(out).all()
        sigmoid(z)


# ---------------------------------------------------------------------------
# derivatives against finite differences
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_log_loss_gradient_matches_finite_differences(seed):
    theta, X, y = random_problem(seed)
    # central differences, eps = 1e-6: truncation ~ eps^2 |J'''| ~ 1e-12, rounding ~ 1e-16 |J| / eps ~ 1e-10
    fd = numerical_gradient(log_loss, theta, args=(X, y))
    np.testing.assert_allclose(log_loss_gradient(theta, X, y), fd, rtol=1e-6, atol=1e-8)
    # and explicitly the formula (1/m) X^T (h - y)
    h = 1 / (1 + np.exp(-X @ theta))
    np.testing.assert_allclose(log_loss_gradient(theta, X, y), X.T @ (h - y) / len(y), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("seed", range(5))
def test_log_loss_hessian_matches_finite_differences(seed):
    theta, X, y = random_problem(seed)
    fd = numerical_hessian(log_loss_gradient, theta, args=(X, y))
    np.testing.assert_allclose(log_loss_hessian(theta, X, y), fd, rtol=1e-6, atol=1e-8)
    h = 1 / (1 + np.exp(-X @ theta))
    np.testing.assert_allclose(log_loss_hessian(theta, X, y), X.T @ np.diag(h * (1 - h)) @ X / len(y), rtol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_mse_and_least_squares_gradients_match_finite_differences(seed):
    theta, X, y = random_problem(seed)
    for loss, grad in ((mse_loss, mse_gradient), (least_squares_loss, least_squares_gradient)):
        fd = numerical_gradient(loss, theta, args=(X, y))
        np.testing.assert_allclose(grad(theta, X, y), fd, rtol=1e-6, atol=1e-8)
    h = 1 / (1 + np.exp(-X @ theta))
    assert mse_loss(theta, X, y) == pytest.approx(np.mean((h - y) ** 2) / 2, rel=1e-13)
    l, g = mse_loss_and_gradient(theta, X, y)
    assert l == mse_loss(theta, X, y)
    np.testing.assert_array_equal(g, mse_gradient(theta, X, y))


def test_scipy_minimize_accepts_the_api():
    from scipy.optimize import minimize

    theta, X, y = random_problem(7, m=200)
    res = minimize(log_loss, np.zeros(X.shape[1]), args=(X, y), jac=log_loss_gradient,
                   hess=log_loss_hessian, method="trust-exact", options={"gtol": 1e-10})
    assert res.success
    assert np.max(np.abs(log_loss_gradient(res.x, X, y))) < 1e-9


# ---------------------------------------------------------------------------
# properties over shapes and values (hypothesis)
# ---------------------------------------------------------------------------

@st.composite
def problems(draw):
    m = draw(st.integers(1, 30))
    n = draw(st.integers(1, 5))
    elements = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
    X = draw(hnp.arrays(np.float64, (m, n), elements=elements))
    theta = draw(hnp.arrays(np.float64, (n,), elements=st.floats(-20, 20)))
    y = draw(hnp.arrays(np.float64, (m,), elements=st.sampled_from([0.0, 1.0])))
    return theta, X, y


@settings(max_examples=200, deadline=None)
@given(problems())
def test_properties(problem):
    theta, X, y = problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = log_loss_and_gradient(theta, X, y)
        H = log_loss_hessian(theta, X, y)
        mse = mse_loss(theta, X, y)
    assert np.isfinite(loss) and loss >= 0
    assert grad.shape == theta.shape and np.isfinite(grad).all()
    assert loss == log_loss(theta, X, y)
    np.testing.assert_array_equal(grad, log_loss_gradient(theta, X, y))
    # the Hessian is symmetric positive semi-definite
    np.testing.assert_array_equal(H, H.T)
    assert np.linalg.eigvalsh(H).min() >= -1e-12 * max(1.0, np.abs(H).max())
    # squared error of a probability is at most 1/2 per example (with the 1/2)
    assert 0 <= mse <= 0.5
    # |gradient_j| <= mean |x_ij| because |h - y| <= 1
    assert np.all(np.abs(grad) <= np.abs(X).mean(axis=0) * (1 + 1e-12) + 1e-300)


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e6, 1e6), st.sampled_from([0.0, 1.0]))
def test_one_sample_loss_is_softplus_of_minus_the_margin(z, y):
    loss = log_loss([z], [[1.0]], [y])
    assert loss == pytest.approx(float(mp_loss_stable(z, y)), rel=4e-16, abs=1e-320)


# ---------------------------------------------------------------------------
# bad input: a ValueError that names the argument and the problem
#
# Every loss of labels 0 and 1 (LOSSES) hands its (theta, X, y) to one validator,
# helpers._validation.validated_scores. Its refusals are tested once, on the validator; each loss is tested
# for handing it exactly what it was given, and for refusing one bad value per argument (so a loss that
# stopped validating, validated y as real targets, or reshaped its arguments first, fails here).
# ---------------------------------------------------------------------------

GOOD_X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]])
GOOD_Y = np.array([0.0, 1.0, 1.0])
GOOD_T = np.array([0.1, -0.2])
LOSSES = [log_loss, log_loss_gradient, log_loss_and_gradient, log_loss_hessian,
          mse_loss, mse_gradient, mse_loss_and_gradient]

BAD_INPUTS = {
    "y: too short": (GOOD_T, GOOD_X, GOOD_Y[:2], r"^y has 2 labels but X has 3 rows"),
    "y: a label 2": (GOOD_T, GOOD_X, [0, 1, 2], r"^y must contain only the labels 0 and 1"),
    "y: a label -1": (GOOD_T, GOOD_X, [0, 1, -1], r"^y must contain only the labels 0 and 1"),
    "y: a NaN label": (GOOD_T, GOOD_X, [0, 1, np.nan], r"^y must contain only the labels 0 and 1"),
    "y: a row": (GOOD_T, GOOD_X, [[0, 1, 1]], r"^y must be a 1-D array"),
    "y: strings": (GOOD_T, GOOD_X, ["a", "b", "c"], r"^y must be numeric"),
    "y: complex": (GOOD_T, GOOD_X, GOOD_Y + 0j, r"^y is complex"),
    "theta: too long": ([0.1, -0.2, 0.3], GOOD_X, GOOD_Y, r"^theta has length 3 but X has 2 columns"),
    "theta: 2-D": ([[0.1, -0.2]], GOOD_X, GOOD_Y, r"^theta must be a 1-D array"),
    "theta: NaN": ([np.nan, 0.0], GOOD_X, GOOD_Y, r"^theta contains NaN or inf"),
    "theta: inf": ([np.inf, 0.0], GOOD_X, GOOD_Y, r"^theta contains NaN or inf"),
    "theta: complex": (GOOD_T + 1j, GOOD_X, GOOD_Y, r"^theta is complex"),
    "theta: None": (None, GOOD_X, GOOD_Y, r"^theta must be a 1-D array of parameters, got None"),
    "X: 1-D": (GOOD_T, [1.0, 2.0, 3.0], GOOD_Y, r"^X must be a 2-D design matrix"),
    "X: no rows": (GOOD_T, np.empty((0, 2)), np.empty(0), r"^X is empty"),
    "X: no columns": (np.empty(0), np.empty((3, 0)), GOOD_Y, r"^X has no columns"),
    "X: complex": (GOOD_T, GOOD_X + 0j, GOOD_Y, r"^X is complex"),
    "X: None": (GOOD_T, None, GOOD_Y, r"^X must be a 2-D design matrix .* got None"),
    "X: NaN": (GOOD_T, [[1.0, np.nan], [1.0, 0.0], [1.0, 1.0]], GOOD_Y, r"^X @ theta is not finite: X contains NaN or inf"),
    "X: inf": (GOOD_T, [[1.0, np.inf], [1.0, 0.0], [1.0, 1.0]], GOOD_Y, r"^X @ theta is not finite"),
    "X: inf, theta 0": ([0.0, 0.0], [[1.0, np.inf], [1.0, 0.0], [1.0, 1.0]], GOOD_Y, r"^X @ theta is not finite"),
}

# one bad value per argument, each refused at a different step of the validator
ONE_PER_ARGUMENT = [BAD_INPUTS[k] for k in ("y: a label 2", "theta: too long", "X: 1-D", "X: NaN")]


@pytest.mark.parametrize("theta, X, y, pattern", BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_the_validator_refuses_bad_input_by_name(theta, X, y, pattern):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning: an imaginary part is never silently dropped
        with pytest.raises(ValueError, match=pattern):
            validated_scores(theta, X, y)


@pytest.mark.parametrize("f", LOSSES, ids=lambda f: f.__name__)
def test_every_loss_validates_its_arguments(f, monkeypatch):
    handed = []

    def spy(theta, X, y, **options):
        handed.append(((theta, X, y), options))
        return validated_scores(theta, X, y, **options)

    monkeypatch.setattr(helpers.losses, "validated_scores", spy)
    f(GOOD_T, GOOD_X, GOOD_Y)
    assert handed, f"{f.__name__} does not call validated_scores"
    for (theta, X, y), options in handed:
        assert theta is GOOD_T and X is GOOD_X and y is GOOD_Y and options == {}, (
            f"{f.__name__} must hand its own theta, X, y to validated_scores, checking y as labels"
        )
    for theta, X, y, pattern in ONE_PER_ARGUMENT:
        with pytest.raises(ValueError, match=pattern):
            f(theta, X, y)


def test_add_intercept():
    np.testing.assert_array_equal(add_intercept([[2.0], [3.0]]), [[1.0, 2.0], [1.0, 3.0]])
    with pytest.raises(ValueError, match="X must be a 2-D"):
        add_intercept([2.0, 3.0])


def test_least_squares_bad_targets():
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        least_squares_loss(GOOD_T, GOOD_X, [0.0, np.nan, 1.0])
    with pytest.raises(ValueError, match="y has 2 targets but X has 3 rows"):
        least_squares_gradient(GOOD_T, GOOD_X, [0.0, 1.0])


# ---------------------------------------------------------------------------
# issue 12: extreme-but-finite input, complex numbers, sparse matrices
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("big", [1e306, 1.7e308])
def test_extreme_but_finite_scores_do_not_overflow(big):
    # every example confidently wrong by |z| = big: the mean loss is big, not inf
    X = np.full((1000, 1), big)
    y = np.zeros(1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # summed as value / m where the sum would overflow: a few ulp of rounding, no more
        assert log_loss([1.0], X, y) == pytest.approx(big, rel=1e-13)
        loss, grad = log_loss_and_gradient([1.0], X, y)
        assert loss == pytest.approx(big, rel=1e-13) and grad[0] == pytest.approx(big, rel=1e-13)
        np.testing.assert_allclose(log_loss_gradient([1.0], X, y), [big], rtol=1e-13)
        assert mse_loss([1.0], X, y) == 0.5


# ----- errors a student meets: the first line names the argument, says what was passed and what to do (issue 11)


@pytest.mark.parametrize("z, message", [
    ("a", r"z must be a real number or an array of them, got the string 'a'"),
    ([1, None], r"z contains None \(a missing value\), got \[1, None\]: drop or fill"),
    ([1, "x"], r"z must hold real numbers only, got \[1, 'x'\]"),
])
def test_sigmoid_errors_name_z_and_what_to_do(z, message):
    with pytest.raises(ValueError, match=message):
        sigmoid(z)


@pytest.mark.parametrize("y, message", [
    ([0, 2, 1], r"y\[1\] is 2 \(recode the classes as 0 and 1"),
    ([0, np.nan, 1], r"y\[1\] is NaN \(a missing label: drop that example\)"),
    (np.array([0, 1, 1]).reshape(-1, 1), r"got shape \(3, 1\) \(a column of labels\? pass y.ravel\(\)\)"),
])
def test_label_errors_say_which_label_and_what_to_do(y, message):
    with pytest.raises(ValueError, match=message):
        log_loss(np.zeros(2), np.ones((3, 2)), y)
