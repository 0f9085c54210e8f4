"""Chapter 07 (non-convex landscapes): each student's numbers, and what each graded exercise asks for."""

import numpy as np


def data(seed: int) -> dict:
    """x, targets and lam (ridge), y_soft (a soft label in (−1, 1)), start and n_steps (a plateau start), from the seed."""
    rng = np.random.default_rng(seed)
    m = int(rng.integers(6, 11))
    # continuous, so that no table of answers covers the class (a teacher's: 12 starts and 8 labels did)
    w0 = round(float(rng.uniform(-3.5, -2.5)), 2)
    b0 = round(4 - 4 * abs(w0) + float(rng.uniform(0.01, 1.0)), 2)  # every |b0 + w0·x| ≥ 4 on the chapter's data
    return {
        "x": np.round(rng.normal(1.0, 1.5, size=m), 1),
        "targets": np.round(rng.normal(0.0, 2.0, size=m), 1),
        "lam": float(rng.choice([0.1, 0.2, 0.5, 1.0, 2.0])),
        "y_soft": round(float(rng.choice([-1, 1]) * rng.uniform(0.15, 0.85)), 3),
        "start": np.array([b0, w0]),
        "n_steps": int(rng.choice([1000, 1500, 2000])),
    }


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("H_ridge", "array", (2, 2), "the Hessian of J_λ(b, w) with respect to (b, w), on your x and λ, b first"),
          ("det_ridge", "number", (), "its determinant")],
    "2": [("q", "expression", None, "the quadratic q(t), leading coefficient −3, with f''(w) = x²(1 − t²)·q(t), t = tanh(wx), for your y_soft"),
          ("t_minus", "number", (), "the smaller root of q"),
          ("t_plus", "number", (), "the larger root of q")],
    "3": [("grad_start_sq", "number", (), "max |component| of the squared-error gradient (mse_loss) at data['start']"),
          ("grad_start_log", "number", (), "max |component| of the log-loss gradient (log_loss) at data['start']"),
          ("loss_sq_end", "number", (), "mse_loss after data['n_steps'] steps of gradient descent, learning rate 5, "
                                        "from data['start']")],
}
