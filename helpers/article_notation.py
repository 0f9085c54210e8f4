"""Display helpers for the Steps 1–4 derivation: the book's per-example notation, printed as written.

The objects here are unevaluated SymPy functions that print the way the book writes the
derivation (the intro's notation: example index ``i`` as a superscript, feature index ``j`` as a
subscript) and that :func:`on_data` evaluates on concrete symbolic data, so that a
:class:`helpers.derivation.Derivation` built from them can be checked line by line as displayed
(pass ``equal=equal_on_data(theta, X, y)`` to ``Derivation.check``).

==========================  ===============================================  ===========================
object                      printed                                          on data (row ``i``, column ``j``)
==========================  ===============================================  ===========================
``Label(i)``                ``y^{(i)}``                                      ``y[i - 1]``
``Prediction(i)``           ``h^{(i)}`` (short for ``h_\\theta(x^{(i)})``)     ``sigma(z[i - 1])``
``Feature(i, j)``           ``x_{j}^{(i)}``                                  ``X[i - 1, j]``
``Score(i)``                ``z^{(i)}``                                      ``z[i - 1]``, ``z = X theta``
``Loss(i)``                 ``\\ell^{(i)}``                                  ``-y log h - (1 - y) log(1 - h)``
``SigmaPrime(u)``           ``\\sigma'(u)``                                   ``sigma(u) (1 - sigma(u))``
``Log(u)``                  ``\\log h^{(i)}``, ``\\log\\bigl(1 - h^{(i)}\\bigr)``   ``log(u)``
``Partial(u, j)``           ``\\frac{\\partial u}{\\partial \\theta_{j}}``       ``d u / d theta_j``
``PartialOf(u, j)``         ``\\frac{\\partial}{\\partial \\theta_{j}} u``       ``d u / d theta_j``
``GradientEntry(j)``        ``\\bigl[X^\\top (h - y)\\bigr]_{j}``               entry ``j`` of ``X^T (h - y)``
``example_sum(u)``          ``\\sum_{i=1}^{m} \\left[u\\right]``                the sum over ``i = 1..X.rows``
==========================  ===============================================  ===========================

For brackets SymPy would drop, use :class:`helpers.derivation.paren`.
``i``, ``j`` and ``m`` are the index symbols to use with them (the same symbols as
:func:`helpers.symbolic.sample_symbols`).  Nothing here changes how SymPy prints anything else.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .derivation import paren, sigma
from .symbolic import cancel_exponentials, per_sample_log_loss, symbolic_sigmoid

__all__ = [
    "i",
    "j",
    "m",
    "Label",
    "Prediction",
    "Feature",
    "Score",
    "Loss",
    "SigmaPrime",
    "Log",
    "Partial",
    "PartialOf",
    "GradientEntry",
    "ExampleSum",
    "example_sum",
    "on_data",
    "equal_on_data",
]

#: example index, feature index and number of examples (the assumptions of ``sample_symbols``)
i, j = sp.symbols("i j", integer=True, nonnegative=True)
m = sp.Symbol("m", integer=True, positive=True)


def _needs_parentheses(expr) -> bool:
    return isinstance(expr, (sp.Add, sp.Mul)) or (isinstance(expr, sp.Number) and expr < 0)


class _OfExample(sp.Function):
    """A quantity of one example, printed from ``template`` (``{0}`` the example index, ``{1}`` the feature
    index); a power of it is bracketed, ``(x_j^{(i)})^2``."""

    template = ""

    def _latex(self, printer, exp=None):
        base = self.template.format(*(printer._print(arg) for arg in self.args))
        return base if exp is None else r"\left(%s\right)^{%s}" % (base, exp)


class Label(_OfExample):
    """``y^{(i)}``: the label of example ``i``."""

    nargs = 1
    template = r"y^{{({0})}}"


class Prediction(_OfExample):
    """``h^{(i)}``: the prediction ``h_theta(x^{(i)}) = sigma(z^{(i)})`` for example ``i``."""

    nargs = 1
    template = r"h^{{({0})}}"


class Feature(_OfExample):
    """``x_j^{(i)}``: feature ``j`` of example ``i``; the arguments are ``(i, j)``."""

    nargs = 2
    template = r"x_{{{1}}}^{{({0})}}"


class Score(_OfExample):
    """``z^{(i)} = theta^T x^{(i)}``: the linear predictor of example ``i``."""

    nargs = 1
    template = r"z^{{({0})}}"


class Loss(_OfExample):
    """``ell^{(i)}``: the log-loss of example ``i``, ``-y^{(i)} log h^{(i)} - (1 - y^{(i)}) log(1 - h^{(i)})``."""

    nargs = 1
    template = r"\ell^{{({0})}}"


class SigmaPrime(sp.Function):
    """``sigma'(u)``, printed as a name; ``doit()`` gives ``sigma(u) (1 - sigma(u))``."""

    nargs = 1

    def doit(self, deep=True, **hints):
        u = self.args[0].doit(deep=deep, **hints) if deep else self.args[0]
        return (sigma(u) * (1 - sigma(u))).doit()

    def _latex(self, printer, exp=None):
        return r"\sigma'(%s)" % printer._print(self.args[0])


