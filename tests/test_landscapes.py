"""Unit tests of helpers.landscapes: the datasets have the properties claimed, the grids agree with the losses."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from helpers import (
    fit_newton,
    gradient_descent,
    gradient_descent_many,
    least_squares_gradient,
    log_loss_and_gradient,
    least_squares_loss,
    log_loss,
    log_loss_hessian,
    loss_grid,
    loss_values,
    mse_curvature,
    mse_gradient,
    mse_loss,
    mse_loss_and_gradient,
    numerical_gradient,
    numerical_hessian,
    one_weight_data,
    two_minima_data,
)

LOSSES = [log_loss, mse_loss, least_squares_loss]


def local_minimum(theta0, X, y):
    """Polish a local minimum of mse_loss from theta0 (BFGS to a tiny gradient)."""
    fit = minimize(mse_loss, theta0, args=(X, y), jac=mse_gradient, method="BFGS", options={"gtol": 1e-12})
    return fit.x


# ---------------------------------------------------------------------------
# the datasets
# ---------------------------------------------------------------------------

def test_two_minima_data_shapes_and_design():
    X, y = two_minima_data()
    assert X.shape == (12, 2) and y.shape == (12,)
    np.testing.assert_array_equal(X[:, 0], 1.0)
    assert set(np.unique(y)) == {0.0, 1.0}
    # the function returns fresh arrays: changing them does not change the next call
    X[0, 1] = 99.0
    assert two_minima_data()[0][0, 1] == -4.0


def test_two_minima_data_has_two_separate_strict_local_minima():
    X, y = two_minima_data()
    minima = [local_minimum(start, X, y) for start in ([0.0, -1.0], [-2.0, 4.0])]
    values = [mse_loss(t, X, y) for t in minima]
    for theta in minima:
        # gradient: loss ~ 0.1, gradient entries of size ~0.1 near the minima; 1e-10 is 1e-9 of that scale
        assert np.max(np.abs(mse_gradient(theta, X, y))) < 1e-10
        # Hessian positive definite, by far more than the finite-difference error (~1e-10)
        eigenvalues = np.linalg.eigvalsh(numerical_hessian(mse_gradient, theta, args=(X, y)))
        assert eigenvalues[0] > 1e-3
        # and, without derivatives: every point on a small circle around it is higher
        angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
        circle = theta + 0.05 * np.column_stack([np.cos(angles), np.sin(angles)])
        assert np.all(loss_values(mse_loss, circle, X, y) > mse_loss(theta, X, y))
    assert np.linalg.norm(minima[0] - minima[1]) > 4
    assert minima[0][1] < 0 < minima[1][1]
    assert values[1] - values[0] > 0.03
    # on the straight segment between them the loss rises above both
    segment = minima[0] + np.linspace(0, 1, 201)[:, None] * (minima[1] - minima[0])
    assert loss_values(mse_loss, segment, X, y).max() > max(values) + 0.01
    # the second minimum nearly fits the right-hand frequencies 1/5 and 4/5 exactly: (b, w) = (-3 log 4, 2 log 4)
    np.testing.assert_allclose(minima[1], [-3 * np.log(4), 2 * np.log(4)], atol=1e-4)


def test_gradient_descent_ends_in_either_minimum_depending_on_the_start():
    X, y = two_minima_data()
    ends = [
        gradient_descent(mse_loss_and_gradient, np.array(start), 5.0, 20_000, args=(X, y), tol=1e-10).theta
        for start in ([0.0, -1.0], [-2.0, 4.0])
    ]
    np.testing.assert_allclose(ends[0], local_minimum([0.0, -1.0], X, y), atol=1e-6)
    np.testing.assert_allclose(ends[1], local_minimum([-2.0, 4.0], X, y), atol=1e-6)
    assert np.linalg.norm(ends[0] - ends[1]) > 4


def test_log_loss_on_two_minima_data_is_strictly_convex_with_one_minimiser():
    X, y = two_minima_data()
    for b in np.linspace(-7, 4, 12):
        for w in np.linspace(-3, 5, 12):
            assert np.linalg.eigvalsh(log_loss_hessian(np.array([b, w]), X, y))[0] > 0
    fit = fit_newton(X, y)
    assert fit.converged
    for start in ([0.0, -1.0], [-2.0, 4.0]):
        gd = minimize(log_loss, start, args=(X, y), method="BFGS", options={"gtol": 1e-10})
        np.testing.assert_allclose(gd.x, fit.theta, atol=1e-6)


def test_one_weight_data():
    X, y = one_weight_data()
    assert X.shape == (6, 1) and y.shape == (6,)
    # not separable by the sign of w x: some example is on the wrong side for w > 0 and for w < 0
    assert np.any((X[:, 0] > 0) & (y == 0)) and np.any((X[:, 0] < 0) & (y == 1))
    # the squared error in w is not convex: its second derivative takes both signs
    w = np.linspace(-8, 8, 321)
    second = (X[:, 0] ** 2 * mse_curvature(np.outer(w, X[:, 0]), y)).mean(axis=1)
    assert second.min() < 0 < second.max()


# ---------------------------------------------------------------------------
# loss_values and loss_grid agree with the pointwise losses
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("loss", LOSSES, ids=lambda f: f.__name__)
def test_loss_grid_agrees_with_pointwise_loss(loss):
    X, y = two_minima_data()
    w_values = np.linspace(-3, 5, 9)
    b_values = np.linspace(-7, 4, 7)
    Z = loss_grid(loss, X, y, w_values, b_values)
    assert Z.shape == (7, 9)
    expected = np.array([[loss(np.array([b, w]), X, y) for w in w_values] for b in b_values])
    # the same formulas in a different order of summation: a few ulps
    np.testing.assert_allclose(Z, expected, rtol=1e-13, atol=0)


@pytest.mark.parametrize("loss", LOSSES, ids=lambda f: f.__name__)
def test_loss_values_far_out_and_in_chunks(loss, monkeypatch):
    import helpers.landscapes as landscapes

    rng = np.random.default_rng(3)
    X = np.column_stack([np.ones(30), rng.normal(size=30), rng.normal(size=30)])
    y = (rng.random(30) < 0.5).astype(float)
    thetas = rng.normal(scale=200.0, size=(50, 3))  # |z| in the hundreds: saturated sigmoids
    expected = np.array([loss(t, X, y) for t in thetas])
    monkeypatch.setattr(landscapes, "_CHUNK", 64)  # force many chunks
    np.testing.assert_allclose(loss_values(loss, thetas, X, y), expected, rtol=1e-13, atol=0)


def test_loss_values_falls_back_to_a_loop_for_other_callables():
    X, y = two_minima_data()
    thetas = np.array([[0.0, 1.0], [1.0, -2.0]])

    def doubled(theta, X, y):
        return 2 * mse_loss(theta, X, y)

    np.testing.assert_allclose(loss_values(doubled, thetas, X, y), 2 * loss_values(mse_loss, thetas, X, y), rtol=1e-14)


@pytest.mark.parametrize("loss", LOSSES, ids=lambda f: f.__name__)
def test_gradient_descent_many_agrees_with_gradient_descent(loss):
    X, y = two_minima_data()
    fun_and_grad = {
        log_loss: log_loss_and_gradient,
        mse_loss: mse_loss_and_gradient,
        least_squares_loss: lambda t, X, y: (least_squares_loss(t, X, y), least_squares_gradient(t, X, y)),
    }[loss]
    rate = 0.05 if loss is least_squares_loss else 2.0
    starts = np.array([[0.0, -1.0], [-2.0, 4.0], [3.0, 3.0], [-6.0, -2.0]])
    ends, gnorms = gradient_descent_many(loss, starts, X, y, rate, 300)
    for start, end, gnorm in zip(starts, ends, gnorms):
        one = gradient_descent(fun_and_grad, start, rate, 300, args=(X, y), tol=0.0)
        assert one.n_iter == 300
        # the same arithmetic up to the order of summation: rounding differences, amplified by at most 300 steps
        np.testing.assert_allclose(end, one.theta, rtol=0, atol=1e-10)
        np.testing.assert_allclose(gnorm, one.gradient_norms[-1], rtol=1e-6, atol=1e-14)
    np.testing.assert_array_equal(starts[0], [0.0, -1.0])  # the input is not modified


def test_gradient_descent_many_bad_input():
    X, y = two_minima_data()
    with pytest.raises(ValueError, match="supports"):
        gradient_descent_many(lambda t, X, y: 0.0, np.zeros((1, 2)), X, y, 1.0, 1)
    with pytest.raises(ValueError, match="shape"):
        gradient_descent_many(mse_loss, np.zeros((1, 3)), X, y, 1.0, 1)
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent_many(mse_loss, np.zeros((1, 2)), X, y, -1.0, 1)
    with pytest.raises(ValueError, match="n_steps"):
        gradient_descent_many(mse_loss, np.zeros((1, 2)), X, y, 1.0, 1.5)
    with pytest.raises(ValueError, match="NaN or inf"):
        gradient_descent_many(mse_loss, np.full((1, 2), np.inf), X, y, 1.0, 1)


def test_bad_input():
    X, y = two_minima_data()
    with pytest.raises(ValueError, match="two columns"):
        loss_grid(mse_loss, X[:, :1], y, [0.0], [0.0])
    with pytest.raises(ValueError, match="shape"):
        loss_values(mse_loss, np.zeros(2), X, y)
    with pytest.raises(ValueError, match="NaN or inf"):
        loss_values(mse_loss, np.array([[np.nan, 0.0]]), X, y)
    with pytest.raises(ValueError, match="labels"):
        loss_values(mse_loss, np.zeros((1, 2)), X, y + 0.5)
    with pytest.raises(ValueError, match="non-empty"):
        loss_grid(mse_loss, X, y, [], [0.0])
    with pytest.raises(ValueError, match="not finite"):
        loss_values(mse_loss, np.array([[0.0, 1e308]]), X * 1e10, y)
    with pytest.raises(ValueError, match="labels"):
        mse_curvature(0.0, 0.5)
    with pytest.raises(ValueError, match="NaN"):
        mse_curvature(np.nan, 1.0)


# ---------------------------------------------------------------------------
# mse_curvature: the second derivative of (1/2)(sigmoid(z) - y)^2
# ---------------------------------------------------------------------------

def mp_curvature(z, y):
    """The unfactored formula, in enough digits that its cancellation (next to h = 1) does not matter."""
    with mpmath.workdps(40 + int(abs(z))):
        z = mpmath.mpf(z)
        h = 1 / (1 + mpmath.exp(-z))
        return h * (1 - h) * (-3 * h**2 + 2 * (1 + y) * h - y)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_mse_curvature_against_mpmath(y):
    # up to |z| = 300, where the value (~e^-300 to e^-600) is still a normal float64
    for z in np.r_[np.linspace(-40, 40, 161), [-300.0, -100.0, 100.0, 300.0]]:
        exact = mp_curvature(z, y)
        if abs(z - (np.log(2) if y == 0 else -np.log(2))) < 0.05:
            continue  # next to its root only an absolute error is meaningful; checked below
        assert float(abs(mse_curvature(z, y) - exact) / abs(exact)) < 1e-13
    root = np.log(2) if y == 0 else -np.log(2)
    assert abs(mse_curvature(root, y)) < 1e-16


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_mse_curvature_is_the_derivative_of_the_gradient(y):
    X = np.array([[1.0]])
    for z in np.linspace(-10, 10, 41):
        fd = numerical_gradient(lambda t: mse_gradient(t, X, np.array([y]))[0], [z])[0]
        # central difference of an exact gradient, eps = 1e-6: error ~1e-10
        assert abs(fd - mse_curvature(z, y)) < 1e-9


def test_mse_curvature_sign_thresholds():
    # y = 0: negative exactly where h > 2/3 (z > log 2); y = 1: exactly where h < 1/3 (z < -log 2)
    z = np.linspace(-20, 20, 4001)
    z = z[np.abs(np.abs(z) - np.log(2)) > 1e-9]
    assert np.array_equal(mse_curvature(z, 0.0) < 0, z > np.log(2))
    assert np.array_equal(mse_curvature(z, 1.0) < 0, z < -np.log(2))
    assert np.shape(mse_curvature(0.0, 1.0)) == ()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 12))
def test_mse_hessian_from_curvature(seed, m):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(m), rng.normal(scale=2.0, size=m)])
    y = (rng.random(m) < 0.5).astype(float)
    theta = rng.normal(scale=2.0, size=2)
    H = X.T @ (X * mse_curvature(X @ theta, y)[:, None]) / m
    # central differences of the exact gradient: errors ~1e-10, entries up to ~1
    np.testing.assert_allclose(H, numerical_hessian(mse_gradient, theta, args=(X, y)), rtol=0, atol=1e-8)


def test_bad_arguments_are_refused_by_name():
    """Issue 12: complex numbers, None and NaN counts give a ValueError naming the argument."""
    import warnings

    X, y = two_minima_data()
    cases = [
        (lambda: loss_values(log_loss, np.zeros((2, 2)) + 1j, X, y), r"^thetas is complex"),
        (lambda: loss_grid(log_loss, X, y, [0.0, 1j], [0.0]), r"^w_values is complex"),
        (lambda: gradient_descent_many(log_loss, np.zeros((2, 2)) + 1j, X, y, 0.1, 3), r"^thetas0 is complex"),
        (lambda: gradient_descent_many(log_loss, np.zeros((2, 2)), X, y, None, 3), r"^learning_rate must be a real number, got None"),
        (lambda: gradient_descent_many(log_loss, np.zeros((2, 2)), X, y, 0.1, np.nan), r"^n_steps must be an integer >= 0, got nan"),
        (lambda: gradient_descent_many(log_loss, np.zeros((2, 2)), X, y, 0.1, None), r"^n_steps must be an integer >= 0, got None"),
    ]
    for call, pattern in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match=pattern):
                call()
