"""helpers.plotting draws exactly what it is given, on the axes it is given, and returns them.

Only what a chapter or an explorer calls is tested: loss_on_grid, plot_loss_curves, plot_gradient_norms.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import (  # noqa: E402
    add_intercept,
    fit_gradient_descent,
    fit_newton,
    log_loss,
    loss_on_grid,
    plot_gradient_norms,
    plot_loss_curves,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=40)
    y = (rng.uniform(size=40) < 1 / (1 + np.exp(-(0.5 + 2 * x)))).astype(float)
    return add_intercept(x[:, None]), y


@pytest.fixture
def fits(data):
    X, y = data
    theta0 = np.array([1.5, -1.0])
    gd = fit_gradient_descent(X, y, learning_rate=1.0, n_steps=30, theta0=theta0)
    newton = fit_newton(X, y, theta0=theta0)
    return gd, newton


def test_loss_on_grid_evaluates_the_loss_at_b_rows_and_w_columns(data):
    X, y = data
    W, B, Z = loss_on_grid(log_loss, X, y, (-1, 3), (-2, 2), num=7)
    assert W.shape == B.shape == Z.shape == (7, 7)
    np.testing.assert_array_equal(W[0], np.linspace(-1, 3, 7))
    np.testing.assert_array_equal(B[:, 0], np.linspace(-2, 2, 7))
    for i, j in [(0, 0), (3, 5), (6, 2)]:
        # vectorised over the grid (helpers.loss_grid): the same sum in another order, so a few ulp apart
        assert Z[i, j] == pytest.approx(log_loss(np.array([B[i, j], W[i, j]]), X, y), rel=1e-14)


def test_new_axes_when_none_given(fits):
    gd, _ = fits
    assert plot_loss_curves([gd]).figure is not None
    assert plot_gradient_norms([gd]).figure is not None


def test_loss_curves_plot_the_gap_on_a_log_scale(fits):
    gd, newton = fits
    J_star = min(gd.losses.min(), newton.losses.min()) - 1e-3
    fig, ax = plt.subplots()
    assert plot_loss_curves([gd, newton], ["GD", "Newton"], optimum=J_star, ax=ax) is ax
    assert ax.get_yscale() == "log"
    for line, result in zip(ax.lines, [gd, newton]):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(result.losses.size))
        np.testing.assert_allclose(line.get_ydata(), result.losses - J_star, rtol=1e-15)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["GD", "Newton"]


def test_loss_curves_default_optimum_is_the_smallest_loss_and_non_positive_gaps_are_left_out():
    a = np.array([3.0, 2.0, 1.5, 1.25])
    b = np.array([3.0, 1.0])
    ax = plot_loss_curves([a, b])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), a - 1.0)
    y_b = ax.lines[1].get_ydata()
    assert y_b[0] == 2.0 and np.isnan(y_b[1])  # the gap 0 cannot be drawn on a log axis
    assert ax.get_legend() is None


def test_gradient_norms_are_drawn_as_given(fits):
    gd, newton = fits
    fig, ax = plt.subplots()
    assert plot_gradient_norms({"GD": gd, "Newton": newton}, ax=ax) is ax
    assert ax.get_yscale() == "log"
    for line, result in zip(ax.lines, [gd, newton]):
        expected = np.where(result.gradient_norms > 0, result.gradient_norms, np.nan)
        np.testing.assert_array_equal(line.get_ydata(), expected)
    ax = plot_gradient_norms([np.array([1.0, 0.0])])
    assert np.isnan(ax.lines[0].get_ydata()[1])


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda X, y: loss_on_grid(log_loss, X, y, (1, -1), (-1, 1)), r"^w_range must be \(low, high\) with finite low < high"),
        (lambda X, y: loss_on_grid(log_loss, X, y, (-1, 1), (-1, np.inf)), r"^b_range must be \(low, high\)"),
        (lambda X, y: loss_on_grid(log_loss, X, y, (-1, 1), (-1, 1), num=1), r"^num must be an integer >= 2, got 1"),
        (lambda X, y: plot_loss_curves([np.array([])]),
         r"^results\[0\] must be a FitResult or a non-empty 1-D sequence of losses, got an array of shape \(0,\)"),
        (lambda X, y: plot_loss_curves({"a": np.ones(3), "b": np.ones((2, 2))}), r"^results\['b'\] must be .* shape \(2, 2\)"),
        (lambda X, y: plot_gradient_norms([np.ones(3)], labels=["a", "b"]), r"^labels has 2 entries but results has 1"),
        (lambda X, y: plot_loss_curves({"a": np.ones(3)}, labels=["a"]), r"give labels either as the keys of a mapping"),
    ],
)
def test_bad_arguments_raise_value_error(data, call, pattern):
    X, y = data
    with pytest.raises(ValueError, match=pattern):
        call(X, y)


def test_no_global_state_is_changed_on_import():
    import importlib

    import helpers.plotting

    before = dict(matplotlib.rcParams)
    importlib.reload(helpers.plotting)
    assert dict(matplotlib.rcParams) == before