class Log(sp.Function):
    """The natural logarithm printed compactly: ``\\log h^{(i)}``, or ``\\log\\bigl(1 - h^{(i)}\\bigr)`` for a sum."""

    nargs = 1

    def doit(self, deep=True, **hints):
        u = self.args[0].doit(deep=deep, **hints) if deep else self.args[0]
        return sp.log(u)

    def _latex(self, printer, exp=None):
        u = self.args[0]
        inner = printer._print(u)
        if _needs_parentheses(u):
            return r"\log\bigl(%s\bigr)" % inner
        return r"\log %s" % inner


class Partial(sp.Function):
    """``d u / d theta_j`` written as a fraction, ``\\frac{\\partial u}{\\partial \\theta_j}``; arguments ``(u, j)``."""

    nargs = 2

    def _latex(self, printer, exp=None):
        u, col = self.args
        inner = printer._print(u)
        if _needs_parentheses(u):
            inner = r"\left(%s\right)" % inner
        return r"\frac{\partial %s}{\partial \theta_{%s}}" % (inner, printer._print(col))


class PartialOf(sp.Function):
    """``d/d theta_j`` in front of ``u``, ``\\frac{\\partial}{\\partial \\theta_j} u``; arguments ``(u, j)``."""

    nargs = 2

    def _latex(self, printer, exp=None):
        u, col = self.args
        inner = printer._print(u)
        if _needs_parentheses(u) or isinstance(u, sp.Sum):
            inner = r"\left(%s\right)" % inner
        return r"\frac{\partial}{\partial \theta_{%s}} %s" % (printer._print(col), inner)


class GradientEntry(sp.Function):
    """Entry ``j`` of ``X^T (h - y)``, printed ``\\bigl[X^\\top (h - y)\\bigr]_j``."""

    nargs = 1

    def _latex(self, printer, exp=None):
        return r"\bigl[X^\top (h - y)\bigr]_{%s}" % printer._print(self.args[0])


class ExampleSum(sp.Sum):
    """A sum over the examples, ``\\sum_{i=1}^{m}``, that stays unevaluated while ``m`` is a symbol.

    ``doit()`` expands it once its limits are numbers (as :func:`on_data` makes them) and otherwise
    returns it unchanged, instead of attempting a closed form.  A summand that is a sum is printed
    in square brackets, as the article writes it.
    """

    def doit(self, **hints):
        if all(limit.is_Integer for _, lower, upper in self.limits for limit in (lower, upper)):
            return sp.Sum(*self.args).doit(**hints)
        return self

    def _latex(self, printer, exp=None):
        (index, lower, upper), = self.limits
        summand = printer._print(self.function)
        if isinstance(self.function, sp.Add):
            summand = r"\left[%s\right]" % summand
        return r"\sum_{%s=%s}^{%s} %s" % (printer._print(index), printer._print(lower), printer._print(upper), summand)


def example_sum(summand):
    """``\\sum_{i=1}^{m} summand`` as an :class:`ExampleSum` over the example index ``i``."""
    return ExampleSum(summand, (i, 1, m))


