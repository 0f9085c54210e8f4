"""Chapter 04 (the gradient, Steps 1–4): each student's data set, and what each graded exercise asks for."""

import numpy as np


def data(seed: int) -> dict:
    """X (m × (n+1), first column ones), y (m labels 0/1), theta (n+1), weights ω (m), lam (λ), from the seed."""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(20, 41)), int(rng.integers(2, 4))
    X = np.column_stack([np.ones(m), np.round(rng.normal(size=(m, n)), 2)])
    y = rng.integers(0, 2, size=m).astype(float)
    y[:2] = [0.0, 1.0]                                   # both labels present
    theta = np.round(rng.normal(scale=0.8, size=n + 1), 2)
    weights = np.round(rng.uniform(0.2, 3.0, size=m), 2)
    lam = float(rng.choice([0.3, 0.5, 0.7, 1.0, 1.5, 2.0]))
    return {"X": X, "y": y, "theta": theta, "weights": weights, "lam": lam}


def _vector(d):
    return (d["X"].shape[1],)


ANSWERS = {
    "1": [("weighted_loss", "number", (), "J_ω(θ) at data['theta'], a float"),
          ("weighted_gradient", "array", _vector, "∇J_ω(θ) at data['theta'], n + 1 numbers, bias first")],
    "2": [("penalised_loss", "number", (), "J_λ(θ) at data['theta'] with λ = data['lam'], a float"),
          ("penalised_gradient", "array", _vector, "∇J_λ(θ) at data['theta'], n + 1 numbers, bias first")],
    "3": [("margin_loss", "number", (), "(1/m) Σ log(1 + exp(−t θᵀx)) at data['theta'], with t = 2y − 1, a float"),
          ("margin_gradient", "array", _vector, "its gradient at data['theta'], n + 1 numbers, bias first")],
}
