"""helpers.separation: complete separation, quasi-separation and overlap, decided by a linear program."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import add_intercept, detect_separation, log_loss


def signed_margins(X, y, direction):
    return (2 * np.asarray(y) - 1) * (np.asarray(X) @ direction)


def test_complete_separation_has_a_strictly_separating_certificate():
    X = add_intercept(np.array([[0.0], [1.0], [2.0], [3.0]]))
    y = np.array([0, 0, 1, 1])
    res = detect_separation(X, y)
    assert res.kind == "complete" and res.separable and res.boundary.size == 0
    assert np.all(signed_margins(X, y, res.direction) > 0)
    # along the certificate the loss falls to 0: no finite minimiser
    assert log_loss(1e3 * res.direction / np.abs(res.direction).max(), X, y) < 1e-100
    assert "completely separable" in res.message


def test_quasi_separation_names_the_boundary_examples():
    X = add_intercept(np.array([[0.0], [1.0], [1.0], [2.0]]))
    y = np.array([0, 0, 1, 1])
    res = detect_separation(X, y)
    assert res.kind == "quasi" and res.separable
    v = signed_margins(X, y, res.direction)
    assert np.all(v >= -1e-15) and np.any(v > 0)
    np.testing.assert_array_equal(res.boundary, [1, 2])
    np.testing.assert_allclose(v[res.boundary], 0, atol=1e-15)
    assert "quasi-separable" in res.message


def test_overlap_has_no_certificate():
    X = add_intercept(np.array([[0.0], [1.0], [2.0], [3.0]]))
    y = np.array([0, 1, 0, 1])
    res = detect_separation(X, y)
    assert res.kind == "overlap" and not res.separable and res.direction is None
    assert "overlap" in res.message


def test_dependent_columns_are_not_separation():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(50)
    y = (rng.random(50) < 0.5).astype(float)
    X = np.column_stack([np.ones(50), x, x, 2 * x - 1])  # three null directions
    assert detect_separation(X, y).kind == "overlap"


def test_one_class_only_is_separable():
    # all labels 1: theta = (t, 0) sends every h to 1 as t grows
    X = add_intercept(np.array([[0.0], [1.0], [2.0]]))
    assert detect_separation(X, np.ones(3)).kind == "complete"


def test_it_is_invariant_to_the_scale_of_the_features_and_accepts_sparse_X():
    import scipy.sparse as sp

    rng = np.random.default_rng(1)
    x = rng.standard_normal((80, 2))
    y = (x[:, 0] + x[:, 1] > 0).astype(float)
    for scale in (1.0, 1e8, 1e-8, 1e150):
        X = add_intercept(x * scale)
        assert detect_separation(X, y).kind == "complete"
        assert detect_separation(sp.csr_matrix(X), y).kind == "complete"
    y[0] = 1 - y[0]  # one example on the wrong side
    assert detect_separation(add_intercept(x * 1e8), y).kind == "overlap"


def test_breast_cancer_all_features_are_completely_separable():
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X = add_intercept(data.data)
    res = detect_separation(X, data.target)
    assert res.kind == "complete"
    assert np.all(signed_margins(X, data.target, res.direction) > 0)
    cols = [list(data.feature_names).index(n) for n in ["mean radius", "mean texture", "mean smoothness"]]
    assert detect_separation(add_intercept(data.data[:, cols]), data.target).kind == "overlap"


@pytest.mark.parametrize("X, y, pattern", [
    (np.ones((3, 2)), [0, 1], r"^y has 2 labels but X has 3 rows"),
    (np.ones((3, 2)) + 0j, [0, 1, 1], r"^X is complex"),
    ([[np.nan, 1.0], [1.0, 1.0]], [0, 1], r"^X contains NaN or inf"),
])
def test_bad_input(X, y, pattern):
    with pytest.raises(ValueError, match=pattern):
        detect_separation(X, y)
