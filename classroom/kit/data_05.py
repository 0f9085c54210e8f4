"""Chapter 05 (the same update rule): each student's regression data, and what each graded exercise asks for."""

import numpy as np

N_STEPS = 30                                    # the gradient-descent runs of exercises 1 and 2 take 30 steps


def data(seed: int) -> dict:
    """X (m × 3, first column ones), y (m real targets), alpha, theta_start, theta (3 each), from the seed.

    alpha is below 0.9/λ_max(XᵀX/m), so gradient descent on (1/m)‖Xθ − y‖² with rate alpha (and on the chapter's
    J_LS with 2·alpha) converges; no residual of theta is within 10⁻³ of 0 (the absolute error has a kink there).
    """
    rng = np.random.default_rng(seed)
    while True:
        m = int(rng.integers(15, 31))
        X = np.column_stack([np.ones(m), np.round(rng.normal(size=(m, 2)), 2)])
        beta = np.round(rng.normal(scale=1.5, size=3), 1)
        y = np.round(X @ beta + rng.normal(scale=0.3, size=m), 2)
        lam = np.linalg.eigvalsh(X.T @ X / m)[-1]
        top = min(0.25, 0.9 / lam)
        theta = np.round(rng.normal(size=3), 2)
        if top > 0.06 and np.abs(X @ theta - y).min() > 1e-3:
            break
    return {"X": X, "y": y, "alpha": round(float(rng.uniform(0.05, top)), 3),
            "theta_start": np.round(rng.normal(size=3), 1), "theta": theta}


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("path_no_half", "array", (N_STEPS + 1, 3), "the iterates θ₀ = data['theta_start'], θ₁, …, θ₃₀ of gradient "
                                                      "descent on (1/m)‖Xθ − y‖² with rate data['alpha'], one per row"),
          ("rate_half", "number", (), "the learning rate on J_LS = (1/2m)‖Xθ − y‖² that gives the same iterates, a float")],
    "2": [("theta_normal", "array", (3,), "the solution of XᵀXθ = Xᵀy, bias first"),
          ("gap", "number", (), "max over j of |θ₃₀ⱼ − theta_normalⱼ|, θ₃₀ the last iterate of exercise 1, a float")],
    "3": [("abs_loss", "number", (), "J_abs(θ) = (1/m) Σ |θᵀx⁽ⁱ⁾ − y⁽ⁱ⁾| at θ = data['theta'], a float"),
          ("abs_gradient", "array", (3,), "∇J_abs at data['theta'], bias first")],
}
