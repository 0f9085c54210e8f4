"""Graded: after your loop over both labels and the scores −4, −0.5, 0, 1 and 6 (in that order), `ε` is your
step and `slope` is your central difference at the last point, z = 6 with y = 1."""
assert "slope" in globals() and "ε" in globals(), "define ε and slope"
# --- hidden ---
from helpers import sigmoid
assert 0 < ε <= 1e-3, "a central difference needs a small step"
# the slope of the loss at z = 6 for y = 1 is σ(6) − 1 (a wrong sign or a forward difference fails)
assert abs(slope - (sigmoid(6.0) - 1.0)) < 1e-7, slope
