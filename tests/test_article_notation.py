"""Unit tests for helpers.article_notation: the Steps 1–4 notation prints as written and evaluates on data."""

from __future__ import annotations

import pytest
import sympy as sp

from helpers import cancel_exponentials, per_sample_log_loss, sample_symbols, symbolic_data, symbolic_log_loss, symbolic_log_loss_gradient
from helpers.article_notation import (
    ExampleSum,
    Feature,
    GradientEntry,
    Log,
    Loss,
    Label,
    Partial,
    PartialOf,
    Prediction,
    Score,
    SigmaPrime,
    equal_on_data,
    example_sum,
    i,
    j,
    m,
    on_data,
)
from helpers.derivation import Derivation, add, frac, mul, paren, show, sigma


@pytest.fixture(scope="module")
def data():
    return symbolic_data(3, 3, intercept=True)


def test_index_symbols_are_those_of_sample_symbols():
    s = sample_symbols()
    assert (i, j, m) == (s.i, s.j, s.m)


@pytest.mark.parametrize(
    ("expr", "latex"),
    [
        (Label(i), "y^{(i)}"),
        (Prediction(i), "h^{(i)}"),
        (Feature(i, j), "x_{j}^{(i)}"),
        (Score(i), "z^{(i)}"),
        (Loss(i), r"\ell^{(i)}"),
        (Log(Prediction(i)), r"\log h^{(i)}"),
        (Log(add(1, -Prediction(i))), r"\log\bigl(1 - h^{(i)}\bigr)"),
        (SigmaPrime(Score(i)), r"\sigma'(z^{(i)})"),
        (Partial(Prediction(i), j), r"\frac{\partial h^{(i)}}{\partial \theta_{j}}"),
        (Partial(add(1, -Prediction(i)), j), r"\frac{\partial \left(1 - h^{(i)}\right)}{\partial \theta_{j}}"),
        (PartialOf(sp.log(Prediction(i)), j), r"\frac{\partial}{\partial \theta_{j}} \log{\left(h^{(i)} \right)}"),
        (GradientEntry(j), r"\bigl[X^\top (h - y)\bigr]_{j}"),
        (example_sum(add(Label(i), -Prediction(i))), r"\sum_{i=1}^{m} \left[y^{(i)} - h^{(i)}\right]"),
        (example_sum(mul(add(Prediction(i), -Label(i)), Feature(i, j))),
         r"\sum_{i=1}^{m} \left(h^{(i)} - y^{(i)}\right) x_{j}^{(i)}"),
    ],
)
def test_prints_as_written(expr, latex):
    assert show(expr) == latex


def test_example_sum_stays_unevaluated_while_m_is_a_symbol():
    s = example_sum(mul(Label(i), Feature(i, j)))
    assert isinstance(s, ExampleSum) and s.doit() == s
    expanded = s.subs(m, 2).doit()
    assert expanded == Label(1) * Feature(1, j) + Label(2) * Feature(2, j)


def test_on_data_replaces_each_object_by_its_value(data):
    X, theta, y = data
    z = X * theta
    assert on_data(Label(2), theta, X, y) == y[1]
    assert on_data(Feature(3, j), theta, X, y, j_value=2) == X[2, 2]
    assert on_data(Score(1), theta, X, y) == z[0]
    assert sp.simplify(on_data(Prediction(1), theta, X, y) - 1 / (1 + sp.exp(-z[0]))) == 0
    assert sp.simplify(on_data(sigma(Score(2)), theta, X, y) - 1 / (1 + sp.exp(-z[1]))) == 0
    assert on_data(Partial(Score(2), j), theta, X, y, j_value=1) == X[1, 1]


def test_partial_differentiates_with_respect_to_theta_j(data):
    X, theta, y = data
    expr = example_sum(mul(Label(i), PartialOf(sp.log(Prediction(i)), j)))
    for k in range(3):
        direct = sum(y[r] * sp.diff(sp.log(1 / (1 + sp.exp(-(X * theta)[r]))), theta[k]) for r in range(3))
        assert cancel_exponentials(on_data(expr, theta, X, y, k) - direct, theta, X) == 0


def test_brackets_from_paren_are_evaluated_through(data):
    X, theta, y = data
    assert on_data(mul(2, paren(-Label(1))), theta, X, y) == -2 * y[0]


