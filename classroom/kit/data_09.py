"""Chapter 09 (numerical stability): each student's numbers, and what each graded exercise asks for."""

import numpy as np


def data(seed: int) -> dict:
    """T (scores divided by a temperature), c and s (q = c·e^(−s) for log1p), two examples with θ for Newton."""
    rng = np.random.default_rng(seed)
    s = [int(rng.integers(3, 9)), int(rng.integers(15, 23)), int(rng.integers(25, 34)), int(rng.integers(41, 47))]
    p = float(rng.choice([0.5, 2.0, 2.5, 4.0]))
    wp = float(rng.choice([40.0, 45.0, 55.0, 60.0]))
    return {
        "T": float(rng.choice([0.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0])),
        "c": float(rng.choice([2, 3, 5, 7, 10, 20])),
        "s": [float(v) for v in s],
        "X_two": np.array([[1.0, -p], [1.0, p]]),
        "y_two": np.array([0.0, 1.0]),
        "theta_two": np.array([float(rng.choice([-3, -2, -1, 1, 2, 3])), wp / p]),
    }


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("z_one", "number", (),
           "the smallest float32 z > 0 at which the textbook σ(z / T), computed in float32, is exactly 1.0"),
          ("z_overflow", "number", (),
           "the smallest float32 z > 0 at which exp(z / T), computed in float32, overflows to inf")],
    "2": [("ulps_log", "array", (4,),
           "the error of np.log(1 + q), q = c * np.exp(−s), in ULPs as ulp_error counts them, for each s of data['s'], in that order"),
          ("s_zero", "number", (),
           "the smallest float64 s > 0 at which np.log(1 + c * np.exp(-s)) is exactly 0")],
    "3": [("H_naive", "array", (2, 2), "the textbook Hessian, naive_log_loss_hessian, at data['theta_two']"),
          ("H_stable", "array", (2, 2), "the stable Hessian, log_loss_hessian, at data['theta_two']"),
          ("newton_step", "array", (2,), "the Newton step d solving H_stable d = −∇J at data['theta_two'], "
                                         "∇J from log_loss_gradient")],
}