def on_data(expr, theta, X, y, j_value=None):
    """Evaluate ``expr``, written with the objects above, on concrete (symbolic) data.

    ``X`` is an ``m x n`` SymPy matrix, ``theta`` ``n x 1`` and ``y`` ``m x 1`` (for example from
    :func:`helpers.symbolic.symbolic_data`).  Sets ``m = X.rows`` and ``j = j_value``, expands every
    ``Sum`` over ``i``, and replaces each object by its value on row ``i`` (``z = X theta``,
    ``h = sigma(z)``); a ``Partial``/``PartialOf`` is differentiated with respect to ``theta_j``
    after its argument is evaluated.  Returns an ordinary SymPy expression.
    """
    X, theta, y = sp.Matrix(X), sp.Matrix(theta), sp.Matrix(y)
    if theta.rows != X.cols or y.rows != X.rows:
        raise ValueError(f"shapes must be X (m, n), theta (n, 1), y (m, 1), got {X.shape}, {theta.shape}, {y.shape}")
    z = X * theta
    values = {m: X.rows}
    if j_value is not None:
        if not 0 <= int(j_value) < X.cols:
            raise ValueError(f"j_value must be a column of X, 0..{X.cols - 1}, got {j_value!r}")
        values[j] = int(j_value)
    out = sp.sympify(expr).subs(values).doit()

    def row(index):
        if not index.is_Integer or not 1 <= int(index) <= X.rows:
            raise ValueError(f"example index {index} is not one of 1..{X.rows} (is m or j left unset?)")
        return int(index) - 1

    def col(index):
        if not index.is_Integer or not 0 <= int(index) < X.cols:
            raise ValueError(f"feature index {index} is not one of 0..{X.cols - 1} (pass j_value)")
        return int(index)

    def evaluate(e):
        if isinstance(e, (Partial, PartialOf)):
            return sp.diff(evaluate(e.args[0]), theta[col(e.args[1])])
        if isinstance(e, sp.Sum):
            raise ValueError(f"a sum is left unexpanded: {e}")
        if not e.args:
            return e
        args = [evaluate(a) for a in e.args]
        if isinstance(e, Label):
            return y[row(args[0])]
        if isinstance(e, Prediction):
            return symbolic_sigmoid(z[row(args[0])])
        if isinstance(e, Feature):
            return X[row(args[0]), col(args[1])]
        if isinstance(e, Score):
            return z[row(args[0])]
        if isinstance(e, Loss):
            return per_sample_log_loss(y[row(args[0])], symbolic_sigmoid(z[row(args[0])]))
        if isinstance(e, GradientEntry):
            h = z.applyfunc(symbolic_sigmoid)
            return (X.T * (h - y))[col(args[0])]
        if isinstance(e, (sigma, SigmaPrime, Log, paren)):
            return e.func(*args).doit()
        return e.func(*args)

    return evaluate(out)


def equal_on_data(theta, X, y, each_example: bool = False) -> Callable:
    """An ``equal(a, b)`` for ``Derivation.check``: ``a`` and ``b`` agree on the data, for every ``j``.

    Each side is evaluated with :func:`on_data` for ``j = 0, ..., n - 1`` and the difference is
    decided exactly by :func:`helpers.symbolic.cancel_exponentials` (a rational function of
    ``t_i = e^{-z^{(i)}}`` that cancels to 0).  With ``each_example=True`` the lines are about one
    example (the index ``i`` is free) and must agree for every ``i = 1, ..., m`` as well.
    """
    X, theta, y = sp.Matrix(X), sp.Matrix(theta), sp.Matrix(y)
    examples = range(1, X.rows + 1) if each_example else [None]

    def equal(a, b) -> bool:
        for r in examples:
            a_r, b_r = (a, b) if r is None else (sp.sympify(a).subs(i, r), sp.sympify(b).subs(i, r))
            for k in range(X.cols):
                difference = on_data(a_r, theta, X, y, k) - on_data(b_r, theta, X, y, k)
                if cancel_exponentials(difference, theta, X) != 0:
                    return False
        return True

    return equal
