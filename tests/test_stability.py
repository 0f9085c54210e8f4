"""helpers.stability: the naive formulas fail where the chapter says they do; the measuring tools are right."""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest

from helpers import (
    log_loss,
    log_loss_gradient,
    log_loss_hessian,
    naive_log_loss,
    naive_log_loss_gradient,
    naive_log_loss_hessian,
    naive_log_loss_logaddexp,
    naive_sigmoid,
    record_warnings,
    reference_curvature,
    reference_log_loss,
    reference_residual,
    sigmoid,
    smallest_float_where,
    ulp_error,
)

ONE = np.array([[1.0]])


# ---------------------------------------------------------------------------
# ulp_error
# ---------------------------------------------------------------------------

def test_ulp_error_known_cases():
    assert ulp_error(1.0, 1.0) == 0
    assert ulp_error(np.nextafter(1.0, 2.0), 1.0) == 1
    assert ulp_error(np.nextafter(1.0, 0.0), 1.0) == 1
    # across a power of two: 1 - 2^-53 and 1 + 2^-52 are neighbours of 1 on either side
    assert ulp_error(1.0 + 2.0**-52, 1.0 - 2.0**-53) == 2
    assert ulp_error(3.0, 1.0) == 2**52 + 2**51
    # signed zeros are the same number; the two smallest subnormals of opposite sign are 2 apart
    assert ulp_error(-0.0, 0.0) == 0
    assert ulp_error(5e-324, -5e-324) == 2
    assert ulp_error(2 * 5e-324, 0.0) == 2
    # the whole range fits (no int64 overflow)
    big = np.finfo(np.float64).max
    assert ulp_error(-big, big) == pytest.approx(2 * (2**63 - 2**52 - 1))


def test_ulp_error_rounds_the_exact_value_once():
    with mpmath.workdps(30):
        third = mpmath.mpf(1) / 3
        half_ulp_above_one = mpmath.mpf(1) + mpmath.mpf(2) ** -53
    assert ulp_error(1 / 3, third) == 0
    assert ulp_error(np.nextafter(1 / 3, 1.0), third) == 1
    # an exact value half an ulp above 1 rounds to 1 (ties to even)
    assert ulp_error(1.0, half_ulp_above_one) == 0


def test_ulp_error_non_finite_and_arrays():
    assert ulp_error(np.nan, 1.0) == np.inf
    assert ulp_error(np.inf, 1.0) == np.inf
    assert ulp_error(np.inf, np.inf) == 0
    assert ulp_error(-np.inf, np.inf) == np.inf
    got = ulp_error([1.0, np.nextafter(2.0, 3.0), np.nan], [mpmath.mpf(1), mpmath.mpf(2), mpmath.mpf(3)])
    np.testing.assert_array_equal(got, [0.0, 1.0, np.inf])
    assert isinstance(ulp_error(1.0, 1.0), float)


# ---------------------------------------------------------------------------
# smallest_float_where
# ---------------------------------------------------------------------------

def test_smallest_float_where_finds_the_exact_threshold():
    x = smallest_float_where(lambda t: t >= 2.5, 1.0, 4.0)
    assert x == 2.5
    x = smallest_float_where(lambda t: t * t > 2.0, 1.0, 2.0)
    assert x * x > 2.0 and np.nextafter(x, 0.0) ** 2 <= 2.0


def test_sigmoid_rounds_to_one_at_53_ln_2():
    z1 = smallest_float_where(lambda t: naive_sigmoid(t) == 1.0, 30.0, 40.0)
    assert naive_sigmoid(z1) == 1.0 and naive_sigmoid(np.nextafter(z1, 0.0)) < 1.0
    # 1 + e rounds to 1 once e <= 2^-53, i.e. z >= 53 ln 2 (up to the rounding of exp)
    assert z1 == pytest.approx(53 * math.log(2), rel=1e-15)


def test_float32_thresholds():
    z1 = smallest_float_where(lambda t: naive_sigmoid(t) == 1, 10.0, 20.0, dtype=np.float32)
    assert isinstance(z1, np.float32)
    assert z1 == pytest.approx(24 * math.log(2), rel=1e-6)


def test_exp_overflow_threshold():
    with np.errstate(over="ignore"):
        x = smallest_float_where(lambda t: np.isinf(np.exp(t)), 700.0, 720.0)
    assert np.nextafter(x, 0.0) == pytest.approx(math.log(np.finfo(np.float64).max), rel=1e-15)


def test_smallest_float_where_rejects_bad_brackets():
    with pytest.raises(ValueError):
        smallest_float_where(lambda t: t > 0, 1.0, 2.0)  # True at lo
    with pytest.raises(ValueError):
        smallest_float_where(lambda t: t > 5, 1.0, 2.0)  # False at hi
    with pytest.raises(ValueError):
        smallest_float_where(lambda t: t > 0, -1.0, 2.0)
    with pytest.raises(ValueError):
        smallest_float_where(lambda t: t > 1, 1.0, 2.0, dtype=np.float16)


