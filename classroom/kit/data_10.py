"""Chapter 10 (errata): each student's data set, and what each graded exercise asks for."""

import numpy as np


def data(seed: int) -> dict:
    """X (m × 3, first column ones), labels y (0/1), theta, real targets (least squares), alpha, from the seed."""
    rng = np.random.default_rng(seed)
    m = int(rng.integers(20, 41))
    X = np.column_stack([np.ones(m), np.round(rng.normal(size=(m, 2)), 2)])
    X[1] = X[0]                                        # one input twice, with both labels: never separable
    y = (rng.uniform(size=m) < 1 / (1 + np.exp(-(X @ np.array([0.3, 1.0, -1.0]))))).astype(float)
    y[:2] = [0.0, 1.0]
    targets = np.round(X @ np.array([1.0, 2.0, -0.5]) + rng.normal(scale=0.3, size=m), 2)
    return {"X": X, "y": y, "theta": np.round(rng.normal(size=3), 2), "targets": targets,
            "alpha": float(rng.choice([0.1, 0.2, 0.5, 1.0]))}


def _vector(d):
    return (d["X"].shape[1],)


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("only_factor", "array", _vector, "F(θ) = −½ Σᵢ [y⁽ⁱ⁾(1 − h⁽ⁱ⁾) − (1 − y⁽ⁱ⁾)h⁽ⁱ⁾] x⁽ⁱ⁾ at data['theta']"),
          ("only_trailing", "array", _vector, "T(θ) = ∇J(θ) + ½ (in every component) at data['theta']"),
          ("theta_star", "array", _vector, "the minimiser θ* of the log-loss on your X and y")],
    "2": [("literal", "array", _vector, "Step 1's first equation read as printed, at data['theta'], all j"),
          ("difference", "array", _vector, "literal minus the gradient ∇J(θ), at data['theta']")],
    "3": [("grad_sum", "array", _vector, "the gradient of Σᵢ (θᵀx⁽ⁱ⁾ − t⁽ⁱ⁾)² at data['theta'], t = data['targets']"),
          ("grad_half_sum", "array", _vector, "the gradient of ½ Σᵢ (θᵀx⁽ⁱ⁾ − t⁽ⁱ⁾)² at data['theta']")],
    "4": [("claimed", "array", _vector, "the reader's (1/m) Xᵀ(y − h) at data['theta']"),
          ("fd", "array", _vector, "central finite differences of log_loss at data['theta'] (numerical_gradient)"),
          ("loss_after", "number", (), "log_loss after one step θ − α·claimed, α = data['alpha']")],
}