def test_log_is_the_natural_logarithm(data):
    X, theta, y = data
    assert on_data(Log(Label(1)), theta, X, y) == sp.log(y[0])


def test_sigma_prime_is_sigma_times_one_minus_sigma(data):
    X, theta, y = data
    lhs = on_data(SigmaPrime(Score(1)), theta, X, y)
    rhs = on_data(mul(Prediction(1), add(1, -Prediction(1))), theta, X, y)
    assert cancel_exponentials(lhs - rhs, theta, X) == 0


def test_gradient_entry_is_the_closed_form(data):
    X, theta, y = data
    closed = symbolic_log_loss_gradient(theta, X, y)
    for k in range(3):
        value = on_data(mul(frac(1, m), GradientEntry(j)), theta, X, y, k)
        assert cancel_exponentials(value - closed[k], theta, X) == 0


def test_loss_in_the_notation_is_the_symbolic_log_loss(data):
    X, theta, y = data
    loss = mul(-1, frac(1, m), example_sum(add(mul(Label(i), sp.log(Prediction(i))),
                                               mul(add(1, -Label(i)), sp.log(add(1, -Prediction(i)))))))
    J = symbolic_log_loss(theta, X, y)
    assert cancel_exponentials(on_data(loss, theta, X, y) - J, theta, X) == 0
    for k in range(3):
        derivative = on_data(PartialOf(loss, j), theta, X, y, k)
        assert cancel_exponentials(derivative - sp.diff(J, theta[k]), theta, X) == 0


def test_equal_on_data_accepts_the_identity_and_rejects_a_slip(data):
    X, theta, y = data
    equal = equal_on_data(theta, X, y)
    y_, h_, x_ = Label(i), Prediction(i), Feature(i, j)
    step3 = mul(-1, frac(1, m), example_sum(mul(add(y_, -h_), x_)))
    step4 = mul(frac(1, m), example_sum(mul(add(h_, -y_), x_)))
    assert equal(step3, step4)
    assert not equal(step3, mul(frac(1, m), example_sum(mul(add(y_, -h_), x_))))   # the sign
    assert not equal(step4, mul(frac(1, 2 * m), example_sum(mul(add(h_, -y_), x_))))   # the factor


def test_a_derivation_in_this_notation_is_checked_as_displayed(data):
    X, theta, y = data
    y_, h_, x_ = Label(i), Prediction(i), Feature(i, j)
    d = Derivation(r"\frac{\partial J}{\partial \theta_j}", [
        (mul(-1, frac(1, m), example_sum(mul(add(y_, -mul(y_, h_), -h_, mul(y_, h_)), x_))), "multiply out"),
        (mul(-1, frac(1, m), example_sum(mul(add(y_, -h_), x_))), "cancel"),
        (mul(frac(1, m), GradientEntry(j)), "matrix form"),
    ])
    d.check(equal=equal_on_data(theta, X, y))
    bad = Derivation("J", [(mul(frac(1, m), GradientEntry(j)), "a"), (mul(frac(1, m), example_sum(x_)), "b")])
    with pytest.raises(AssertionError, match="does not equal"):
        bad.check(equal=equal_on_data(theta, X, y))


def test_on_data_refuses_what_it_cannot_evaluate(data):
    X, theta, y = data
    with pytest.raises(ValueError, match="j_value"):
        on_data(Feature(1, j), theta, X, y)
    with pytest.raises(ValueError, match="example index"):
        on_data(Label(4), theta, X, y)
    with pytest.raises(ValueError, match="j_value must be a column"):
        on_data(Label(1), theta, X, y, j_value=3)
    with pytest.raises(ValueError, match="shapes"):
        on_data(Label(1), theta, X, y[:2, :])


def test_loss_of_one_example_and_checks_per_example(data):
    X, theta, y = data
    z = X * theta
    assert on_data(Loss(2), theta, X, y) == per_sample_log_loss(y[1], 1 / (1 + sp.exp(-z[1])))
    per_example = equal_on_data(theta, X, y, each_example=True)
    y_, h_, x_ = Label(i), Prediction(i), Feature(i, j)
    derivative = Partial(Loss(i), j)
    assert per_example(derivative, mul(add(h_, -y_), x_))
    assert not per_example(derivative, mul(add(y_, -h_), x_))
    # equal sums are not enough: a line that moves a term between examples fails per example
    assert not per_example(Label(i), Label(1))