# ---------------------------------------------------------------------------
# the naive formulas fail, the stable helpers do not
# ---------------------------------------------------------------------------

def test_naive_log_loss_is_nan_for_a_confident_correct_prediction():
    with pytest.warns(RuntimeWarning):
        value = naive_log_loss([40.0], ONE, [1])
    assert math.isnan(value)
    stable = log_loss([40.0], ONE, [1])
    assert np.isfinite(stable) and ulp_error(stable, reference_log_loss(40.0, 1)) <= 2


def test_naive_sigmoid_overflows_below_minus_709_78():
    with pytest.warns(RuntimeWarning, match="overflow"):
        naive_sigmoid(-710.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        naive_sigmoid(-709.0)  # still fine
        sigmoid(-710.0)


def test_naive_log_loss_agrees_in_the_easy_range():
    rng = np.random.default_rng(7)
    X = np.column_stack([np.ones(30), rng.standard_normal(30)])
    y = (rng.random(30) < 0.5).astype(float)
    theta = np.array([0.3, -1.2])
    assert naive_log_loss(theta, X, y) == pytest.approx(log_loss(theta, X, y), rel=1e-14)
    assert naive_log_loss_logaddexp(theta, X, y) == pytest.approx(log_loss(theta, X, y), rel=1e-14)
    np.testing.assert_allclose(naive_log_loss_gradient(theta, X, y), log_loss_gradient(theta, X, y), rtol=1e-12)
    np.testing.assert_allclose(naive_log_loss_hessian(theta, X, y), log_loss_hessian(theta, X, y), rtol=1e-12)


def test_logaddexp_form_cancels_to_zero_for_y_1():
    # no warning, no NaN, but every digit lost
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert naive_log_loss_logaddexp([40.0], ONE, [1]) == 0.0
    assert float(reference_log_loss(40.0, 1)) > 4e-18


def test_naive_gradient_and_hessian_lose_the_tail():
    assert naive_log_loss_gradient([40.0], ONE, [1])[0] == 0.0
    assert naive_log_loss_hessian([40.0], ONE, [1])[0, 0] == 0.0
    assert log_loss_gradient([40.0], ONE, [1])[0] < 0
    assert ulp_error(log_loss_hessian([40.0], ONE, [1])[0, 0], reference_curvature(40.0)) <= 4


def test_naive_sigmoid_keeps_float32():
    assert naive_sigmoid(np.float32(1.0)).dtype == np.float32
    assert naive_sigmoid(1).dtype == np.float64
    assert naive_sigmoid([0.0, 1.0]).shape == (2,)


def test_record_warnings_catches_and_lists_them_once():
    def noisy():
        np.exp(np.array([800.0, 900.0]))  # overflows: the warning is the point
        return np.log(np.array([0.0])) * 0
    result, messages = record_warnings(noisy)
    assert np.isnan(result).all()
    assert messages == [
        "RuntimeWarning: overflow encountered in exp",
        "RuntimeWarning: divide by zero encountered in log",
        "RuntimeWarning: invalid value encountered in multiply",
    ]
    assert record_warnings(lambda x: x + 1, 1) == (2, [])


# ---------------------------------------------------------------------------
# the mpmath references
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("z", [-1000.0, -40.0, -1.0, 0.0, 0.5, 40.0, 1000.0])
def test_references_match_the_stable_closed_forms(z):
    # log(1 + e^s) with s = z (y = 0) or -z (y = 1): the same numbers, computed without cancellation
    with mpmath.workdps(60):
        zz = mpmath.mpf(z)
        for y, s in ((0, zz), (1, -zz)):
            assert abs(reference_log_loss(z, y) / mpmath.log1p(mpmath.exp(s)) - 1) < mpmath.mpf(10) ** -48
        assert abs(reference_residual(z, 1) / (-1 / (1 + mpmath.exp(zz))) - 1) < mpmath.mpf(10) ** -48
        assert abs(reference_residual(z, 0) / (1 / (1 + mpmath.exp(-zz))) - 1) < mpmath.mpf(10) ** -48
        expected = mpmath.exp(-abs(zz)) / (1 + mpmath.exp(-abs(zz))) ** 2
        assert abs(reference_curvature(z) / expected - 1) < mpmath.mpf(10) ** -48


def test_references_reject_bad_labels():
    with pytest.raises(ValueError):
        reference_log_loss(1.0, 0.5)
    with pytest.raises(ValueError):
        reference_residual(1.0, 2)


def test_textbook_formula_at_fixed_precision_also_fails():
    # the reason the references raise the working precision with |z|: at 50 digits, 1 - h is 0 at z = 200
    with mpmath.workdps(50):
        h = 1 / (1 + mpmath.exp(-mpmath.mpf(200)))
        assert 1 - h == 0
    assert reference_log_loss(200.0, 0) == pytest.approx(200.0, rel=1e-15)
