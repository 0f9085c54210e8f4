"""Chapter 02 (designing the log-loss): each student's labels and scores, and what each graded exercise asks for."""

import numpy as np


def data(seed: int) -> dict:
    """y (m labels 0/1, k of them 1), scores and score_labels (8 examples), h0 (a probability), from the seed.

    The fraction k/m of positive labels is at least 0.1 away from ½ (so k/m and 1 − k/m differ) and not the book's
    0.3 (its ten labels); the scores avoid 0.
    """
    rng = np.random.default_rng(seed)
    while True:
        m = int(rng.integers(12, 61))
        k = int(rng.integers(1, m))
        if abs(k / m - 0.5) >= 0.1 and abs(k / m - 0.3) > 0.01:
            break
    y = np.zeros(m)
    y[rng.choice(m, size=k, replace=False)] = 1.0
    scores = np.round(rng.uniform(0.2, 6.0, size=8), 2) * rng.choice([-1.0, 1.0], size=8)
    return {"y": y, "scores": scores, "score_labels": rng.integers(0, 2, size=8).astype(float),
            "h0": round(float(rng.uniform(0.15, 0.85)), 3)}


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("best_h", "number", (), "the constant prediction h that minimises the mean log-loss on data['y'], a float"),
          ("best_theta0", "number", (), "the intercept θ0 with σ(θ0) = best_h, a float"),
          ("min_loss", "number", (), "the mean log-loss at that h (its minimum), a float")],
    "2": [("log_slopes", "array", (8,), "dℓ/dz of the log-loss at each score of data['scores'] with its label of "
                                        "data['score_labels'], in that order"),
          ("sq_slopes", "array", (8,), "d/dz of the squared error ½(σ(z) − y)² at the same 8 scores and labels")],
    "3": [("total_at_h0", "number", (), "e^(−(1/h − 1)) + e^(−(1/(1 − h) − 1)) at h = data['h0'], a float"),
          ("exp_best_h", "number", (), "the constant h that minimises the mean of the cost 1/h − 1 (y = 1), "
                                       "1/(1 − h) − 1 (y = 0) on data['y'], a float")],
}
