"""SymPy building blocks: the log-loss and its gradient on symbolic data.

Conventions (the same as :mod:`helpers.losses`, with the article's indices):

* examples are numbered ``i = 1, ..., m`` and written as superscripts,
  ``x_j^{(i)}`` and ``y^{(i)}``;
* features are numbered ``j = 0, ..., n - 1``; with ``intercept=True`` the
  column ``j = 0`` is all ones (``x_0^{(i)} = 1``), so ``theta_0`` is the bias;
* ``z^{(i)} = sum_j theta_j x_j^{(i)}`` (the i-th entry of ``X theta``),
  ``h^{(i)} = sigma(z^{(i)})`` with ``sigma(z) = 1 / (1 + exp(-z))``;
* ``J(theta) = -(1/m) sum_i [ y^{(i)} log h^{(i)} + (1 - y^{(i)}) log(1 - h^{(i)}) ]``
  (a mean, natural logarithm, no 1/2).

Two kinds of objects live here.

*Concrete symbolic data* (:func:`symbolic_data`): an ``m x n`` matrix of
symbols, so that ``sp.diff`` of the full loss can be compared entry by entry
with ``(1/m) X^T (h - y)``.  Comparing two expressions full of ``exp`` with
``sp.simplify`` is slow; :func:`cancel_exponentials` replaces each
``exp(-z^{(i)})`` by a positive symbol ``t_i`` and calls ``sp.cancel``, which
decides an identity between rational functions quickly and exactly.

*Per-example notation* (:func:`sample_symbols`): unevaluated functions of the
example index that print as the article writes them (``y^{(i)}``,
``h_\\theta(x^{(i)})``, ``x_j^{(i)}``, ``d h_\\theta(x^{(i)}) / d theta_j``), so a
step of the derivation can be written with ``sp.Sum`` over ``i`` for a symbolic
``m``, typeset with ``sp.latex(expr, order="none")``, and then evaluated on
concrete symbolic data with :func:`on_symbolic_data`.
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache

import numpy as np
import sympy as sp

from ._validation import as_count

__all__ = [
    "symbolic_sigmoid",
    "symbolic_data",
    "per_sample_log_loss",
    "symbolic_log_loss",
    "symbolic_log_loss_gradient",
    "cancel_exponentials",
    "derived_log_loss_gradient",
    "SampleLabel",
    "SamplePrediction",
    "SampleFeature",
    "SamplePredictionDerivative",
    "SampleSymbols",
    "sample_symbols",
    "on_symbolic_data",
]


# ---------------------------------------------------------------------------
# concrete symbolic data
# ---------------------------------------------------------------------------

def symbolic_sigmoid(z):
    """The sigmoid as a SymPy expression: ``1 / (1 + exp(-z))``."""
    return 1 / (1 + sp.exp(-z))


def symbolic_data(m, n, intercept=False):
    """A symbolic design matrix, parameter vector and label vector.

    Returns ``(X, theta, y)`` as SymPy matrices of shapes ``(m, n)``, ``(n, 1)``
    and ``(m, 1)``.  Entry ``X[i - 1, j]`` is the real symbol ``x_{j}^{(i)}``
    (example ``i = 1..m``, feature ``j = 0..n-1``), ``theta[j]`` is ``theta_j``
    and ``y[i - 1]`` is ``y^{(i)}``.  With ``intercept=True`` the first column is
    the constant 1 (so ``n >= 1`` counts the intercept column) and ``theta_0`` is
    the bias.
    """
    m = as_count(m, "m", minimum=1)
    n = as_count(n, "n", minimum=1)

    def entry(i, j):
        if intercept and j == 0:
            return sp.Integer(1)
        return sp.Symbol(f"x_{{{j}}}^{{({i + 1})}}", real=True)

    X = sp.Matrix(m, n, entry)
    theta = sp.Matrix(n, 1, lambda j, _: sp.Symbol(f"theta_{j}", real=True))
    y = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"y^({i + 1})", real=True))
    return X, theta, y


def per_sample_log_loss(y, h):
    """The loss of one example: ``-y log(h) - (1 - y) log(1 - h)``."""
    return -y * sp.log(h) - (1 - y) * sp.log(1 - h)


def symbolic_log_loss(theta, X, y):
    """The mean log-loss ``J(theta)`` on symbolic (or numeric) SymPy data.

    ``J = -(1/m) sum_i [ y_i log h_i + (1 - y_i) log(1 - h_i) ]`` with
    ``h = sigmoid(X theta)`` written out with ``exp``; ``m = X.rows``.
    """
    X, theta, y = sp.Matrix(X), sp.Matrix(theta), sp.Matrix(y)
    z = X * theta
    m = X.rows
    return sp.Add(*[per_sample_log_loss(y[i], symbolic_sigmoid(z[i])) for i in range(m)]) / m


def symbolic_log_loss_gradient(theta, X, y):
    """The closed form ``(1/m) X^T (h - y)`` with ``h = sigmoid(X theta)``, an ``(n, 1)`` matrix."""
    X, theta, y = sp.Matrix(X), sp.Matrix(theta), sp.Matrix(y)
    h = (X * theta).applyfunc(symbolic_sigmoid)
    return X.T * (h - y) / X.rows


def cancel_exponentials(expr, theta, X):
    """Write ``expr`` as a rational function of ``t_i = exp(-z_i)`` and cancel it.

    Every ``exp(-z_i)`` with ``z = X theta`` is replaced by a positive symbol
    ``t_i`` (and ``exp(z_i)`` by ``1/t_i``), then ``sp.cancel`` brings the result
    to a single reduced fraction.  If that is 0, then ``expr`` is identically 0:
    an identity that holds for every ``t_i > 0`` holds in particular for
    ``t_i = exp(-z_i)``.  Raises ``ValueError`` if an exponential is left over
    (an expression not built from ``X theta``).
    """
    X, theta = sp.Matrix(X), sp.Matrix(theta)
    z = X * theta
    t = sp.symbols(f"t_1:{X.rows + 1}", positive=True)
    replacements = {}
    for i in range(X.rows):
        replacements[sp.exp(-z[i])] = t[i]
        replacements[sp.exp(z[i])] = 1 / t[i]
    rational = sp.sympify(expr).xreplace(replacements)
    if rational.has(sp.exp):
        raise ValueError("expr contains an exponential that is not exp(+-z_i) with z = X theta")
    return sp.cancel(rational)


@lru_cache(maxsize=32)
def derived_log_loss_gradient(m, n):
    """A NumPy gradient of the log-loss obtained by *differentiating* it with SymPy.

    Builds :func:`symbolic_log_loss` on :func:`symbolic_data` ``(m, n)``, applies
    ``sp.diff`` with respect to each ``theta_j`` (no closed form is used), and
    returns ``grad(theta, X, y) -> ndarray (n,)`` made with ``sp.lambdify``.
    This is an independent check of :func:`helpers.log_loss_gradient`; it uses
    the textbook formula in floating point, so keep ``|X theta|`` moderate
    (below about 30) when evaluating it.
    """
    m = as_count(m, "m", minimum=1)
    n = as_count(n, "n", minimum=1)
    X, theta, y = symbolic_data(m, n)
    J = symbolic_log_loss(theta, X, y)
    derivatives = [sp.diff(J, theta[j]) for j in range(n)]
    # lambdify needs valid Python names; renaming in one xreplace is much faster than its own dummify
    names = list(theta) + list(X) + list(y)
    plain = {s: sp.Symbol(f"v{k}", real=True) for k, s in enumerate(names)}
    derivatives = [d.xreplace(plain) for d in derivatives]
    args = ([plain[s] for s in theta], [plain[s] for s in X], [plain[s] for s in y])
    numeric = sp.lambdify(args, derivatives, modules="numpy")

    def grad(theta_value, X_value, y_value):
        X_value = np.asarray(X_value, dtype=np.float64)
        if X_value.shape != (m, n):
            raise ValueError(f"X must have shape {(m, n)}, got {X_value.shape}")
        theta_value = np.asarray(theta_value, dtype=np.float64).reshape(n)
        y_value = np.asarray(y_value, dtype=np.float64).reshape(m)
        return np.array(numeric(list(theta_value), list(X_value.ravel()), list(y_value)), dtype=np.float64)

    grad.__doc__ = f"Gradient of the log-loss for a {m} x {n} design, derived by sp.diff and lambdified."
    return grad


# ---------------------------------------------------------------------------
# per-example notation, printed as the article writes it
# ---------------------------------------------------------------------------

class SampleLabel(sp.Function):
    """``y^{(i)}``: the label of example ``i`` (an unevaluated function of ``i``)."""

    nargs = 1

    def _latex(self, printer):
        return r"y^{(%s)}" % printer._print(self.args[0])


class SamplePrediction(sp.Function):
    """``h_theta(x^{(i)})``: the prediction for example ``i``."""

    nargs = 1

    def _latex(self, printer):
        return r"h_\theta(x^{(%s)})" % printer._print(self.args[0])


class SampleFeature(sp.Function):
    """``x_j^{(i)}``: feature ``j`` of example ``i``; the arguments are ``(i, j)``."""

    nargs = 2

    def _latex(self, printer):
        i, j = self.args
        return r"x_{%s}^{(%s)}" % (printer._print(j), printer._print(i))


class SamplePredictionDerivative(sp.Function):
    """``d h_theta(x^{(i)}) / d theta_j``, kept unevaluated; the arguments are ``(i, j)``."""

    nargs = 2

    def _latex(self, printer):
        i, j = self.args
        return r"\frac{\partial h_\theta(x^{(%s)})}{\partial \theta_{%s}}" % (printer._print(i), printer._print(j))


SampleSymbols = namedtuple("SampleSymbols", "i j m y h x dh")
SampleSymbols.__doc__ = """The per-example notation: indices ``i, j``, count ``m`` and ``y^{(i)}, h^{(i)}, x_j^{(i)}, dh^{(i)}/dtheta_j``."""


def sample_symbols():
    """The article's per-example notation as SymPy objects.

    Returns a :class:`SampleSymbols` ``(i, j, m, y, h, x, dh)``: the integer
    symbols ``i`` (example) and ``j`` (feature), the positive integer ``m``, and
    ``y = y^{(i)}``, ``h = h_theta(x^{(i)})``, ``x = x_j^{(i)}``,
    ``dh = d h_theta(x^{(i)}) / d theta_j`` as unevaluated functions of ``i``
    (and ``j``).  Write a step as ``-sp.Sum(summand, (i, 1, m)) / m``.
    """
    i, j = sp.symbols("i j", integer=True, nonnegative=True)
    m = sp.Symbol("m", integer=True, positive=True)
    return SampleSymbols(i, j, m, SampleLabel(i), SamplePrediction(i), SampleFeature(i, j),
                         SamplePredictionDerivative(i, j))


def on_symbolic_data(expr, theta, X, y, j=None):
    """Evaluate an expression in the per-example notation on concrete symbolic data.

    Sets ``m = X.rows`` (and the feature index ``j``, if given), expands every
    ``Sum`` over the examples, and replaces ``y^{(i)}`` by ``y[i - 1]``,
    ``x_j^{(i)}`` by ``X[i - 1, j]``, ``h_theta(x^{(i)})`` by
    ``sigmoid(X[i - 1, :] theta)`` and ``d h_theta(x^{(i)}) / d theta_j`` by
    ``sp.diff`` of that sigmoid.  The result is an ordinary SymPy expression in
    the symbols of ``X``, ``theta`` and ``y``.
    """
    X, theta, y = sp.Matrix(X), sp.Matrix(theta), sp.Matrix(y)
    s = sample_symbols()
    z = X * theta
    h = [symbolic_sigmoid(z[k]) for k in range(X.rows)]
    values = {s.m: X.rows}
    if j is not None:
        values[s.j] = int(j)
    out = sp.sympify(expr).subs(values).doit()

    def row(i):
        k = int(i) - 1
        if not 0 <= k < X.rows:
            raise ValueError(f"example index {i} is outside 1..{X.rows}")
        return k

    out = out.replace(SamplePredictionDerivative, lambda i, jj: sp.diff(h[row(i)], theta[int(jj)]))
    out = out.replace(SampleFeature, lambda i, jj: X[row(i), int(jj)])
    out = out.replace(SamplePrediction, lambda i: h[row(i)])
    out = out.replace(SampleLabel, lambda i: y[row(i)])
    return out
