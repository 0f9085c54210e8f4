"""One copy of each shared piece: helpers' modules and the chapters use each other's public names only.

A module of ``helpers`` may import the internal-but-shared modules (``_validation``, ``_linalg``, whose
names carry no underscore) and the public names of the others, never another module's ``_private`` name;
a chapter uses public names only.  The public building blocks of :mod:`helpers.losses` are also pinned
here: each is in ``__all__``, documented, and ``softplus`` is within a few ULPs of the exact value.
"""

from __future__ import annotations

import ast
import re

import mpmath
import numpy as np
import pytest

import helpers
from book import ROOT, cells, notebooks, source
from helpers import losses
from helpers.stability import ulp_error

HELPERS = sorted((ROOT / "helpers").rglob("*.py"))  # the explorers package included
BLOCKS = ["softplus", "negative_margin", "mean_softplus", "residual_from_margin", "curvature_from_margin"]


def private_imports(path):
    """``from .module import _name`` in ``path``: another module's private name, imported."""
    tree = ast.parse(path.read_text(encoding="utf8"))
    return [
        f"{path.name}:{node.lineno}: from .{node.module} import {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level >= 1
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_helpers_modules_import_no_private_name_of_another():
    found = [line for path in HELPERS for line in private_imports(path)]
    assert not found, "make the shared piece public (or move it to _validation / _linalg):\n  " + "\n  ".join(found)


PRIVATE_USE = re.compile(r"\b(?:helpers(?:\.\w+)?|losses|optim|stability|landscapes|glm|separation)\._[a-z]\w*")


def test_chapters_use_public_names_of_helpers():
    found = []
    for notebook in notebooks():
        for k, cell in enumerate(cells(notebook)):
            if cell["cell_type"] == "code":
                found += [f"{notebook.name} cell {k}: {m.group(0)}" for m in PRIVATE_USE.finditer(source(cell))]
    assert not found, "\n  ".join(found)


@pytest.mark.parametrize("name", BLOCKS)
def test_the_building_blocks_are_public_and_documented(name):
    assert name in losses.__all__ and name in helpers.__all__
    doc = getattr(losses, name).__doc__ or ""
    assert len(doc.split()) >= 10, f"{name} needs a docstring stating its formula"


def test_softplus_to_a_few_ulps():
    s = np.concatenate([-np.geomspace(1e-300, 745, 400), [0.0], np.geomspace(1e-300, 1e300, 400)])
    with mpmath.workdps(60):
        exact = [mpmath.log1p(mpmath.exp(mpmath.mpf(v))) for v in s]
    assert float(np.max(ulp_error(losses.softplus(s), exact))) <= 2
    assert np.shape(losses.softplus(0.0)) == () and losses.softplus(0.0) == np.log(2.0)
