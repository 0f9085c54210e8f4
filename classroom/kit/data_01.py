"""Chapter 01 (why not the squared error): each student's numbers, and what each graded exercise asks for."""

import numpy as np

BOOK_X = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])    # the chapter's six inputs (one_weight_data), rescaled below
BOOK_Y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])


def data(seed: int) -> dict:
    """x1, y1, w1 (one confidently wrong example), X, y, lr, w_near, w_far (six examples, two starts), from the seed.

    The six inputs are the chapter's times a scale s in [0.7, 1.1] (s ≠ 1): for every s, start and rate drawn here
    both runs reach the one minimum in fewer than 3,400 steps (checked on a grid of s, every start and rate).
    """
    rng = np.random.default_rng(seed)
    while True:                                   # one example, wrong with confidence: |w x| in [2.5, 7.5], not near 6
        x1 = round(float(rng.uniform(0.6, 2.5)), 2) * float(rng.choice([-1, 1]))
        y1 = float(rng.integers(0, 2))
        w1 = float(rng.choice([2, 3, 4, 5]) * np.sign(x1) * (1 - 2 * y1))
        if 2.5 <= abs(w1 * x1) <= 7.5 and abs(abs(w1 * x1) - 6) > 0.05 and abs(x1) != 1:
            break
    scale = 1.0
    while scale == 1.0:
        scale = round(float(rng.uniform(0.7, 1.1)), 2)
    return {
        "x1": x1, "y1": y1, "w1": w1,
        "X": np.round(scale * BOOK_X, 3)[:, None], "y": BOOK_Y.copy(),
        "lr": float(rng.choice([3.0, 4.0, 5.0])),
        "w_near": float(rng.choice([0.0, 3.0])),
        "w_far": float(rng.choice([-5.0, -6.0, -7.0])),
    }


# exercise: [(name, kind, shape, meaning)]
ANSWERS = {
    "1": [("slope_sq", "number", (), "dℓ/dw of the squared error ½(σ(w·x1) − y1)² at w = data['w1'], a float"),
          ("slope_log", "number", (), "dℓ/dw of the log-loss of the same example at w = data['w1'], a float"),
          ("ratio", "number", (), "slope_sq / slope_log, a float")],
    "2": [("w_min", "number", (), "the weight both runs end at, a float (not the one-entry array `.theta`)"),
          ("steps_near", "number", (), "the number of steps of the run from data['w_near'] (an int is fine)"),
          ("steps_far", "number", (), "the number of steps of the run from data['w_far'] (an int is fine)")],
}
