"""Chapter 03 (the sigmoid's derivative): each student's numbers, and what each graded exercise asks for."""

import numpy as np

STEPS = [10.0 ** -k for k in range(1, 13)]     # δ = 10⁻¹, 10⁻², …, 10⁻¹²


def data(seed: int) -> dict:
    """a, b (g(z) = σ(az + b)), c, k (u(z) = c·tanh(kz)) and z0 (where you differentiate), from the seed."""
    rng = np.random.default_rng(seed)
    return {
        "a": int(rng.choice([2, 3, 4, 5])),
        "b": int(rng.choice([-3, -2, -1, 1, 2, 3])),
        "c": int(rng.choice([2, 3, 5, 7])),
        "k": int(rng.choice([2, 3, 4])),
        "z0": float(rng.choice([-2.5, -2.0, -1.5, -1.0, -0.5, 0.5, 1.5, 2.0, 2.5])),
        "steps": list(STEPS),
    }


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("g2", "expression", None, "g''(z) for g(z) = σ(az + b), in one symbol of your choice"),
          ("z_peak", "number", (), "the z where g'(z) is largest")],
    "2": [("u_prime", "expression", None, "u'(z) for u(z) = c·tanh(kz), in one symbol of your choice"),
          ("u_prime_z0", "number", (), "u'(z0), a float")],
    "3": [("central", "function", None, "central(f, z, δ) = (f(z + δ) − f(z − δ)) / (2δ)"),
          ("errors", "array", (12,), "|central(sigmoid, z0, δ) − σ'(z0)| for the 12 steps in data['steps'], in that order"),
          ("best", "number", (), "the step δ of data['steps'] with the smallest error")],
}
