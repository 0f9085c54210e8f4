"""Chapter 06 (minimising): each student's data sets, and what each graded exercise asks for."""

import numpy as np


def data(seed: int) -> dict:
    """X_ls, y_ls, theta_ls (least squares, m × 3); X, y, A, theta0 (logistic, m × 2, standardised), from the seed.

    X has a column of ones and a standardised feature (mean 0, standard deviation 1); A = [[1, μ], [0, s]] turns it
    back into the raw feature (ages in years): X A = [1, age]. Both labels occur.
    """
    rng = np.random.default_rng(seed)
    m_ls = int(rng.integers(20, 41))
    X_ls = np.column_stack([np.ones(m_ls), np.round(rng.normal(size=(m_ls, 2)), 2)])
    y_ls = np.round(X_ls @ np.round(rng.normal(scale=2, size=3), 1) + rng.normal(scale=0.3, size=m_ls), 2)
    m = int(rng.integers(20, 41))
    μ, s = float(rng.integers(25, 56)), float(rng.integers(6, 16))
    age = np.round(rng.normal(μ, s, size=m))
    while age.std() == 0:
        age = np.round(rng.normal(μ, s, size=m))
    y = (rng.uniform(size=m) < 1 / (1 + np.exp(-(age - age.mean()) / age.std()))).astype(float)
    y[:2] = [0.0, 1.0]
    A = np.array([[1.0, age.mean()], [0.0, age.std()]])
    X = np.column_stack([np.ones(m), (age - age.mean()) / age.std()])
    return {"X_ls": X_ls, "y_ls": y_ls, "theta_ls": np.round(rng.normal(scale=3, size=3), 1),
            "X": X, "y": y, "A": A, "theta0": np.round(rng.normal(size=2), 1)}


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("hessian_ls", "array", (3, 3), "the Hessian (1/m)XᵀX of J_LS on data['X_ls']"),
          ("theta_one_step", "array", (3,), "θ after one Newton step from data['theta_ls'] on (X_ls, y_ls), bias first")],
    "2": [("grad_prime", "array", (2,), "∇J' at θ'₀ = A⁻¹θ₀ on X' = XA (θ₀ = data['theta0'])"),
          ("step_prime", "array", (2,), "the Newton step −(∇²J')⁻¹∇J' at θ'₀ on X' = XA"),
          ("decrement", "number", (), "the Newton decrement √(∇Jᵀ(∇²J)⁻¹∇J) at θ₀ on X, a float")],
    "3": [("L_bound", "number", (), "L = λ_max(X'ᵀX')/(4m) for the ages in years, X' = XA, a float"),
          ("lam_max_theta", "number", (), "the largest eigenvalue of ∇²J' at θ'₀ = A⁻¹θ₀ on X' = XA, a float")],
}
