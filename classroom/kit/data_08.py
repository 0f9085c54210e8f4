"""Chapter 08 (the canonical link): each student's data set, and what each graded exercise asks for."""

import numpy as np
from scipy.special import ndtr


def data(seed: int) -> dict:
    """X (m × 3, first column ones), counts y_count, probit labels y_probit and a test point theta, from the seed."""
    rng = np.random.default_rng(seed)
    m = int(rng.integers(80, 121))
    X = np.column_stack([np.ones(m), np.round(rng.standard_normal((m, 2)), 2)])
    theta_true = np.array([rng.uniform(0.2, 0.8), rng.uniform(0.4, 0.9) * rng.choice([-1, 1]),
                           rng.uniform(0.4, 0.9) * rng.choice([-1, 1])]).round(2)
    z = X @ theta_true
    y_count = rng.poisson(np.exp(z)).astype(float)
    y_probit = (rng.random(m) < ndtr(z)).astype(float)
    y_probit[:2] = [0.0, 1.0]                                      # both labels present
    return {"X": X, "y_count": y_count, "y_probit": y_probit,
            "theta": np.round(rng.normal(0.0, 0.5, size=3), 2)}


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("softplus_loss", "number", (), "J(θ) at data['theta'] on your counts: the Poisson loss with h = log(1 + e^z)"),
          ("softplus_gradient", "array", (3,), "∇J(θ) at data['theta'], 3 numbers, bias first")],
    "2": [("theta_star", "array", (3,), "the minimiser of poisson_loss on your X and y_count"),
          ("alpha", "number", (), "1 / (largest eigenvalue of the Poisson Hessian at theta_star)")],
    "3": [("theta_probit", "array", (3,), "the maximum-likelihood estimate: the minimiser of probit_loss on your X and y_probit"),
          ("theta_U", "array", (3,), "the zero of the shared formula U(θ) = (1/m) Xᵀ(Φ(Xθ) − y) on the same data")],
}
