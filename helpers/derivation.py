"""Derivations shown the way a person writes them, and checked as shown.

A :class:`Derivation` is a list of lines, each an expression and the rule that
leads to it ("chain rule", "add and subtract 1", ...).  The LaTeX a reader sees
is printed *from* each line's expression, in the order its terms were written
(``order="none"``), so what is displayed is what is checked.  Build the
expressions so that SymPy cannot rewrite them: ``evaluate=False``,
:func:`frac`, :func:`mul`, :func:`add`, ``sp.UnevaluatedExpr``, or functions
such as :class:`sigma` that print as a name and evaluate only on ``doit()``.

:meth:`Derivation.check` asserts, and names the line that fails:

- consecutive lines are equal in value (after ``doit()``, by ``simplify`` or a
  given ``equal(a, b)``);
- no two consecutive lines are displayed the same (the LaTeX differs), so no
  step is invisible;
- every line has a rule in words;
- each line's LaTeX is the LaTeX of its expression (printed again now);
- the website's rows (:func:`derivation_rows`, which the site typesets one by one so that each rule can sit
  beside its line or under it) give back exactly these lines and rules;
- optionally, the last line equals a target (for example SymPy's own result).

Example
-------
>>> import sympy as sp
>>> x = sp.symbols("x", real=True)
>>> d = Derivation(r"\\frac{d}{dx}\\,x^2", [
...     (sp.Derivative(x**2, x), "definition"),
...     (mul(2, x), "power rule"),
... ])
>>> d.check(target=2 * x)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import re
from dataclasses import dataclass

import sympy as sp

__all__ = ["Derivation", "Line", "Row", "derivation_rows", "rule_pieces", "sigma", "frac", "mul", "add", "paren", "show",
           "unicode_as_latex"]


def show(expr, **settings) -> str:
    """The LaTeX of ``expr`` as written: terms in the order given, products with a thin space."""
    options = {"order": "none", "mul_symbol": None}
    options.update(settings)
    return sp.latex(expr, **options)


def mul(*factors):
    """A product kept as written: SymPy neither reorders the factors nor merges them into one fraction."""
    return sp.Mul(*(sp.UnevaluatedExpr(f) if isinstance(f, (sp.Add, sp.Mul, sp.Pow)) else f for f in factors),
                  evaluate=False)


def add(*terms):
    """A sum kept as written (no terms are combined or cancelled)."""
    return sp.Add(*terms, evaluate=False)


def frac(numerator, denominator):
    """``numerator / denominator`` kept as a fraction, printed ``\\frac{numerator}{denominator}``."""
    if numerator == 1:
        return sp.Pow(denominator, -1, evaluate=False)
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


class paren(sp.Function):  # noqa: N801 - reads like the bracket it prints
    """``expr`` in brackets, always: ``mul(2, paren(mul(-1, x)))`` prints ``2 \\left(- x\\right)``; ``doit()`` drops them."""

    nargs = 1

    def doit(self, deep=True, **hints):
        return self.args[0].doit(deep=deep, **hints) if deep else self.args[0]

    def _eval_rewrite_as_exp(self, expr, **kwargs):
        return expr

    def _latex(self, printer, exp=None):
        inner = rf"\left({printer._print(self.args[0])}\right)"
        return inner if exp is None else rf"{inner}^{{{exp}}}"


class sigma(sp.Function):  # noqa: N801 - the sigmoid reads as the math does
    """The sigmoid as a named function: printed ``\\sigma(z)``, equal to ``1/(1 + e^{-z})`` after ``doit()``."""

    nargs = 1

    def doit(self, deep=True, **hints):
        z = self.args[0].doit(deep=deep, **hints) if deep else self.args[0]
        return 1 / (1 + sp.exp(-z))

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def fdiff(self, argindex=1):
        z = self.args[0]
        return sigma(z) * (1 - sigma(z))

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        name = r"\sigma" if exp is None else rf"\sigma^{{{exp}}}"
        return rf"{name}({inner})"


@dataclass(frozen=True)
class Line:
    """One line of a derivation: the expression, the rule that leads to it, and its LaTeX."""

    expr: sp.Basic
    rule: str
    latex: str


def _plain(text: str) -> str:
    escaped = text.replace("\\", r"\backslash ").replace("{", r"\{").replace("}", r"\}")
    escaped = escaped.replace("′", "'")  # the math fonts' text has no U+2032 glyph; an apostrophe prints as a prime
    for char in "%&#":  # special in TeX's \text
        escaped = escaped.replace(char, "\\" + char)
    return rf"\text{{{escaped}}}"


def _text(rule: str) -> str:
    """A rule as LaTeX: plain text in ``\\text{}``, and ``$...$`` pieces as math (``"by $\\sigma' = \\sigma(1-\\sigma)$"``)."""
    pieces = rule.split("$")
    if len(pieces) % 2 == 0:
        raise ValueError(f"a rule has an unmatched $: {rule!r}")
    return " ".join(_plain(piece) if k % 2 == 0 else piece for k, piece in enumerate(pieces) if piece)


_UNPLAIN = {r"\backslash ": "\\", r"\{": "{", r"\}": "}", r"\%": "%", r"\&": "&", r"\#": "#"}


def rule_pieces(latex: str) -> list[tuple[str, str]]:
    """A rule's LaTeX (as :func:`_text` writes it) back as pieces: ``("text", words)`` and ``("math", tex)``.

    ``\\text{by } \\sigma' = \\sigma(1 - \\sigma) \\text{, twice}`` gives ``[("text", "by "), ("math",
    "\\sigma' = \\sigma(1 - \\sigma)"), ("text", ", twice")]``. The website sets the words as text that wraps
    and the math with KaTeX. Raises ValueError if ``latex`` is not a rule as ``_text`` writes it.
    """
    pieces: list[tuple[str, str]] = []
    position = 0
    text = re.compile(r"\\text\{((?:[^{}\\]|\\backslash |\\[{}%&#])*)\}")
    while position < len(latex):
        m = text.match(latex, position)
        if m:
            words = re.sub(r"\\backslash |\\[{}%&#]", lambda e: _UNPLAIN[e.group(0)], m.group(1))
            pieces.append(("text", words))
            position = m.end()
        else:  # a math piece: up to the next " \text{" (the pieces are joined by one space)
            following = latex.find(" \\text{", position)
            end = len(latex) if following < 0 else following
            pieces.append(("math", latex[position:end]))
            position = end
        if latex.startswith(" ", position):
            position += 1
    if not pieces or _text_of(pieces) != latex:
        raise ValueError(f"not a rule as Derivation writes it: {latex!r}")
    return pieces


def _text_of(pieces) -> str:
    return " ".join(_plain(p) if kind == "text" else p for kind, p in pieces)


@dataclass(frozen=True)
class Row:
    """One row of a displayed derivation, as the page lays it out: ``lhs`` (first row only), ``= line``, the rule."""

    lhs: str
    line: str
    rule: str


def _top_level(latex: str, token: str) -> list[int]:
    """Where ``token`` occurs in ``latex`` outside braces and environments."""
    found, depth, k = [], 0, 0
    while k < len(latex):
        if latex.startswith("\\begin{", k):
            depth += 1
        elif latex.startswith("\\end{", k):
            depth -= 1
        if depth == 0 and latex.startswith(token, k):
            found.append(k)
            k += len(token)
            continue
        char = latex[k]
        if char == "\\":
            k += 2  # an escaped character (\{, \\) never opens or closes a group
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        k += 1
    return found


def _split_at(latex: str, token: str) -> list[str]:
    cuts = _top_level(latex, token)
    starts = [0] + [c + len(token) for c in cuts]
    ends = cuts + [len(latex)]
    return [latex[a:b] for a, b in zip(starts, ends)]


ROW_SEPARATOR = " \\\\ "
RULE_SEPARATOR = " \\qquad "


def derivation_rows(latex: str) -> list[Row] | None:
    """The rows of a derivation's LaTeX (what :meth:`Derivation.latex` writes), or None if ``latex`` is not one.

    The website typesets a derivation row by row from these (``_ext/offline_site``), so that each rule can sit
    beside its line or drop under it; :meth:`Derivation.check` asserts that they give back every displayed line
    and rule, so the rows shown are the lines checked.
    """
    rows = []
    for k, row in enumerate(_split_at(latex.strip(), ROW_SEPARATOR.strip())):
        row = row.strip()
        columns = _split_at(row, "&")
        if len(columns) != 2 or not columns[1].startswith("= "):
            return None
        lhs, rest = columns[0].strip(), columns[1][2:]
        if (k == 0) != bool(lhs):
            return None
        parts = _split_at(rest, RULE_SEPARATOR)
        if len(parts) < 2:
            return None
        line, rule = parts[0], RULE_SEPARATOR.join(parts[1:])
        try:
            rule_pieces(rule)
        except ValueError:
            return None
        rows.append(Row(lhs=lhs, line=line, rule=rule))
    return rows or None


def _same_display(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        for token in (r"\left", r"\right", r"\,", r"\;", r"\!", " "):
            s = s.replace(token, "")
        return s

    return norm(a) == norm(b)


def _simplify_equal(a, b) -> bool:
    difference = sp.simplify((a - b).rewrite(sp.exp))
    return difference == 0


class Derivation:
    """A displayed derivation ``lhs = line_1 = line_2 = ...``, each line with its rule.

    Parameters
    ----------
    lhs : str
        LaTeX of the left-hand side, shown once (e.g. ``r"\\sigma'(x)"``).
    lines : sequence of (expr, rule)
        Each line's expression, built so that SymPy keeps it as written, and the
        rule in words (shown beside the line; plain text, Unicode welcome).
    **latex_settings
        Passed to :func:`show` (e.g. ``mul_symbol="dot"`` to print products with a dot).
    """

    def __init__(self, lhs: str, lines: Sequence[tuple[sp.Basic, str]], **latex_settings):
        if not lines:
            raise ValueError("lines must hold at least one (expression, rule) pair, got none")
        self.lhs = lhs
        self.latex_settings = latex_settings
        built = []
        for k, item in enumerate(lines, start=1):
            if len(item) != 2:
                raise ValueError(f"line {k} must be an (expression, rule) pair, got {item!r}")
            expr, rule = item
            expr = sp.sympify(expr)
            built.append(Line(expr=expr, rule=str(rule), latex=show(expr, **latex_settings)))
        self.lines = tuple(built)

    def latex(self) -> str:
        """The derivation as LaTeX rows ``lhs &= line \\qquad \\text{rule}``, joined by ``\\\\``.

        The rule follows its line at a fixed distance (not in a column of its own, whose alignment
        gap would push the rules off a phone's screen)."""
        rows = []
        for k, line in enumerate(self.lines):
            start = f"{self.lhs} &= " if k == 0 else "&= "
            rows.append(f"{start}{line.latex}{RULE_SEPARATOR}{_text(line.rule)}")
        return ROW_SEPARATOR.join(rows)

    def display(self):
        """An IPython ``Latex`` object, for ``glue(name, d.display(), display=False)`` and ``{glue:math}``."""
        from IPython.display import Latex

        return Latex(f"$${self.latex()}$$")

    def _repr_latex_(self):
        return rf"$$\begin{{aligned}}{self.latex()}\end{{aligned}}$$"

    def check(self, target=None, equal: Callable | None = None) -> None:
        """Assert what the display promises (see the module docstring); raise AssertionError naming the line."""
        equal = equal or _simplify_equal
        rows = derivation_rows(self.latex())
        assert rows is not None and len(rows) == len(self.lines), (
            "the website cannot lay this derivation out row by row (helpers.derivation.derivation_rows)"
        )
        for k, (line, row) in enumerate(zip(self.lines, rows), start=1):
            assert row.line == line.latex and row.rule == _text(line.rule) and row.lhs == (self.lhs if k == 1 else ""), (
                f"line {k}: the row the website shows is not the line checked ({row})"
            )
        for k, line in enumerate(self.lines, start=1):
            assert line.rule.strip(), f"line {k} ({line.latex}) has no rule"
            assert line.latex == show(line.expr, **self.latex_settings), (
                f"line {k}: the LaTeX shown is not the LaTeX of the expression checked"
            )
        for k in range(1, len(self.lines)):
            before, after = self.lines[k - 1], self.lines[k]
            assert not _same_display(before.latex, after.latex), (
                f"lines {k} and {k + 1} are displayed the same: {after.latex}"
            )
            assert equal(before.expr.doit(), after.expr.doit()), (
                f"line {k + 1} ({after.rule}: {after.latex}) does not equal line {k} ({before.latex})"
            )
        if target is not None:
            last = self.lines[-1]
            assert equal(last.expr.doit(), sp.sympify(target).doit()), (
                f"the last line ({last.latex}) does not equal the target {sp.latex(target)}"
            )


#: Unicode symbols in the rules beside a derivation, as LaTeX (see :func:`unicode_as_latex`)
UNICODE_LATEX = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "η": r"\eta",
    "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "φ": r"\varphi",
    "ℓ": r"\ell", "∂": r"\partial", "∇": r"\nabla", "Σ": r"\Sigma", "Φ": r"\Phi", "Δ": r"\Delta",
    "ᵀ": r"^\top", "ⱼ": r"_j", "ᵢ": r"_i", "₀": r"_0", "₁": r"_1", "₂": r"_2", "⁻": r"^-", "¹": r"^1", "²": r"^2",
    "½": r"\tfrac12", "′": r"'", "−": r"-", "×": r"\times", "·": r"\cdot", "≤": r"\le", "≥": r"\ge", "≠": r"\ne",
    "≈": r"\approx", "→": r"\to", "⇒": r"\Rightarrow", "∞": r"\infty", "√": r"\surd", "∈": r"\in",
}


SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁱⁿᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ", "0123456789+-()inabcdefghjklmoprstuvwxyz") ) | {"ᵀ": r"\top"}
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎ᵢⱼₖₘₙₓ", "0123456789+-()ijkmnx"))


def unicode_as_latex(latex: str) -> str:
    """Unicode inside ``\\text{...}`` (σ, −, ·, ℓ, ᵀ, subscripts), and bare − and ′, written as LaTeX.

    The rules beside a derivation are words with symbols (``\\text{σ′ = σ(1 − σ)}``); KaTeX, which typesets the
    website at build time and the reader notebooks in Jupyter, has no such characters in its text fonts. Both
    go through this function (``_ext/offline_site`` and ``lab/build_reader_notebooks.py``).
    """
    def scripts(text):
        text = re.sub("[%s]+" % "".join(SUPERSCRIPTS), lambda m: "$^{%s}$" % "".join(SUPERSCRIPTS[c] for c in m.group(0)), text)
        return re.sub("[%s]+" % "".join(SUBSCRIPTS), lambda m: "$_{%s}$" % "".join(SUBSCRIPTS[c] for c in m.group(0)), text)

    def fix(m):
        inner = "".join(f"${UNICODE_LATEX[ch]}$" if ch in UNICODE_LATEX and ch not in SUPERSCRIPTS and ch not in SUBSCRIPTS
                        else ch for ch in scripts(m.group(1)))
        return r"\text{" + inner.replace("$$", "") + "}"
    latex = re.sub(r"\\text\{([^{}]*)\}", fix, latex)
    return "".join(UNICODE_LATEX.get(ch, ch) if ch in "−′" else ch for ch in latex)
