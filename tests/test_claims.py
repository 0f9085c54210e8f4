"""helpers.claims.shown: a number on the page is asserted at the precision the reader sees."""

from __future__ import annotations

import pytest

from helpers.claims import parse_shown, shown


@pytest.mark.parametrize("text, value", [
    ("51 %", 51.3), ("1.4e-18", 1.43e-18), ("76.6", 76.61), ("65,519", 65519.2), ("−13.02", -13.0213),
    ("1.4 × 10⁻¹⁸", 1.4e-18), ("6.09", 6.0912), ("228", 228), ("0.25", 0.25), (r"1.6 \times 10^{-16}", 1.6e-16),
    ("10^{-6}", 1e-6), ("0.00", -0.001),
])
def test_a_value_that_prints_as_shown_passes(text, value):
    assert shown(text, value) == text


@pytest.mark.parametrize("text, value", [
    ("51 %", 51.6), ("1.4e-18", 1.5e-18), ("76.6", 76.5), ("228", 227.4), ("above 100", 76.6), ("0.25", float("nan")),
])
def test_a_value_that_prints_otherwise_fails(text, value):
    with pytest.raises((AssertionError, ValueError)):
        shown(text, value)


def test_bounds():
    shown("10^{-16}", 1.2e-17, "<")
    shown("1e-18", 1e-18, "<=")
    with pytest.raises(AssertionError, match="says < '10"):
        shown("10^{-16}", 1.6e-16, "<")
    with pytest.raises(ValueError, match="relation must be"):
        shown("1", 1, "==")


def test_parse_reports_the_precision_shown():
    assert parse_shown("1.40e-18")[2] == 3
    assert parse_shown("0.250")[1] == 3
    assert parse_shown("51 %")[3] is True
