"""helpers.derivation: a displayed derivation is checked as displayed, and a wrong or invisible step fails."""

from __future__ import annotations

import pytest
import sympy as sp

from helpers.derivation import Derivation, add, frac, mul, paren, show, sigma

x = sp.symbols("x", real=True)
E = sp.exp(-x)
g = add(1, E)
g2 = sp.Pow(g, 2, evaluate=False)


def sigmoid_derivation(*lines):
    return Derivation(r"\sigma'(x)", lines)


def test_a_correct_derivation_passes_and_shows_each_line_as_written():
    d = sigmoid_derivation(
        (frac(E, g2), "quotient rule"),
        (frac(add(1, -1, E), g2), "add and subtract 1"),
        (mul(frac(1, g), add(1, -frac(1, g))), "factor"),
        (mul(sigma(x), add(1, -sigma(x))), "σ = 1/(1 + e⁻ˣ)"),
    )
    d.check(target=sp.diff(1 / (1 + sp.exp(-x)), x))
    assert d.lines[1].latex == r"\frac{1 - 1 + e^{- x}}{\left(1 + e^{- x}\right)^{2}}"  # the move is visible
    assert d.lines[3].latex == r"\sigma(x) \left(1 - \sigma(x)\right)"
    assert d.latex().count(r"\\") == 3 and r"\text{add and subtract 1}" in d.latex()


def test_a_wrong_line_is_named():
    d = sigmoid_derivation((frac(E, g2), "quotient rule"), (frac(mul(2, E), g2), "a slip"))
    with pytest.raises(AssertionError, match="line 2 .a slip"):
        d.check()


def test_two_lines_that_look_the_same_fail_even_though_they_are_equal():
    d = sigmoid_derivation((frac(E, g2), "quotient rule"), (frac(sp.exp(-x), sp.Pow(add(1, E), 2, evaluate=False)), "x"))
    with pytest.raises(AssertionError, match="displayed the same"):
        d.check()


def test_a_line_without_a_rule_fails():
    with pytest.raises(AssertionError, match="has no rule"):
        sigmoid_derivation((frac(E, g2), " ")).check()


def test_the_target_is_checked():
    with pytest.raises(AssertionError, match="does not equal the target"):
        sigmoid_derivation((frac(E, g2), "quotient rule")).check(target=E)


def test_a_mutated_line_no_longer_matches_its_latex():
    d = sigmoid_derivation((frac(E, g2), "quotient rule"))
    object.__setattr__(d.lines[0], "latex", r"\frac{1}{2}")
    with pytest.raises(AssertionError, match="not the LaTeX of the expression"):
        d.check()


def test_builders_keep_what_sympy_would_rewrite():
    assert show(mul(frac(1, g), add(1, -frac(1, g)))) == r"\frac{1}{1 + e^{- x}} \left(1 - \frac{1}{1 + e^{- x}}\right)"
    assert show(mul(2, paren(mul(-1, x)))) == r"2 \left(- x\right)"
    assert sp.simplify(sigma(x).doit() - 1 / (1 + sp.exp(-x))) == 0
    assert sp.simplify(sp.diff(sigma(x), x) - sigma(x) * (1 - sigma(x))) == 0


def test_rules_are_escaped_for_latex_text_and_may_hold_math():
    d = Derivation("f", [(x, "50% of {a} & b_c")])
    assert r"\text{50\% of \{a\} \& b_c}" in d.latex()
    d = Derivation("f", [(x, "by $\\sigma' = \\sigma(1 - \\sigma)$, twice")])
    assert r"\text{by } \sigma' = \sigma(1 - \sigma) \text{, twice}" in d.latex()
    with pytest.raises(ValueError, match="unmatched"):
        Derivation("f", [(x, "a $b")]).latex()


def test_empty_and_malformed_lines_are_refused_by_name():
    with pytest.raises(ValueError, match="lines must hold"):
        Derivation("f", [])
    with pytest.raises(ValueError, match="line 1 must be an"):
        Derivation("f", [(x,)])


def test_unicode_in_a_rule_is_written_as_latex_for_katex():
    from helpers.derivation import unicode_as_latex

    assert unicode_as_latex(r"\text{σ′ = σ(1 − σ)} + x − y") == r"\text{$\sigma'$ = $\sigma$(1 $-$ $\sigma$)} + x - y"
    assert unicode_as_latex(r"\text{Xᵀ and θⱼ²}") == r"\text{X$^{\top}$ and $\theta_{j}^{2}$}"
    assert unicode_as_latex(r"\frac{a}{b}") == r"\frac{a}{b}"   # nothing outside \text but − and ′


def test_the_website_rows_give_back_every_line_and_rule_as_checked():
    from helpers.derivation import derivation_rows, rule_pieces

    d = sigmoid_derivation(
        (frac(E, g2), "quotient rule"),
        (mul(sigma(x), add(1, -sigma(x))), "by $\\sigma' = \\sigma(1 - \\sigma)$, 50% of {a}"),
    )
    d.check()
    rows = derivation_rows(d.latex())
    assert [(r.lhs, r.line) for r in rows] == [(r"\sigma'(x)", d.lines[0].latex), ("", d.lines[1].latex)]
    assert rule_pieces(rows[1].rule) == [("text", "by "), ("math", r"\sigma' = \sigma(1 - \sigma)"), ("text", ", 50% of {a}")]


def test_formulas_that_are_not_derivations_have_no_rows():
    from helpers.derivation import derivation_rows

    assert derivation_rows(r"a &= b \\ &= c") is None                     # no rules
    assert derivation_rows(r"\ell(z, y) &= s, \\ h - y &= t, \qquad \text{x}") is None  # a left-hand side on row 2
    assert derivation_rows(r"J = \frac1m \sum_i \ell_i") is None
    rows = derivation_rows(r"\begin{pmatrix}a\\b\end{pmatrix} &= b \qquad \text{x} \\ &= \left\{ c \right\} \qquad \text{y}")
    assert [r.line for r in rows] == ["b", r"\left\{ c \right\}"]     # a \\ inside an environment is not a row


class _spaced(sp.Function):  # a line whose LaTeX holds the separator the website splits rules at
    nargs = 1

    def _latex(self, printer, exp=None):
        return rf"{printer._print(self.args[0])} \qquad 0"


def test_a_line_the_website_would_split_wrongly_fails_the_check():
    d = sigmoid_derivation((frac(E, g2), "quotient rule"), (_spaced(frac(E, g2)), "nothing"))
    with pytest.raises(AssertionError, match="the row the website shows is not the line checked"):
        d.check(equal=lambda a, b: True)
